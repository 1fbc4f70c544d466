package dev.mimamori.detect.sigma;

import dev.mimamori.detect.ValueMemo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The literal prefilter: every literal any rule needs, one Aho-Corasick automaton per field, run
 * once over each field's lower-cased text (and its decoded form) per event. A rule is a candidate
 * when one of its literals occurs in its field; rules without a usable literal always are.
 */
final class Prefilter {
  private final String[] fields;
  private final AhoCorasick[] automata;

  /** Per field, per pattern id, the rules that need it. */
  private final int[][][] rulesOf;

  private final long[] always;

  /**
   * Where each field's pattern ids start in the per-event "already reported" bit set (a pattern
   * that occurs many times in a hostile value adds its rules once). A bit set per call rather than
   * per-thread scratch: a {@code ThreadLocal} lookup per event cost a tenth of a reading thread
   * whose thread-local map had grown (JFR over a million-line ingest), more than the allocation.
   */
  private final int[] seenOffset;

  private final int seenWords;

  /**
   * Fields whose values come back request after request (a visitor's user agent, a page's referrer,
   * an asset's path): the patterns found in a value are kept and replayed when it comes again,
   * instead of a pass over its characters (raw and decoded).
   */
  static final Set<String> REPEATING =
      Set.of("user_agent.original", "http.request.referrer", "url.path");

  static final int SLOTS = 2048;

  /** Longer values are searched every time: at most SLOTS × 1,024 characters per field are held. */
  static final int MAX_CHARS = 1024;

  /**
   * Per field (null for fields not in {@link #REPEATING}): for a value, the pattern ids found in it
   * (raw or decoded), each once. An id array is never changed once kept.
   */
  private final @Nullable ValueMemo<int[]>[] hitCache;

  Prefilter(List<SigmaRule> rules) {
    int words = (rules.size() + 63) >>> 6;
    always = new long[words];
    Map<String, Map<String, List<Integer>>> byField = new LinkedHashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      List<FieldLiteral> need = rules.get(i).requirement();
      if (need == null) {
        always[i >>> 6] |= 1L << i;
        continue;
      }
      for (FieldLiteral l : need) {
        byField
            .computeIfAbsent(l.field(), k -> new LinkedHashMap<>())
            .computeIfAbsent(l.literal(), k -> new ArrayList<>())
            .add(i);
      }
    }
    fields = byField.keySet().toArray(new String[0]);
    automata = new AhoCorasick[fields.length];
    rulesOf = new int[fields.length][][];
    int[] patternCounts = new int[fields.length];
    for (int f = 0; f < fields.length; f++) {
      Map<String, List<Integer>> lits = byField.get(fields[f]);
      List<String> patterns = new ArrayList<>(lits.keySet());
      automata[f] = new AhoCorasick(patterns);
      rulesOf[f] = new int[patterns.size()][];
      for (int p = 0; p < patterns.size(); p++) {
        rulesOf[f][p] = lits.get(patterns.get(p)).stream().mapToInt(Integer::intValue).toArray();
      }
      patternCounts[f] = patterns.size();
    }
    seenOffset = new int[fields.length];
    int at = 0;
    for (int f = 0; f < fields.length; f++) {
      seenOffset[f] = at;
      at += patternCounts[f];
    }
    seenWords = (at + 63) >>> 6;
    @SuppressWarnings("unchecked")
    ValueMemo<int[]>[] caches = (ValueMemo<int[]>[]) new ValueMemo<?>[fields.length];
    for (int f = 0; f < fields.length; f++) {
      if (REPEATING.contains(fields[f])) {
        caches[f] = new ValueMemo<>(SLOTS, MAX_CHARS);
      }
    }
    hitCache = caches;
  }

  /** The candidate rules for one event, as a bit set over rule indexes. */
  long[] candidates(EventTexts texts) {
    long[] bits = always.clone();
    long[] seen = new long[seenWords];
    for (int f = 0; f < fields.length; f++) {
      FieldText ft = texts.field(fields[f]);
      if (ft.raw == null) {
        continue;
      }
      int off = seenOffset[f];
      int[][] rules = rulesOf[f];
      java.util.function.IntConsumer hit =
          id -> {
            int b = off + id;
            if ((seen[b >>> 6] & (1L << b)) == 0) {
              seen[b >>> 6] |= 1L << b;
              for (int r : rules[id]) {
                bits[r >>> 6] |= 1L << r;
              }
            }
          };
      ValueMemo<int[]> cache = hitCache[f];
      if (cache == null || ft.raw.length() > MAX_CHARS) {
        search(f, ft, hit);
        continue;
      }
      String raw = ft.raw;
      int[] known = cache.get(raw);
      if (known != null) {
        for (int id : known) {
          hit.accept(id);
        }
        continue;
      }
      // The first occurrence of each pattern in this field, for the cache; a value with more than
      // eight (a hostile one) is searched again next time.
      int[] found = new int[8];
      int[] count = {0};
      search(
          f,
          ft,
          id -> {
            int b = off + id;
            if ((seen[b >>> 6] & (1L << b)) == 0) {
              if (count[0] < found.length) {
                found[count[0]] = id;
              }
              count[0]++;
            }
            hit.accept(id);
          });
      if (count[0] <= found.length) {
        cache.put(raw, java.util.Arrays.copyOf(found, count[0]));
      }
    }
    return bits;
  }

  /**
   * Lower-cased as the automaton reads, without a lower-cased copy (most events then never need
   * one: only a candidate rule's matching asks for it); the raw text, then the decoded one.
   */
  private void search(int f, FieldText ft, java.util.function.IntConsumer hit) {
    automata[f].searchLower(ft.raw, hit);
    String d = ft.decoded();
    if (d != null) {
      automata[f].searchLower(d, hit);
    }
  }
}
