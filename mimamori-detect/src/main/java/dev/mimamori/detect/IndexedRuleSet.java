package dev.mimamori.detect;

import dev.mimamori.model.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A list of rules run in order, each asked only about events that meet its {@link Requirement}: the
 * rules are indexed by the values they need (a method, a status, a dataset), so an event costs one
 * lookup per indexed field instead of every rule's conditions. Called from one thread at a time.
 */
final class IndexedRuleSet implements RuleSet {
  private final CompiledRule[] rules;

  /** Rules without a requirement, as a bit set over rule indexes. */
  private final long[] always;

  /** The fields rules need values of (interned). */
  private final String[] fields;

  /**
   * Per field, value to the rules that need it, as bit sets. Each lower-cased value is there, and
   * its upper-cased form beside it, so the common spellings ({@code GET}, {@code POST}) are found
   * without lower-casing the event's text. A key may only ever widen the rules asked: a rule
   * re-checks its own conditions.
   */
  private final List<Map<String, long[]>> byValue;

  /** The distinct {@link CompiledRule#gate()}s of the rules, and per gate the rules behind it. */
  private final CompiledRule.Gate[] gates;

  private final long[][] gated;

  /** The rules the current event is asked of, as a bit set. */
  private final long[] candidates;

  /** For a batch, the rules each event is asked of (event by event), and all of them together. */
  private long[] batchAsked = new long[0];

  private final long[] batchAny;

  /** Per field, the rules the current event's value asks for (null: none). */
  private final @Nullable long[][] scratch;

  /**
   * Per field, the last value looked up and what it asked for. Parsers hand out one instance of a
   * method, status or dataset for every line that has it ({@code "GET"}, {@code "200"}), so the
   * next event's value is most often the same instance: answered without hashing it, and without
   * lower-casing a value that is not in the index ({@code GET} when only POST rules are indexed).
   */
  private final @Nullable String[] lastValue;

  private final @Nullable long[][] lastRules;

  IndexedRuleSet(List<CompiledRule> list) {
    rules = list.toArray(new CompiledRule[0]);
    int words = Math.max(1, (rules.length + 63) >>> 6);
    always = new long[words];
    Map<String, Map<String, long[]>> index = new LinkedHashMap<>();
    for (int i = 0; i < rules.length; i++) {
      Requirement r = rules[i].requiredValue();
      if (r == null) {
        always[i >>> 6] |= 1L << i;
        continue;
      }
      Map<String, long[]> values = index.computeIfAbsent(r.field(), k -> new HashMap<>());
      for (String v : r.values()) {
        for (String key : List.of(v, v.toUpperCase(Locale.ROOT))) {
          long[] bits = values.computeIfAbsent(key, k -> new long[words]);
          bits[i >>> 6] |= 1L << i;
        }
      }
    }
    // Few gates: found in a short list (equal gates, such as two rules' same words, are one).
    List<CompiledRule.Gate> gateList = new ArrayList<>();
    List<long[]> gatedList = new ArrayList<>();
    for (int i = 0; i < rules.length; i++) {
      CompiledRule.Gate g = rules[i].gate();
      if (g == null) {
        continue;
      }
      int k = 0;
      while (k < gateList.size() && !gateList.get(k).equals(g)) {
        k++;
      }
      if (k == gateList.size()) {
        gateList.add(g);
        gatedList.add(new long[words]);
      }
      gatedList.get(k)[i >>> 6] |= 1L << i;
    }
    gates = gateList.toArray(new CompiledRule.Gate[0]);
    gated = gatedList.toArray(new long[0][]);
    fields = index.keySet().toArray(new String[0]);
    byValue = new ArrayList<>(index.values());
    scratch = new long[fields.length][];
    candidates = new long[words];
    batchAny = new long[words];
    lastValue = new String[fields.length];
    lastRules = new long[fields.length][];
  }

  @Override
  public int size() {
    return rules.length;
  }

  @Override
  public void prepare(EventView event) {
    for (CompiledRule rule : rules) {
      rule.prepare(event);
    }
  }

  @Override
  public List<Firing> evaluate(EventView event) {
    long[] asked = ask(event);
    List<Firing> out = null;
    for (int w = 0; w < asked.length; w++) {
      long bits = asked[w];
      while (bits != 0) {
        int i = (w << 6) + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        CompiledRule rule = rules[i];
        List<Event> evidence = rule.evaluate(event);
        if (!evidence.isEmpty()) {
          if (out == null) {
            out = new ArrayList<>(2);
          }
          out.add(new Firing(rule.meta(), event.event(), evidence));
        }
      }
    }
    return out == null ? List.of() : out;
  }

  /**
   * Rule by rule: every event of the batch a rule is asked about goes through it before the next
   * rule runs, so each rule's state (its groups, windows, kept answers) stays in the processor's
   * caches for the batch instead of taking turns with every other rule's on every event. A rule
   * still sees its events in order, and rules keep no state in common (what they share per event,
   * the view's memos, is worked out from the event alone), so every event's firings are those of
   * {@link #evaluate(EventView)}, in the same order. (A rule instance listed twice would see its
   * events in another order: each list holds an instance once, as the rule loader builds them.)
   */
  @Override
  public void evaluate(EventView[] events, int n, List<Firing>[] firings) {
    int words = candidates.length;
    if (batchAsked.length < n * words) {
      batchAsked = new long[n * words];
    }
    long[] askedOf = batchAsked;
    long[] any = batchAny;
    java.util.Arrays.fill(any, 0);
    for (int e = 0; e < n; e++) {
      long[] asked = ask(events[e]);
      for (int w = 0; w < words; w++) {
        askedOf[e * words + w] = asked[w];
        any[w] |= asked[w];
      }
      firings[e] = List.of();
    }
    for (int w = 0; w < words; w++) {
      long bits = any[w];
      while (bits != 0) {
        int i = (w << 6) + Long.numberOfTrailingZeros(bits);
        long bit = bits & -bits;
        bits &= bits - 1;
        CompiledRule rule = rules[i];
        for (int e = 0; e < n; e++) {
          if ((askedOf[e * words + w] & bit) == 0) {
            continue;
          }
          List<Event> evidence = rule.evaluate(events[e]);
          if (!evidence.isEmpty()) {
            List<Firing> out = firings[e];
            if (out.isEmpty()) {
              out = new ArrayList<>(2);
              firings[e] = out;
            }
            out.add(new Firing(rule.meta(), events[e].event(), evidence));
          }
        }
      }
    }
  }

  /**
   * The rules {@code event} is asked of, as a bit set (this set's scratch, valid until the next
   * call): those its indexed values and the rules without a requirement give, less those behind a
   * gate the event does not pass.
   */
  private long[] ask(EventView event) {
    for (int f = 0; f < fields.length; f++) {
      scratch[f] = rulesNeeding(f, event.raw(fields[f]));
    }
    long[] asked = candidates;
    for (int w = 0; w < always.length; w++) {
      long bits = always[w];
      for (long @Nullable [] s : scratch) {
        if (s != null) {
          bits |= s[w];
        }
      }
      asked[w] = bits;
    }
    // A gate that does not hold spares all its rules (one test instead of one call each); it is
    // asked only when one of its rules would be.
    for (int k = 0; k < gates.length; k++) {
      long[] behind = gated[k];
      boolean any = false;
      for (int w = 0; w < asked.length && !any; w++) {
        any = (asked[w] & behind[w]) != 0;
      }
      if (any && !gates[k].admits(event)) {
        for (int w = 0; w < asked.length; w++) {
          asked[w] &= ~behind[w];
        }
      }
    }
    return asked;
  }

  private long @Nullable [] rulesNeeding(int field, @Nullable String raw) {
    if (raw == null) {
      return null;
    }
    if (raw == lastValue[field]) {
      return lastRules[field];
    }
    long[] bits = lookUp(field, raw);
    lastValue[field] = raw;
    lastRules[field] = bits;
    return bits;
  }

  private long @Nullable [] lookUp(int field, String raw) {
    Map<String, long[]> values = byValue.get(field);
    long[] bits = values.get(raw);
    if (bits == null) {
      String lower = raw.toLowerCase(Locale.ROOT);
      if (lower != raw) {
        bits = values.get(lower);
      }
    }
    return bits;
  }
}
