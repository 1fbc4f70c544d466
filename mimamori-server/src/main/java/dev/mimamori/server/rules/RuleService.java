package dev.mimamori.server.rules;

import dev.mimamori.detect.CompiledRule;
import dev.mimamori.detect.Detector;
import dev.mimamori.detect.RuleSet;
import dev.mimamori.detect.sigma.LoadError;
import dev.mimamori.detect.sigma.SigmaCorrelation;
import dev.mimamori.detect.sigma.SigmaRule;
import dev.mimamori.detect.sigma.SigmaRuleSet;
import dev.mimamori.detect.tuning.Tuning;
import dev.mimamori.detect.tuning.TuningFilter;
import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.server.RuleFiles;
import dev.mimamori.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules a server runs and their tuning. It builds the detector, reloads the rules directory on
 * request (the API, the directory watcher) and hands the new detector to the pipeline, and
 * recompiles the tenants' tuning when it changes, which applies at once without a reload.
 *
 * <p>A reload loads and compiles off the detect worker. If any file does not load, nothing changes
 * and every error is reported. Otherwise the new detector reuses the running instance of every
 * own-format rule whose id and definition fingerprint are unchanged, and the Sigma rule set takes
 * over the correlation state of unchanged correlations, so counts inside windows survive; the
 * detect worker then switches between two batches and takes over the suppression windows.
 */
public final class RuleService {
  private static final Logger LOG = LoggerFactory.getLogger(RuleService.class);

  public static final String BUILTIN = "builtin";
  public static final String DIRECTORY = "directory";

  /** The rules running (or handed to the worker to run next). */
  private record Loaded(
      RuleFiles files, List<CompiledRule> own, Map<String, RuleInfo> byId, Detector detector) {}

  private final @Nullable Path directory;
  private final Store store;
  private final Clock clock;
  private final TuningFilter filter = new TuningFilter();
  private volatile Loaded current;
  private volatile @Nullable ReloadResult lastReload;
  private volatile Consumer<Detector> detectors = d -> {};

  /**
   * @param directory the rules directory ({@code serve --rules}), or null for the built-in rules
   * @param initial the rules loaded at start (files that did not load were reported already)
   */
  public RuleService(@Nullable Path directory, RuleFiles initial, Store store, Clock clock) {
    this.directory = directory;
    this.store = store;
    this.clock = clock;
    refreshTuning();
    this.current = build(initial, null);
  }

  /** The detector of the rules loaded; the pipeline starts with it. */
  public Detector detector() {
    return current.detector();
  }

  /** Where the detectors of later reloads go (the pipeline's {@code replaceDetector}). */
  public void sendDetectorsTo(Consumer<Detector> sink) {
    this.detectors = sink;
  }

  /** The rules directory, or null when the built-in rules run. */
  public @Nullable Path directory() {
    return directory;
  }

  /** Every rule running, in load order. */
  public List<RuleInfo> rules() {
    return List.copyOf(current.byId().values());
  }

  public Optional<RuleInfo> rule(String id) {
    return Optional.ofNullable(current.byId().get(id));
  }

  /** The tuning in force. */
  public Tuning tuning() {
    return filter.current();
  }

  /** The last reload, when there was one. */
  public Optional<ReloadResult> lastReload() {
    return Optional.ofNullable(lastReload);
  }

  /**
   * Recompiles the tenants' settings and exceptions from the store; the next firing sees them.
   * Synchronized so that two changes in a row cannot install the older tuning last.
   */
  public synchronized void refreshTuning() {
    filter.update(TuningLoader.load(store, clock));
  }

  /**
   * Loads the rules directory again and, if every file loads, runs the new rules from the next
   * batch of lines on.
   *
   * @param trigger what asked ({@code api}, {@code watch}), for the log
   * @throws IllegalStateException when the server runs the built-in rules (no directory)
   */
  public synchronized ReloadResult reload(String trigger) {
    Path dir = directory;
    if (dir == null) {
      throw new IllegalStateException(
          "the server runs its built-in rules; start it with --rules DIR to reload rules");
    }
    Loaded before = current;
    RuleFiles files;
    try {
      files = RuleFiles.withBuiltins(dir);
    } catch (IOException | RuntimeException e) {
      return failed(
          trigger, before, List.of(new LoadError(dir.toString(), 0, "cannot read: " + e)));
    }
    if (!files.errors().isEmpty()) {
      return failed(trigger, before, files.errors());
    }
    Map<String, String> oldDefinitions = definitions(before.files());
    Loaded next = build(files, before);
    Map<String, String> newDefinitions = definitions(files);
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    int unchanged = 0;
    for (var e : newDefinitions.entrySet()) {
      String old = oldDefinitions.get(e.getKey());
      if (old == null) {
        added.add(e.getKey());
      } else if (old.equals(e.getValue())) {
        unchanged++;
      } else {
        changed.add(e.getKey());
      }
    }
    List<String> removed =
        oldDefinitions.keySet().stream().filter(id -> !newDefinitions.containsKey(id)).toList();
    current = next;
    detectors.accept(next.detector());
    ReloadResult result =
        new ReloadResult(
            true,
            clock.instant(),
            trigger,
            next.byId().size(),
            unchanged,
            added,
            changed,
            removed,
            List.of());
    lastReload = result;
    LOG.info(
        "rules reloaded ({}): {} rules, {} unchanged kept their state, {} added, {} changed,"
            + " {} removed",
        trigger,
        result.rules(),
        unchanged,
        added.size(),
        changed.size(),
        removed.size());
    return result;
  }

  private ReloadResult failed(String trigger, Loaded running, List<LoadError> errors) {
    for (LoadError e : errors) {
      LOG.warn(
          "rules not reloaded ({}), the running rules are kept: {}",
          trigger,
          Sanitize.oneLine(e.toString()));
    }
    ReloadResult r = ReloadResult.failed(clock.instant(), trigger, running.byId().size(), errors);
    lastReload = r;
    return r;
  }

  /**
   * A detector over {@code files}; with {@code previous}, it continues the state of every rule
   * whose id and definition are unchanged (the same rule instances, the same correlators).
   */
  private Loaded build(RuleFiles files, @Nullable Loaded previous) {
    List<CompiledRule> own = new ArrayList<>(files.own().size());
    Map<String, CompiledRule> reusable = new HashMap<>();
    if (previous != null) {
      for (CompiledRule r : previous.own()) {
        reusable.putIfAbsent(r.meta().id(), r);
      }
    }
    for (CompiledRule r : files.own()) {
      String id = r.meta().id();
      String def = files.definitions().get(id);
      boolean same =
          previous != null && def != null && def.equals(previous.files().definitions().get(id));
      // remove(): an instance is reused at most once, even if an id appears twice.
      CompiledRule old = same ? reusable.remove(id) : null;
      own.add(old != null ? old : r);
    }
    SigmaRuleSet sigma = files.sigma().ruleSet();
    if (previous != null) {
      sigma.keepStateOf(previous.files().sigma().ruleSet());
    }
    // Built-in rules run beside the directory's, unless the directory has a rule of the same id.
    Map<String, RuleInfo> byId = new LinkedHashMap<>();
    for (CompiledRule r : own) {
      var m = r.meta();
      String source = files.builtinIds().contains(m.id()) ? BUILTIN : DIRECTORY;
      byId.putIfAbsent(
          m.id(), new RuleInfo(m.id(), m.title(), m.ruleClass(), m.severity(), source, null));
    }
    for (SigmaRule r : sigma.rules()) {
      var m = r.meta();
      String source = files.builtinIds().contains(m.id()) ? BUILTIN : DIRECTORY;
      byId.putIfAbsent(
          m.id(), new RuleInfo(m.id(), m.title(), m.ruleClass(), m.severity(), source, r.file()));
    }
    for (SigmaCorrelation c : sigma.correlations()) {
      var m = c.meta();
      String source = files.builtinIds().contains(m.id()) ? BUILTIN : DIRECTORY;
      byId.putIfAbsent(
          m.id(), new RuleInfo(m.id(), m.title(), m.ruleClass(), m.severity(), source, c.file()));
    }
    Detector detector =
        Detector.ofRuleSets(List.of(RuleSet.of(own), sigma), null).withFilter(filter);
    return new Loaded(files, List.copyOf(own), byId, detector);
  }

  /** Every rule's definition fingerprint, by id, to report what a reload changed. */
  private static Map<String, String> definitions(RuleFiles files) {
    Map<String, String> out = new LinkedHashMap<>(files.definitions());
    SigmaRuleSet set = files.sigma().ruleSet();
    for (SigmaRule r : set.rules()) {
      out.putIfAbsent(r.meta().id(), r.definition());
    }
    List<SigmaCorrelation> cs = set.correlations();
    for (int i = 0; i < cs.size(); i++) {
      out.putIfAbsent(cs.get(i).meta().id(), set.correlationDefinition(i));
    }
    return out;
  }

  /** Rule ids of the running rules (tests). */
  Set<String> ruleIds() {
    return current.byId().keySet();
  }
}
