package dev.mimamori.detect;

import dev.mimamori.model.Alert;
import dev.mimamori.model.Event;
import dev.mimamori.model.EvidenceRef;
import dev.mimamori.model.Observable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs every rule set over each event and turns firings into alerts. Not thread-safe: one detector
 * per pipeline worker. Suppression state is bounded.
 */
public final class Detector {
  private static final int MAX_SUPPRESSION_KEYS = 100_000;
  static final int MAX_OBSERVABLE_CHARS = 1024;

  /** An array: walked on every event, where an iterator is not always optimized away. */
  private final RuleSet[] ruleSets;

  private final @Nullable Supplier<String> ids;
  private AlertFilter filter = AlertFilter.NONE;

  /** Firings an exception suppressed; written by the detect worker only, read by anyone. */
  private volatile long excepted;

  private final Map<String, Instant> suppressedUntil =
      new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
          return size() > MAX_SUPPRESSION_KEYS;
        }
      };

  /** Alert ids derived from the rule and the line that fired it (see {@link #alertId}). */
  public Detector(List<CompiledRule> rules) {
    this(rules, null);
  }

  /** Alert ids from {@code ids} (tests). */
  public Detector(List<CompiledRule> rules, @Nullable Supplier<String> ids) {
    this(ids, List.of(RuleSet.of(rules)));
  }

  private Detector(@Nullable Supplier<String> ids, List<RuleSet> ruleSets) {
    this.ruleSets = ruleSets.toArray(new RuleSet[0]);
    this.ids = ids;
  }

  /**
   * The same rule firing on the same line gives the same id, so a line read again after a crash
   * does not make a second alert: tenant, shop, rule, and the triggering event's file, offset, time
   * and text (a rotated file reuses offsets, never all of these).
   */
  static String alertId(RuleMeta meta, Event trigger) {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      for (String part :
          List.of(
              trigger.tenant(),
              trigger.asset(),
              meta.id(),
              trigger.logFilePath(),
              Long.toString(trigger.logOffset()),
              trigger.timestamp().toString(),
              trigger.original())) {
        md.update(part.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      return "al_" + java.util.HexFormat.of().formatHex(md.digest(), 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A detector over several rule sets, e.g. the built-in rules ({@link RuleSet#of}) and a compiled
   * Sigma rule set; each set sees every event, in the order given. Alert ids as in {@link #alertId}
   * unless {@code ids} is given (tests).
   */
  public static Detector ofRuleSets(List<RuleSet> ruleSets, @Nullable Supplier<String> ids) {
    return new Detector(ids, ruleSets);
  }

  /**
   * Applies the tenants' tuning to every firing from now on; set it before the detector runs (the
   * filter itself may change underneath, see {@link AlertFilter}).
   */
  public Detector withFilter(AlertFilter filter) {
    this.filter = filter;
    return this;
  }

  /** How many firings an exception suppressed (this detector and those it continued from). */
  public long exceptedAlerts() {
    return excepted;
  }

  /**
   * Takes over the suppression windows and counts of the detector this one replaces (a rule
   * reload), so a reload does not let a suppressed source alert again. Run it on the thread that
   * ran {@code previous}, which must not run it afterwards. The rules' own state (threshold and
   * correlation windows) is handed over when the rules are built (the same rule instances).
   */
  public void continueFrom(Detector previous) {
    suppressedUntil.putAll(previous.suppressedUntil);
    excepted += previous.excepted;
  }

  public int ruleCount() {
    int n = 0;
    for (RuleSet s : ruleSets) {
      n += s.size();
    }
    return n;
  }

  public List<Alert> process(Event event) {
    return process(new EventView(event));
  }

  /**
   * The part of {@link #process} that depends only on the event and the rules' definitions (the
   * web-attack analysis, Sigma matching), done ahead: a reading thread may run it while this
   * detector's thread processes earlier events, which then passes the returned view to {@link
   * #process(EventView)} (through a queue or another hand-off that orders the two). The alerts are
   * the same as without it. Safe from any number of threads beside the one that runs {@code
   * process} (each reader of the pipeline prepares its own lines).
   */
  public EventView prepare(Event event) {
    EventView view = new EventView(event);
    for (RuleSet set : ruleSets) {
      set.prepare(view);
    }
    return view;
  }

  /** {@link #process(Event)} on a view, {@link #prepare prepared} or not. */
  public List<Alert> process(EventView view) {
    List<Alert> alerts = null;
    for (RuleSet set : ruleSets) {
      alerts = collect(set.evaluate(view), alerts);
    }
    return alerts == null ? List.of() : alerts;
  }

  /**
   * {@link #process(EventView)} over a batch of events in order: the alerts of the first event,
   * then of the second, and so on, the same as one call per event. The rule sets go through the
   * batch one after another, and a set of mimamori's own rules rule by rule, so that each rule's
   * state stays in the processor's caches for the batch (docs/BENCHMARKS.md, "Session 18"). If a
   * rule throws, the batch's alerts are lost with the exception and the rules stand at different
   * events of the batch: discard this detector (see {@link RuleSet#evaluate(EventView[], int,
   * List[])}).
   */
  public List<Alert> process(List<EventView> batch) {
    int n = batch.size();
    EventView[] views = batch.toArray(new EventView[0]);
    @SuppressWarnings("unchecked")
    List<Firing>[][] bySet = (List<Firing>[][]) new List<?>[ruleSets.length][];
    for (int s = 0; s < ruleSets.length; s++) {
      @SuppressWarnings("unchecked")
      List<Firing>[] firings = (List<Firing>[]) new List<?>[n];
      ruleSets[s].evaluate(views, n, firings);
      bySet[s] = firings;
    }
    // Suppression and exceptions in the order of one call per event.
    List<Alert> alerts = null;
    for (int e = 0; e < n; e++) {
      for (List<Firing>[] firings : bySet) {
        alerts = collect(firings[e], alerts);
      }
    }
    return alerts == null ? List.of() : alerts;
  }

  /** Adds the alerts of {@code firings} that no exception or suppression holds back. */
  private @Nullable List<Alert> collect(List<Firing> firings, @Nullable List<Alert> alerts) {
    // By index: an iterator over the (mostly empty) list was allocated for every event.
    for (int i = 0, n = firings.size(); i < n; i++) {
      Firing f = firings.get(i);
      AlertFilter.Verdict verdict = filter.verdict(f.meta(), f.trigger());
      if (verdict != AlertFilter.Verdict.ALERT) {
        if (verdict == AlertFilter.Verdict.EXCEPTED) {
          excepted++; // one writer: the detect worker
        }
        continue;
      }
      if (suppressed(f.meta(), f.trigger())) {
        continue;
      }
      if (alerts == null) {
        alerts = new ArrayList<>(2);
      }
      alerts.add(toAlert(f.meta(), f.trigger(), f.evidence()));
    }
    return alerts;
  }

  private boolean suppressed(RuleMeta meta, Event event) {
    if (meta.suppress().isZero()) {
      return false;
    }
    String key =
        meta.id()
            + '\u0000'
            + event.tenant()
            + '\u0000'
            + event.asset()
            + '\u0000'
            + event.sourceIp();
    Instant until = suppressedUntil.get(key);
    if (until != null && event.timestamp().isBefore(until)) {
      return true;
    }
    suppressedUntil.put(key, event.timestamp().plus(meta.suppress()));
    return false;
  }

  private Alert toAlert(RuleMeta meta, Event trigger, List<Event> evidence) {
    Set<Observable> obs = new LinkedHashSet<>();
    for (Event e : evidence) {
      if (e.sourceIp() != null) {
        obs.add(Observable.ip(e.sourceIp()));
      }
    }
    if (trigger.urlPath() != null) {
      obs.add(Observable.url(clip(trigger.urlPath())));
      String p = trigger.urlPath().toLowerCase(Locale.ROOT);
      if (p.endsWith(".php") || p.endsWith(".js") || p.endsWith(".twig")) {
        obs.add(new Observable(Observable.Type.FILE_PATH, clip(trigger.urlPath())));
      }
    }
    if (trigger.userAgent() != null) {
      obs.add(new Observable(Observable.Type.USER_AGENT, clip(trigger.userAgent())));
    }
    return new Alert(
        ids != null ? ids.get() : alertId(meta, trigger),
        meta.id(),
        meta.title(),
        meta.ruleClass(),
        meta.severity(),
        trigger.tenant(),
        trigger.asset(),
        trigger.timestamp(),
        trigger.sourceIp(),
        evidence.stream().map(EvidenceRef::of).toList(),
        obs,
        null);
  }

  /** Observables are for looking up and acting on: a 64 KiB user agent is kept in the evidence. */
  static String clip(String value) {
    return value.length() <= MAX_OBSERVABLE_CHARS
        ? value
        : value.substring(0, MAX_OBSERVABLE_CHARS) + "…";
  }
}
