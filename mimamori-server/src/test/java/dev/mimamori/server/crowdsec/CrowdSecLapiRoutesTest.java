package dev.mimamori.server.crowdsec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.incidents.respond.Decision;
import dev.mimamori.incidents.respond.DecisionList;
import dev.mimamori.incidents.respond.DecisionStream;
import dev.mimamori.incidents.respond.IpNet;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The protocol cases of CrowdSec's Go client tests (pkg/apiclient/decisions_service_test.go:
 * TestDecisionsList, TestDecisionsStream) and of its LAPI (403 on a bad key), against the routes on
 * a real Javalin server.
 */
class CrowdSecLapiRoutesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "ixu";
  final Instant start = Instant.parse("2026-01-01T00:00:00Z");
  Instant now = start;
  final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  final DecisionList list = new DecisionList(clock);
  Javalin app;
  final HttpClient http = HttpClient.newHttpClient();
  String base;

  @BeforeEach
  void start() {
    app = Javalin.create();
    new CrowdSecLapiRoutes(
            list,
            new DecisionStream(list),
            Map.of(CrowdSecLapiRoutes.hashKey(KEY), "fw", CrowdSecLapiRoutes.hashKey("k2"), "ng"))
        .register(app);
    app.start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  HttpResponse<String> get(String path, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (key != null) {
      b.header("X-Api-Key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  Decision manualBan() throws Exception {
    // The decision of the Go tests: 1.2.3.4, 4h, origin cscli.
    return list.add(
        new Decision(
            4,
            "cscli",
            "ban",
            "Ip",
            "1.2.3.4",
            start.plus(Duration.ofHours(4)),
            "manual 'ban' from '82929df7ee394b73b81252fe3b4e50203yaT2u6nXiaN7Ix9'",
            "shop",
            "inc-1",
            "c0ffee00-0000-4000-8000-000000000004"));
  }

  @Test
  void liveModeAnswersTheDecisionsForAnAddress() throws Exception {
    manualBan();
    now = start.plusMillis(4243);

    HttpResponse<String> r = get("/v1/decisions?ip=1.2.3.4", KEY);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    JsonNode d = JSON.readTree(r.body()).get(0);
    assertThat(d.get("duration").asText()).isEqualTo("3h59m55.757s");
    assertThat(d.get("id").asLong()).isEqualTo(4);
    assertThat(d.get("origin").asText()).isEqualTo("cscli");
    assertThat(d.get("scenario").asText())
        .isEqualTo("manual 'ban' from '82929df7ee394b73b81252fe3b4e50203yaT2u6nXiaN7Ix9'");
    assertThat(d.get("scope").asText()).isEqualTo("Ip");
    assertThat(d.get("type").asText()).isEqualTo("ban");
    assertThat(d.get("value").asText()).isEqualTo("1.2.3.4");
  }

  @Test
  void liveModeAnswersNullWhenNothingMatches() throws Exception {
    manualBan();

    HttpResponse<String> r = get("/v1/decisions?ip=1.2.3.5", KEY);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("null");
  }

  @Test
  void liveModeFindsARangeHoldingTheAddress() throws Exception {
    list.ban(IpNet.parse("198.51.100.0/24"), Duration.ofHours(1), "mimamori/scan", "s", "i");

    JsonNode r = JSON.readTree(get("/v1/decisions?ip=198.51.100.9", KEY).body());

    assertThat(r.get(0).get("scope").asText()).isEqualTo("Range");
    assertThat(r.get(0).get("value").asText()).isEqualTo("198.51.100.0/24");
  }

  @Test
  void liveModeRefusesAMalformedAddress() throws Exception {
    HttpResponse<String> r = get("/v1/decisions?ip=evil.example", KEY);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("message").asText()).contains("not an IP");
  }

  @Test
  void streamStartupReturnsEverythingThenOnlyChanges() throws Exception {
    manualBan();

    JsonNode first = JSON.readTree(get("/v1/decisions/stream?startup=true", KEY).body());

    assertThat(first.get("new").get(0).get("value").asText()).isEqualTo("1.2.3.4");
    assertThat(first.get("deleted").size()).isZero();

    // Nothing changed: both empty (the Go client reads [] and null alike).
    JsonNode second = JSON.readTree(get("/v1/decisions/stream", KEY).body());
    assertThat(second.get("new").size()).isZero();
    assertThat(second.get("deleted").size()).isZero();

    list.ban(IpNet.parse("203.0.113.5"), Duration.ofMinutes(30), "mimamori/sqli", "s", "i");
    list.delete(4);
    JsonNode third = JSON.readTree(get("/v1/decisions/stream?startup=false", KEY).body());
    assertThat(third.get("new").get(0).get("value").asText()).isEqualTo("203.0.113.5");
    assertThat(third.get("new").get(0).get("duration").asText()).isEqualTo("30m0s");
    assertThat(third.get("deleted").get(0).get("value").asText()).isEqualTo("1.2.3.4");
  }

  @Test
  void eachBouncerHasItsOwnStream() throws Exception {
    manualBan();
    get("/v1/decisions/stream?startup=true", KEY);

    JsonNode other = JSON.readTree(get("/v1/decisions/stream", "k2").body());

    assertThat(other.get("new").size()).isEqualTo(1);
  }

  @Test
  void streamAppliesTheBouncersFilters() throws Exception {
    manualBan();
    list.ban(IpNet.parse("198.51.100.0/24"), Duration.ofHours(1), "mimamori/scan", "s", "i");

    JsonNode ips = JSON.readTree(get("/v1/decisions/stream?startup=true&scopes=ip", KEY).body());
    JsonNode mine =
        JSON.readTree(get("/v1/decisions/stream?startup=true&origins=mimamori", "k2").body());

    assertThat(ips.get("new").size()).isEqualTo(1);
    assertThat(ips.get("new").get(0).get("value").asText()).isEqualTo("1.2.3.4");
    assertThat(mine.get("new").size()).isEqualTo(1);
    assertThat(mine.get("new").get(0).get("value").asText()).isEqualTo("198.51.100.0/24");
  }

  @Test
  void aWrongOrMissingKeyIsForbiddenAsCrowdSecSaysIt() throws Exception {
    for (String key : new String[] {"wrong", null, ""}) {
      for (String path : new String[] {"/v1/decisions/stream?startup=true", "/v1/decisions"}) {
        HttpResponse<String> r = get(path, key);
        assertThat(r.statusCode()).as(path + " " + key).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\":\"access forbidden\"}");
      }
    }
  }

  @Test
  void aHeadRequestChecksTheKeyWithoutMovingTheStream() throws Exception {
    manualBan();
    HttpResponse<Void> head =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/decisions/stream"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("X-Api-Key", KEY)
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(head.statusCode()).isEqualTo(200);

    assertThat(JSON.readTree(get("/v1/decisions/stream", KEY).body()).get("new").size())
        .isEqualTo(1);
  }

  @Test
  void refusesAKeyHashThatIsNotSha256() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new CrowdSecLapiRoutes(list, new DecisionStream(list), Map.of("plainkey", "fw")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
