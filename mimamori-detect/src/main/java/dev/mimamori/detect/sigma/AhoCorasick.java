package dev.mimamori.detect.sigma;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Aho-Corasick over chars: every pattern found in one pass over a text, in time linear in the text
 * plus the matches reported. Memory is linear in the patterns' total length (sparse transitions,
 * failure links; a dense table only for the root's ASCII transitions).
 */
final class AhoCorasick {
  private final char[][] keys;
  private final int[][] targets;
  private final int[] fail;

  /** Per state, the nearest state on the failure chain (itself included) with output, or 0. */
  private final int[] outState;

  /** Per state, the nearest strict suffix state with output, or 0. */
  private final int[] nextOut;

  private final int[][] out;
  private final int[] rootAscii = new int[128];

  /**
   * The automaton with its failure links resolved for ASCII: {@code ascii[state * 128 + c]} is the
   * state after reading {@code c} in {@code state} (one table step instead of walking failure
   * links); null when the automaton has more than {@value #MAX_DENSE_STATES} states.
   */
  private final int @org.jspecify.annotations.Nullable [] ascii;

  /** 4096 states × 128 ASCII characters × 4 bytes: at most 2 MiB per automaton. */
  static final int MAX_DENSE_STATES = 4096;

  AhoCorasick(List<String> patterns) {
    this(patterns, true);
  }

  /** With {@code dense} false, without the ASCII table (tests compare the two). */
  AhoCorasick(List<String> patterns, boolean dense) {
    List<TreeMap<Character, Integer>> edges = new ArrayList<>();
    List<List<Integer>> outs = new ArrayList<>();
    edges.add(new TreeMap<>());
    outs.add(new ArrayList<>());
    for (int id = 0; id < patterns.size(); id++) {
      String p = patterns.get(id);
      if (p.isEmpty()) {
        throw new IllegalArgumentException("empty pattern");
      }
      int s = 0;
      for (int i = 0; i < p.length(); i++) {
        Integer t = edges.get(s).get(p.charAt(i));
        if (t == null) {
          t = edges.size();
          edges.get(s).put(p.charAt(i), t);
          edges.add(new TreeMap<>());
          outs.add(new ArrayList<>());
        }
        s = t;
      }
      outs.get(s).add(id);
    }
    int n = edges.size();
    keys = new char[n][];
    targets = new int[n][];
    out = new int[n][];
    for (int s = 0; s < n; s++) {
      TreeMap<Character, Integer> e = edges.get(s);
      keys[s] = new char[e.size()];
      targets[s] = new int[e.size()];
      int k = 0;
      for (Map.Entry<Character, Integer> x : e.entrySet()) {
        keys[s][k] = x.getKey();
        targets[s][k++] = x.getValue();
      }
      out[s] = outs.get(s).stream().mapToInt(Integer::intValue).toArray();
    }
    Arrays.fill(rootAscii, -1);
    for (int k = 0; k < keys[0].length; k++) {
      if (keys[0][k] < 128) {
        rootAscii[keys[0][k]] = targets[0][k];
      }
    }
    fail = new int[n];
    outState = new int[n];
    nextOut = new int[n];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int t : targets[0]) {
      queue.add(t);
    }
    int[] order = new int[n];
    int ordered = 0;
    while (!queue.isEmpty()) {
      int u = queue.poll();
      order[ordered++] = u;
      int f = fail[u];
      nextOut[u] = outState[f];
      outState[u] = out[u].length > 0 ? u : outState[f];
      for (int k = 0; k < keys[u].length; k++) {
        char c = keys[u][k];
        int v = targets[u][k];
        int g = f;
        int t;
        while ((t = step(g, c)) < 0 && g != 0) {
          g = fail[g];
        }
        fail[v] = t >= 0 && t != v ? t : 0;
        queue.add(v);
      }
    }
    ascii = dense && n <= MAX_DENSE_STATES ? dense(n, order, ordered) : null;
  }

  /**
   * The ASCII transitions of every state, failures followed: breadth-first, so a state's failure
   * (shallower) has its row before the state does.
   */
  private int[] dense(int n, int[] order, int ordered) {
    int[] table = new int[n * 128];
    for (int c = 0; c < 128; c++) {
      table[c] = Math.max(rootAscii[c], 0);
    }
    for (int k = 0; k < ordered; k++) {
      int u = order[k];
      int base = u * 128;
      int failBase = fail[u] * 128;
      for (int c = 0; c < 128; c++) {
        table[base + c] = table[failBase + c];
      }
      char[] key = keys[u];
      for (int i = 0; i < key.length; i++) {
        if (key[i] < 128) {
          table[base + key[i]] = targets[u][i];
        }
      }
    }
    return table;
  }

  private int step(int s, char c) {
    if (s == 0 && c < 128) {
      return rootAscii[c];
    }
    char[] k = keys[s];
    if (k.length <= 8) {
      for (int i = 0; i < k.length; i++) {
        if (k[i] == c) {
          return targets[s][i];
        }
      }
      return -1;
    }
    int i = Arrays.binarySearch(k, c);
    return i >= 0 ? targets[s][i] : -1;
  }

  /** Reports the id of every pattern occurrence in {@code text} (an id once per occurrence). */
  void search(String text, IntConsumer hit) {
    search(text, false, hit);
  }

  /**
   * {@link #search} over {@link Text#lower(String) Text.lower(text)}, lower-casing each character
   * as it is read instead of copying the text first (the same characters, so the same matches).
   */
  void searchLower(String text, IntConsumer hit) {
    search(text, true, hit);
  }

  private void search(String text, boolean lower, IntConsumer hit) {
    int[] table = ascii;
    int s = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (lower) {
        c = Text.lower(c);
      }
      if (table != null && c < 128) {
        s = table[s * 128 + c];
      } else {
        int t;
        while ((t = step(s, c)) < 0 && s != 0) {
          s = fail[s];
        }
        s = t < 0 ? 0 : t;
      }
      for (int o = outState[s]; o != 0; o = nextOut[o]) {
        for (int id : out[o]) {
          hit.accept(id);
        }
      }
    }
  }
}
