package dev.mimamori.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * CrowdSec replaying a log file ({@code crowdsec -dsn file://... -type nginx}, its "time machine"
 * mode) with the parsers and scenarios of the {@code crowdsecurity/nginx} and {@code
 * crowdsecurity/apache2} collections of the hub installed on this machine, in a private
 * configuration: nothing under /etc or /var is touched, and no network is needed beyond a local API
 * on a free loopback port that the replay must report its alerts to.
 *
 * <p>CrowdSec reports addresses, not lines: "Ip X performed 'scenario' (N events over D) at T". A
 * line counts as reported when an alert names its source address and the line's time lies within
 * the alert's events (from T−D to T, a second either side; lines without a time, such as error-log
 * lines, by address alone).
 */
public final class CrowdSecPeer implements Peer {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final List<String> COLLECTIONS = List.of("crowdsecurity/nginx", "crowdsecurity/apache2");
  // The raw-line and timestamp stages every web collection relies on (CrowdSec's own hub tests
  // name them too). The whitelists parser is left out, as in those tests: it drops private
  // addresses, which the synthetic sets use.
  static final List<String> BASE_PARSERS =
      List.of("crowdsecurity/syslog-logs", "crowdsecurity/dateparse-enrich");
  private static final Pattern ALERT =
      Pattern.compile(
          "Ip (\\S+) performed '([^']+)' \\((\\d+) events over (\\S+)\\) at"
              + " (\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d)(?:\\.\\d+)? ([+-]\\d{4})");
  private static final Pattern DURATION_PART =
      Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|us|µs|ns|m|s)");
  private static final Pattern ACCESS_TIME =
      Pattern.compile("\\[(\\d\\d/\\w{3}/\\d{4}:[^\\]]+)\\]");
  private static final DateTimeFormatter CLF =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

  private final Path crowdsec;
  private final Path cscli;
  private final Path hub;
  private final Path data;
  private final Path patterns;
  private @Nullable Path config;

  public CrowdSecPeer(Path crowdsec, Path cscli, Path hub, Path data, Path patterns) {
    this.crowdsec = crowdsec;
    this.cscli = cscli;
    this.hub = hub;
    this.data = data;
    this.patterns = patterns;
  }

  /** One alert as CrowdSec logs it. */
  record Alert(String ip, String scenario, long fromEpoch, long toEpoch) {}

  @Override
  public String name() {
    return "CrowdSec";
  }

  @Override
  public Optional<String> unavailable() {
    if (!Files.isExecutable(crowdsec) || !Files.isExecutable(cscli)) {
      return Optional.of("not installed");
    }
    for (Path p : List.of(hub.resolve("collections"), data, patterns)) {
      if (!Files.isDirectory(p)) {
        return Optional.of("not installed (no " + p + ")");
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean stateful() {
    return true;
  }

  /**
   * Writes the private configuration into {@code dir} (parsers and scenarios linked from the hub, a
   * data folder, a local API database with this machine registered) and returns its {@code
   * config.yaml}.
   */
  public Path prepare(Path dir) throws IOException, InterruptedException {
    Path etc = Files.createDirectories(dir.resolve("etc"));
    Path dataDir = Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(dir.resolve("var"));
    Set<String> parsers = new LinkedHashSet<>(BASE_PARSERS);
    Set<String> scenarios = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(COLLECTIONS);
    Set<String> seen = new LinkedHashSet<>();
    while (!todo.isEmpty()) {
      String c = todo.pop();
      Path f = hub.resolve("collections/" + c + ".yaml");
      if (!seen.add(c) || !Files.isRegularFile(f)) {
        continue;
      }
      JsonNode n = YAML.readTree(f.toFile());
      n.path("parsers").forEach(p -> parsers.add(p.asText()));
      n.path("scenarios").forEach(s -> scenarios.add(s.asText()));
      n.path("collections").forEach(s -> todo.add(s.asText()));
    }
    for (String p : parsers) {
      Path src = parserFile(p);
      if (src != null) {
        Path stage =
            Files.createDirectories(
                etc.resolve("parsers").resolve(src.getParent().getParent().getFileName()));
        link(stage.resolve(src.getFileName()), src);
      }
    }
    Path scenarioDir = Files.createDirectories(etc.resolve("scenarios"));
    Files.createDirectories(etc.resolve("postoverflows"));
    for (String s : scenarios) {
      Path src = hub.resolve("scenarios/" + s + ".yaml");
      if (Files.isRegularFile(src)) {
        // CrowdSec loads only items its hub recognises: a link under the hub file's own name.
        link(scenarioDir.resolve(src.getFileName()), src);
        linkData(src, dataDir);
      }
    }
    try (Stream<Path> files = Files.list(data)) {
      for (Path f : files.toList()) {
        link(dataDir.resolve(f.getFileName()), f);
      }
    }
    link(etc.resolve("patterns"), patterns);
    Files.writeString(etc.resolve("acquis.yaml"), "");
    Files.writeString(etc.resolve("simulation.yaml"), "simulation: off\n");
    Files.writeString(
        etc.resolve("profiles.yaml"),
        "name: default_ip_remediation\nfilters:\n - Alert.Remediation == true &&"
            + " Alert.GetScope() == \"Ip\"\ndecisions:\n - type: ban\n   duration: 4h\n"
            + "on_success: break\n");
    Files.writeString(etc.resolve("local_api_credentials.yaml"), "");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path cfg = etc.resolve("config.yaml");
    Files.writeString(cfg, configYaml(dir, hub, port), StandardCharsets.UTF_8);
    Tool.Output o =
        Tool.run(
            List.of(cscli.toString(), "-c", cfg.toString(), "machines", "add", "-a", "--force"),
            dir,
            Map.of());
    if (o.exit() != 0) {
      throw new IOException("cscli machines add failed: " + Tool.tail(o.text()));
    }
    return cfg;
  }

  static String configYaml(Path dir, Path hub, int port) {
    Path etc = dir.resolve("etc");
    return String.join(
        "\n",
        "common:",
        "  daemonize: false",
        "  log_media: stdout",
        "  log_level: info",
        "  working_dir: .",
        "config_paths:",
        "  config_dir: " + etc + "/",
        "  data_dir: " + dir.resolve("data") + "/",
        "  simulation_path: " + etc.resolve("simulation.yaml"),
        "  hub_dir: " + hub + "/",
        "  index_path: " + hub.resolve(".index.json"),
        "crowdsec_service:",
        "  acquisition_path: " + etc.resolve("acquis.yaml"),
        "  parser_routines: 1",
        "db_config:",
        "  type: sqlite",
        "  use_wal: false",
        "  db_path: " + dir.resolve("var/crowdsec.db"),
        "api:",
        "  client:",
        "    credentials_path: " + etc.resolve("local_api_credentials.yaml"),
        "  server:",
        "    listen_uri: 127.0.0.1:" + port,
        "    profiles_path: " + etc.resolve("profiles.yaml"),
        "prometheus:",
        "  enabled: false",
        "");
  }

  /** The hub file of a parser named {@code author/name}, in whichever stage holds it. */
  private @Nullable Path parserFile(String name) throws IOException {
    try (Stream<Path> stages = Files.list(hub.resolve("parsers"))) {
      for (Path stage : stages.sorted().toList()) {
        Path f = stage.resolve(name + ".yaml");
        if (Files.isRegularFile(f)) {
          return f;
        }
      }
    }
    return null;
  }

  /**
   * A scenario names the data file it needs ({@code dest_file}) and where it comes from ({@code
   * source_url}); when the installed data holds that list under the source's own name (Debian ships
   * sec-lists' {@code path_traversal.txt}, the scenario asks for {@code http_path_traversal.txt}),
   * link it under the name asked for instead of downloading it.
   */
  private void linkData(Path scenario, Path dataDir) throws IOException {
    try (MappingIterator<JsonNode> docs =
        YAML.readerFor(JsonNode.class).readValues(scenario.toFile())) {
      while (docs.hasNextValue()) {
        for (JsonNode d : docs.nextValue().path("data")) {
          String dest = d.path("dest_file").asText("");
          String url = d.path("source_url").asText("");
          Path have = data.resolve(url.substring(url.lastIndexOf('/') + 1));
          if (!dest.isEmpty()
              && !dest.contains("/")
              && !Files.exists(data.resolve(dest))
              && Files.isRegularFile(have)) {
            link(dataDir.resolve(dest), have);
          }
        }
      }
    }
  }

  private static void link(Path link, Path target) throws IOException {
    if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(link, target.toAbsolutePath());
    }
  }

  @Override
  public BitSet flagged(List<String> lines, String logType, Path work)
      throws IOException, InterruptedException {
    Path cfg = config;
    Path runtime = work.resolve("crowdsec-runtime");
    if (cfg == null) {
      cfg = prepare(Files.createDirectories(runtime));
      config = cfg;
    }
    Path in = Tool.writeLines(work, "crowdsec-input.log", lines);
    Tool.Output o =
        Tool.run(
            List.of(
                crowdsec.toString(),
                "-c",
                cfg.toString(),
                "-dsn",
                "file://" + in.toAbsolutePath(),
                "-type",
                logType,
                "-info"),
            runtime,
            Map.of());
    if (o.exit() != 0 || o.text().contains("level=fatal")) {
      throw new IOException("crowdsec replay failed: " + Tool.tail(o.text()));
    }
    Files.deleteIfExists(in);
    return linesOf(alerts(o.text()), lines);
  }

  /** The alerts of a replay's log. */
  static List<Alert> alerts(String log) {
    List<Alert> out = new ArrayList<>();
    Matcher m = ALERT.matcher(log);
    while (m.find()) {
      long at =
          LocalDateTime.parse(m.group(5) + "T" + m.group(6))
              .toEpochSecond(ZoneOffset.of(m.group(7)));
      long span = (long) Math.ceil(Math.abs(goSeconds(m.group(4))));
      out.add(new Alert(address(m.group(1)), m.group(2), at - span - 1, at + span + 1));
    }
    return out;
  }

  /** The lines the alerts account for (see the class comment). */
  static BitSet linesOf(List<Alert> alerts, List<String> lines) {
    BitSet out = new BitSet(lines.size());
    if (alerts.isEmpty()) {
      return out;
    }
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      String ip = address(CrowdSecHubTest.sourceOf(l));
      @Nullable Long t = time(l);
      for (Alert a : alerts) {
        if (a.ip().equals(ip) && (t == null || (t >= a.fromEpoch() && t <= a.toEpoch()))) {
          out.set(i);
          break;
        }
      }
    }
    return out;
  }

  /** A Go duration ({@code 1m2.5s}, {@code -23s}, {@code 350ms}) in seconds. */
  static double goSeconds(String d) {
    double sign = d.startsWith("-") ? -1 : 1;
    double s = 0;
    Matcher m = DURATION_PART.matcher(d);
    while (m.find()) {
      double v = Double.parseDouble(m.group(1));
      s +=
          switch (m.group(2)) {
            case "h" -> v * 3600;
            case "m" -> v * 60;
            case "s" -> v;
            case "ms" -> v / 1e3;
            case "us", "µs" -> v / 1e6;
            default -> v / 1e9;
          };
    }
    return sign * s;
  }

  /** The time of an access-log line in epoch seconds, or null. */
  static @Nullable Long time(String line) {
    Matcher m = ACCESS_TIME.matcher(line);
    if (!m.find()) {
      return null;
    }
    try {
      return ZonedDateTime.parse(m.group(1), CLF).toEpochSecond();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** An address in one spelling: IPv6 literals are written out the same way on both sides. */
  static String address(String a) {
    if (a.contains(":") && a.matches("[0-9a-fA-F:.]+")) {
      try {
        return InetAddress.getByName(a).getHostAddress();
      } catch (UnknownHostException e) {
        return a;
      }
    }
    return a;
  }
}
