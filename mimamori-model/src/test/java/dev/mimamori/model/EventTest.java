package dev.mimamori.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {
  private static final Instant T = Instant.parse("2026-11-19T18:12:00Z");

  private static Event.Builder full() {
    return Event.builder()
        .timestamp(T)
        .originalOffset("+09:00")
        .tenant("acme")
        .asset("shop-1")
        .dataset("http.access")
        .original("raw line")
        .sourceIp("203.0.113.7")
        .method("POST")
        .urlOriginal("/admin/login?x=1")
        .urlPath("/admin/login")
        .urlQuery("x=1")
        .statusCode(302)
        .responseBytes(512L)
        .referrer("https://shop.example/")
        .userAgent("curl/8.0")
        .userName("alice")
        .logFilePath("/var/log/nginx/access.log")
        .logOffset(4096)
        .lineNumber(17);
  }

  @Test
  void buildsARepeatedAddressPathReferrerAndAgentAsOneInstance() {
    Event first = full().build();
    Event again =
        full()
            .sourceIp(new String("203.0.113.7"))
            .urlPath(new String("/admin/login"))
            .referrer(new String("https://shop.example/"))
            .userAgent(new String("curl/8.0"))
            .build();
    assertThat(
            new Object[] {again.sourceIp(), again.urlPath(), again.referrer(), again.userAgent()})
        .usingElementComparator((a, b) -> a == b ? 0 : 1)
        .containsExactly(first.sourceIp(), first.urlPath(), first.referrer(), first.userAgent());
  }

  @Test
  void buildsTheOriginalOfAPathWithoutAQueryAsThePath() {
    Event e =
        full()
            .urlOriginal(new String("/mypage/login"))
            .urlPath("/mypage/login")
            .urlQuery(null)
            .build();
    assertThat(e.urlOriginal()).isSameAs(e.urlPath());
  }

  @Test
  void readsTypedFieldsByTheirEcsNames() {
    Event e = full().build();

    assertThat(e.field("@timestamp")).isEqualTo("2026-11-19T18:12:00Z");
    assertThat(e.field("event.timezone")).isEqualTo("+09:00");
    assertThat(e.field("organization.id")).isEqualTo("acme");
    assertThat(e.field("host.name")).isEqualTo("shop-1");
    assertThat(e.field("event.dataset")).isEqualTo("http.access");
    assertThat(e.field("event.original")).isEqualTo("raw line");
    assertThat(e.field("source.ip")).isEqualTo("203.0.113.7");
    assertThat(e.field("http.request.method")).isEqualTo("POST");
    assertThat(e.field("url.original")).isEqualTo("/admin/login?x=1");
    assertThat(e.field("url.path")).isEqualTo("/admin/login");
    assertThat(e.field("url.query")).isEqualTo("x=1");
    assertThat(e.field("http.response.status_code")).isEqualTo("302");
    assertThat(e.field("http.response.body.bytes")).isEqualTo("512");
    assertThat(e.field("http.request.referrer")).isEqualTo("https://shop.example/");
    assertThat(e.field("user_agent.original")).isEqualTo("curl/8.0");
    assertThat(e.field("user.name")).isEqualTo("alice");
    assertThat(e.field("log.file.path")).isEqualTo("/var/log/nginx/access.log");
    assertThat(e.field("log.offset")).isEqualTo("4096");
  }

  @Test
  void readsExtraFieldsByName() {
    Event e = full().extra("http.version", "1.1").build();

    assertThat(e.field("http.version")).isEqualTo("1.1");
  }

  @Test
  void returnsNullForAFieldTheEventDoesNotHave() {
    Event e = Event.builder().timestamp(T).build();

    assertThat(e.field("source.ip")).isNull();
    assertThat(e.field("no.such.field")).isNull();
  }

  @Test
  void typedFieldWinsOverAnExtraOfTheSameName() {
    Event e = full().extra("source.ip", "198.51.100.1").build();

    assertThat(e.field("source.ip")).isEqualTo("203.0.113.7");
  }

  @Test
  void listsEveryTypedFieldName() {
    assertThat(Event.typedFieldNames())
        .contains("@timestamp", "source.ip", "url.original", "log.offset")
        .doesNotContain("log.line");
  }

  @Test
  void toEcsOmitsUnsetFields() {
    Event e = Event.builder().timestamp(T).sourceIp("203.0.113.7").build();

    Map<String, Object> ecs = e.toEcs();

    assertThat(ecs)
        .containsEntry("source.ip", "203.0.113.7")
        .doesNotContainKeys(
            "http.request.method", "url.original", "http.response.status_code", "user.name");
    assertThat(ecs.values()).doesNotContainNull();
  }

  @Test
  void toEcsWritesTheTimestampAsIsoText() {
    Event e = Event.builder().timestamp(T).build();

    assertThat(e.toEcs()).containsEntry("@timestamp", "2026-11-19T18:12:00Z");
  }

  @Test
  void toEcsKeepsNumbersAsNumbers() {
    Map<String, Object> ecs = full().build().toEcs();

    assertThat(ecs)
        .containsEntry("http.response.status_code", 302)
        .containsEntry("http.response.body.bytes", 512L)
        .containsEntry("log.offset", 4096L)
        .containsEntry("log.line", 17L);
  }

  @Test
  void toEcsIncludesExtraFields() {
    Map<String, Object> ecs = full().extra("http.version", "2.0").build().toEcs();

    assertThat(ecs).containsEntry("http.version", "2.0");
  }

  @Test
  void builderDefaultsTenantAssetAndDataset() {
    Event e = Event.builder().timestamp(T).build();

    assertThat(e.tenant()).isEqualTo("default");
    assertThat(e.asset()).isEqualTo("unknown");
    assertThat(e.dataset()).isEqualTo("unknown");
    assertThat(e.logFilePath()).isEqualTo("-");
  }

  @Test
  void builderRefusesAnEventWithoutTimestamp() {
    assertThatThrownBy(() -> Event.builder().sourceIp("203.0.113.7").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("@timestamp");
  }

  @Test
  void constructorRefusesNullTenant() {
    assertThatThrownBy(() -> full().tenant(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("tenant");
  }

  @Test
  void copiesTheExtraMapSoLaterChangesDoNotLeakIn() {
    Map<String, String> extra = new HashMap<>();
    extra.put("http.version", "1.1");
    Event e =
        new Event(
            T, null, "t", "a", "d", "o", null, null, null, null, null, null, null, null, null, null,
            "-", 0, 1, extra);

    extra.put("http.version", "2.0");
    extra.put("injected", "x");

    assertThat(e.field("http.version")).isEqualTo("1.1");
    assertThat(e.extra()).doesNotContainKey("injected");
  }

  @Test
  void extraMapIsReadOnly() {
    Event e = full().extra("k", "v").build();

    assertThatThrownBy(() -> e.extra().put("k2", "v2"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void evidenceRefPointsBackToTheEvent() {
    Event e = full().build();

    EvidenceRef ref = EvidenceRef.of(e);

    assertThat(ref)
        .isEqualTo(new EvidenceRef(T, "/var/log/nginx/access.log", 4096, 17, "raw line"));
  }

  @Test
  void answersEveryTypedFieldAsItsEcsFormDoes() {
    Event e = full().build();
    Map<String, Object> ecs = e.toEcs();
    for (String name : Event.typedFieldNames()) {
      assertThat(e.field(name)).as(name).isEqualTo(String.valueOf(ecs.get(name)));
    }
  }

  @Test
  void answersNullForEveryTypedFieldAnEventLacks() {
    Event e =
        Event.builder()
            .timestamp(T)
            .tenant("acme")
            .asset("shop-1")
            .dataset("http.access")
            .original("raw line")
            .logFilePath("/var/log/nginx/access.log")
            .build();
    Map<String, Object> ecs = e.toEcs();
    for (String name : Event.typedFieldNames()) {
      if (!ecs.containsKey(name)) {
        assertThat(e.field(name)).as(name).isNull();
      }
    }
  }

  @Test
  void writesStatusCodesOutsideTheUsualRangeAsTheyAre() {
    assertThat(full().statusCode(42).build().field("http.response.status_code")).isEqualTo("42");
    assertThat(full().statusCode(1000).build().field("http.response.status_code"))
        .isEqualTo("1000");
  }

  @Test
  void asEvidenceKeepsWhatAnAlertReads() {
    Event e = full().extra("event.outcome", "failure").build();

    assertThat(EvidenceRef.of(e.asEvidence())).isEqualTo(EvidenceRef.of(e));
    assertThat(e.asEvidence().sourceIp()).isEqualTo("203.0.113.7");
    assertThat(e.asEvidence().tenant()).isEqualTo("acme");
  }

  @Test
  void asEvidenceDropsTheParsedFields() {
    Event slim = full().extra("event.outcome", "failure").build().asEvidence();

    assertThat(slim.urlOriginal()).isNull();
    assertThat(slim.userAgent()).isNull();
    assertThat(slim.extra()).isEmpty();
  }

  @Test
  void givesTheSameEvidenceCopyOfAnEventAgain() {
    Event e = full().build();
    assertThat(e.asEvidence()).isSameAs(e.asEvidence());
  }

  @Test
  void isItsOwnEvidenceCopy() {
    Event slim = full().build().asEvidence();
    assertThat(slim.asEvidence()).isSameAs(slim);
  }

  @Test
  void givesAnEqualEvidenceCopyOfAnEqualEvent() {
    // Another instance with the same line number: a copy of its own, equal to the first one's.
    Event a = full().build();
    Event b = full().build();
    Event copyOfA = a.asEvidence();
    assertThat(b.asEvidence()).isNotSameAs(copyOfA).isEqualTo(copyOfA);
  }

  @Test
  void makesAFreshCopyAfterAnotherEventTookItsSlot() {
    // Line 1 and line 2,049 share a slot: the second's copy replaces the first's, whose next copy
    // is a new one, equal to the first.
    Event first = full().lineNumber(1).build();
    Event other = full().lineNumber(2049).build();
    Event copy = first.asEvidence();
    other.asEvidence();
    assertThat(first.asEvidence()).isNotSameAs(copy).isEqualTo(copy);
  }

  @Test
  void keepsTheCopiesOfABatchForTheNextRule() {
    // A rule copies a batch's 512 events, then the next rule asks for the same events' copies.
    List<Event> batch = new java.util.ArrayList<>();
    for (int i = 1; i <= 512; i++) {
      batch.add(full().lineNumber(1000 + i).build());
    }
    List<Event> copies = batch.stream().map(Event::asEvidence).toList();
    for (int i = 0; i < batch.size(); i++) {
      assertThat(batch.get(i).asEvidence()).isSameAs(copies.get(i));
    }
  }
}
