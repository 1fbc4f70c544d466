package dev.mimamori.detect.sigma;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A YAML value with the line it starts on, so that every load error can name its line. */
sealed interface YNode permits YNode.Scalar, YNode.Seq, YNode.Mapping {

  int line();

  /** What a scalar was written as; Sigma treats numbers and strings differently in places. */
  enum Kind {
    STRING,
    INT,
    FLOAT,
    BOOL,
    NULL
  }

  /** A scalar; {@code text} is as written ({@code null} only for a YAML null). */
  record Scalar(@Nullable String text, Kind kind, int line) implements YNode {
    boolean isNull() {
      return kind == Kind.NULL;
    }
  }

  record Seq(List<YNode> items, int line) implements YNode {}

  /** A mapping in file order; keys are unique (the reader refuses duplicates). */
  record Mapping(Map<String, YNode> entries, Map<String, Integer> keyLines, int line)
      implements YNode {

    @Nullable YNode get(String key) {
      return entries.get(key);
    }

    int lineOf(String key) {
      Integer l = keyLines.get(key);
      return l == null ? line : l;
    }

    /**
     * {@code src} laid over this mapping, nested mappings merged key by key: the {@code action:
     * global} template and {@code action: repeat} of rule collections. The result starts on {@code
     * src}'s line: it is that document's rule.
     */
    Mapping mergedWith(Mapping src) {
      Map<String, YNode> e = new LinkedHashMap<>(entries);
      Map<String, Integer> l = new LinkedHashMap<>(keyLines);
      src.entries.forEach(
          (k, v) -> {
            YNode old = e.get(k);
            e.put(k, old instanceof Mapping om && v instanceof Mapping vm ? om.mergedWith(vm) : v);
            l.put(k, src.lineOf(k));
          });
      return new Mapping(e, l, src.line);
    }
  }

  /**
   * The node as canonical text without its lines: what a rule says, whatever line it is written on
   * (the fingerprint a reload compares).
   */
  static String canonical(YNode n) {
    StringBuilder sb = new StringBuilder();
    canonical(n, sb);
    return sb.toString();
  }

  private static void canonical(YNode n, StringBuilder sb) {
    if (n instanceof Scalar s) {
      sb.append(s.kind().name().charAt(0));
      if (s.text() != null) {
        sb.append(s.text().length()).append(':').append(s.text());
      }
    } else if (n instanceof Seq q) {
      sb.append('[');
      for (YNode item : q.items()) {
        canonical(item, sb);
        sb.append(',');
      }
      sb.append(']');
    } else {
      sb.append('{');
      ((Mapping) n)
          .entries()
          .forEach(
              (k, v) -> {
                sb.append(k.length()).append(':').append(k).append('=');
                canonical(v, sb);
                sb.append(',');
              });
      sb.append('}');
    }
  }

  /** What a node is, in words, for error messages. */
  static String describe(YNode n) {
    if (n instanceof Scalar s) {
      return s.isNull() ? "null" : "a " + s.kind().name().toLowerCase(java.util.Locale.ROOT);
    }
    return n instanceof Seq ? "a list" : "a mapping";
  }
}
