package dev.mimamori.incidents.oncall;

import static dev.mimamori.incidents.oncall.Fixtures.tokyo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Severity;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class OnCallConfigLoaderTest {
  static OnCallConfig sample() throws Exception {
    try (InputStream in = OnCallConfigLoaderTest.class.getResourceAsStream("/oncall/sample.json")) {
      return OnCallConfigLoader.read(in);
    }
  }

  /** A small valid document with {@code POLICIES} replaced by the given policies. */
  static String document(String policies) {
    return """
        {
          "people": [
            {"id": "aiko", "name": "Aiko", "locale": "ja",
             "contacts": [{"channel": "email", "address": "aiko@example.jp"}]},
            {"id": "ken", "name": "Ken", "locale": "en",
             "contacts": [{"channel": "line", "address": "U123"}]}
          ],
          "schedules": [
            {"name": "primary", "zone": "Asia/Tokyo",
             "layers": [{"participants": ["aiko", "ken"], "start": "2026-01-05T09:00",
                         "rotation": "weekly"}]}
          ],
          "policies": POLICIES
        }
        """
        .replace("POLICIES", policies);
  }

  static final String VALID_POLICIES =
      """
      [{"name": "p", "steps": [{"targets": [{"schedule": "primary"}], "delay_minutes": 5}]}]
      """;

  static String problem(String json) {
    try {
      OnCallConfigLoader.parse(json);
    } catch (OnCallConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("loaded: " + json);
  }

  @Test
  void loadsTheSampleFile() throws Exception {
    assertThat(sample().people()).extracting(Person::id).contains("aiko", "soc-lead");
  }

  @Test
  void sampleBusinessHoursLayerHasMikaOnWeekdays() throws Exception {
    assertThat(sample().schedule("primary").orElseThrow().onCall(tokyo("2026-03-03T10:00")))
        .contains("mika");
  }

  @Test
  void sampleOverrideHasKenOnTheHoliday() throws Exception {
    assertThat(sample().schedule("primary").orElseThrow().onCall(tokyo("2026-02-11T10:00")))
        .contains("ken");
  }

  @Test
  void sampleQuietHoursHoldMediumAtNight() throws Exception {
    assertThat(sample().quietHours().holdUntil(Severity.MEDIUM, tokyo("2026-03-03T23:00")))
        .contains(tokyo("2026-03-04T07:00"));
  }

  @Test
  void sampleRunsInTheEngine() throws Exception {
    EscalationEngine engine = new EscalationEngine(sample());

    assertThat(engine.start("inc-1", Severity.HIGH, "web-shop", tokyo("2026-03-03T10:00")).pages())
        .extracting(Page::personId)
        .containsExactly("mika");
  }

  @Test
  void readsAValidDocument() {
    String json =
        document(
            """
            [{"name": "p", "steps": [{"targets": [{"schedule": "primary"}], "delay_minutes": 5}]}]
            """);

    assertThat(OnCallConfigLoader.parse(json).policies()).hasSize(1);
  }

  @Test
  void namesTheTargetThatIsAnUnknownPerson() {
    String json =
        document(
            """
            [{"name": "p", "steps": [
              {"targets": [{"schedule": "primary"}], "delay_minutes": 5},
              {"targets": [{"person": "bob"}], "delay_minutes": 5}]}]
            """);

    assertThat(problem(json)).isEqualTo("policies[0].steps[1].targets[0]: unknown person 'bob'");
  }

  @Test
  void namesAnUnknownSchedule() {
    String json =
        document(
            """
            [{"name": "p", "steps": [{"targets": [{"schedule": "night"}], "delay_minutes": 5}]}]
            """);

    assertThat(problem(json))
        .isEqualTo("policies[0].steps[0].targets[0]: unknown schedule 'night'");
  }

  @Test
  void namesAnUnknownTeamMember() {
    String json =
        document(
            """
            [{"name": "p", "steps": [{"targets": [{"team": ["aiko", "bob"]}], "delay_minutes": 5}]}]
            """);

    assertThat(problem(json))
        .isEqualTo("policies[0].steps[0].targets[0].team[1]: unknown person 'bob'");
  }

  @Test
  void namesAnUnknownParticipant() {
    String json = document(VALID_POLICIES).replace("[\"aiko\", \"ken\"]", "[\"aiko\", \"bob\"]");

    assertThat(problem(json))
        .isEqualTo("schedules[0].layers[0].participants[1]: unknown person 'bob'");
  }

  @Test
  void namesAnUnknownField() {
    String json =
        document(
            """
            [{"name": "p", "steps": [{"targets": [{"person": "aiko"}], "delay": 5}]}]
            """);

    assertThat(problem(json))
        .isEqualTo(
            "policies[0].steps[0].delay: unknown field (expected one of delay_minutes, targets)");
  }

  @Test
  void namesAMissingField() {
    String json =
        document(
            """
            [{"name": "p", "steps": [{"targets": [{"person": "aiko"}]}]}]
            """);

    assertThat(problem(json)).isEqualTo("policies[0].steps[0].delay_minutes: required");
  }

  @Test
  void namesADelayShorterThanAMinute() {
    String json =
        document(
            """
            [{"name": "p", "steps": [{"targets": [{"person": "aiko"}], "delay_minutes": 0}]}]
            """);

    assertThat(problem(json))
        .isEqualTo("policies[0].steps[0]: delay_minutes must be 1 to 10080 (a week), not 0");
  }

  @Test
  void namesAPolicyWithoutSteps() {
    assertThat(problem(document("[{\"name\": \"p\", \"steps\": []}]")))
        .isEqualTo("policies[0]: steps: a policy needs at least one step");
  }

  @Test
  void namesADocumentWithoutPolicies() {
    assertThat(problem(document("[]")))
        .isEqualTo("policies: at least one escalation policy is needed");
  }

  @Test
  void namesATargetOfTwoKinds() {
    String json =
        document(
            """
            [{"name": "p", "steps": [
              {"targets": [{"person": "aiko", "schedule": "primary"}], "delay_minutes": 5}]}]
            """);

    assertThat(problem(json))
        .isEqualTo("policies[0].steps[0].targets[0]: give exactly one of person, schedule or team");
  }

  @Test
  void namesAFieldOfTheWrongType() {
    String json =
        document(
            """
            [{"name": "p", "steps": [{"targets": [{"person": "aiko"}], "delay_minutes": "soon"}]}]
            """);

    assertThat(problem(json))
        .isEqualTo("policies[0].steps[0].delay_minutes: expected a whole number");
  }

  @Test
  void namesAnUnknownZone() {
    String json = document(VALID_POLICIES).replace("Asia/Tokyo", "Asia/Tokio");

    assertThat(problem(json)).isEqualTo("schedules[0].zone: unknown time zone 'Asia/Tokio'");
  }

  @Test
  void namesABadRotation() {
    String json = document(VALID_POLICIES).replace("\"weekly\"", "\"fortnightly\"");

    assertThat(problem(json)).startsWith("schedules[0].layers[0].rotation: rotation 'fortnightly'");
  }

  @Test
  void namesABadStart() {
    String json = document(VALID_POLICIES).replace("2026-01-05T09:00", "2026-01-05 9am");

    assertThat(problem(json)).startsWith("schedules[0].layers[0].start: '2026-01-05 9am' is not");
  }

  @Test
  void namesAPersonDefinedTwice() {
    String json = document(VALID_POLICIES).replace("\"id\": \"ken\"", "\"id\": \"aiko\"");

    assertThat(problem(json)).isEqualTo("people[1].id: 'aiko' is already defined");
  }

  @Test
  void namesALocaleOtherThanJapaneseOrEnglish() {
    String json = document(VALID_POLICIES).replace("\"locale\": \"en\"", "\"locale\": \"fr\"");

    assertThat(problem(json)).isEqualTo("people[1]: locale must be ja or en, not 'fr'");
  }

  @Test
  void namesQuietHoursThatWouldHoldCriticalIncidents() {
    String json =
        document(
                """
                [{"name": "p", "steps": [{"targets": [{"person": "aiko"}], "delay_minutes": 5}]}]
                """)
            .replaceFirst(
                "\\}\\s*$",
                ", \"quiet_hours\": {\"zone\": \"Asia/Tokyo\", \"hold_below\": \"critical\","
                    + " \"windows\": [{\"from\": \"22:00\", \"to\": \"07:00\"}]}}");

    assertThat(problem(json)).startsWith("quiet_hours: hold_below must be at most high");
  }

  @Test
  void namesADuplicateKey() {
    String json =
        document(VALID_POLICIES)
            .replace("\"name\": \"Aiko\"", "\"name\": \"Aiko\", \"name\": \"A\"");

    assertThat(problem(json))
        .matches("people\\[0\\]: not valid JSON at line 3, column \\d+: Duplicate field 'name'");
  }

  @Test
  void reportsBrokenJsonWithItsLine() {
    assertThat(problem("{\"people\": [\n  {\"id\": }\n]}")).contains("not valid JSON at line 2");
  }

  @Test
  void reportsAnEmptyDocument() {
    assertThat(problem("")).isEqualTo("the document is empty");
  }
}
