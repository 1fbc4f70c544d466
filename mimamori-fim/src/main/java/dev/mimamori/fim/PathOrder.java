package dev.mimamori.fim;

import java.util.Comparator;

/**
 * The order of a depth-first walk that visits each directory's entries sorted by name: paths are
 * compared character by character with '/' below every other character, so {@code a/b} comes before
 * {@code a.txt} (the directory {@code a} sorts before the name {@code a.txt}). The baseline is
 * written in this order and a check walks in it, so the two merge in one pass.
 */
public final class PathOrder implements Comparator<String> {
  public static final PathOrder INSTANCE = new PathOrder();

  private PathOrder() {}

  @Override
  public int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (x == '/') {
          return -1;
        }
        if (y == '/') {
          return 1;
        }
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }
}
