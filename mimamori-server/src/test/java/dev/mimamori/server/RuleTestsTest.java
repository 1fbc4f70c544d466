package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleTestsTest {
  static final String LINE_ADMINER =
      "203.0.113.5 - - [15/Mar/2021:10:00:00 +0900] \"GET /adminer.php HTTP/1.1\" 404 196 \"-\""
          + " \"Mozilla/5.0\"";
  static final String LINE_HOME =
      "203.0.113.5 - - [15/Mar/2021:10:00:00 +0900] \"GET / HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"";

  @TempDir Path dir;

  private Path sigma(String tests) throws Exception {
    Path f = dir.resolve("adminer.yml");
    Files.writeString(
        f,
        """
        title: Adminer probe
        id: mm-test-adminer
        logsource:
          category: webserver
        detection:
          selection:
            cs-uri-stem|endswith: '/adminer.php'
          condition: selection
        level: high
        """
            + tests);
    return f;
  }

  @Test
  void builtinRulesPassTheirOwnCases() {
    RuleTests.Report report = RuleTests.builtin();

    assertThat(report.results()).isNotEmpty().allMatch(RuleTests.Result::passed);
  }

  @Test
  void everyBuiltinRuleHasCases() {
    assertThat(RuleTests.builtin().untested()).isEmpty();
  }

  @Test
  void passesAMatchCaseThatFires() throws Exception {
    Path f = sigma("tests:\n  match:\n    - '" + LINE_ADMINER.replace("'", "''") + "'\n");

    assertThat(RuleTests.of(f).passed()).isTrue();
  }

  @Test
  void failsAMatchCaseThatDoesNotFire() throws Exception {
    Path f = sigma("tests:\n  match:\n    - '" + LINE_HOME + "'\n");

    assertThat(RuleTests.of(f).results())
        .singleElement()
        .satisfies(r -> assertThat(r.passed()).isFalse())
        .satisfies(r -> assertThat(r.detail()).startsWith("did not fire"));
  }

  @Test
  void failsANoMatchCaseThatFires() throws Exception {
    Path f = sigma("tests:\n  no_match:\n    - '" + LINE_ADMINER + "'\n");

    assertThat(RuleTests.of(f).failures()).isEqualTo(1);
  }

  @Test
  void repeatsALineForAThreshold() throws Exception {
    Path f = dir.resolve("own.yml");
    Files.writeString(
        f,
        """
        rules:
          - id: mm-test-three-404
            title: Three not-found answers
            class: web.scanner
            severity: low
            type: threshold
            match:
              - field: http.response.status_code
                equals: ['404']
            group_by: source.ip
            count: 3
            window: 60s
            tests:
              match:
                - {lines: '%1$s', repeat: 3}
              no_match:
                - {lines: '%1$s', repeat: 2}
        """
            .formatted(LINE_ADMINER));

    assertThat(RuleTests.of(f).results()).hasSize(2).allMatch(RuleTests.Result::passed);
  }

  @Test
  void failsALineThatDoesNotParse() throws Exception {
    Path f = sigma("tests:\n  format: combined\n  match:\n    - 'not a log line'\n");

    assertThat(RuleTests.of(f).results())
        .singleElement()
        .satisfies(r -> assertThat(r.detail()).contains("does not parse as combined"));
  }

  @Test
  void refusesARepeatPastTheLimit() throws Exception {
    Path f = sigma("tests:\n  match:\n    - {lines: 'x', repeat: 1000000}\n");

    assertThat(RuleTests.of(f).errors()).singleElement().asString().contains("repeat must make");
  }

  @Test
  void refusesAnUnknownKeyUnderTests() throws Exception {
    Path f = sigma("tests:\n  matches:\n    - 'x'\n");

    assertThat(RuleTests.of(f).errors()).singleElement().asString().contains("tests.matches");
  }

  @Test
  void numbersRepeatedLinesWithAnAddressOfTheirOwn() {
    assertThat(RuleTests.numbered("{ip} GET /?page={n}", 256)).isEqualTo("10.0.1.1 GET /?page=256");
  }

  @Test
  void reportsARuleFileThatIsNotUtf8() throws Exception {
    Path f = dir.resolve("latin1.yml");
    Files.write(f, new byte[] {'t', 'i', 't', 'l', 'e', ':', ' ', (byte) 0xE9, '\n'});

    assertThat(RuleTests.of(f).passed()).isFalse();
  }
}
