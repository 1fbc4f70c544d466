package dev.mimamori.scan.heuristics.js;

import dev.mimamori.scan.heuristics.text.Latin1;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the inline scripts of a page or template ({@code <script>...</script>}) and the external
 * ones ({@code src=}), by plain search: no HTML parser, linear in the page.
 */
public final class ScriptBlocks {
  /** One script element: its content range and its src attribute (or ""). */
  public record Block(int from, int to, String src) {}

  private static final int MAX_BLOCKS = 256;

  private ScriptBlocks() {}

  public static List<Block> find(String page) {
    List<Block> blocks = new ArrayList<>();
    int i = 0;
    while (blocks.size() < MAX_BLOCKS) {
      int open = Latin1.indexOfIgnoreCase(page, "<script", i);
      if (open < 0) {
        break;
      }
      int tagEnd = page.indexOf('>', open);
      if (tagEnd < 0) {
        break;
      }
      int close = Latin1.indexOfIgnoreCase(page, "</script", tagEnd + 1);
      int end = close < 0 ? page.length() : close;
      blocks.add(new Block(tagEnd + 1, end, srcOf(page.substring(open, tagEnd))));
      i = close < 0 ? page.length() : close + 8;
    }
    return blocks;
  }

  private static String srcOf(String tag) {
    int at = Latin1.indexOfIgnoreCase(tag, "src", 0);
    while (at > 0) {
      int p = at + 3;
      while (p < tag.length() && tag.charAt(p) == ' ') {
        p++;
      }
      if (p < tag.length()
          && tag.charAt(p) == '='
          && !Character.isLetterOrDigit(tag.charAt(at - 1))) {
        p++;
        while (p < tag.length()
            && (tag.charAt(p) == ' ' || tag.charAt(p) == '"' || tag.charAt(p) == '\'')) {
          p++;
        }
        int e = p;
        while (e < tag.length() && " \"'>".indexOf(tag.charAt(e)) < 0) {
          e++;
        }
        return tag.substring(p, e);
      }
      at = Latin1.indexOfIgnoreCase(tag, "src", at + 3);
    }
    return "";
  }
}
