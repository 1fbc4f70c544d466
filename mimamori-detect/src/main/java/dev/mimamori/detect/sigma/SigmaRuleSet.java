package dev.mimamori.detect.sigma;

import dev.mimamori.detect.EventView;
import dev.mimamori.detect.Firing;
import dev.mimamori.detect.RuleSet;
import dev.mimamori.model.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sigma rules compiled into one matcher for the {@link dev.mimamori.detect.Detector}: per event,
 * each field is prepared once, the literal prefilter picks the rules whose required literal occurs,
 * only those are evaluated, and their matches feed the correlation rules that refer to them. Not
 * thread-safe (correlations keep state): one per detector.
 *
 * <p>A rule referred to by a correlation alerts on its own only if a correlation referring to it
 * says {@code generate: true}, as the specification describes.
 */
public final class SigmaRuleSet implements RuleSet {

  /** Where a correlation reference points: a detection rule or another correlation. */
  record Target(boolean rule, int index) {}

  /** A correlation with its references resolved (and the referenced rules' names, for aliases). */
  record Linked(SigmaCorrelation spec, List<Target> targets, List<@Nullable String> names) {}

  /** A correlation input: correlator {@code correlator}'s reference number {@code ref}. */
  private record Edge(int correlator, int ref) {}

  private final List<SigmaRule> rules;
  private final List<Linked> linked;
  private final SigmaOptions options;
  private final boolean prefiltered;
  private final boolean[] ruleAlerts;
  private final Edge[][] ruleEdges;
  private final Correlator[] correlators;
  private final boolean[] correlatorAlerts;
  private final Edge[][] correlatorEdges;
  private final boolean anyWindows;
  private final Prefilter prefilter;
  private final long[] all;

  SigmaRuleSet(
      List<SigmaRule> rules, List<Linked> linked, SigmaOptions options, boolean prefiltered) {
    this.rules = List.copyOf(rules);
    this.linked = List.copyOf(linked);
    this.options = options;
    this.prefiltered = prefiltered;
    int nr = rules.size();
    int nc = linked.size();
    List<List<Edge>> re = new ArrayList<>();
    List<List<Edge>> ce = new ArrayList<>();
    for (int i = 0; i < nr; i++) {
      re.add(new ArrayList<>());
    }
    for (int i = 0; i < nc; i++) {
      ce.add(new ArrayList<>());
    }
    boolean[] referenced = new boolean[nr];
    boolean[] generated = new boolean[nr];
    boolean[] corrReferenced = new boolean[nc];
    boolean[] corrGenerated = new boolean[nc];
    correlators = new Correlator[nc];
    boolean windows = false;
    for (int c = 0; c < nc; c++) {
      Linked l = linked.get(c);
      correlators[c] = correlator(l, options);
      windows |= !l.spec().condition().monotone();
      for (int ref = 0; ref < l.targets().size(); ref++) {
        Target t = l.targets().get(ref);
        if (t.rule()) {
          re.get(t.index()).add(new Edge(c, ref));
          referenced[t.index()] = true;
          generated[t.index()] |= l.spec().generate();
        } else {
          ce.get(t.index()).add(new Edge(c, ref));
          corrReferenced[t.index()] = true;
          corrGenerated[t.index()] |= l.spec().generate();
        }
      }
    }
    this.anyWindows = windows;
    ruleAlerts = new boolean[nr];
    ruleEdges = new Edge[nr][];
    for (int i = 0; i < nr; i++) {
      ruleAlerts[i] = !referenced[i] || generated[i];
      ruleEdges[i] = edges(re.get(i));
    }
    correlatorAlerts = new boolean[nc];
    correlatorEdges = new Edge[nc][];
    for (int i = 0; i < nc; i++) {
      correlatorAlerts[i] = !corrReferenced[i] || corrGenerated[i];
      correlatorEdges[i] = edges(ce.get(i));
    }
    prefilter = new Prefilter(this.rules);
    all = new long[(nr + 63) >>> 6];
    none = new long[all.length];
    for (int i = 0; i < nr; i++) {
      all[i >>> 6] |= 1L << i;
    }
  }

  /**
   * Within one correlation, later references first: one event matching two consecutive rules of a
   * temporal_ordered correlation must not count as both.
   */
  private static Edge[] edges(List<Edge> list) {
    list.sort(Comparator.comparingInt(Edge::correlator).thenComparing(Edge::ref, (a, b) -> b - a));
    return list.toArray(new Edge[0]);
  }

  private static Correlator correlator(Linked l, SigmaOptions options) {
    SigmaCorrelation spec = l.spec();
    int n = l.targets().size();
    String[][] group = new String[n][];
    String[][] value = new String[n][];
    for (int ref = 0; ref < n; ref++) {
      group[ref] = fields(spec.groupBy(), spec.aliases(), l.names().get(ref));
      value[ref] = fields(spec.valueFields(), spec.aliases(), l.names().get(ref));
    }
    return new Correlator(
        spec.meta(),
        spec.type(),
        group,
        value,
        spec.timespan().toMillis(),
        spec.condition(),
        options);
  }

  /** Group-by (or value) fields for one referenced rule: aliases resolved, then mapped to ECS. */
  private static String[] fields(
      List<String> names, Map<String, Map<String, String>> aliases, @Nullable String ruleName) {
    String[] out = new String[names.size()];
    for (int i = 0; i < out.length; i++) {
      String f = names.get(i);
      Map<String, String> alias = aliases.get(f);
      if (alias != null && ruleName != null && alias.containsKey(ruleName)) {
        f = alias.get(ruleName);
      }
      String ecs = FieldMapping.ecs(f);
      out[i] = ecs == null ? f : ecs;
    }
    return out;
  }

  static SigmaRuleSet empty(SigmaOptions options) {
    return new SigmaRuleSet(List.of(), List.of(), options, true);
  }

  /**
   * The same rules, with fresh correlation state, evaluating every rule on every event: what the
   * prefilter must agree with, and its cost without it.
   */
  public SigmaRuleSet withoutPrefilter() {
    return new SigmaRuleSet(rules, linked, options, false);
  }

  /**
   * Takes over the correlation state (groups, counts, open windows) of {@code previous} for every
   * correlation whose id and definition are unchanged, its referenced rules' definitions included:
   * a rule reload then loses no half-counted brute force. Call it before this set runs; {@code
   * previous} must not run afterwards (the state moves, it is not copied). Detection rules hold no
   * state.
   *
   * @return the ids of the correlations whose state was kept
   */
  public java.util.Set<String> keepStateOf(SigmaRuleSet previous) {
    Map<String, Integer> old = new java.util.HashMap<>();
    for (int c = 0; c < previous.linked.size(); c++) {
      old.put(previous.linked.get(c).spec().meta().id(), c);
    }
    java.util.Set<String> kept = new java.util.LinkedHashSet<>();
    for (int c = 0; c < linked.size(); c++) {
      String id = linked.get(c).spec().meta().id();
      Integer o = old.get(id);
      if (o != null
          && previous.correlationDefinition(o).equals(correlationDefinition(c))
          && previous.options.equals(options)) {
        correlators[c] = previous.correlators[o];
        kept.add(id);
      }
    }
    return kept;
  }

  /**
   * The fingerprint of correlation {@code c} (in {@link #correlations()} order): its settings (not
   * its file and lines) and the definitions of what it refers to.
   */
  public String correlationDefinition(int c) {
    Linked l = linked.get(c);
    SigmaCorrelation s = l.spec();
    StringBuilder sb = new StringBuilder();
    sb.append(s.meta())
        .append('|')
        .append(s.name())
        .append('|')
        .append(s.sigmaId())
        .append('|')
        .append(s.type())
        .append('|')
        .append(s.groupBy())
        .append('|')
        .append(s.timespan())
        .append('|')
        .append(s.condition())
        .append('|')
        .append(s.valueFields())
        .append('|')
        .append(s.aliases())
        .append('|')
        .append(s.generate());
    for (Target t : l.targets()) {
      // Correlations cannot refer to each other in a cycle (the loader refuses it).
      sb.append('|')
          .append(t.rule() ? rules.get(t.index()).definition() : correlationDefinition(t.index()));
    }
    return dev.mimamori.detect.RuleDefinitions.fingerprint(sb.toString());
  }

  /** The detection rules, in load order. */
  public List<SigmaRule> rules() {
    return rules;
  }

  /** The correlation rules, in load order. */
  public List<SigmaCorrelation> correlations() {
    return linked.stream().map(Linked::spec).toList();
  }

  /** Detection rules that are evaluated on every event, having no literal to prefilter on. */
  public long unfilteredRuleCount() {
    return rules.stream().filter(r -> r.requirement() == null).count();
  }

  @Override
  public int size() {
    return rules.size() + correlators.length;
  }

  /**
   * The detection rules that match the event, as a bit set over rule indexes: stateless (the
   * correlations come after), so it may run ahead on another thread ({@link #prepare}).
   */
  private long[] matched(EventView view) {
    return view.memo(this, matcher);
  }

  /** {@link #match}, one instance rather than a new one per event. */
  private final java.util.function.Function<Event, long[]> matcher = this::match;

  /** No rule matched: shared, never written. */
  private final long[] none;

  private long[] match(Event ev) {
    EventTexts texts = new EventTexts(ev);
    long[] candidates = prefiltered ? prefilter.candidates(texts) : all;
    if (isEmpty(candidates)) {
      return none;
    }
    long[] hits = new long[candidates.length];
    for (int w = 0; w < candidates.length; w++) {
      long bits = candidates[w];
      while (bits != 0) {
        int i = (w << 6) + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        if (rules.get(i).matches(texts)) {
          hits[w] |= 1L << i;
        }
      }
    }
    return hits;
  }

  private static boolean isEmpty(long[] bits) {
    for (long w : bits) {
      if (w != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void prepare(EventView view) {
    matched(view);
  }

  /**
   * The matching, which depends on each event alone and is kept in its view, for the whole batch
   * first (the prefilter's automata and kept answers stay in the caches for it), then the
   * correlations event by event in order: the firings of {@link #evaluate(EventView)} per event.
   */
  @Override
  public void evaluate(EventView[] events, int n, List<Firing>[] firings) {
    for (int e = 0; e < n; e++) {
      matched(events[e]);
    }
    for (int e = 0; e < n; e++) {
      firings[e] = evaluate(events[e]);
    }
  }

  @Override
  public List<Firing> evaluate(EventView view) {
    Event ev = view.event();
    List<Firing> out = null;
    if (anyWindows) {
      long now = ev.timestamp().toEpochMilli();
      for (int c = 0; c < correlators.length; c++) {
        for (Firing f : correlators[c].advance(now)) {
          out = fired(c, f, out);
        }
      }
    }
    long[] hits = matched(view);
    for (int w = 0; w < hits.length; w++) {
      long bits = hits[w];
      while (bits != 0) {
        int i = (w << 6) + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        SigmaRule r = rules.get(i);
        if (ruleAlerts[i]) {
          out = add(out, new Firing(r.meta(), ev, List.of(ev)));
        }
        for (Edge e : ruleEdges[i]) {
          out = feed(e, new Signal(ev.timestamp().toEpochMilli(), ev, List.of(ev)), out);
        }
      }
    }
    return out == null ? List.of() : out;
  }

  private @Nullable List<Firing> feed(Edge e, Signal s, @Nullable List<Firing> out) {
    for (Firing f : correlators[e.correlator()].accept(e.ref(), s)) {
      out = fired(e.correlator(), f, out);
    }
    return out;
  }

  /** A correlation fired: alert, and pass it on to the correlations that refer to it. */
  private @Nullable List<Firing> fired(int c, Firing f, @Nullable List<Firing> out) {
    if (correlatorAlerts[c]) {
      out = add(out, f);
    }
    Signal s = new Signal(f.trigger().timestamp().toEpochMilli(), f.trigger(), f.evidence());
    for (Edge e : correlatorEdges[c]) {
      out = feed(e, s, out);
    }
    return out;
  }

  private static List<Firing> add(@Nullable List<Firing> out, Firing f) {
    List<Firing> o = out == null ? new ArrayList<>(2) : out;
    o.add(f);
    return o;
  }
}
