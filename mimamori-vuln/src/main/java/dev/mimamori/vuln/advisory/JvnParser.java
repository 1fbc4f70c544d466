package dev.mimamori.vuln.advisory;

import static dev.mimamori.vuln.advisory.Text.list;
import static dev.mimamori.vuln.advisory.Text.text;
import static dev.mimamori.vuln.advisory.Text.value;

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
 * JVN iPedia records (MyJVN VULDEF), from the XML API or its JSON conversion (lower-case keys).
 * Versions are Japanese prose, one line per range, often tagged with the CVE it is about: {@code
 * 4.0.0 から 4.0.6-p2 (EC-CUBE 4系) (CVE-2023-22438)}.
 */
final class JvnParser {
  private JvnParser() {}

  static boolean accepts(JsonNode root) {
    return root.has("vulinfoid") && root.has("vulinfodata");
  }

  static Advisory parse(JsonNode r) {
    String id = value(r.path("vulinfoid"));
    if (!id.startsWith("JVNDB-")) {
      throw new IllegalArgumentException("record without a JVNDB id");
    }
    JsonNode d = r.path("vulinfodata");
    Set<String> ids = new LinkedHashSet<>();
    ids.add(id);
    List<String> urls = new ArrayList<>();
    List<String> vendorUrls = new ArrayList<>();
    for (JsonNode item : list(d.path("related"), "relateditem")) {
      String rid = value(item.path("vulinfoid"));
      String url = value(item.path("url"));
      String type = text(item, "type");
      if (type.equals("advisory")) {
        ids.addAll(Text.ids(rid));
      }
      if (!url.isEmpty()) {
        (type.equals("vendor") ? vendorUrls : urls).add(url);
        if (type.equals("advisory")) {
          ids.addAll(Text.idsInUrl(url));
        }
      }
    }
    vendorUrls.addAll(urls);
    List<String> notes = new ArrayList<>();
    List<Affected> affected = new ArrayList<>();
    for (JsonNode item : list(d.path("affected"), "affecteditem")) {
      affected.addAll(affected(item, notes));
    }
    Severity severity = Severity.UNKNOWN;
    String cvss = null;
    String cvssVersion = "";
    for (JsonNode c : list(d.path("impact"), "cvss")) {
      String version = text(c, "version");
      if (version.compareTo(cvssVersion) > 0) {
        cvssVersion = version;
        severity = Severity.ofWord(value(c.path("severity")));
        cvss = value(c.path("vector"));
      }
    }
    String overview = Text.plain(value(d.path("vulinfodescription").path("overview")));
    String impact = Text.plain(value(d.path("impact").path("impactitem").path("description")));
    String published = value(d.path("datefirstpublished"));
    return new Advisory(
        Source.JVN,
        id,
        List.copyOf(ids),
        Text.plain(value(d.path("title"))),
        impact.isEmpty() ? overview : overview + "\n" + impact,
        severity,
        cvss == null || cvss.isEmpty() ? null : cvss,
        affected,
        vendorUrls,
        published.isEmpty() ? null : published,
        notes);
  }

  private static List<Affected> affected(JsonNode item, List<String> notes) {
    String productName = value(item.path("productname"));
    Optional<PackageRef> pkg = Products.ofCpe(value(item.path("cpe")));
    if (pkg.isEmpty()) {
      pkg = Products.ofName(productName);
    }
    if (pkg.isEmpty()) {
      notes.add("product not mapped to a package: " + Text.oneLine(productName, 80));
      return List.of();
    }
    List<Affected> out = new ArrayList<>();
    for (JsonNode v : list(item, "versionnumber")) {
      String line = value(v);
      Optional<Constraint> c = FreeTextVersions.parse(stripIds(line), productName + " " + line);
      if (c.isEmpty()) {
        notes.add("version text not understood: " + Text.oneLine(line, 120));
        continue;
      }
      List<Version> fixed = Ranges.exclusiveUppers(c.get());
      List<String> only = List.copyOf(Text.ids(line));
      out.add(new Affected(pkg.get(), c.get(), line, fixed, only));
    }
    return out;
  }

  /** The ids in parentheses are not versions. */
  private static String stripIds(String line) {
    return line.replaceAll("\\((?:CVE-\\d{4}-\\d+[,、\\s]*)+\\)", "");
  }
}
