package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.store.MutableClock;
import dev.mimamori.store.OutboxRepository;
import dev.mimamori.store.TenantScope;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole escalation on a running server, with the clock in the test's hands: an attack log opens
 * incidents, step 1 pages the on-call person, five minutes without an acknowledgement page step 2,
 * and an acknowledgement (API or signed link) stops it.
 */
class EscalationServerTest {
  static final Instant T0 = Instant.parse("2026-11-26T18:00:00Z");

  @TempDir Path dir;
  MutableClock clock;
  dev.mimamori.server.notify.WebhookReceiverForServer receiver;
  MimamoriRuntime rt;
  TestHttp http;

  @BeforeEach
  void start() throws Exception {
    clock = new MutableClock(T0);
    receiver = new dev.mimamori.server.notify.WebhookReceiverForServer();
    Path notify = dir.resolve("notify.json");
    Files.writeString(
        notify,
        """
        {
          "channels": [
            {"name": "pager", "type": "webhook", "url": "%s", "secret": "a-shared-secret-of-some-length"}
          ],
          "routes": [],
          "oncall": {
            "people": [
              {"id": "aiko", "name": "佐藤 愛子", "locale": "ja",
               "contacts": [{"channel": "pager", "address": "aiko"}]},
              {"id": "ken", "name": "Ken", "locale": "en",
               "contacts": [{"channel": "pager", "address": "ken"},
                            {"channel": "pager", "address": "ken-phone"}]}
            ],
            "schedules": [],
            "policies": [
              {"name": "shop", "steps": [
                {"targets": [{"person": "aiko"}], "delay_minutes": 5},
                {"targets": [{"person": "ken"}], "delay_minutes": 10}
              ]}
            ]
          },
          "escalation": {"policy": "shop", "min_severity": "high"}
        }
        """
            .formatted(receiver.url()),
        StandardCharsets.UTF_8);
    ServerConfig config =
        ServerFixture.config(dir.resolve("data"), ServerFixture.writeLog(dir), null)
            .withNotify(notify)
            .withPublicUrl("https://mimamori.example.jp");
    rt = MimamoriRuntime.start(config, clock, ServerFixture.ADMIN_PASSWORD);
    http = new TestHttp(rt.port());
    ServerFixture.awaitAlerts(rt, 4);
  }

  @AfterEach
  void stop() {
    rt.close();
    receiver.close();
  }

  String criticalIncident() {
    return rt.store().incidents().list(TenantScope.allTenants(), null, 50, 0).items().stream()
        .filter(i -> i.severity().label().equals("critical"))
        .findFirst()
        .orElseThrow()
        .id();
  }

  /** The pages delivered for one incident: the person ids, in order. */
  List<String> pagedFor(String incident) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      rt.dispatcher().orElseThrow().deliverDue();
      boolean settled =
          rt.store().outbox().forIncident(TenantScope.allTenants(), incident).stream()
              .allMatch(
                  e ->
                      e.status().equals(OutboxRepository.SENT)
                          || e.status().equals(OutboxRepository.DEAD)
                          || e.status().equals(OutboxRepository.DROPPED));
      if (settled) {
        break;
      }
      Thread.sleep(20);
    }
    return receiver.recipients(incident);
  }

  @Test
  void pagesTheFirstStepAtOnce() throws Exception {
    String id = criticalIncident();
    rt.escalation().orElseThrow().tick();

    assertThat(pagedFor(id)).containsExactly("aiko");
  }

  @Test
  void pagesTheSecondStepWhenNobodyAcknowledgesInFiveMinutes() throws Exception {
    String id = criticalIncident();
    rt.escalation().orElseThrow().tick();
    pagedFor(id); // settled before the clock jumps past its lease
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    rt.escalation().orElseThrow().tick();

    // Aiko first; then both of Ken's addresses on the one channel, sent side by side.
    List<String> paged = pagedFor(id);
    assertThat(List.of(paged.get(0), java.util.Set.copyOf(paged.subList(1, paged.size()))))
        .isEqualTo(List.of("aiko", java.util.Set.of("ken", "ken-phone")));
  }

  @Test
  void anAcknowledgementThroughTheApiStopsTheEscalation() throws Exception {
    String id = criticalIncident();
    rt.escalation().orElseThrow().tick();
    pagedFor(id);
    String token = http.token("admin", ServerFixture.ADMIN_PASSWORD);
    http.sendJson(
        "POST", "/api/v1/incidents/" + id + "/ack", "{}", "Authorization", "Bearer " + token);
    clock.advance(Duration.ofMinutes(30));
    rt.escalation().orElseThrow().tick();

    assertThat(pagedFor(id)).containsExactly("aiko");
  }

  @Test
  void putsEachPageOnTheTimeline() throws Exception {
    String id = criticalIncident();
    rt.escalation().orElseThrow().tick();

    assertThat(rt.store().incidents().get(TenantScope.allTenants(), id).orElseThrow().timeline())
        .filteredOn(e -> e.kind().equals("escalation"))
        .hasSize(1);
  }

  /** The path of the signed link in aiko's page. */
  String ackPath(String incident) {
    rt.escalation().orElseThrow().tick();
    String url =
        rt.store().outbox().forIncident(TenantScope.allTenants(), incident).stream()
            .map(OutboxRepository.Entry::message)
            .filter(m -> m.ackUrl() != null)
            .findFirst()
            .orElseThrow()
            .ackUrl();
    assertThat(url).startsWith("https://mimamori.example.jp/ack/");
    return url.substring("https://mimamori.example.jp".length());
  }

  @Test
  void theSignedLinkShowsAButtonAndDoesNotAcknowledgeOnItsOwn() {
    String id = criticalIncident();
    String path = ackPath(id);

    HttpResponse<String> r = http.get(path);

    assertThat(r.body()).contains("<form method=\"post\">");
    assertThat(
            rt.store().incidents().get(TenantScope.allTenants(), id).orElseThrow().status().label())
        .isEqualTo("new");
  }

  @Test
  void theSignedLinksButtonAcknowledgesAsThePersonPaged() throws Exception {
    String id = criticalIncident();
    String path = ackPath(id);

    http.postForm(path, "");

    var incident = rt.store().incidents().get(TenantScope.allTenants(), id).orElseThrow();
    assertThat(
            incident.status().label()
                + " by "
                + incident.timeline().get(incident.timeline().size() - 1).actor())
        .isEqualTo("acknowledged by aiko (ack link)");
  }

  @Test
  void theLinkOfAResolvedIncidentDoesNotReopenIt() {
    String id = criticalIncident();
    String path = ackPath(id);
    new dev.mimamori.store.IncidentLifecycle(
            rt.store(), dev.mimamori.incidents.outbox.NotificationPlanner.NONE, clock)
        .changeStatus(
            TenantScope.allTenants(), id, dev.mimamori.model.IncidentStatus.RESOLVED, "lead", null);

    HttpResponse<String> r = http.postForm(path, "");

    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(
            rt.store().incidents().get(TenantScope.allTenants(), id).orElseThrow().status().label())
        .isEqualTo("resolved");
  }

  @Test
  void aTamperedLinkIsRefused() {
    String id = criticalIncident();
    String path = ackPath(id);
    String tampered = path.substring(0, path.length() - 2) + (path.endsWith("A") ? "BB" : "AA");

    assertThat(http.postForm(tampered, "").statusCode()).isEqualTo(404);
  }

  @Test
  void theSignedLinkEscapesTheIncidentTitle() {
    String id = criticalIncident();

    HttpResponse<String> r = http.get(ackPath(id));

    assertThat(r.body()).doesNotContain("<script>");
  }

  @Test
  void aPageGoesToTheReceiverSignedWithTheIdempotencyKey() throws Exception {
    String id = criticalIncident();
    rt.escalation().orElseThrow().tick();
    pagedFor(id);

    JsonNode page = receiver.pages(id).get(0);
    assertThat(page.get("kind").asText() + " " + page.get("locale").asText()).isEqualTo("page ja");
  }
}
