package dev.mimamori.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
  private static final Pattern FAIL_JSON = Pattern.compile("\"match\"\\s*:\\s*(true|false)");

  private final Path root;
  private int counter;

  public Corpus(Path root) {
    this.root = root;
  }

  /** An access line for a request, from a different address each time. */
  String line(String method, String target, String referrer, String agent) {
    int n = counter++;
    String ip = "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
    return ip
        + " - - [21/Nov/2026:10:00:00 +0900] \""
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
  public List<Sample> httpParams() throws IOException {
    Path csv = root.resolve("httplogs/HttpParamsDataset/payload_full.csv");
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
    return out;
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
  public List<Sample> crs() throws IOException {
    Path tests = root.resolve("rules/coreruleset-v4.28.0/tests/regression/tests");
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
    return out;
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

  /** The ocatak scanner logs: every line is a scanner's request. */
  public List<Sample> scanners() throws IOException {
    List<Sample> out = new ArrayList<>();
    for (String name : List.of("acunetix", "netsparker", "w3af")) {
      Path f = root.resolve("httplogs/ocatak-apache-http-logs/" + name + ".txt");
      for (String l : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
        String t = l.strip();
        if (t.startsWith("\"") && t.endsWith("\"") && t.length() > 1) {
          t = t.substring(1, t.length() - 1);
        }
        if (!t.isEmpty()) {
          out.add(new Sample("ocatak/" + name, true, "", t));
        }
      }
    }
    return out;
  }

  /** The 10,000 elastic/examples Apache lines: real, mostly benign traffic. */
  public List<Sample> benign() throws IOException {
    Path f = root.resolve("httplogs/elastic-examples/Common Data Formats/apache_logs/apache_logs");
    List<Sample> out = new ArrayList<>();
    for (String l : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
      if (!l.isBlank()) {
        out.add(new Sample("elastic-examples", false, "", l));
      }
    }
    return out;
  }

  /** fail2ban's labelled access-log fixtures ({@code # failJSON: {"match": ...}} above a line). */
  public List<Sample> fail2ban() throws IOException {
    List<Sample> out = new ArrayList<>();
    Path dir = root.resolve("httplogs/fail2ban/fail2ban/tests/files/logs");
    for (String name :
        List.of("apache-badbots", "nginx-botsearch", "php-url-fopen", "apache-shellshock")) {
      Path f = dir.resolve(name);
      if (!Files.isRegularFile(f)) {
        continue;
      }
      Boolean match = null;
      for (String l : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
        Matcher m = FAIL_JSON.matcher(l);
        if (l.startsWith("# failJSON:") && m.find()) {
          match = Boolean.parseBoolean(m.group(1));
        } else if (!l.isBlank() && !l.startsWith("#") && match != null) {
          out.add(new Sample("fail2ban/" + name, match, "", l));
          match = null;
        }
      }
    }
    return out;
  }
}
