package dev.mimamori.detect.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /** Per field, per pattern id, the event stamp it was last seen on (reported once per event). */
  private final int[][] seen;

  private int stamp;

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
    seen = new int[fields.length][];
    for (int f = 0; f < fields.length; f++) {
      Map<String, List<Integer>> lits = byField.get(fields[f]);
      List<String> patterns = new ArrayList<>(lits.keySet());
      automata[f] = new AhoCorasick(patterns);
      rulesOf[f] = new int[patterns.size()][];
      for (int p = 0; p < patterns.size(); p++) {
        rulesOf[f][p] = lits.get(patterns.get(p)).stream().mapToInt(Integer::intValue).toArray();
      }
      seen[f] = new int[patterns.size()];
    }
  }

  /** The candidate rules for one event, as a bit set over rule indexes. */
  long[] candidates(EventTexts texts) {
    long[] bits = always.clone();
    if (++stamp == 0) {
      stamp = 1;
      for (int[] s : seen) {
        java.util.Arrays.fill(s, 0);
      }
    }
    int st = stamp;
    for (int f = 0; f < fields.length; f++) {
      FieldText ft = texts.field(fields[f]);
      if (ft.raw == null) {
        continue;
      }
      int[] seenF = seen[f];
      int[][] rules = rulesOf[f];
      java.util.function.IntConsumer hit =
          id -> {
            if (seenF[id] != st) {
              seenF[id] = st;
              for (int r : rules[id]) {
                bits[r >>> 6] |= 1L << r;
              }
            }
          };
      automata[f].search(ft.lower(), hit);
      String d = ft.decodedLower();
      if (d != null) {
        automata[f].search(d, hit);
      }
    }
    return bits;
  }
}
