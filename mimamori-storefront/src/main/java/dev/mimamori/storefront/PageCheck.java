package dev.mimamori.storefront;

import dev.mimamori.model.Severity;
import dev.mimamori.storefront.PageInventory.Request;
import dev.mimamori.storefront.PageInventory.Script;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The differences between a page's baseline inventory and what it does now. */
public final class PageCheck {
  /** One difference, naming the script and host it is about (empty when none applies). */
  public record Finding(
      Severity severity, String kind, String script, String host, String message) {}

  /** The findings, most severe first. */
  public record Report(String url, Severity worst, List<Finding> findings) {
    public boolean alarming() {
      return worst.compareTo(Severity.HIGH) >= 0;
    }
  }

  private PageCheck() {}

  /**
   * Compares {@code now} with {@code baseline}. Sensitive data may go to the page's own host and to
   * {@code allowedHosts} (payment providers); anywhere else is a finding.
   */
  public static Report compare(
      PageInventory baseline, PageInventory now, Set<String> allowedHosts) {
    return compare(baseline, now, new HostPolicy(List.copyOf(allowedHosts), List.of()));
  }

  /**
   * Compares {@code now} with {@code baseline} under a site's {@link HostPolicy}: sensitive data
   * may go to the page's own host and the payment hosts; a new host the policy allows is reported
   * as information only.
   */
  public static Report compare(PageInventory baseline, PageInventory now, HostPolicy policy) {
    List<Finding> out = new ArrayList<>();
    Set<String> own = new LinkedHashSet<>(List.of(now.host(), baseline.host()));

    Map<String, Script> oldExternal = external(baseline);
    Map<String, Script> newExternal = external(now);
    Set<String> newScriptHosts = new LinkedHashSet<>();
    for (Script s : newExternal.values()) {
      Script was = oldExternal.get(s.src());
      if (was == null) {
        newScriptHosts.add(s.host());
        out.add(
            new Finding(
                Severity.HIGH,
                "new_script",
                s.src(),
                s.host(),
                "new external script "
                    + s.src()
                    + (s.addedByScript() ? " (added by a script)" : "")));
      } else if (!was.hash().isEmpty() && !s.hash().isEmpty() && !was.hash().equals(s.hash())) {
        out.add(
            new Finding(
                Severity.HIGH,
                "changed_script",
                s.src(),
                s.host(),
                "script " + s.src() + " changed: sha256 " + was.hash() + " -> " + s.hash()));
      }
    }
    for (Script s : oldExternal.values()) {
      if (!newExternal.containsKey(s.src())) {
        out.add(
            new Finding(
                Severity.INFO, "removed_script", s.src(), s.host(), "script removed: " + s.src()));
      }
    }
    inline(baseline, now, out);

    Set<String> oldHosts = hosts(baseline);
    for (Map.Entry<String, String> h : firstUrlByHost(now).entrySet()) {
      if (!oldHosts.contains(h.getKey())) {
        out.add(
            new Finding(
                policy.mayBeContacted(h.getKey()) ? Severity.INFO : Severity.MEDIUM,
                "new_host",
                "",
                h.getKey(),
                "new host contacted: " + h.getKey() + " (first " + h.getValue() + ")"));
      }
    }

    for (Request r : now.afterInput()) {
      if (r.carriesSensitiveData()
          && !own.contains(r.host())
          && !policy.mayReceiveCardData(r.host())) {
        // A host that is new, or serves a new script, and now receives the card: a skimmer.
        boolean fresh = newScriptHosts.contains(r.host()) || !oldHosts.contains(r.host());
        out.add(
            new Finding(
                fresh ? Severity.CRITICAL : Severity.HIGH,
                "sensitive_data_sent",
                r.initiatorScript(),
                r.host(),
                "typed card or password data sent to "
                    + r.host()
                    + " ("
                    + r.method()
                    + " "
                    + r.url()
                    + ")"
                    + (r.initiatorScript().isEmpty() ? "" : " by script " + r.initiatorScript())));
      }
    }
    for (String cut : now.limits()) {
      // What the cap left out was not compared: a skimmer could hide behind a flood.
      out.add(
          new Finding(
              Severity.MEDIUM,
              "inventory_truncated",
              "",
              now.host(),
              "the page made more than the monitor reads, so part was not compared: " + cut));
    }
    out.sort(Comparator.comparing(Finding::severity).reversed());
    Severity worst = out.isEmpty() ? Severity.INFO : out.get(0).severity();
    return new Report(now.url(), worst, List.copyOf(out));
  }

  /**
   * Inline scripts have no name: an unchanged one is found by its hash, and the ones left over are
   * paired in page order, so an edited script reads as changed rather than as removed and new.
   */
  private static void inline(PageInventory baseline, PageInventory now, List<Finding> out) {
    List<String> oldLeft = new ArrayList<>();
    baseline.scripts().stream().filter(Script::inline).forEach(s -> oldLeft.add(s.hash()));
    List<String> newLeft = new ArrayList<>();
    for (Script s : now.scripts()) {
      if (s.inline() && !oldLeft.remove(s.hash())) {
        newLeft.add(s.hash());
      }
    }
    int paired = Math.min(oldLeft.size(), newLeft.size());
    for (int i = 0; i < paired; i++) {
      out.add(
          new Finding(
              Severity.HIGH,
              "changed_script",
              "inline:" + newLeft.get(i),
              now.host(),
              "inline script changed: sha256 " + oldLeft.get(i) + " -> " + newLeft.get(i)));
    }
    for (String h : newLeft.subList(paired, newLeft.size())) {
      out.add(
          new Finding(
              Severity.HIGH,
              "new_script",
              "inline:" + h,
              now.host(),
              "new inline script sha256 " + h));
    }
    for (String h : oldLeft.subList(paired, oldLeft.size())) {
      out.add(
          new Finding(
              Severity.INFO,
              "removed_script",
              "inline:" + h,
              now.host(),
              "inline script removed: sha256 " + h));
    }
  }

  private static Map<String, Script> external(PageInventory p) {
    Map<String, Script> m = new LinkedHashMap<>();
    p.scripts().stream().filter(s -> !s.inline()).forEach(s -> m.put(s.src(), s));
    return m;
  }

  private static Set<String> hosts(PageInventory p) {
    Set<String> s = new LinkedHashSet<>(firstUrlByHost(p).keySet());
    s.add(p.host());
    return s;
  }

  private static Map<String, String> firstUrlByHost(PageInventory p) {
    Map<String, String> m = new LinkedHashMap<>();
    List<Request> all = new ArrayList<>(p.requests());
    all.addAll(p.afterInput());
    for (Request r : all) {
      if (!r.host().isEmpty()) {
        m.putIfAbsent(r.host(), r.url());
      }
    }
    return m;
  }
}
