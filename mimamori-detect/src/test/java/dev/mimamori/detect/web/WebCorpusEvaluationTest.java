package dev.mimamori.detect.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.combined.CombinedLogParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Recall and false positives on the third-party corpus ({@code shared/corpus}, never copied into
 * the project). Skipped where the corpus is absent; found through {@code -Dmimamori.corpus}, {@code
 * MIMAMORI_CORPUS} or a {@code shared/corpus} folder above the working directory. Prints the
 * figures (see the surefire report's output file) and guards them against regressions with
 * thresholds a little below what the analyzers reach today.
 */
class WebCorpusEvaluationTest {
  private static final @Nullable Path CORPUS = findCorpus();
  private static final List<String> ORDINARY_HEADERS =
      List.of(
          "Host",
          "Accept",
          "Content-Type",
          "Content-Length",
          "Cache-Control",
          "User-Agent",
          "Cookie",
          "Referer");

  @Test
  void httpParamsDatasetRecallPerClassAndFalsePositivesOnNormalValues() throws IOException {
    Path csv = corpus("httplogs/HttpParamsDataset/payload_full.csv");
    Map<String, int[]> counts = new TreeMap<>();
    List<List<String>> rows = Csv.parse(Files.readString(csv, StandardCharsets.UTF_8));
    for (List<String> row : rows.subList(1, rows.size())) {
      String label = row.get(2);
      int[] c = counts.computeIfAbsent(label, k -> new int[2]);
      c[0]++;
      if (!WebAttackAnalyzer.analyze(row.get(0)).isEmpty()) {
        c[1]++;
      }
    }
    StringBuilder report = new StringBuilder("HttpParamsDataset (flagged / total):\n");
    counts.forEach(
        (label, c) ->
            report.append(
                String.format(
                    "  %-15s %6d / %6d  %6.2f%%%n", label, c[1], c[0], 100.0 * c[1] / c[0])));
    System.out.print(report);

    assertThat(rate(counts.get("norm"))).as(report.toString()).isLessThanOrEqualTo(0.0005);
    assertThat(rate(counts.get("sqli"))).as(report.toString()).isGreaterThanOrEqualTo(0.99);
    assertThat(rate(counts.get("xss"))).as(report.toString()).isGreaterThanOrEqualTo(0.95);
    assertThat(rate(counts.get("cmdi"))).as(report.toString()).isGreaterThanOrEqualTo(0.92);
    assertThat(rate(counts.get("path-traversal")))
        .as(report.toString())
        .isGreaterThanOrEqualTo(0.78);
  }

  @Test
  void coreRuleSetSqliAndXssRegressionTests() throws IOException {
    Path tests = corpus("rules/coreruleset-v4.28.0/tests/regression/tests");
    Path rules = corpus("rules/coreruleset-v4.28.0/rules");
    Map<String, String> paranoia = new HashMap<>();
    paranoia.putAll(paranoiaLevels(rules.resolve("REQUEST-941-APPLICATION-ATTACK-XSS.conf")));
    paranoia.putAll(paranoiaLevels(rules.resolve("REQUEST-942-APPLICATION-ATTACK-SQLI.conf")));
    Map<String, int[]> counts = new TreeMap<>();
    YAMLMapper yaml = new YAMLMapper();
    for (String folder :
        List.of("REQUEST-941-APPLICATION-ATTACK-XSS", "REQUEST-942-APPLICATION-ATTACK-SQLI")) {
      List<Path> files;
      try (Stream<Path> s = Files.list(tests.resolve(folder))) {
        files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      }
      for (Path file : files) {
        JsonNode doc = yaml.readTree(file.toFile());
        String rule = doc.path("rule_id").asText();
        for (JsonNode test : doc.path("tests")) {
          for (JsonNode stage : test.path("stages")) {
            boolean attack = stage.path("output").path("log").path("expect_ids").size() > 0;
            boolean flagged = !findings(stage.path("input")).isEmpty();
            String family = rule.substring(0, 3);
            String pl = "PL" + paranoia.getOrDefault(rule, "?");
            for (String key : List.of(family + " all", family + " " + pl)) {
              int[] c =
                  counts.computeIfAbsent(
                      key + (attack ? " attack" : " no-expect"), k -> new int[2]);
              c[0]++;
              if (flagged) {
                c[1]++;
              }
            }
          }
        }
      }
    }
    StringBuilder report =
        new StringBuilder(
            "CRS v4.28.0 regression tests, 941 XSS and 942 SQLi (flagged / total):\n");
    counts.forEach(
        (k, c) ->
            report.append(
                String.format("  %-22s %5d / %5d  %6.1f%%%n", k, c[1], c[0], 100.0 * c[1] / c[0])));
    System.out.print(report);

    assertThat(rate(counts.get("942 all attack"))).as(report.toString()).isGreaterThan(0.3);
  }

  @Test
  void realAccessLogOfMostlyBenignTrafficRarelyFires() throws IOException {
    Path log = corpus("httplogs/elastic-examples/Common Data Formats/apache_logs/apache_logs");
    CombinedLogParser parser = new CombinedLogParser();
    int events = 0;
    int flagged = 0;
    long line = 0;
    for (String raw : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (parser.parse(raw, new LineContext("t", "a", "f", 0, ++line))
          instanceof ParseResult.Parsed p) {
        events++;
        if (!WebAttackAnalyzer.analyze(p.event()).isEmpty()) {
          flagged++;
        }
      }
    }
    String report =
        String.format(
            "elastic-examples apache_logs: %d of %d events flagged (%.3f%%)%n",
            flagged, events, 100.0 * flagged / events);
    System.out.print(report);

    assertThat((double) flagged / events).as(report).isLessThanOrEqualTo(0.001);
  }

  /** The values of one CRS test request: path, query and form parameters, bodies and headers. */
  private static List<Finding> findings(JsonNode input) {
    List<Finding> out = new ArrayList<>();
    String uri = input.path("uri").asText("");
    JsonNode headers = input.path("headers");
    String ua = headers.path("User-Agent").asText("");
    String referrer = headers.path("Referer").asText(null);
    int q = uri.indexOf('?');
    Event request =
        Event.builder()
            .timestamp(Instant.EPOCH)
            .urlOriginal(uri)
            .urlPath(q < 0 ? uri : uri.substring(0, q))
            .urlQuery(q < 0 ? null : uri.substring(q + 1))
            .userAgent(ua.equals("OWASP CRS test agent") ? null : ua)
            .referrer(referrer)
            .build();
    WebAttackAnalyzer.analyze(request).forEach(p -> out.addAll(p.findings()));
    String data = input.path("data").asText("");
    String type = headers.path("Content-Type").asText("");
    if (!data.isEmpty()) {
      if (type.isEmpty() || type.contains("x-www-form-urlencoded")) {
        Event form = Event.builder().timestamp(Instant.EPOCH).urlQuery(data).build();
        WebAttackAnalyzer.analyze(form).forEach(p -> out.addAll(p.findings()));
      } else {
        out.addAll(WebAttackAnalyzer.analyze(data));
        for (String v : markupValues(data)) {
          out.addAll(WebAttackAnalyzer.analyze(v));
        }
      }
    }
    for (String cookie : headers.path("Cookie").asText("").split(";")) {
      int eq = cookie.indexOf('=');
      if (!cookie.isBlank()) {
        out.addAll(WebAttackAnalyzer.analyze(cookie.substring(eq + 1)));
        if (eq > 0) {
          out.addAll(WebAttackAnalyzer.analyze(cookie.substring(0, eq)));
        }
      }
    }
    for (Map.Entry<String, JsonNode> h : headers.properties()) {
      if (!ORDINARY_HEADERS.contains(h.getKey())) {
        out.addAll(WebAttackAnalyzer.analyze(h.getValue().asText("")));
      }
    }
    return out;
  }

  /** Attribute values, text nodes and JSON strings of an XML or JSON body, entities decoded. */
  private static List<String> markupValues(String body) {
    Matcher m = Pattern.compile("=\"([^\"]*)\"|>([^<]+)<|\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(body);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      String g = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      out.add(
          g.replace("&lt;", "<")
              .replace("&gt;", ">")
              .replace("&quot;", "\"")
              .replace("&apos;", "'")
              .replace("&amp;", "&"));
    }
    return out;
  }

  private static Map<String, String> paranoiaLevels(Path conf) throws IOException {
    Map<String, String> out = new HashMap<>();
    Pattern id = Pattern.compile("id:(\\d+)");
    Pattern pl = Pattern.compile("paranoia-level/(\\d)");
    String current = null;
    for (String line : Files.readAllLines(conf, StandardCharsets.UTF_8)) {
      Matcher m = id.matcher(line);
      if (m.find()) {
        current = m.group(1);
      }
      Matcher p = pl.matcher(line);
      if (p.find() && current != null) {
        out.putIfAbsent(current, p.group(1));
      }
    }
    return out;
  }

  private static double rate(int @Nullable [] c) {
    return c == null || c[0] == 0 ? 0 : (double) c[1] / c[0];
  }

  private static Path corpus(String relative) {
    Assumptions.assumeTrue(CORPUS != null, "shared/corpus is not on this machine");
    Path p = CORPUS.resolve(relative);
    Assumptions.assumeTrue(Files.exists(p), relative + " is not in the corpus");
    return p;
  }

  private static @Nullable Path findCorpus() {
    String configured = System.getProperty("mimamori.corpus", System.getenv("MIMAMORI_CORPUS"));
    if (configured != null && Files.isDirectory(Path.of(configured))) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/corpus");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** RFC 4180 CSV: quoted fields with doubled quotes, commas and newlines inside. */
  private static final class Csv {
    static List<List<String>> parse(String s) {
      List<List<String>> rows = new ArrayList<>();
      List<String> row = new ArrayList<>();
      StringBuilder f = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
            f.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            f.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          row.add(f.toString());
          f.setLength(0);
        } else if (c == '\n') {
          row.add(f.toString());
          f.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
        } else if (c != '\r') {
          f.append(c);
        }
      }
      if (f.length() > 0 || !row.isEmpty()) {
        row.add(f.toString());
        rows.add(row);
      }
      return rows;
    }
  }
}
