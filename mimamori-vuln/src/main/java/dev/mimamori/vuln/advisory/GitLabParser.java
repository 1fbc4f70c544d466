package dev.mimamori.vuln.advisory;

import static dev.mimamori.vuln.advisory.Text.list;
import static dev.mimamori.vuln.advisory.Text.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.vuln.version.Constraints;
import dev.mimamori.vuln.version.Version;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/** GitLab advisory database (gemnasium) YAML: one record per file, Composer-style ranges. */
final class GitLabParser {
  private GitLabParser() {}

  static Advisory parse(JsonNode r) {
    String id = text(r, "identifier");
    String slug = text(r, "package_slug");
    int slash = slug.indexOf('/');
    if (id.isEmpty() || slash <= 0) {
      throw new IllegalArgumentException("record without identifier or package_slug");
    }
    Set<String> ids = new LinkedHashSet<>();
    ids.add(id);
    list(r, "identifiers").forEach(i -> ids.add(i.asText()));
    List<String> urls = new ArrayList<>();
    for (JsonNode u : list(r, "urls")) {
      urls.add(u.asText());
      ids.addAll(Text.idsInUrl(u.asText()));
    }
    List<Version> fixed = new ArrayList<>();
    for (JsonNode f : list(r, "fixed_versions")) {
      fixed.add(Version.parse(f.asText()));
    }
    String range = text(r, "affected_range");
    PackageRef pkg = new PackageRef(slug.substring(0, slash), slug.substring(slash + 1));
    Affected a = new Affected(pkg, Constraints.parse(range), range, fixed, List.of());
    String cvss = text(r, "cvss_v3");
    OptionalDouble score = Cvss3.baseScore(cvss);
    String pub = text(r, "pubdate");
    String description = text(r, "description");
    String solution = text(r, "solution");
    return new Advisory(
        Source.GITLAB,
        id,
        List.copyOf(ids),
        text(r, "title"),
        solution.isEmpty() ? description : description + "\n" + solution,
        score.isPresent() ? Severity.ofScore(score.getAsDouble()) : Severity.UNKNOWN,
        score.isPresent() ? cvss : null,
        List.of(a),
        urls,
        pub.isEmpty() ? null : pub,
        List.of());
  }
}
