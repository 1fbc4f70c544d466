package dev.mimamori.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One test of the CrowdSec hub ({@code .tests/<name>/}: {@code config.yaml} naming the log file,
 * its type, the parsers and the scenarios; {@code scenario.assert} with the alerts the scenarios
 * must raise) read as labelled access-log lines.
 *
 * <p>The labels: in a test of a web scenario, a line whose source address is one that {@code
 * scenario.assert} expects an alert for ({@code "1.2.3.4" in results[0].Overflow.GetSources()}) is
 * an attack line; every other line of the test is one the scenario must not report (like CRS's
 * {@code no_expect_ids}, not necessarily harmless). A test of a whitelist parser and no scenario
 * holds traffic the hub whitelists as legitimate: benign. Other tests (parser-only) carry no label
 * and are left out.
 */
public final class CrowdSecHubTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern SOURCE =
      Pattern.compile("\"([^\"]+)\"\\s+in\\s+results\\[\\d+\\]\\.Overflow\\.GetSources\\(\\)");
  private static final Pattern COUNT = Pattern.compile("^len\\(results\\)\\s*==\\s*(\\d+)\\s*$");

  /** Access-log types mimamori's combined parser and CrowdSec's web parsers both read. */
  static final Set<String> ACCESS_LOG_TYPES = Set.of("nginx", "apache2");

  private CrowdSecHubTest() {}

  /** The addresses {@code scenario.assert} expects alerts for, in order. */
  public static Set<String> reportedSources(String scenarioAssert) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = SOURCE.matcher(scenarioAssert);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The number of alerts {@code scenario.assert} expects ({@code len(results) == N}), if said. */
  public static OptionalInt expectedAlerts(String scenarioAssert) {
    for (String l : scenarioAssert.split("\r?\n")) {
      Matcher m = COUNT.matcher(l.strip());
      if (m.matches()) {
        return OptionalInt.of(Integer.parseInt(m.group(1)));
      }
    }
    return OptionalInt.empty();
  }

  /**
   * The hub's {@code labels.behavior} of a scenario named as a test config names it ({@code
   * crowdsecurity/http-probing} or {@code ./scenarios/crowdsecurity/http-probing.yaml}), or empty.
   */
  public static Optional<String> behavior(Path hub, String scenario) throws IOException {
    String rel = scenario.startsWith("./") ? scenario.substring(2) : "scenarios/" + scenario;
    if (!rel.endsWith(".yaml")) {
      rel = rel + ".yaml";
    }
    Path f = hub.resolve(rel).normalize();
    if (!f.startsWith(hub.normalize()) || !Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
      while (docs.hasNextValue()) {
        JsonNode b = docs.nextValue().path("labels").path("behavior");
        if (b.isTextual()) {
          return Optional.of(b.asText());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A test as labelled lines, in a set named {@code crowdsec-hub/<behavior>} ({@code
   * crowdsec-hub/whitelisted} for a whitelist test), or empty when it is not a labelled web
   * access-log test (see the class comment).
   */
  public static Optional<LabelledLog> read(Path hub, Path testDir) throws IOException {
    Path configFile = testDir.resolve("config.yaml");
    if (!Files.isRegularFile(configFile)) {
      return Optional.empty();
    }
    JsonNode config = YAML.readTree(configFile.toFile());
    String type = config.path("log_type").asText("");
    String logFile = config.path("log_file").asText("");
    if (!ACCESS_LOG_TYPES.contains(type) || logFile.isEmpty() || logFile.contains("/")) {
      return Optional.empty();
    }
    List<String> scenarios = texts(config.path("scenarios"));
    String set;
    Set<String> reported = Set.of();
    if (scenarios.isEmpty()) {
      boolean whitelist =
          texts(config.path("parsers")).stream().anyMatch(p -> p.contains("whitelist"));
      if (!whitelist) {
        return Optional.empty();
      }
      set = "crowdsec-hub/whitelisted";
    } else {
      String b = behavior(hub, scenarios.get(0)).orElse("");
      if (!b.startsWith("http:") || b.equals("http:test")) {
        return Optional.empty();
      }
      Path assertFile = testDir.resolve("scenario.assert");
      String asserted =
          Files.isRegularFile(assertFile)
              ? Files.readString(assertFile, StandardCharsets.UTF_8)
              : "";
      reported = reportedSources(asserted);
      if (reported.isEmpty() && expectedAlerts(asserted).orElse(-1) != 0) {
        return Optional.empty(); // no verdict written down: nothing to measure against
      }
      set = "crowdsec-hub/" + b;
    }
    List<Sample> samples = new ArrayList<>();
    for (String l : Files.readAllLines(testDir.resolve(logFile), StandardCharsets.ISO_8859_1)) {
      if (!l.isBlank()) {
        samples.add(new Sample(set, reported.contains(sourceOf(l)), "", l));
      }
    }
    return Optional.of(new LabelledLog("crowdsec-hub/" + testDir.getFileName(), type, samples));
  }

  // The client address before the identity, user and [time] of an access-log line, at the start
  // or after a syslog header ("Sep 15 16:13:46 host nginx[2869]: 1.2.3.4 - - [15/Sep/2021:...").
  private static final Pattern ACCESS_CLIENT =
      Pattern.compile("(?:^|\\s)([0-9a-fA-F:.]*[.:][0-9a-fA-F:.]*) \\S+ \\S+ \\[\\d");
  private static final Pattern ERROR_CLIENT =
      Pattern.compile("client:? \\[?([0-9a-fA-F:.]+?)\\]?[,: ]");

  /**
   * The client address of a line: that of an access-log line (syslog-wrapped or not), or the {@code
   * client} of an nginx or Apache error-log line; empty when there is none.
   */
  static String sourceOf(String line) {
    Matcher m = ACCESS_CLIENT.matcher(line);
    if (m.find()) {
      return m.group(1);
    }
    m = ERROR_CLIENT.matcher(line);
    return m.find() ? m.group(1) : "";
  }

  private static List<String> texts(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : list) {
      if (n.isTextual() && !n.asText().isBlank()) {
        out.add(n.asText());
      }
    }
    return out;
  }
}
