package dev.mimamori.detect.sigma;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What mimamori checks in a rule's {@code |re} value before RE2 compiles it: constructs RE2 cannot
 * run (it guarantees linear time by leaving out backreferences and lookaround), an estimated
 * program size (nested counted repetitions multiply), and the literal text every match must
 * contain, for the prefilter.
 */
final class Regexes {
  static final int MAX_LENGTH = 4096;
  static final long MAX_SIZE = 50_000;
  static final int MIN_LITERAL = 3;

  private Regexes() {}

  /** Why RE2 cannot run {@code re}, in words; null when nothing is wrong that we know of. */
  static @Nullable String refusal(String re) {
    if (re.length() > MAX_LENGTH) {
      return "regular expression longer than " + MAX_LENGTH + " characters";
    }
    boolean inClass = false;
    int n = re.length();
    for (int i = 0; i < n; i++) {
      char c = re.charAt(i);
      char next = i + 1 < n ? re.charAt(i + 1) : '\0';
      if (c == '\\') {
        if (next >= '1' && next <= '9' && !inClass) {
          return "backreference \\"
              + next
              + " (RE2, which keeps matching linear in time, has none)";
        }
        if ((next == 'k' || next == 'g') && !inClass) {
          return "backreference \\"
              + next
              + " (RE2, which keeps matching linear in time, has none)";
        }
        if (next == 'K' || next == 'G') {
          return "\\" + next + " is not supported by RE2";
        }
        i++;
        continue;
      }
      if (inClass) {
        if (c == ']') {
          inClass = false;
        }
        continue;
      }
      if (c == '[') {
        inClass = true;
        if (next == '^') {
          i++;
        }
        if (i + 1 < n && re.charAt(i + 1) == ']') {
          i++;
        }
        continue;
      }
      if (c == '(' && next == '?') {
        String why = groupRefusal(re, i + 2);
        if (why != null) {
          return why;
        }
      }
      if ((c == '*' || c == '+' || c == '?' || c == '}') && next == '+') {
        return "possessive quantifier '" + c + "+' (not supported by RE2)";
      }
    }
    return null;
  }

  private static @Nullable String groupRefusal(String re, int at) {
    char a = at < re.length() ? re.charAt(at) : '\0';
    char b = at + 1 < re.length() ? re.charAt(at + 1) : '\0';
    String lookaround =
        " (RE2, which keeps matching linear in time, has no lookahead or lookbehind)";
    if (a == '=' || a == '!') {
      return "lookahead (?" + a + lookaround;
    }
    if (a == '<' && (b == '=' || b == '!')) {
      return "lookbehind (?<" + b + lookaround;
    }
    if (a == '>') {
      return "atomic group (?> (not supported by RE2)";
    }
    if (a == 'P' && (b == '=' || b == '>')) {
      return "named backreference or recursion (?P" + b + " (not supported by RE2)";
    }
    if (a == '(' || a == 'R' || a == '|' || a == '&' || (a >= '0' && a <= '9')) {
      return "conditional, recursive or branch-reset group (?" + a + " (not supported by RE2)";
    }
    return null;
  }

  /**
   * A rough size of the compiled program: each atom counts 1, a counted repetition multiplies what
   * it repeats. {@code ((a{1000}){1000}){1000}} is a short pattern with a program of 10^9
   * instructions; this refuses it before RE2 tries to build it.
   */
  static long estimatedSize(String re) {
    return new SizeEstimator(re).alternation();
  }

  /**
   * Why RE2/J cannot compile {@code re} case-insensitively, or null. RE2/J folds case by walking
   * each character's fold orbit until it comes back; its orbit table predates the JVM's Unicode
   * data, and for characters added since (U+1C80, CYRILLIC SMALL LETTER ROUNDED VE, folds to U+0412
   * whose orbit never leads back) the walk never ends and compiling hangs. Such characters, as
   * literals or inside class ranges, are refused.
   */
  static @Nullable String foldRefusal(String re, boolean ignoreCase) {
    if (!ignoreCase && !INLINE_I.matcher(re).find()) {
      return null;
    }
    int bad = new CodePointScanner(re).firstUnfoldable();
    return bad < 0
        ? null
        : String.format(
            "case-insensitive matching of U+%04X, which RE2/J cannot case-fold (it would never"
                + " finish compiling)",
            bad);
  }

  /**
   * Code points RE2/J's fold walk would never return to on this JVM, computed once by walking
   * RE2/J's own fold function (bounded); if that cannot be reached, conservatively every character
   * whose JVM case mapping is not a two-way pair.
   */
  private static final class Unfoldable {
    private static final java.lang.invoke.@Nullable MethodHandle RE2_FOLD = re2SimpleFold();

    /** Ranges wider than this are looked up in the whole table, made on first need. */
    private static final int WALK_AT_MOST = 4096;

    /** Whether {@code c} is unfoldable, asked of RE2/J's fold walk directly. */
    static boolean is(int c) {
      return RE2_FOLD == null ? !pairs(c) : !returns(RE2_FOLD, c);
    }

    /** The first unfoldable code point from {@code lo} to {@code hi}, or -1. */
    static int firstIn(int lo, int hi) {
      if (hi - lo >= WALK_AT_MOST) {
        int b = Table.SET.nextSetBit(lo);
        return b >= 0 && b <= hi ? b : -1;
      }
      for (int c = lo; c <= hi; c++) {
        if (is(c)) {
          return c;
        }
      }
      return -1;
    }

    /**
     * Every unfoldable code point: a walk over all of Unicode (about a million folds), so made only
     * for a pattern with a range that wide, not at every start (it took a tenth of a second of CPU,
     * with the compilations it caused, of a command that loads the rule pack).
     */
    private static final class Table {
      static final java.util.BitSet SET = compute();

      private static java.util.BitSet compute() {
        java.util.BitSet s = new java.util.BitSet();
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
          if (is(c)) {
            s.set(c);
          }
        }
        return s;
      }
    }

    private static java.lang.invoke.@Nullable MethodHandle re2SimpleFold() {
      try {
        java.lang.reflect.Method m =
            Class.forName("com.google.re2j.Unicode").getDeclaredMethod("simpleFold", int.class);
        m.setAccessible(true);
        return java.lang.invoke.MethodHandles.lookup().unreflect(m);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }

    private static boolean returns(java.lang.invoke.MethodHandle fold, int c) {
      try {
        int f = (int) fold.invokeExact(c);
        for (int steps = 0; f != c; steps++) {
          if (steps > 16) {
            return false;
          }
          f = (int) fold.invokeExact(f);
        }
        return true;
      } catch (Throwable t) {
        return false;
      }
    }

    private static boolean pairs(int c) {
      int f = fold(c);
      return f == c || fold(f) == c;
    }

    /** RE2/J's simple fold for characters outside its orbit table. */
    private static int fold(int c) {
      int l = Character.toLowerCase(c);
      return l != c ? l : Character.toUpperCase(c);
    }
  }

  /** Reads the literal code points and class ranges of a pattern, as RE2 would fold them. */
  private static final class CodePointScanner {
    private final String re;
    private int i;

    CodePointScanner(String re) {
      this.re = re;
    }

    /** The first unfoldable code point the pattern names, or -1. */
    int firstUnfoldable() {
      boolean inClass = false;
      int pendingLo = -1;
      while (i < re.length()) {
        char c = re.charAt(i);
        if (!inClass && c == '[') {
          inClass = true;
          i++;
          if (i < re.length() && re.charAt(i) == '^') {
            i++;
          }
          if (i < re.length() && re.charAt(i) == ']') {
            i++;
            pendingLo = ']';
          }
          continue;
        }
        if (inClass && c == ']') {
          inClass = false;
          pendingLo = -1;
          i++;
          continue;
        }
        if (inClass
            && c == '-'
            && pendingLo >= 0
            && i + 1 < re.length()
            && re.charAt(i + 1) != ']') {
          i++;
          int hi = point();
          if (hi >= pendingLo) {
            int b = Unfoldable.firstIn(pendingLo, hi);
            if (b >= 0) {
              return b;
            }
          }
          pendingLo = -1;
          continue;
        }
        int p = point();
        if (p >= 0 && Unfoldable.is(p)) {
          return p;
        }
        // An escape not read as one character (\d, \pL) cannot start a range in RE2; should RE2
        // read one anyway, the range is taken to start at U+0000, so none is missed.
        pendingLo = inClass ? Math.max(p, 0) : -1;
      }
      return -1;
    }

    /** The next item's code point, or -1 for an escape that is not one character. */
    private int point() {
      char c = re.charAt(i);
      if (c != '\\') {
        int cp = re.codePointAt(i);
        i += Character.charCount(cp);
        return cp;
      }
      if (i + 1 >= re.length()) {
        i++;
        return -1;
      }
      char e = re.charAt(i + 1);
      i += 2;
      if (e == 'x') {
        if (i < re.length() && re.charAt(i) == '{') {
          int close = re.indexOf('}', i);
          if (close < 0) {
            return -1;
          }
          int v = hex(re.substring(i + 1, close));
          i = close + 1;
          return v;
        }
        int end = Math.min(re.length(), i + 2);
        int v = hex(re.substring(i, end));
        i = end;
        return v;
      }
      if (e == 'p' || e == 'P') {
        if (i < re.length() && re.charAt(i) == '{') {
          int close = re.indexOf('}', i);
          i = close < 0 ? re.length() : close + 1;
        } else {
          i = Math.min(re.length(), i + 1);
        }
        return -1;
      }
      if (e == 'Q') {
        int end = re.indexOf("\\E", i);
        int stop = end < 0 ? re.length() : end;
        for (int k = i; k < stop; ) {
          int cp = re.codePointAt(k);
          if (Unfoldable.is(cp)) {
            i = stop;
            return cp;
          }
          k += Character.charCount(cp);
        }
        i = end < 0 ? re.length() : end + 2;
        return -1;
      }
      if (e >= '0' && e <= '7') {
        // RE2's octal escapes: \0 with up to two more octal digits, \1 to \7 with one or two.
        int v = e - '0';
        int digits = 0;
        while (digits < 2 && i < re.length() && re.charAt(i) >= '0' && re.charAt(i) <= '7') {
          v = v * 8 + (re.charAt(i) - '0');
          i++;
          digits++;
        }
        return e != '0' && digits == 0 ? -1 : v;
      }
      int control = "afnrtv".indexOf(e);
      if (control >= 0) {
        return "\u0007\f\n\r\t\u000b".charAt(control);
      }
      if (Character.isLetterOrDigit(e)) {
        return -1;
      }
      int cp = re.codePointAt(i - 1);
      i += Character.charCount(cp) - 1;
      return cp;
    }

    private static int hex(String h) {
      if (h.isEmpty() || h.length() > 8) {
        return -1;
      }
      int v = 0;
      for (int k = 0; k < h.length(); k++) {
        int d = Character.digit(h.charAt(k), 16);
        if (d < 0 || h.charAt(k) > 0x7f) {
          return -1;
        }
        v = v * 16 + d;
      }
      return v <= Character.MAX_CODE_POINT ? v : -1;
    }
  }

  /**
   * How many character classes RE2 will case-fold when it compiles {@code re}: RE2/J folds every
   * code point of a case-insensitive class's ranges (milliseconds for {@code [^a]}), so thousands
   * of them stall the loader.
   */
  static int foldedClasses(String re, boolean ignoreCase) {
    if (!ignoreCase && !INLINE_I.matcher(re).find()) {
      return 0;
    }
    SizeEstimator e = new SizeEstimator(re);
    e.alternation();
    return e.classes;
  }

  private static final java.util.regex.Pattern INLINE_I =
      java.util.regex.Pattern.compile("\\(\\?[a-zA-Z-]*i");

  private static final class SizeEstimator {
    private final String re;
    private int i;
    int classes;

    SizeEstimator(String re) {
      this.re = re;
    }

    long alternation() {
      long total = sequence();
      while (i < re.length() && re.charAt(i) == '|') {
        i++;
        total = sat(total + sequence());
      }
      return total;
    }

    private long sequence() {
      long total = 0;
      while (i < re.length() && re.charAt(i) != '|' && re.charAt(i) != ')') {
        long atom = atom();
        total = sat(total + sat(atom * repeat()));
      }
      return total;
    }

    private long atom() {
      char c = re.charAt(i);
      if (c == '\\') {
        char e = i + 1 < re.length() ? re.charAt(i + 1) : '\0';
        i += Math.min(2, re.length() - i);
        if ("pPdDwWsS".indexOf(e) >= 0) {
          classes++;
        }
        return 1;
      }
      if (c == '[') {
        i++;
        if (i < re.length() && re.charAt(i) == '^') {
          i++;
        }
        if (i < re.length() && re.charAt(i) == ']') {
          i++;
        }
        while (i < re.length() && re.charAt(i) != ']') {
          i += re.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
        classes++;
        return 1;
      }
      if (c == '(') {
        i++;
        if (i < re.length() && re.charAt(i) == '?') {
          // (?i), (?:...), (?P<name>...): skip the header.
          while (i < re.length()
              && re.charAt(i) != ':'
              && re.charAt(i) != ')'
              && re.charAt(i) != '>') {
            i++;
          }
          if (i < re.length() && re.charAt(i) == ')') {
            i++;
            return 0;
          }
          i++;
        }
        long inner = alternation();
        if (i < re.length() && re.charAt(i) == ')') {
          i++;
        }
        return Math.max(1, inner);
      }
      i++;
      return 1;
    }

    /** How many times the atom just read is repeated, at most. */
    private long repeat() {
      long times = 1;
      while (i < re.length()) {
        char c = re.charAt(i);
        if (c == '*' || c == '+' || c == '?') {
          i++;
          times = sat(times * 2);
        } else if (c == '{') {
          int close = re.indexOf('}', i);
          if (close < 0) {
            return times;
          }
          long max = 0;
          for (String part : re.substring(i + 1, close).split(",", -1)) {
            String p = part.trim();
            if (!p.isEmpty() && p.length() < 10 && p.chars().allMatch(Character::isDigit)) {
              max = Math.max(max, Long.parseLong(p) + 1);
            }
          }
          i = close + 1;
          times = sat(times * Math.max(1, max));
        } else {
          return times;
        }
      }
      return times;
    }

    private static long sat(long v) {
      return v < 0 || v > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : v;
    }
  }

  /**
   * Literal texts, lower-cased, one of which every match of a case-sensitive {@code re} contains;
   * null when the pattern yields none of at least {@link #MIN_LITERAL} characters. Conservative:
   * anything it does not understand ends the literal it is reading, and inline flags or {@code \Q}
   * give up.
   */
  static @Nullable List<String> requiredLiterals(String re) {
    return requiredLiterals(re, false);
  }

  /**
   * As {@link #requiredLiterals(String)}; for a case-insensitive {@code re} the literals hold only
   * ASCII characters, whose case variants {@link Text#lower} turns back into them (RE2 also folds
   * {@code k} with the Kelvin sign and {@code s} with the long s, which it lower-cases to those);
   * characters beyond ASCII fold in ways lower-casing does not always see, so they end a literal.
   */
  static @Nullable List<String> requiredLiterals(String re, boolean ignoreCase) {
    if (re.contains("(?") || re.contains("\\Q")) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String branch : topLevelBranches(re)) {
      String lit = longestLiteral(branch, ignoreCase);
      if (lit.length() >= MIN_LITERAL) {
        out.add(Text.lower(lit));
        continue;
      }
      List<String> alternatives = groupAlternatives(branch, ignoreCase);
      if (alternatives == null) {
        return null;
      }
      for (String a : alternatives) {
        out.add(Text.lower(a));
      }
    }
    return out;
  }

  /**
   * For a branch without a literal of its own: the words the branches of a group it cannot do
   * without begin with, when each has one ({@code (shopping|cart)} needs "shopping" or "cart").
   */
  private static @Nullable List<String> groupAlternatives(String b, boolean ignoreCase) {
    int i = 0;
    int n = b.length();
    while (i < n) {
      char c = b.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '[') {
        i = skipClass(b, i);
      } else if (c == '(') {
        int end = skipGroup(b, i);
        char q = end < n ? b.charAt(end) : '\0';
        boolean optional = q == '*' || q == '?' || q == '{';
        if (!optional && end <= n && end - 1 > i + 1 && b.charAt(end - 1) == ')') {
          List<String> leads = new ArrayList<>();
          for (String branch : topLevelBranches(b.substring(i + 1, end - 1))) {
            String lead = leadingLiteral(branch, ignoreCase);
            if (lead.length() < MIN_LITERAL) {
              leads = null;
              break;
            }
            leads.add(lead);
          }
          if (leads != null) {
            return leads;
          }
        }
        i = end;
      } else {
        i++;
      }
    }
    return null;
  }

  /** Whether a literal character may stand in a prefilter literal of a case-insensitive regex. */
  private static boolean foldSafe(char c) {
    return c < 0x80;
  }

  private static List<String> topLevelBranches(String re) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean inClass = false;
    int start = 0;
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        if (c == ']') {
          inClass = false;
        }
      } else if (c == '[') {
        inClass = true;
        if (i + 1 < re.length() && re.charAt(i + 1) == '^') {
          i++;
        }
        if (i + 1 < re.length() && re.charAt(i + 1) == ']') {
          i++;
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        out.add(re.substring(start, i));
        start = i + 1;
      }
    }
    out.add(re.substring(start));
    return out;
  }

  private static String longestLiteral(String b, boolean ignoreCase) {
    String best = "";
    StringBuilder run = new StringBuilder();
    int i = 0;
    int n = b.length();
    while (i < n) {
      char c = b.charAt(i);
      Character lit = null;
      String groupStart = "";
      if (c == '\\') {
        if (i + 1 >= n) {
          break;
        }
        char e = b.charAt(i + 1);
        i += 2;
        if (!Character.isLetterOrDigit(e) && e < 0x80) {
          lit = e;
        }
      } else if (c == '[') {
        i = skipClass(b, i);
      } else if (c == '(') {
        int end = skipGroup(b, i);
        // A group that must be there continues the literal with what all its branches begin with:
        // ".(php|phtml)" needs ".ph".
        if (end <= n && end - 1 > i + 1 && b.charAt(end - 1) == ')') {
          groupStart = commonLeadingLiteral(b.substring(i + 1, end - 1), ignoreCase);
        }
        i = end;
      } else if (".^$|)*+?{".indexOf(c) >= 0) {
        i++;
      } else {
        lit = c;
        i++;
      }
      if (lit != null && ignoreCase && !foldSafe(lit)) {
        lit = null;
      }
      char q = i < n ? b.charAt(i) : '\0';
      boolean quantified = q == '*' || q == '+' || q == '?' || q == '{';
      if (lit != null && (!quantified || q == '+')) {
        run.append(lit.charValue());
      }
      if (!groupStart.isEmpty() && (!quantified || q == '+')) {
        run.append(groupStart);
      }
      if (lit == null || quantified) {
        if (run.length() > best.length()) {
          best = run.toString();
        }
        run.setLength(0);
      }
      if (quantified) {
        i = skipQuantifier(b, i);
      }
    }
    return run.length() > best.length() ? run.toString() : best;
  }

  /** The literal text every top-level branch of {@code group} begins with. */
  private static String commonLeadingLiteral(String group, boolean ignoreCase) {
    String common = null;
    for (String branch : topLevelBranches(group)) {
      String lead = leadingLiteral(branch, ignoreCase);
      if (common == null) {
        common = lead;
      } else {
        int k = 0;
        while (k < common.length() && k < lead.length() && common.charAt(k) == lead.charAt(k)) {
          k++;
        }
        common = common.substring(0, k);
      }
      if (common.isEmpty()) {
        return "";
      }
    }
    return common == null ? "" : common;
  }

  /** The literal characters a branch starts with, up to the first that is not certain. */
  private static String leadingLiteral(String b, boolean ignoreCase) {
    StringBuilder run = new StringBuilder();
    int i = 0;
    int n = b.length();
    while (i < n) {
      char c = b.charAt(i);
      char lit;
      if (c == '\\') {
        if (i + 1 >= n) {
          break;
        }
        char e = b.charAt(i + 1);
        if (Character.isLetterOrDigit(e) || e >= 0x80) {
          break;
        }
        lit = e;
        i += 2;
      } else if ("[(.^$|)*+?{".indexOf(c) >= 0) {
        break;
      } else {
        lit = c;
        i++;
      }
      if (ignoreCase && !foldSafe(lit)) {
        break;
      }
      char q = i < n ? b.charAt(i) : '\0';
      if (q == '*' || q == '?' || q == '{') {
        break;
      }
      run.append(lit);
      if (q == '+') {
        break;
      }
    }
    return run.toString();
  }

  private static int skipClass(String b, int i) {
    i++;
    if (i < b.length() && b.charAt(i) == '^') {
      i++;
    }
    if (i < b.length() && b.charAt(i) == ']') {
      i++;
    }
    while (i < b.length() && b.charAt(i) != ']') {
      i += b.charAt(i) == '\\' ? 2 : 1;
    }
    return i + 1;
  }

  private static int skipGroup(String b, int i) {
    int depth = 0;
    while (i < b.length()) {
      char c = b.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        i = skipClass(b, i);
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i + 1;
      }
      i++;
    }
    return i;
  }

  private static int skipQuantifier(String b, int i) {
    char q = b.charAt(i);
    if (q == '{') {
      int close = b.indexOf('}', i);
      i = close < 0 ? b.length() : close + 1;
    } else {
      i++;
    }
    if (i < b.length() && (b.charAt(i) == '?' || b.charAt(i) == '+')) {
      i++;
    }
    return i;
  }
}
