package dev.mimamori.detect.sigma;

import dev.mimamori.detect.ValueMemo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The literal prefilter: the literals of every rule's strongest clause ({@link Requirements}), one
 * Aho-Corasick automaton per field, run once over each field's lower-cased text (and its decoded
 * form) per event. A rule is a candidate when one of those literals occurs in its field and each of
 * its further clauses (a POST, say, beside a folder's name) has a literal in its field; rules
 * without a usable literal always are.
 */
final class Prefilter {
  private final String[] fields;
  private final AhoCorasick[] automata;

  /** Per field, per pattern id, the rules that need it. */
  private final int[][][] rulesOf;

  private final long[] always;

  /**
   * A further clause: one of these lower-cased literals occurs in its field (raw or decoded), the
   * field of each literal at the same index.
   */
  private record Clause(String[] fields, String[] literals) {
    boolean metBy(EventTexts texts) {
      for (int i = 0; i < literals.length; i++) {
        FieldText ft = texts.field(fields[i]);
        if (ft.raw == null) {
          continue;
        }
        if (Text.containsLower(ft.raw, literals[i])) {
          return true;
        }
        String decoded = ft.decodedLower();
        if (decoded != null && decoded.contains(literals[i])) {
          return true;
        }
      }
      return false;
    }
  }

  private static final Clause[] NO_CLAUSES = new Clause[0];

  /** Per rule, its further clauses (empty for most). */
  private final Clause[][] further;

  /** The rules that have further clauses, as a bit set. */
  private final long[] anyFurther;

  /**
   * Fields whose values come back request after request (a visitor's user agent, a page's referrer,
   * an asset's path): the rules a value makes candidates are kept and replayed when it comes again,
   * instead of a pass over its characters (raw and decoded).
   */
  static final Set<String> REPEATING =
      Set.of("user_agent.original", "http.request.referrer", "url.path");

  static final int SLOTS = 4096;

  /** Longer values are searched every time: at most SLOTS × 1,024 characters per field are held. */
  static final int MAX_CHARS = 1024;

  /**
   * Per field (null for fields not in {@link #REPEATING}): for a value, the rules its patterns (raw
   * or decoded) make candidates, as a bit set over rule indexes, replayed with one OR per word. A
   * bit set is never changed once kept.
   */
  private final @Nullable ValueMemo<long[]>[] hitCache;

  private final int words;

  Prefilter(List<SigmaRule> rules) {
    words = (rules.size() + 63) >>> 6;
    always = new long[words];
    anyFurther = new long[words];
    further = new Clause[rules.size()][];
    Map<String, Map<String, List<Integer>>> byField = new LinkedHashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      List<List<FieldLiteral>> need = rules.get(i).requirement();
      further[i] = NO_CLAUSES;
      if (need == null) {
        always[i >>> 6] |= 1L << i;
        continue;
      }
      further[i] =
          need.subList(1, need.size()).stream().map(Prefilter::clause).toArray(Clause[]::new);
      if (further[i].length > 0) {
        anyFurther[i >>> 6] |= 1L << i;
      }
      for (FieldLiteral l : need.get(0)) {
        byField
            .computeIfAbsent(l.field(), k -> new LinkedHashMap<>())
            .computeIfAbsent(l.literal(), k -> new ArrayList<>())
            .add(i);
      }
    }
    fields = byField.keySet().toArray(new String[0]);
    automata = new AhoCorasick[fields.length];
    rulesOf = new int[fields.length][][];
    for (int f = 0; f < fields.length; f++) {
      Map<String, List<Integer>> lits = byField.get(fields[f]);
      List<String> patterns = new ArrayList<>(lits.keySet());
      automata[f] = new AhoCorasick(patterns);
      rulesOf[f] = new int[patterns.size()][];
      for (int p = 0; p < patterns.size(); p++) {
        rulesOf[f][p] = lits.get(patterns.get(p)).stream().mapToInt(Integer::intValue).toArray();
      }
    }
    @SuppressWarnings("unchecked")
    ValueMemo<long[]>[] caches = (ValueMemo<long[]>[]) new ValueMemo<?>[fields.length];
    for (int f = 0; f < fields.length; f++) {
      if (REPEATING.contains(fields[f])) {
        caches[f] = new ValueMemo<>(SLOTS, MAX_CHARS);
      }
    }
    hitCache = caches;
  }

  private static Clause clause(List<FieldLiteral> literals) {
    return new Clause(
        literals.stream().map(FieldLiteral::field).toArray(String[]::new),
        literals.stream().map(FieldLiteral::literal).toArray(String[]::new));
  }

  /** The candidate rules for one event, as a bit set over rule indexes. */
  long[] candidates(EventTexts texts) {
    long[] bits = always.clone();
    for (int f = 0; f < fields.length; f++) {
      String raw = texts.raw(fields[f]);
      if (raw == null) {
        continue;
      }
      ValueMemo<long[]> cache = hitCache[f];
      if (cache == null || raw.length() > MAX_CHARS) {
        search(f, texts.field(fields[f]), bits);
        continue;
      }
      long[] known = cache.get(raw);
      if (known == null) {
        known = new long[words];
        search(f, texts.field(fields[f]), known);
        cache.put(raw, known);
      }
      for (int w = 0; w < words; w++) {
        bits[w] |= known[w];
      }
    }
    for (int w = 0; w < words; w++) {
      long check = bits[w] & anyFurther[w];
      while (check != 0) {
        int i = (w << 6) + Long.numberOfTrailingZeros(check);
        check &= check - 1;
        for (Clause c : further[i]) {
          if (!c.metBy(texts)) {
            bits[w] &= ~(1L << i);
            break;
          }
        }
      }
    }
    return bits;
  }

  /** Adds the rules of every pattern found in the field to {@code bits}, each pattern's once. */
  private void search(int f, FieldText ft, long[] bits) {
    int[][] rules = rulesOf[f];
    // A pattern found many times in a hostile value adds its rules once.
    long[] seen = new long[(rules.length + 63) >>> 6];
    java.util.function.IntConsumer hit =
        id -> {
          if ((seen[id >>> 6] & (1L << id)) == 0) {
            seen[id >>> 6] |= 1L << id;
            for (int r : rules[id]) {
              bits[r >>> 6] |= 1L << r;
            }
          }
        };
    automata[f].searchLower(ft.raw, hit);
    String d = ft.decoded();
    if (d != null) {
      automata[f].searchLower(d, hit);
    }
  }
}
