package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.store.User;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The incident lifecycle through the API: ack, status, comments, assignment, merge, split. */
class IncidentApiTest {
  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String admin;
  static String viewer;

  @BeforeAll
  static void start() throws Exception {
    rt = ServerFixture.start(dir.resolve("data"), ServerFixture.writeLog(dir));
    http = new TestHttp(rt.port());
    ServerFixture.awaitAlerts(rt, 4);
    admin = http.token("admin", ServerFixture.ADMIN_PASSWORD);
    rt.store().users().create("default", "vic", "viewer-password-long", User.VIEWER);
    viewer = http.token("vic", "viewer-password-long");
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  static HttpResponse<String> post(String path, String body, String token) {
    return http.sendJson("POST", path, body, "Authorization", "Bearer " + token);
  }

  static JsonNode incident(String id) {
    return TestHttp.json(http.get("/api/v1/incidents/" + id, "Authorization", "Bearer " + admin));
  }

  /** A fresh incident of one alert for a test, so tests do not share state. */
  static String freshIncident() {
    return IncidentApiTestSupport.incidentOf(rt, "default");
  }

  @Test
  void splitsAnAlertOffIntoANewIncident() {
    String a = freshIncident();
    String b = freshIncident();
    post("/api/v1/incidents/" + a + "/merge", "{\"incidents\":[\"" + b + "\"]}", admin);
    String alert = incident(a).get("alerts").get(0).get("id").asText();

    HttpResponse<String> r =
        post("/api/v1/incidents/" + a + "/split", "{\"alerts\":[\"" + alert + "\"]}", admin);

    assertThat(TestHttp.json(r).get("alerts").get(0).get("id").asText()).isEqualTo(alert);
  }

  @Test
  void acknowledgesAnIncident() {
    String id = freshIncident();

    HttpResponse<String> r = post("/api/v1/incidents/" + id + "/ack", "{}", admin);

    assertThat(TestHttp.json(r).get("status").asText()).isEqualTo("acknowledged");
  }

  @Test
  void anAcknowledgementIsOnTheTimelineWithItsAuthor() {
    String id = freshIncident();
    post("/api/v1/incidents/" + id + "/ack", "{}", admin);

    JsonNode timeline = incident(id).get("timeline");
    JsonNode last = timeline.get(timeline.size() - 1);
    assertThat(last.get("actor").asText() + " " + last.get("text").asText())
        .isEqualTo("admin status new → acknowledged");
  }

  @Test
  void aViewerCannotAcknowledge() {
    String id = freshIncident();

    assertThat(post("/api/v1/incidents/" + id + "/ack", "{}", viewer).statusCode()).isEqualTo(403);
  }

  @Test
  void acknowledgingAnUnknownIncidentIs404() {
    assertThat(post("/api/v1/incidents/nope/ack", "{}", admin).statusCode()).isEqualTo(404);
  }

  @Test
  void changesStatusWithAComment() {
    String id = freshIncident();

    HttpResponse<String> r =
        post(
            "/api/v1/incidents/" + id + "/status",
            "{\"status\":\"contained\",\"comment\":\"blocked 203.0.113.77\"}",
            admin);

    assertThat(TestHttp.json(r).get("status").asText()).isEqualTo("contained");
  }

  @Test
  void refusesAnUnknownStatus() {
    String id = freshIncident();

    assertThat(
            post("/api/v1/incidents/" + id + "/status", "{\"status\":\"closed\"}", admin)
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void settingTheSameStatusAgainIs409() {
    String id = freshIncident();

    assertThat(
            post("/api/v1/incidents/" + id + "/status", "{\"status\":\"new\"}", admin).statusCode())
        .isEqualTo(409);
  }

  @Test
  void keepsACommentAsDataNotMarkup() {
    String id = freshIncident();

    post(
        "/api/v1/incidents/" + id + "/comments",
        "{\"text\":\"<img src=x onerror=alert(1)>\"}",
        admin);

    JsonNode timeline = incident(id).get("timeline");
    assertThat(timeline.get(timeline.size() - 1).get("text").asText())
        .isEqualTo("<img src=x onerror=alert(1)>");
  }

  @Test
  void assignsAnIncident() {
    String id = freshIncident();

    HttpResponse<String> r =
        http.sendJson(
            "PUT",
            "/api/v1/incidents/" + id + "/assignee",
            "{\"assignee\":\"hanako\"}",
            "Authorization",
            "Bearer " + admin);

    assertThat(TestHttp.json(r).get("assignee").asText()).isEqualTo("hanako");
  }

  @Test
  void mergesOneIncidentIntoAnother() {
    String a = freshIncident();
    String b = freshIncident();

    HttpResponse<String> r =
        post("/api/v1/incidents/" + a + "/merge", "{\"incidents\":[\"" + b + "\"]}", admin);

    assertThat(TestHttp.json(r).get("alert_count").asInt()).isEqualTo(2);
  }

  @Test
  void showsObservablesWithFirstAndLastSeenAndCounts() {
    JsonNode list =
        TestHttp.json(http.get("/api/v1/incidents", "Authorization", "Bearer " + admin));
    JsonNode o = incident(list.get("items").get(0).get("id").asText()).get("observables").get(0);

    assertThat(o.has("first_seen") && o.has("last_seen") && o.get("count").asLong() >= 1).isTrue();
  }

  @Test
  void showsTheAlertsOfAnIncident() {
    String id = freshIncident();

    assertThat(incident(id).get("alerts")).hasSize(1);
  }

  @Test
  void listsNoDeadLettersWhenNothingFailed() {
    JsonNode r =
        TestHttp.json(
            http.get("/api/v1/notifications?status=dead", "Authorization", "Bearer " + admin));

    assertThat(r.get("total").asInt()).isZero();
  }
}
