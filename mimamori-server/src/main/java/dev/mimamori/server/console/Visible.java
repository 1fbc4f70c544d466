package dev.mimamori.server.console;

import java.util.ArrayList;
import java.util.List;

/**
 * Attacker text split into what a reader sees and markers for what they would not: control
 * characters, zero-width and direction marks, odd spaces. A template shows markers in their own
 * style ({@code U+200B}), so a marker cannot be faked by typing the same letters.
 */
public final class Visible {
  /** A run of plain text, or the name of one invisible character. */
  public record Segment(String text, boolean marker) {}

  private Visible() {}

  public static List<Segment> segments(String s) {
    List<Segment> out = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    s.codePoints()
        .forEach(
            cp -> {
              if (invisible(cp)) {
                if (!run.isEmpty()) {
                  out.add(new Segment(run.toString(), false));
                  run.setLength(0);
                }
                out.add(new Segment(String.format("U+%04X", cp), true));
              } else {
                run.appendCodePoint(cp);
              }
            });
    if (!run.isEmpty()) {
      out.add(new Segment(run.toString(), false));
    }
    return out;
  }

  /** Whether a reader would miss the character or mistake it for another. */
  static boolean invisible(int cp) {
    if (cp == '\t') {
      return false;
    }
    if (cp == 0x3000) {
      return false; // the ideographic space of Japanese text
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SPACE_SEPARATOR,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.PRIVATE_USE,
          Character.SURROGATE,
          Character.UNASSIGNED ->
          cp != ' ';
      default ->
          cp == 0x115F
              || cp == 0x1160
              || cp == 0x3164
              || cp == 0xFFA0
              || cp == 0x034F
              || (cp >= 0xFE00 && cp <= 0xFE0F);
    };
  }
}
