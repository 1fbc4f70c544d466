package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.pipeline.Pipeline;
import dev.mimamori.pipeline.SourceSpec;
import dev.mimamori.store.TenantScope;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload of `serve --rules DIR`: state of unchanged rules survives, broken files change
 * nothing.
 */
class RuleReloadTest {
  static final String THRESHOLD =
      """
      rules:
        - id: t-login-burst
          title: Many logins from one address
          class: web.bruteforce
          severity: high
          type: threshold
          match:
            - field: http.request.method
              equals: [POST]
            - field: url.path
              prefix: /mypage/login
          group_by: source.ip
          count: 10
          window: 10m
      """;
  static final String BROKEN =
      """
      rules:
        - id: t-broken
          title: Broken
          class: web.test
          severity: low
          type: threshold
          match:
            - field: url.path
              prefix: /x
          group_by: source.ip
          count: 1
          window: 1m
      """;

  @TempDir Path dir;
  Path rules;
  MimamoriRuntime rt;
  TestHttp http;
  String operator;

  @BeforeEach
  void start() throws Exception {
    rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("logins.yml"), THRESHOLD);
    Files.writeString(rules.resolve("user-data-php.yml"), RulesDirTest.SIGMA_PACKAGES_PHP);
    ServerConfig config =
        ServerFixture.config(dir.resolve("data"), ServerFixture.writeLog(dir), null)
            .withRules(rules);
    rt = MimamoriRuntime.start(config, Clock.systemUTC(), ServerFixture.ADMIN_PASSWORD);
    http = new TestHttp(rt.port());
    operator = http.token("admin", ServerFixture.ADMIN_PASSWORD);
  }

  @AfterEach
  void stop() {
    rt.close();
  }

  static String login(int second) {
    return String.format(
        "198.51.100.5 - - [22/Nov/2026:10:00:%02d +0900] \"POST /mypage/login HTTP/1.1\" 302 0"
            + " \"-\" \"Mozilla/5.0\"",
        second);
  }

  void logins(int from, int to) throws InterruptedException {
    List<String> lines = new ArrayList<>();
    for (int i = from; i < to; i++) {
      lines.add(login(i));
    }
    Pipeline.Submitted s =
        rt.pipeline()
            .submit(
                new SourceSpec(Path.of("/http-ingest", "web"), "combined", "shop-a", "web", false),
                lines,
                Duration.ofSeconds(20));
    assertThat(s).isEqualTo(Pipeline.Submitted.STORED);
  }

  long bruteForceAlerts() {
    return rt.store().incidents().alerts(TenantScope.allTenants(), null, 500, 0).items().stream()
        .filter(a -> a.ruleId().equals("t-login-burst"))
        .count();
  }

  HttpResponse<String> reload(String token) {
    return http.send(
        http.request("/api/v1/rules/reload")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  @Test
  void aReloadKeepsAHalfFullThresholdWindow() throws Exception {
    logins(0, 9);
    Files.writeString(
        rules.resolve("more.yml"), RulesDirTest.SIGMA_PACKAGES_PHP.replace("3b1c", "4b1c"));
    assertThat(reload(operator).statusCode()).isEqualTo(200);

    logins(9, 10);

    assertThat(bruteForceAlerts()).isEqualTo(1);
  }

  @Test
  void aReloadSaysWhichRulesKeptTheirState() {
    JsonNode r = TestHttp.json(reload(operator));

    // The two directory rules and every built-in beside them, none of them changed.
    assertThat(r.get("unchanged").asInt()).isEqualTo(r.get("rules").asInt()).isGreaterThan(2);
  }

  @Test
  void aRuleWhoseDefinitionChangedStartsCountingAfresh() throws Exception {
    logins(0, 9);
    Files.writeString(rules.resolve("logins.yml"), THRESHOLD.replace("window: 10m", "window: 11m"));
    reload(operator);

    logins(9, 10);

    assertThat(bruteForceAlerts()).isZero();
  }

  @Test
  void aBrokenFileOnReloadIsReportedWithItsFileAndLine() throws Exception {
    Files.writeString(rules.resolve("broken.yml"), BROKEN);

    HttpResponse<String> r = reload(operator);

    JsonNode error = TestHttp.json(r).get("errors").get(0);
    assertThat(
            List.of(
                r.statusCode(),
                error.get("file").asText().endsWith("broken.yml"),
                error.get("line").asInt(),
                error.get("reason").asText().contains("count")))
        .containsExactly(422, true, 2, true);
  }

  @Test
  void aBrokenFileOnReloadKeepsTheRunningRulesAndTheirState() throws Exception {
    logins(0, 9);
    Files.writeString(rules.resolve("logins.yml"), THRESHOLD.replace("count: 10", "count: 11"));
    Files.writeString(rules.resolve("broken.yml"), BROKEN);
    reload(operator);

    logins(9, 10);

    assertThat(bruteForceAlerts()).isEqualTo(1);
  }

  @Test
  void reportsTheLastFailedReloadInTheRuleList() throws Exception {
    Files.writeString(rules.resolve("broken.yml"), BROKEN);
    reload(operator);

    JsonNode list = TestHttp.json(http.get("/api/v1/rules", "Authorization", "Bearer " + operator));

    assertThat(list.get("last_reload").get("errors").get(0).get("file").asText())
        .endsWith("broken.yml");
  }

  @Test
  void reloadsByItselfWhenARuleFileIsAddedToTheDirectory() throws Exception {
    Files.writeString(
        rules.resolve("more.yml"), RulesDirTest.SIGMA_PACKAGES_PHP.replace("3b1c", "4b1c"));

    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (rt.rules().rule("4b1c5c52-52a4-4bd8-9d1b-7f5a0b3c9e11").isEmpty()
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }

    assertThat(rt.rules().rule("4b1c5c52-52a4-4bd8-9d1b-7f5a0b3c9e11")).isPresent();
  }

  @Test
  void listsTheRulesOfTheDirectoryAsDirectoryRulesBesideTheBuiltIns() {
    JsonNode list = TestHttp.json(http.get("/api/v1/rules", "Authorization", "Bearer " + operator));

    List<String> fromDirectory = new java.util.ArrayList<>();
    for (JsonNode item : list.get("items")) {
      if (item.get("source").asText().equals("directory")) {
        fromDirectory.add(item.get("id").asText());
      }
    }

    assertThat(fromDirectory).hasSize(2).contains("3b1c5c52-52a4-4bd8-9d1b-7f5a0b3c9e11");
  }
}
