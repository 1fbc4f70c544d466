package dev.mimamori.vuln.advisory;

import static dev.mimamori.vuln.advisory.Text.list;
import static dev.mimamori.vuln.advisory.Text.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.vuln.version.Constraint;
import dev.mimamori.vuln.version.Constraint.Bound;
import dev.mimamori.vuln.version.Constraint.Op;
import dev.mimamori.vuln.version.Version;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;

/** OSV JSON (the GitHub advisory database): one record per file. */
final class OsvParser {
  private OsvParser() {}

  static boolean accepts(JsonNode root) {
    return root.has("id") && (root.has("affected") || root.has("schema_version"));
  }

  static Advisory parse(JsonNode r) {
    String id = text(r, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("record without id");
    }
    Set<String> ids = new LinkedHashSet<>();
    ids.add(id);
    list(r, "aliases").forEach(a -> ids.add(a.asText()));
    List<String> urls = new ArrayList<>();
    for (JsonNode ref : list(r, "references")) {
      String u = text(ref, "url");
      if (!u.isEmpty()) {
        urls.add(u);
        ids.addAll(Text.idsInUrl(u));
      }
    }
    String cvss = null;
    Severity severity = Severity.ofWord(text(r.path("database_specific"), "severity"));
    for (JsonNode s : list(r, "severity")) {
      String score = text(s, "score");
      OptionalDouble d = Cvss3.baseScore(score);
      if (d.isPresent()) {
        cvss = score;
        severity = Severity.ofScore(d.getAsDouble());
      }
    }
    List<Affected> affected = new ArrayList<>();
    for (JsonNode a : list(r, "affected")) {
      affected.add(affected(a));
    }
    String published = text(r, "published");
    return new Advisory(
        Source.OSV,
        id,
        List.copyOf(ids),
        text(r, "summary"),
        text(r, "details"),
        severity,
        cvss,
        affected,
        urls,
        published.isEmpty() ? null : published,
        List.of());
  }

  private static Affected affected(JsonNode a) {
    JsonNode p = a.path("package");
    PackageRef pkg = new PackageRef(text(p, "ecosystem").toLowerCase(Locale.ROOT), text(p, "name"));
    List<Constraint> parts = new ArrayList<>();
    List<Version> fixed = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (JsonNode range : list(a, "ranges")) {
      String type = text(range, "type");
      if (type.equals("GIT")) {
        continue;
      }
      Version from = null;
      boolean open = false;
      for (JsonNode e : list(range, "events")) {
        if (e.has("introduced")) {
          String v = text(e, "introduced");
          from = v.equals("0") ? null : Version.parse(v);
          open = true;
          texts.add(">=" + v);
        } else if (e.has("fixed")) {
          Version f = Version.parse(text(e, "fixed"));
          parts.add(Ranges.between(from, true, f, false));
          fixed.add(f);
          open = false;
          texts.add("<" + f);
        } else if (e.has("last_affected")) {
          Version l = Version.parse(text(e, "last_affected"));
          parts.add(Ranges.between(from, true, l, true));
          open = false;
          texts.add("<=" + l);
        }
      }
      if (open) {
        parts.add(Ranges.between(from, true, null, false));
      }
    }
    for (JsonNode v : list(a, "versions")) {
      parts.add(new Bound(Op.EQ, Version.parse(v.asText())));
      texts.add("=" + v.asText());
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("affected package " + pkg + " without versions");
    }
    return new Affected(pkg, Ranges.anyOf(parts), rangeText(texts), fixed, List.of());
  }

  private static String rangeText(List<String> texts) {
    return String.join(" ", texts);
  }
}
