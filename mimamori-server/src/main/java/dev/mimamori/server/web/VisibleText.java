package dev.mimamori.server.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Raw attacker text made readable and honest: characters that are invisible or reorder the text
 * (control characters, zero-width characters, bidirectional overrides, odd spaces, tag and
 * variation characters) are shown as a marker such as {@code ⟦U+200B⟧}, so a payload cannot hide a
 * part of itself or make a line read differently than it is. The console and the reports share this
 * one rule.
 */
public final class VisibleText {
  private VisibleText() {}

  /** A run of text: as it was, or the marker of one hidden character. */
  public record Part(String text, boolean marker) {}

  /** The text with every hidden character replaced by its marker. */
  public static String show(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (Part p : parts(s)) {
      b.append(p.text());
    }
    return b.toString();
  }

  /** The text split into plain runs and markers (so a page can set the markers apart). */
  public static List<Part> parts(String s) {
    List<Part> out = new ArrayList<>();
    StringBuilder plain = new StringBuilder();
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (hidden(cp)) {
        if (plain.length() > 0) {
          out.add(new Part(plain.toString(), false));
          plain.setLength(0);
        }
        out.add(new Part(marker(cp), true));
      } else {
        plain.appendCodePoint(cp);
      }
    }
    if (plain.length() > 0) {
      out.add(new Part(plain.toString(), false));
    }
    return out;
  }

  static String marker(int cp) {
    return "⟦U+" + String.format(Locale.ROOT, "%04X", cp) + "⟧";
  }

  /** Whether a character would not show, or would change how the text around it shows. */
  public static boolean hidden(int cp) {
    if (cp == ' ' || cp == '\u3000' || cp == '\t') {
      return false; // the ordinary space, the Japanese full-width one, and a tab (code in diffs)
    }
    switch (Character.getType(cp)) {
      case Character.CONTROL, // C0, C1, DEL
          Character.FORMAT, // zero-width, bidi overrides and isolates, soft hyphen, tags
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR, // no-break, en, em, thin... spaces
          Character.PRIVATE_USE,
          Character.SURROGATE, // a lone half of a pair
          Character.UNASSIGNED -> {
        return true;
      }
      default -> {
        // Characters that draw nothing though they are letters or marks.
        return cp == 0x034F // combining grapheme joiner
            || cp == 0x115F
            || cp == 0x1160 // Hangul fillers
            || cp == 0x3164
            || cp == 0xFFA0
            || cp == 0x2800 // braille blank
            || (cp >= 0xFE00 && cp <= 0xFE0F) // variation selectors
            || (cp >= 0xE0100 && cp <= 0xE01EF);
      }
    }
  }
}
