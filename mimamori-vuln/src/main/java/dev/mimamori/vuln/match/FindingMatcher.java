package dev.mimamori.vuln.match;

import dev.mimamori.vuln.advisory.Advisory;
import dev.mimamori.vuln.advisory.AdvisoryGroup;
import dev.mimamori.vuln.advisory.Affected;
import dev.mimamori.vuln.advisory.PackageRef;
import dev.mimamori.vuln.advisory.Severity;
import dev.mimamori.vuln.advisory.Source;
import dev.mimamori.vuln.inventory.Component;
import dev.mimamori.vuln.version.InvalidVersionException;
import dev.mimamori.vuln.version.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Finds the advisory groups that apply to installed components. A component is affected when any
 * source says so (a monitoring tool should rather show a disputed finding than hide one); each
 * source's verdict stays in the finding.
 */
public final class FindingMatcher {
  private static final List<Source> TITLE_ORDER =
      List.of(Source.OSV, Source.GITLAB, Source.JVN, Source.CVE5, Source.NVD);

  private final List<AdvisoryGroup> groups;

  public FindingMatcher(List<AdvisoryGroup> groups) {
    this.groups = List.copyOf(groups);
  }

  /**
   * The findings, most severe first; components whose version cannot be read go to {@code notes}.
   */
  public List<Finding> match(List<Component> components, Consumer<String> notes) {
    List<Finding> out = new ArrayList<>();
    for (Component c : components) {
      Version v;
      try {
        v = Version.parse(c.version());
      } catch (InvalidVersionException e) {
        notes.accept(c.pkg() + " in " + c.foundIn() + ": " + e.getMessage() + " (not matched)");
        continue;
      }
      for (AdvisoryGroup g : groups) {
        Finding f = match(c, v, g);
        if (f != null) {
          out.add(f);
        }
      }
    }
    out.sort(
        Comparator.comparing((Finding f) -> f.severity())
            .reversed()
            .thenComparing(f -> f.component().pkg().toString())
            .thenComparing(Finding::primaryId));
    return out;
  }

  private static @Nullable Finding match(Component c, Version v, AdvisoryGroup g) {
    List<Verdict> verdicts = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    List<Advisory> matched = new ArrayList<>();
    List<Version> candidates = new ArrayList<>();
    List<Advisory> cleared = new ArrayList<>();
    for (Advisory a : g.records()) {
      List<Affected> mine = a.affected().stream().filter(x -> x.pkg().equals(c.pkg())).toList();
      if (mine.isEmpty()) {
        continue;
      }
      boolean affected = false;
      List<String> ranges = new ArrayList<>();
      for (Affected x : mine) {
        ranges.add(x.rangeText());
        candidates.addAll(x.fixed());
        if (x.range().contains(v)) {
          affected = true;
          if (x.only().isEmpty()) {
            ids.addAll(a.ids());
          } else {
            ids.addAll(x.only());
            a.ids().stream().filter(i -> i.startsWith("JVN")).forEach(ids::add);
          }
        }
      }
      if (affected) {
        matched.add(a);
      } else {
        cleared.add(a);
      }
      verdicts.add(new Verdict(a.source(), a.id(), affected, String.join("; ", ranges), a.notes()));
    }
    if (matched.isEmpty()) {
      return null;
    }
    // Sources disagree only about the same flaw: a JVN entry naming three CVEs groups records of
    // all three, and one saying "not affected" about another CVE is no contradiction.
    Set<String> cves = cves(ids);
    boolean disagreement =
        cleared.stream()
            .anyMatch(
                a -> {
                  Set<String> its = cves(a.ids());
                  return cves.isEmpty() || its.isEmpty() || its.stream().anyMatch(cves::contains);
                });
    Advisory lead =
        matched.stream()
            .filter(a -> !a.title().isBlank())
            .min(Comparator.comparingInt(a -> TITLE_ORDER.indexOf(a.source())))
            .orElse(matched.get(0));
    Severity severity =
        matched.stream().map(Advisory::severity).max(Comparator.naturalOrder()).orElseThrow();
    List<String> ordered = Advisory.ordered(ids);
    return new Finding(
        c,
        ordered,
        severity,
        lead.title().isBlank() ? ordered.get(0) : lead.title(),
        impact(matched),
        fixedIn(v, c.pkg(), g, candidates),
        fixUrls(g),
        ExploitRules.forIds(ordered),
        verdicts,
        disagreement);
  }

  private static Set<String> cves(java.util.Collection<String> ids) {
    Set<String> out = new LinkedHashSet<>();
    ids.stream().filter(i -> i.startsWith("CVE-")).forEach(out::add);
    return out;
  }

  private static String impact(List<Advisory> matched) {
    return matched.stream()
        .map(Advisory::description)
        .filter(d -> !d.isBlank())
        .findFirst()
        .orElse("");
  }

  /**
   * The nearest version that every source calls unaffected: in the installed version's branch if
   * there is one (4.0.6-p2 → 4.0.6-p3, not 4.2.1), else the lowest newer one.
   */
  static @Nullable String fixedIn(
      Version v, PackageRef pkg, AdvisoryGroup g, List<Version> candidates) {
    TreeSet<Version> ok = new TreeSet<>();
    for (Version f : candidates) {
      if (f.compareTo(v) > 0 && !affectedBySome(f, pkg, g)) {
        ok.add(f);
      }
    }
    for (Version f : ok) {
      if (f.branch().equals(v.branch())) {
        return f.text();
      }
    }
    return ok.isEmpty() ? null : ok.first().text();
  }

  private static boolean affectedBySome(Version f, PackageRef pkg, AdvisoryGroup g) {
    for (Advisory a : g.records()) {
      for (Affected x : a.affected()) {
        if (x.pkg().equals(pkg) && x.range().contains(f)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The vendor's advisory, security advisory or fix commit first, then the rest. */
  private static List<String> fixUrls(AdvisoryGroup g) {
    Set<String> vendor = new LinkedHashSet<>();
    Set<String> other = new LinkedHashSet<>();
    for (Advisory a : g.records()) {
      for (String u : a.urls()) {
        String l = u.toLowerCase(Locale.ROOT);
        if (!l.startsWith("https://") && !l.startsWith("http://")) {
          continue;
        }
        if (l.contains("/info/weakness")
            || l.contains("/security/advisories/")
            || l.contains("/commit/")
            || l.contains("/releases/")) {
          vendor.add(u);
        } else {
          other.add(u);
        }
      }
    }
    List<String> out = new ArrayList<>(vendor);
    other.stream().limit(Math.max(0, 5 - out.size())).forEach(out::add);
    return out;
  }
}
