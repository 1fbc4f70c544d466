package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectCommandTest {
  static final String SHELL =
      "203.0.113.77 - - [21/Nov/2026:10:00:00 +0900] \"POST /html/user_data/ba5e1f.php HTTP/1.1\""
          + " 200 120 \"-\" \"curl/8.5.0\"";
  static final String BENIGN =
      "198.51.100.4 - - [21/Nov/2026:10:00:01 +0900] \"GET /products/list HTTP/1.1\" 200 5120"
          + " \"-\" \"Mozilla/5.0\"";

  @TempDir Path dir;

  Path log(String... lines) throws Exception {
    Path p = dir.resolve("access.log");
    Files.write(p, List.of(lines));
    return p;
  }

  static List<JsonNode> alerts(MainTest.Result r) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    ObjectMapper m = new ObjectMapper();
    for (String l : r.out().lines().toList()) {
      out.add(m.readTree(l));
    }
    return out;
  }

  @Test
  void printsTheLineNumberOfTheLineThatFired() throws Exception {
    Path p = log(BENIGN, BENIGN, SHELL);

    List<JsonNode> a = alerts(MainTest.run("detect", "--json", p.toString()));

    assertThat(a).extracting(n -> n.get("line").asLong()).containsExactly(3L);
  }

  @Test
  void namesTheRuleItsClassAndSeverity() throws Exception {
    Path p = log(SHELL);

    JsonNode a = alerts(MainTest.run("detect", "--json", p.toString())).get(0);

    assertThat(
            List.of(a.get("rule.id").asText(), a.get("class").asText(), a.get("severity").asText()))
        .containsExactly("mm-web-php-in-user-data", "webshell", "critical");
  }

  @Test
  void exitsWithZeroWhenItFindsSomething() throws Exception {
    assertThat(MainTest.run("detect", log(SHELL).toString()).code()).isZero();
  }

  @Test
  void exitsWithOneWhenAnAlertReachesTheFailOnSeverity() throws Exception {
    assertThat(MainTest.run("detect", "--fail-on", "high", log(SHELL).toString()).code())
        .isEqualTo(ExitCodes.FINDINGS);
  }

  @Test
  void exitsWithZeroWhenNoAlertReachesTheFailOnSeverity() throws Exception {
    assertThat(MainTest.run("detect", "--fail-on", "high", log(BENIGN).toString()).code()).isZero();
  }

  @Test
  void refusesAnUnknownSeverity() throws Exception {
    assertThat(MainTest.run("detect", "--fail-on", "dire", log(SHELL).toString()).code())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void listsEveryLineOfABruteForce() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      lines.add(
          String.format(
              "203.0.113.9 - - [21/Nov/2026:10:00:%02d +0900] \"POST /admin/login HTTP/1.1\" 200"
                  + " 900 \"-\" \"python-requests/2.31\"",
              i));
    }
    Path p = log(lines.toArray(String[]::new));

    List<JsonNode> a = alerts(MainTest.run("detect", "--json", p.toString()));

    assertThat(a.get(0).get("lines").size()).isGreaterThan(1);
  }

  @Test
  void listsEveryLineOfALoginAttackSpreadOverTwentyAddresses() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      lines.add(BENIGN);
      lines.add(
          String.format(
              "198.51.100.%d - - [21/Nov/2026:10:00:%02d +0900] \"POST /mypage/login HTTP/1.1\""
                  + " 302 0 \"-\" \"Mozilla/5.0\"",
              i + 1, 2 * i));
    }
    Path p = log(lines.toArray(String[]::new));

    List<JsonNode> a = alerts(MainTest.run("detect", "--json", p.toString()));

    assertThat(a)
        .singleElement()
        .satisfies(n -> assertThat(n.get("rule.id").asText()).isEqualTo("mm-web-login-distributed"))
        .satisfies(
            n ->
                assertThat(n.get("lines"))
                    .extracting(JsonNode::asLong)
                    .containsExactly(
                        2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L, 22L, 24L, 26L, 28L, 30L, 32L,
                        34L, 36L, 38L, 40L));
  }

  @Test
  void runsOnlyTheRulesOfADirectoryWithNoBuiltin() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(
        rules.resolve("mine.yml"),
        """
        rules:
          - id: my-products
            title: Product list viewed
            class: test.products
            severity: low
            type: match
            match:
              - field: url.path
                equals: [/products/list]
        """);

    List<JsonNode> a =
        alerts(
            MainTest.run(
                "detect",
                "--json",
                "--no-builtin",
                "--rules",
                rules.toString(),
                log(BENIGN, SHELL).toString()));

    assertThat(a).extracting(n -> n.get("rule.id").asText()).containsExactly("my-products");
  }
}
