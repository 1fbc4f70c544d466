package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
  static final Path DEMO_LOG = Path.of("src/main/resources/demo/eccube-access.log");

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void printsTheVersionAndExitsZero() {
    Result r = run("version");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("mimamori ").doesNotContain("${");
  }

  @Test
  void answersAnUnknownCommandWithUsageError() {
    assertThat(run("frobnicate").code()).isEqualTo(2);
  }

  @Test
  void answersNoCommandWithUsageError() {
    assertThat(run().code()).isEqualTo(2);
  }

  @Test
  void answersAnUnknownOptionWithUsageError() {
    assertThat(run("serve", "--no-such-option").code()).isEqualTo(2);
  }

  @Test
  void answersABadFormatWithUsageError() {
    Result r = run("analyze", "--format", "nonsense", DEMO_LOG.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown log format 'nonsense'");
  }

  @Test
  void hasHelpOnEveryCommand() {
    for (String cmd :
        List.of(
            "version",
            "serve",
            "demo",
            "analyze",
            "ingest",
            "events",
            "events count",
            "events search")) {
      List<String> args = new java.util.ArrayList<>(List.of(cmd.split(" ")));
      args.add("--help");
      Result r = run(args.toArray(String[]::new));
      assertThat(r.code()).as(cmd).isZero();
      assertThat(r.out()).as(cmd).contains("Usage: mimamori " + cmd);
    }
    assertThat(run("--help").out()).contains("Exit codes:");
  }

  @Test
  void findsTheAttackInTheDemoLogAndExitsOne() {
    Result r = run("analyze", DEMO_LOG.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("mm-web-php-in-user-data").contains("incident ");
    assertThat(r.err()).contains("976 lines, 976 events, 0 not parsed");
  }

  @Test
  void exitsZeroOnAQuietLog(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("quiet.log");
    Files.writeString(
        log,
        "192.0.2.10 - - [21/Nov/2026:10:00:00 +0900] \"GET /products/detail/12 HTTP/1.1\" 200 18000 \"-\" \"Mozilla/5.0\"\n");

    Result r = run("analyze", log.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEmpty();
  }

  @Test
  void failsWithThreeOnAMissingFile(@TempDir Path dir) {
    Result r = run("analyze", dir.resolve("missing.log").toString());

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("cannot read file");
  }

  @Test
  void writesOneJsonObjectPerLine() throws Exception {
    Result r = run("analyze", "--json", DEMO_LOG.toString());

    ObjectMapper m = new ObjectMapper();
    List<JsonNode> objects = new ArrayList<>();
    for (String line : r.out().split("\n")) {
      objects.add(m.readTree(line));
    }
    assertThat(objects).extracting(o -> o.get("type").asText()).contains("alert", "incident");
    JsonNode incident =
        objects.stream()
            .filter(o -> o.get("type").asText().equals("incident"))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(incident.get("alert_count").asInt()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void keepsTerminalControlCharactersOutOfTheReport(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("evil.log");
    Files.writeString(
        log,
        "203.0.113.9 - - [21/Nov/2026:10:00:00 +0900] \"GET /x HTTP/1.1\" 200 1 \"-\" \"sqlmap\u001b[2J\"\n");

    Result r = run("analyze", log.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).doesNotContain("\u001b");
  }

  @Test
  void answersABadPublicUrlWithUsageError(@TempDir Path dir) {
    Result r =
        run("serve", "--port", "0", "--data-dir", dir.toString(), "--public-url", "ftp://soc");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("public URL must start with http:// or https://");
  }

  @Test
  void ingestsIntoTheDataDirectoryAndOnlyWhatWasAddedTheNextTime(@TempDir Path dir)
      throws Exception {
    Path log = dir.resolve("access.log");
    Files.copy(DEMO_LOG, log);

    Result first = run("ingest", "--data-dir", dir.resolve("data").toString(), log.toString());
    Files.writeString(
        log,
        "203.0.113.9 - - [22/Nov/2026:10:00:00 +0900] \"GET /.env HTTP/1.1\" 404 0 \"-\" \"x\"\n",
        java.nio.file.StandardOpenOption.APPEND);
    Result second = run("ingest", "--data-dir", dir.resolve("data").toString(), log.toString());

    assertThat(first.code()).isEqualTo(1);
    assertThat(first.err()).startsWith("976 lines, 976 events, 0 not parsed");
    assertThat(second.err())
        .startsWith("1 lines, 1 events, 0 not parsed, 1 alerts, 1 new incidents");
  }

  @Test
  void ingestStopsWithTheStoresErrorWhileTheRulesAreStillLoading(@TempDir Path dir)
      throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("data"), "x");
    Result r = run("ingest", "--data-dir", notADirectory.toString(), DEMO_LOG.toString());

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("Unable to open the database file");
  }

  @Test
  void ingestsAGzipCompressedLog(@TempDir Path dir) throws Exception {
    Path gz = dir.resolve("access.log.1.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(DEMO_LOG, out);
    }

    Result r = run("ingest", "--data-dir", dir.resolve("data").toString(), gz.toString());

    assertThat(r.err()).startsWith("976 lines, 976 events, 0 not parsed");
  }

  @Test
  void countsAndSearchesWhatWasIngested(@TempDir Path dir) throws Exception {
    String data = dir.resolve("data").toString();
    run("ingest", "--data-dir", data, DEMO_LOG.toString());

    Result count = run("events", "count", "--data-dir", data);
    Result shell =
        run("events", "search", "url.path:\"/html/user_data/packages.php\"", "--data-dir", data);
    Result day =
        run(
            "events",
            "search",
            "*:*",
            "--from",
            "2026-11-20T00:00:00Z",
            "--to",
            "2026-11-20T01:00:00Z",
            "--data-dir",
            data);

    assertThat(count.out().trim()).isEqualTo("976");
    assertThat(shell.code()).isEqualTo(1);
    assertThat(shell.err()).contains("4 matching events");
    assertThat(shell.out()).contains("203.0.113.77");
    assertThat(day.err()).contains("matching events");
  }

  @Test
  void answersABadQueryWithUsageError(@TempDir Path dir) throws Exception {
    String data = dir.resolve("data").toString();
    run("ingest", "--data-dir", data, DEMO_LOG.toString());

    Result r = run("events", "search", "url.path:(", "--data-dir", data);

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("invalid query");
  }

  @Test
  void ingestsEveryFileAPatternNames(@TempDir Path dir) throws Exception {
    Files.copy(DEMO_LOG, dir.resolve("a.log"));
    Files.copy(DEMO_LOG, dir.resolve("b.log"));

    Result r =
        run(
            "ingest",
            "--data-dir",
            dir.resolve("data").toString(),
            dir.resolve("*.log").toString());

    assertThat(r.err()).startsWith("1952 lines");
  }

  @Test
  void failsWhenAPatternNamesNoFile(@TempDir Path dir) {
    Result r = run("analyze", dir.resolve("*.log").toString());

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("no file matches");
  }
}
