package dev.mimamori.vuln.advisory;

import dev.mimamori.vuln.version.Constraints;
import dev.mimamori.vuln.version.Version;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Ranges known to be wrong in some sources, replaced by the vendor's ({@code corrections.tsv}).
 * General databases drop EC-CUBE's {@code -pN}: GitLab says CVE-2023-22838 is fixed in 4.0.6-p1
 * where EC-CUBE fixed it in 4.0.6-p3. The source's own range stays visible in the record's notes.
 */
public final class Corrections {
  private record Fix(String id, PackageRef pkg, String range, List<Version> fixed, String why) {}

  private static final Map<String, List<Fix>> BY_ID = load();

  private Corrections() {}

  /**
   * The record with corrected ranges when it is about one flaw that has a correction. Records about
   * several flaws (JVN) write per-flaw ranges and are left as they are.
   */
  public static Advisory apply(Advisory a) {
    List<String> cves = a.ids().stream().filter(i -> i.startsWith("CVE-")).toList();
    String key = BY_ID.containsKey(a.id()) ? a.id() : cves.size() == 1 ? cves.get(0) : null;
    if (key == null || !BY_ID.containsKey(key)) {
      return a;
    }
    List<Affected> out = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (Affected af : a.affected()) {
      Fix fix =
          BY_ID.get(key).stream().filter(f -> f.pkg.equals(af.pkg())).findFirst().orElse(null);
      if (fix == null || fix.range.equals(af.rangeText())) {
        out.add(af);
        continue;
      }
      out.add(
          new Affected(af.pkg(), Constraints.parse(fix.range), fix.range, fix.fixed, af.only()));
      changed.add(
          "range corrected from \"" + af.rangeText() + "\" to \"" + fix.range + "\": " + fix.why);
    }
    return changed.isEmpty() ? a : a.withAffected(out, String.join("; ", changed));
  }

  private static Map<String, List<Fix>> load() {
    Map<String, List<Fix>> m = new HashMap<>();
    try (InputStream in =
            Objects.requireNonNull(Corrections.class.getResourceAsStream("corrections.tsv"));
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        String[] pkg = f[1].split(":", 2);
        List<Version> fixed = new ArrayList<>();
        for (String v : f[3].split(",")) {
          if (!v.isBlank()) {
            fixed.add(Version.parse(v));
          }
        }
        Constraints.parse(f[2]);
        m.computeIfAbsent(f[0], k -> new ArrayList<>())
            .add(new Fix(f[0], new PackageRef(pkg[0], pkg[1]), f[2], fixed, f[4]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }
}
