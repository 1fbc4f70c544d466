package dev.mimamori.scan.heuristics.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds many keywords at once in one pass (Aho-Corasick compiled to a table), so checking a file
 * against a hundred phrases costs one walk over it, whatever the input. Matching ignores ASCII
 * case; text is a byte string (one char per byte, see {@link Latin1}), so a UTF-8 keyword such as
 * {@code カード番号} is matched by its bytes.
 */
public final class KeywordSet {
  private static final int ALPHABET = 256;

  private final List<String> keywords;
  private final int[] next;
  private final int[][] outputs;

  private KeywordSet(List<String> keywords) {
    this.keywords = List.copyOf(keywords);
    List<int[]> trie = new ArrayList<>();
    List<List<Integer>> out = new ArrayList<>();
    trie.add(newRow());
    out.add(new ArrayList<>());
    for (int k = 0; k < keywords.size(); k++) {
      String word = Latin1.fromUtf8(keywords.get(k));
      int state = 0;
      for (int i = 0; i < word.length(); i++) {
        int c = Latin1.lower(word.charAt(i)) & 0xFF;
        if (trie.get(state)[c] < 0) {
          trie.get(state)[c] = trie.size();
          trie.add(newRow());
          out.add(new ArrayList<>());
        }
        state = trie.get(state)[c];
      }
      out.get(state).add(k);
    }
    int n = trie.size();
    int[] fail = new int[n];
    next = new int[n * ALPHABET];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < ALPHABET; c++) {
      int child = trie.get(0)[c];
      next[c] = Math.max(child, 0);
      if (child > 0) {
        queue.add(child);
      }
    }
    // Breadth first: a state's failure target is shallower, so its row and outputs are final.
    while (!queue.isEmpty()) {
      int state = queue.poll();
      out.get(state).addAll(out.get(fail[state]));
      for (int c = 0; c < ALPHABET; c++) {
        int child = trie.get(state)[c];
        if (child > 0) {
          fail[child] = next[fail[state] * ALPHABET + c];
          next[state * ALPHABET + c] = child;
          queue.add(child);
        } else {
          next[state * ALPHABET + c] = next[fail[state] * ALPHABET + c];
        }
      }
    }
    outputs = new int[n][];
    for (int s = 0; s < n; s++) {
      outputs[s] = out.get(s).stream().mapToInt(Integer::intValue).distinct().toArray();
    }
  }

  private static int[] newRow() {
    int[] row = new int[ALPHABET];
    Arrays.fill(row, -1);
    return row;
  }

  public static KeywordSet of(List<String> keywords) {
    return new KeywordSet(keywords);
  }

  public static KeywordSet of(String... keywords) {
    return new KeywordSet(List.of(keywords));
  }

  public int size() {
    return keywords.size();
  }

  public String keyword(int id) {
    return keywords.get(id);
  }

  /** Receives each match: the keyword's index and the offset just past its end. */
  @FunctionalInterface
  public interface Hits {
    void hit(int keyword, int end);
  }

  /** Reports every occurrence of every keyword in {@code text[from, to)}. */
  public void scan(CharSequence text, int from, int to, Hits hits) {
    int state = 0;
    for (int i = from; i < to; i++) {
      char ch = text.charAt(i);
      int c = ch > 0xFF ? 0 : Latin1.lower(ch);
      state = next[state * ALPHABET + c];
      int[] found = outputs[state];
      for (int k : found) {
        hits.hit(k, i + 1);
      }
    }
  }

  /** How often each keyword occurs in {@code text}, indexed like the keyword list. */
  public int[] count(CharSequence text) {
    int[] counts = new int[keywords.size()];
    scan(text, 0, text.length(), (k, end) -> counts[k]++);
    return counts;
  }

  /** Whether any keyword occurs in {@code text}. */
  public boolean any(CharSequence text) {
    int state = 0;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      state = next[state * ALPHABET + (ch > 0xFF ? 0 : Latin1.lower(ch))];
      if (outputs[state].length > 0) {
        return true;
      }
    }
    return false;
  }
}
