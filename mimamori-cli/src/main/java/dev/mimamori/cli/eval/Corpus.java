package dev.mimamori.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the labelled sets of {@code shared/corpus} into access-log lines. Sets that are not access
 * logs become lines the way the request would be logged: a parameter value as the query of a GET; a
 * CRS test's URI, user agent and referrer as sent, with a POST body moved into the query (an access
 * log holds no bodies, so this measures the payload, not what a log would show).
 */
public final class Corpus {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern CRS_FOLDER = Pattern.compile("REQUEST-(\\d{3})-(.*)");

  /** The fail2ban filters about web servers whose labelled test logs the corpus holds. */
  static final List<String> FAIL2BAN_WEB_FILTERS =
      List.of(
          "apache-auth",
          "apache-badbots",
          "apache-botsearch",
          "apache-fakegooglebot",
          "apache-modsecurity",
          "apache-nohome",
          "apache-noscript",
          "apache-overflows",
          "apache-pass",
          "apache-shellshock",
          "haproxy-http-auth",
          "lighttpd-auth",
          "nginx-bad-request",
          "nginx-botsearch",
          "nginx-forbidden",
          "nginx-http-auth",
          "nginx-limit-req",
          "php-url-fopen",
          "squid",
          "suhosin",
          "traefik-auth");

  private static final OffsetDateTime START = OffsetDateTime.parse("2026-11-21T10:00:00+09:00");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

  private final Path root;
  private int counter;

  public Corpus(Path root) {
    this.root = root;
  }

  /**
   * An access line for a request, from a different address each time and a second after the one
   * before: all at one instant, tens of thousands of addresses would be a flood to the rules that
   * watch traffic over time, which is not what the set is about.
   */
  String line(String method, String target, String referrer, String agent) {
    int n = counter++;
    String ip = "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
    return ip
        + " - - ["
        + TIME.format(START.plusSeconds(n))
        + "] \""
        + method
        + " "
        + target
        + " HTTP/1.1\" 200 512 \""
        + escape(referrer)
        + "\" \""
        + escape(agent)
        + "\"";
  }

  /** As nginx writes a request into its log: quotes and control bytes as {@code \xHH}. */
  private static String escape(String v) {
    StringBuilder b = new StringBuilder(v.length());
    for (char c : v.toCharArray()) {
      if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** HttpParamsDataset: each value as a query parameter, labelled norm, sqli, xss, cmdi, ... */
  public List<LabelledLog> httpParams() throws IOException {
    Path csv = root.resolve("httplogs/HttpParamsDataset/payload_full.csv");
    if (!Files.isRegularFile(csv)) {
      return List.of();
    }
    List<Sample> out = new ArrayList<>();
    List<List<String>> rows = Csv.parse(Files.readString(csv, StandardCharsets.UTF_8));
    for (List<String> row : rows.subList(1, rows.size())) {
      if (row.size() < 4) {
        continue;
      }
      String value = row.get(0);
      String label = row.get(3).trim();
      String kind = row.get(2).trim();
      boolean attack = !label.equals("norm");
      String target = "/search?q=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
      out.add(
          new Sample(
              "HttpParamsDataset/" + (attack ? kind : "norm"),
              attack,
              attack ? expectedClass(kind) : "",
              line("GET", escape(target), "-", "Mozilla/5.0")));
    }
    return List.of(new LabelledLog("HttpParamsDataset", "nginx", out));
  }

  private static String expectedClass(String kind) {
    return switch (kind) {
      case "sqli" -> "sqli";
      case "xss" -> "xss";
      case "cmdi" -> "rce";
      case "path-traversal" -> "traversal";
      default -> "";
    };
  }

  /** OWASP CRS regression tests of the request rule families that show in a URL or headers. */
  public List<LabelledLog> crs() throws IOException {
    Path tests = root.resolve("rules/coreruleset-v4.28.0/tests/regression/tests");
    if (!Files.isDirectory(tests)) {
      return List.of();
    }
    List<Sample> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(tests)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path f : files) {
      String family = family(f.getParent().getFileName().toString());
      if (family == null) {
        continue;
      }
      JsonNode doc;
      try {
        doc = YAML.readTree(f.toFile());
      } catch (IOException e) {
        continue; // a test file this reader cannot read is left out, not guessed at
      }
      for (JsonNode test : doc.path("tests")) {
        for (JsonNode stage : test.path("stages")) {
          JsonNode in = stage.path("input");
          JsonNode log = stage.path("output").path("log");
          boolean attack = log.path("expect_ids").size() > 0;
          boolean benign = !attack && log.path("no_expect_ids").size() > 0;
          if (!attack && !benign) {
            continue;
          }
          String uri = in.path("uri").asText("/");
          String data = in.path("data").asText("");
          if (!data.isEmpty() && data.length() < 8192) {
            uri = uri + (uri.contains("?") ? "&" : "?") + data.replace(' ', '+');
          }
          String method = in.path("method").asText("GET");
          JsonNode headers = in.path("headers");
          out.add(
              new Sample(
                  "CRS/" + family,
                  attack,
                  "",
                  line(
                      method.matches("[A-Z]{1,16}") ? method : "GET",
                      escape(uri),
                      headers.path("Referer").asText("-"),
                      headers.path("User-Agent").asText("-"))));
        }
      }
    }
    return List.of(new LabelledLog("CRS", "nginx", out));
  }

  private static String family(String folder) {
    Matcher m = CRS_FOLDER.matcher(folder);
    if (!m.matches()) {
      return null;
    }
    return switch (m.group(1)) {
      case "913", "930", "931", "932", "933", "934", "941", "942", "944" ->
          m.group(1) + "-" + m.group(2).toLowerCase(Locale.ROOT).replace("application-attack-", "");
      default -> null;
    };
  }

  /** The ocatak scanner logs: every line is a scanner's request. One log per scanner. */
  public List<LabelledLog> scanners() throws IOException {
    List<LabelledLog> out = new ArrayList<>();
    for (String name : List.of("acunetix", "netsparker", "w3af")) {
      Path f = root.resolve("httplogs/ocatak-apache-http-logs/" + name + ".txt");
      if (!Files.isRegularFile(f)) {
        continue;
      }
      List<Sample> lines = new ArrayList<>();
      for (String l : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
        String t = l.strip();
        if (t.startsWith("\"") && t.endsWith("\"") && t.length() > 1) {
          t = t.substring(1, t.length() - 1);
        }
        if (!t.isEmpty()) {
          lines.add(new Sample("ocatak/" + name, true, "", t));
        }
      }
      out.add(new LabelledLog("ocatak/" + name, "apache2", lines));
    }
    return out;
  }

  /** The 10,000 elastic/examples Apache lines: real, mostly benign traffic. */
  public List<LabelledLog> benign() throws IOException {
    Path f = root.resolve("httplogs/elastic-examples/Common Data Formats/apache_logs/apache_logs");
    if (!Files.isRegularFile(f)) {
      return List.of();
    }
    List<Sample> out = new ArrayList<>();
    for (String l : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
      if (!l.isBlank()) {
        out.add(new Sample("elastic-examples", false, "", l));
      }
    }
    return List.of(new LabelledLog("elastic-examples", "apache2", out));
  }

  /**
   * fail2ban's labelled test logs of its web-server filters ({@link Fail2banFixture}), one set per
   * filter.
   */
  public List<LabelledLog> fail2ban() throws IOException {
    List<LabelledLog> out = new ArrayList<>();
    Path dir = root.resolve("httplogs/fail2ban/fail2ban/tests/files/logs");
    for (String name : FAIL2BAN_WEB_FILTERS) {
      Path f = dir.resolve(name);
      if (Files.isRegularFile(f)) {
        String set = "fail2ban/" + name;
        out.add(
            new LabelledLog(
                set,
                name.startsWith("apache") ? "apache2" : "nginx",
                Fail2banFixture.read(set, Files.readString(f, StandardCharsets.ISO_8859_1))));
      }
    }
    return out;
  }

  /** The CrowdSec hub's labelled web access-log tests ({@link CrowdSecHubTest}), one log each. */
  public List<LabelledLog> crowdsecHub() throws IOException {
    Path hub = root.resolve("httplogs/crowdsec-hub");
    Path tests = hub.resolve(".tests");
    if (!Files.isDirectory(tests)) {
      return List.of();
    }
    List<Path> dirs;
    try (Stream<Path> s = Files.list(tests)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    List<LabelledLog> out = new ArrayList<>();
    for (Path d : dirs) {
      Optional<LabelledLog> t = CrowdSecHubTest.read(hub, d);
      t.ifPresent(out::add);
    }
    // Grouped by set (behaviour), so that the tables list each set once.
    out.sort(Comparator.comparing(l -> l.samples().isEmpty() ? "" : l.samples().get(0).set()));
    return out;
  }

  /** Every set the corpus holds, in the order of the tables; absent ones are left out. */
  public List<LabelledLog> all() throws IOException {
    List<LabelledLog> out = new ArrayList<>();
    out.addAll(httpParams());
    out.addAll(crs());
    out.addAll(scanners());
    out.addAll(crowdsecHub());
    out.addAll(fail2ban());
    out.addAll(benign());
    return out;
  }
}
