package dev.mimamori.vuln.advisory;

import static dev.mimamori.vuln.advisory.Text.list;
import static dev.mimamori.vuln.advisory.Text.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.vuln.version.Constraint;
import dev.mimamori.vuln.version.Constraint.Bound;
import dev.mimamori.vuln.version.Constraint.Op;
import dev.mimamori.vuln.version.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** NVD API 2.0 JSON: a {@code vulnerabilities} list, each {@code cve} one record. */
final class NvdParser {
  private NvdParser() {}

  static boolean accepts(JsonNode root) {
    JsonNode list = root.path("vulnerabilities");
    return list.isArray() && (list.isEmpty() || list.get(0).path("cve").isObject());
  }

  static void parse(JsonNode root, Sink sink) {
    int i = 0;
    for (JsonNode v : root.path("vulnerabilities")) {
      JsonNode cve = v.path("cve");
      String name = text(cve, "id").isEmpty() ? "vulnerabilities[" + i + "]" : text(cve, "id");
      i++;
      try {
        sink.add(record(cve));
      } catch (RuntimeException e) {
        sink.error(name, String.valueOf(e.getMessage()));
      }
    }
  }

  private static Advisory record(JsonNode cve) {
    String id = text(cve, "id");
    if (!Text.CVE.matcher(id).matches()) {
      throw new IllegalArgumentException("record without a CVE id");
    }
    Set<String> ids = new LinkedHashSet<>();
    ids.add(id);
    List<String> urls = new ArrayList<>();
    for (JsonNode ref : list(cve, "references")) {
      String u = text(ref, "url");
      if (!u.isEmpty()) {
        urls.add(u);
        ids.addAll(Text.idsInUrl(u));
      }
    }
    String description = "";
    for (JsonNode d : list(cve, "descriptions")) {
      if (description.isEmpty() || text(d, "lang").equals("en")) {
        description = text(d, "value");
      }
    }
    Map<PackageRef, List<Constraint>> ranges = new LinkedHashMap<>();
    Map<PackageRef, List<Version>> fixed = new LinkedHashMap<>();
    for (JsonNode conf : list(cve, "configurations")) {
      for (JsonNode node : list(conf, "nodes")) {
        for (JsonNode m : list(node, "cpeMatch")) {
          if (!m.path("vulnerable").asBoolean(false)) {
            continue;
          }
          String criteria = text(m, "criteria");
          Optional<PackageRef> pkg = Products.ofCpe(criteria);
          if (pkg.isEmpty()) {
            continue;
          }
          ranges.computeIfAbsent(pkg.get(), k -> new ArrayList<>()).add(range(criteria, m));
          if (m.has("versionEndExcluding")) {
            fixed
                .computeIfAbsent(pkg.get(), k -> new ArrayList<>())
                .add(Version.parse(text(m, "versionEndExcluding")));
          }
        }
      }
    }
    List<Affected> affected = new ArrayList<>();
    ranges.forEach(
        (pkg, parts) -> {
          Constraint c = Ranges.anyOf(parts);
          affected.add(
              new Affected(pkg, c, c.toString(), fixed.getOrDefault(pkg, List.of()), List.of()));
        });
    JsonNode metrics = cve.path("metrics");
    Severity severity = Severity.UNKNOWN;
    String cvss = null;
    for (String k : new String[] {"cvssMetricV31", "cvssMetricV30", "cvssMetricV2"}) {
      List<JsonNode> ms = list(metrics, k);
      if (!ms.isEmpty()) {
        JsonNode data = ms.get(0).path("cvssData");
        cvss = text(data, "vectorString");
        severity = Severity.ofScore(data.path("baseScore").asDouble(0));
        break;
      }
    }
    String published = text(cve, "published");
    return new Advisory(
        Source.NVD,
        id,
        List.copyOf(ids),
        "",
        description,
        severity,
        cvss,
        affected,
        urls,
        published.isEmpty() ? null : published,
        List.of());
  }

  private static Constraint range(String criteria, JsonNode m) {
    String[] f = Cpe.fields(criteria);
    String version = f.length > 2 ? f[2] : "*";
    String update = f.length > 3 ? f[3] : "*";
    if (!version.equals("*") && !version.equals("-")) {
      String full = update.equals("*") || update.equals("-") ? version : version + "-" + update;
      return new Bound(Op.EQ, Version.parse(full));
    }
    Version from = null;
    boolean fromInclusive = true;
    if (m.has("versionStartIncluding")) {
      from = Version.parse(text(m, "versionStartIncluding"));
    } else if (m.has("versionStartExcluding")) {
      from = Version.parse(text(m, "versionStartExcluding"));
      fromInclusive = false;
    }
    Version to = null;
    boolean toInclusive = false;
    if (m.has("versionEndIncluding")) {
      to = Version.parse(text(m, "versionEndIncluding"));
      toInclusive = true;
    } else if (m.has("versionEndExcluding")) {
      to = Version.parse(text(m, "versionEndExcluding"));
    }
    return Ranges.between(from, fromInclusive, to, toInclusive);
  }
}
