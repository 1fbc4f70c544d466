package dev.mimamori.vuln.advisory;

import static dev.mimamori.vuln.advisory.Text.list;
import static dev.mimamori.vuln.advisory.Text.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.vuln.version.Constraint;
import dev.mimamori.vuln.version.FreeTextVersions;
import dev.mimamori.vuln.version.Version;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * CVE JSON 5 records (cvelistV5). Affected versions are often prose ("4.0.0 to 4.0.6-p2"): they are
 * read with {@link FreeTextVersions}; structured {@code lessThan} entries are used as such.
 */
final class Cve5Parser {
  private Cve5Parser() {}

  static boolean accepts(JsonNode root) {
    return root.has("cveMetadata") || "CVE_RECORD".equals(text(root, "dataType"));
  }

  static Advisory parse(JsonNode r) {
    JsonNode meta = r.path("cveMetadata");
    String id = text(meta, "cveId");
    if (!Text.CVE.matcher(id).matches()) {
      throw new IllegalArgumentException("record without a CVE id");
    }
    if ("REJECTED".equals(text(meta, "state"))) {
      throw new IllegalArgumentException(id + " is rejected");
    }
    JsonNode cna = r.path("containers").path("cna");
    Set<String> ids = new LinkedHashSet<>();
    ids.add(id);
    List<String> urls = new ArrayList<>();
    for (JsonNode ref : list(cna, "references")) {
      String u = text(ref, "url");
      if (!u.isEmpty()) {
        urls.add(u);
        ids.addAll(Text.idsInUrl(u));
      }
    }
    String description = "";
    for (JsonNode d : list(cna, "descriptions")) {
      if (description.isEmpty() || text(d, "lang").startsWith("en")) {
        description = text(d, "value");
      }
    }
    List<String> notes = new ArrayList<>();
    List<Affected> affected = new ArrayList<>();
    for (JsonNode a : list(cna, "affected")) {
      String product = text(a, "product");
      Optional<PackageRef> pkg = product(a);
      if (pkg.isEmpty()) {
        notes.add("product not mapped to a package: " + Text.oneLine(product, 80));
        continue;
      }
      List<Constraint> parts = new ArrayList<>();
      List<Version> fixed = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      for (JsonNode v : list(a, "versions")) {
        if (!"affected".equals(text(v, "status"))) {
          continue;
        }
        String version = text(v, "version");
        texts.add(version);
        if (v.has("lessThan") || v.has("lessThanOrEqual")) {
          boolean le = v.has("lessThanOrEqual");
          Version to = Version.parse(text(v, le ? "lessThanOrEqual" : "lessThan"));
          Version from = version.equals("0") || version.equals("*") ? null : Version.parse(version);
          parts.add(Ranges.between(from, true, to, le));
          if (!le) {
            fixed.add(to);
          }
          continue;
        }
        Optional<Constraint> c = FreeTextVersions.parse(version, product);
        if (c.isPresent()) {
          parts.add(c.get());
          fixed.addAll(Ranges.exclusiveUppers(c.get()));
        } else {
          notes.add("version text not understood: " + Text.oneLine(version, 120));
        }
      }
      if (!parts.isEmpty()) {
        affected.add(
            new Affected(
                pkg.get(), Ranges.anyOf(parts), String.join(", ", texts), fixed, List.of()));
      }
    }
    Metric m = metric(cna);
    for (JsonNode adp : list(r.path("containers"), "adp")) {
      if (m.cvss == null) {
        m = metric(adp);
      }
    }
    String published = text(meta, "datePublished");
    return new Advisory(
        Source.CVE5,
        id,
        List.copyOf(ids),
        text(cna, "title"),
        description,
        m.severity,
        m.cvss,
        affected,
        urls,
        published.isEmpty() ? null : published,
        notes);
  }

  private static Optional<PackageRef> product(JsonNode a) {
    for (JsonNode cpe : list(a, "cpes")) {
      Optional<PackageRef> p = Products.ofCpe(cpe.asText());
      if (p.isPresent()) {
        return p;
      }
    }
    Optional<PackageRef> byName = Products.ofName(text(a, "product"));
    return byName.isPresent() ? byName : Products.ofName(text(a, "vendor"));
  }

  private record Metric(Severity severity, @org.jspecify.annotations.Nullable String cvss) {}

  private static Metric metric(JsonNode container) {
    for (JsonNode m : list(container, "metrics")) {
      for (String k : new String[] {"cvssV3_1", "cvssV3_0", "cvssV4_0"}) {
        JsonNode c = m.path(k);
        if (c.isObject()) {
          String word = text(c, "baseSeverity");
          double score = c.path("baseScore").asDouble(-1);
          Severity s = !word.isEmpty() ? Severity.ofWord(word) : Severity.ofScore(score);
          return new Metric(s, text(c, "vectorString"));
        }
      }
    }
    return new Metric(Severity.UNKNOWN, null);
  }
}
