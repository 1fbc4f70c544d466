package dev.mimamori.detect.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.detect.RuleMeta;
import dev.mimamori.model.Event;
import dev.mimamori.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldMatcherTest {
  private static final Event EVENT =
      Event.builder()
          .timestamp(Instant.parse("2026-11-19T18:00:00Z"))
          .method("Post")
          .urlOriginal("/products/list?name=%3CScript%3E")
          .urlPath("/Admin/Login")
          .responseBytes(1_000_000L)
          .build();

  private static FieldCondition regex(String field, String regex, Boolean decode) {
    return new FieldCondition(field, decode, regex, null, null, null, null, null, null);
  }

  private static boolean matches(FieldCondition c) {
    return FieldMatcher.compile(c).matches(EVENT);
  }

  @Test
  void equalsIgnoresCase() {
    assertThat(
            matches(
                new FieldCondition(
                    "http.request.method",
                    null,
                    null,
                    null,
                    List.of("POST"),
                    null,
                    null,
                    null,
                    null)))
        .isTrue();
  }

  @Test
  void equalsAcceptsAnyListedValue() {
    assertThat(
            matches(
                new FieldCondition(
                    "http.request.method",
                    null,
                    null,
                    null,
                    List.of("PUT", "post"),
                    null,
                    null,
                    null,
                    null)))
        .isTrue();
  }

  @Test
  void prefixIgnoresCase() {
    assertThat(
            matches(
                new FieldCondition("url.path", null, null, null, null, "/admin", null, null, null)))
        .isTrue();
  }

  @Test
  void gteComparesNumbers() {
    assertThat(
            matches(
                new FieldCondition(
                    "http.response.body.bytes",
                    null,
                    null,
                    null,
                    null,
                    null,
                    1_000_000L,
                    null,
                    null)))
        .isTrue();
    assertThat(
            matches(
                new FieldCondition(
                    "http.response.body.bytes",
                    null,
                    null,
                    null,
                    null,
                    null,
                    1_000_001L,
                    null,
                    null)))
        .isFalse();
  }

  @Test
  void gteOnTextIsFalse() {
    assertThat(
            matches(new FieldCondition("url.path", null, null, null, null, null, 1L, null, null)))
        .isFalse();
  }

  @Test
  void regexSearchesTheRawValueWithoutDecode() {
    assertThat(matches(regex("url.original", "<script", null))).isFalse();
    assertThat(matches(regex("url.original", "%3CScript", null))).isTrue();
  }

  @Test
  void regexSearchesTheDecodedLowerCaseValueWithDecode() {
    assertThat(matches(regex("url.original", "<script>", true))).isTrue();
  }

  @Test
  void missingFieldDoesNotMatch() {
    assertThat(matches(regex("user_agent.original", ".*", null))).isFalse();
  }

  @Test
  void negateInvertsTheTest() {
    assertThat(
            matches(
                new FieldCondition(
                    "url.path", null, null, null, null, "/admin", null, Boolean.TRUE, null)))
        .isFalse();
  }

  @Test
  void negatedConditionOnAMissingFieldHolds() {
    assertThat(
            matches(
                new FieldCondition(
                    "user_agent.original",
                    null,
                    "sqlmap",
                    null,
                    null,
                    null,
                    null,
                    Boolean.TRUE,
                    null)))
        .isTrue();
  }

  @Test
  void refusesAConditionWithoutTest() {
    assertThatThrownBy(
            () ->
                FieldMatcher.compile(
                    new FieldCondition("url.path", null, null, null, null, null, null, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly one");
  }

  @Test
  void refusesAConditionWithoutField() {
    assertThatThrownBy(() -> FieldMatcher.compile(regex(" ", "x", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a field");
  }

  @Test
  void refusesABackreference() {
    assertThatThrownBy(() -> FieldMatcher.compile(regex("url.path", "(a)\\1", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RE2");
  }

  @Test
  void matchRuleNeedsEveryCondition() {
    MatchRule rule =
        new MatchRule(
            new RuleMeta("mm-t", "t", "c", Severity.LOW, Duration.ZERO),
            new MatchRule.Config(
                List.of(
                    new FieldCondition(
                        "http.request.method",
                        null,
                        null,
                        null,
                        List.of("POST"),
                        null,
                        null,
                        null,
                        null),
                    new FieldCondition(
                        "url.path", null, null, null, null, "/shop", null, null, null))));

    assertThat(rule.evaluate(EVENT)).isEmpty();
  }

  @Test
  void matchRuleReturnsTheEventAsEvidence() {
    MatchRule rule =
        new MatchRule(
            new RuleMeta("mm-t", "t", "c", Severity.LOW, Duration.ZERO),
            new MatchRule.Config(
                List.of(
                    new FieldCondition(
                        "url.path", null, null, null, null, "/admin", null, null, null))));

    assertThat(rule.evaluate(EVENT)).containsExactly(EVENT);
  }

  @Test
  void matchRuleRefusesAnEmptyConditionList() {
    RuleMeta meta = new RuleMeta("mm-t", "t", "c", Severity.LOW, Duration.ZERO);

    assertThatThrownBy(() -> new MatchRule(meta, new MatchRule.Config(List.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ruleTypesKnowMatchAndThreshold() {
    assertThat(RuleTypes.names())
        .containsExactly("match", "threshold", "web-attack", "aggregate", "failure-ratio", "surge");
    assertThat(RuleTypes.find("match")).isPresent();
    assertThat(RuleTypes.find("sequence")).isEmpty();
  }

  /**
   * A regex without a prefilter of the rule's own is given the words it cannot match without; the
   * condition must still decide exactly as the regex alone on raw and decoded values.
   */
  @Test
  void decidesAsItsRegexAloneWithTheDerivedPrefilter() {
    String[] regexes = {
      "^/([a-z0-9_-]+/)?(login|login_check)$|^/mypage/login$|^/(wp-login|xmlrpc)\\.php$",
      "^(/index\\.php)?/shopping/complete$",
      "^(/index\\.php)?/shopping/checkout$",
      "recv|notif|callback|webhook|kickback|result",
    };
    String[] paths = {
      "/mypage/login",
      "/admin/login",
      "/admin/login_check",
      "/wp-login.php",
      "/xmlrpc.php",
      "/shopping/complete",
      "/index.php/shopping/complete",
      "/shopping/checkout",
      "/shopping/completed",
      "/Shopping/Complete",
      "/mypage/LOGIN",
      "/shopping/notify",
      "/shopping/%63omplete",
      "/products/list",
      "/shopping/kickback",
      "/a/b/login",
      "/"
    };
    int decided = 0;
    for (String re : regexes) {
      com.google.re2j.Pattern p = com.google.re2j.Pattern.compile(re);
      for (boolean decode : new boolean[] {false, true}) {
        FieldMatcher m = FieldMatcher.compile(regex("url.path", re, decode));
        for (String path : paths) {
          Event e =
              Event.builder()
                  .timestamp(Instant.parse("2026-11-19T18:00:00Z"))
                  .urlPath(path)
                  .build();
          String text = decode ? dev.mimamori.detect.DetectionText.normalize(path) : path;
          assertThat(m.matches(e)).as("%s on %s", re, path).isEqualTo(p.matcher(text).find());
          decided++;
        }
      }
    }
    assertThat(decided).isEqualTo(regexes.length * 2 * paths.length);
  }

  @Test
  void decidesADecodedRegexAsOnTheNormalizedTextForRandomPaths() {
    // The words of a decoded condition are looked for in the raw path when decoding would not
    // change it: the decision must stay the regex's on the normalized text.
    String re = "^(/index\\.php)?/shopping/complete$";
    com.google.re2j.Pattern p = com.google.re2j.Pattern.compile(re);
    FieldMatcher m = FieldMatcher.compile(regex("url.path", re, true));
    String[] pieces = {"/shopping", "/complete", "/Complete", "%2F", "%63", "+", "/index.php", "é"};
    java.util.Random random = new java.util.Random(5);
    List<String> wrong = new java.util.ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int k = 1 + random.nextInt(4); k > 0; k--) {
        b.append(pieces[random.nextInt(pieces.length)]);
      }
      String path = b.toString();
      Event e =
          Event.builder().timestamp(Instant.parse("2026-11-19T18:00:00Z")).urlPath(path).build();
      boolean expected = p.matcher(dev.mimamori.detect.DetectionText.normalize(path)).find();
      if (m.matches(e) != expected) {
        wrong.add(path);
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void equalsDecidesAsLowerCasingWouldWhateverTheLength() {
    FieldMatcher m =
        FieldMatcher.compile(
            new FieldCondition(
                "http.request.method",
                null,
                null,
                null,
                List.of("POST", "kill", "I"),
                null,
                null,
                null,
                null));
    String[] texts = {
      "POST", "post", "PoSt", "POS", "POSTS", "", "KILL", "\u212aill", "i", "\u0130", "x".repeat(70)
    };
    for (String t : texts) {
      Event e = Event.builder().timestamp(Instant.parse("2026-11-19T18:00:00Z")).method(t).build();
      boolean expected =
          java.util.Set.of("post", "kill", "i").contains(t.toLowerCase(java.util.Locale.ROOT));
      assertThat(m.matches(e)).as(t).isEqualTo(expected);
    }
  }

  @Test
  void equalsWithAValueBeyondAsciiComparesEveryText() {
    FieldMatcher m =
        FieldMatcher.compile(
            new FieldCondition(
                "user.name",
                null,
                null,
                null,
                List.of("\u7ba1\u7406\u8005"),
                null,
                null,
                null,
                null));
    Event e =
        Event.builder()
            .timestamp(Instant.parse("2026-11-19T18:00:00Z"))
            .userName("\u7ba1\u7406\u8005")
            .build();
    assertThat(m.matches(e)).isTrue();
  }

  private static FieldCondition equalTo(String field, String... values) {
    return new FieldCondition(field, null, null, null, List.of(values), null, null, null, null);
  }

  private static FieldCondition atLeast(String field, long value) {
    return new FieldCondition(field, null, null, null, null, null, value, null, null);
  }

  private static Event withStatus(Integer status) {
    return Event.builder()
        .timestamp(Instant.parse("2026-11-19T18:00:00Z"))
        .statusCode(status)
        .build();
  }

  @Test
  void comparesAStatusWithAtLeastByItsNumber() {
    FieldMatcher m = FieldMatcher.compile(atLeast("http.response.status_code", 400));
    assertThat(
            List.of(
                m.matches(withStatus(404)), m.matches(withStatus(399)), m.matches(withStatus(400))))
        .containsExactly(true, false, true);
  }

  @Test
  void refusesAtLeastOnAnEventWithoutAStatus() {
    assertThat(
            FieldMatcher.compile(atLeast("http.response.status_code", 100))
                .matches(withStatus(null)))
        .isFalse();
  }

  @Test
  void equalsLowerCasesATextBeyondAsciiAsJavaDoes() {
    // KELVIN SIGN lower-cases to an ASCII k: "\u212Aey" is "key" to the rule.
    Event e =
        Event.builder().timestamp(Instant.parse("2026-11-19T18:00:00Z")).method("\u212Aey").build();
    assertThat(FieldMatcher.compile(equalTo("http.request.method", "KEY")).matches(e)).isTrue();
  }

  @Test
  void equalsRefusesAnotherAsciiTextOfTheSameLength() {
    assertThat(matches(equalTo("http.request.method", "PUTS", "GETS"))).isFalse();
  }

  @Test
  void equalsAcceptsAnyOfManyValues() {
    assertThat(matches(equalTo("http.request.method", "GET", "PUT", "HEAD", "PATCH", "POST")))
        .isTrue();
  }

  @Test
  void comparesAResponseSizeWithAtLeastByItsNumber() {
    assertThat(
            List.of(
                matches(atLeast("http.response.body.bytes", 1_000_000)),
                matches(atLeast("http.response.body.bytes", 1_000_001))))
        .containsExactly(true, false);
  }
}
