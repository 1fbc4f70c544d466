package dev.mimamori.vuln.version;

import dev.mimamori.vuln.version.Constraint.AllOf;
import dev.mimamori.vuln.version.Constraint.Any;
import dev.mimamori.vuln.version.Constraint.AnyOf;
import dev.mimamori.vuln.version.Constraint.Bound;
import dev.mimamori.vuln.version.Constraint.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Composer constraints: {@code ||} (or {@code |}) between alternatives, comma or space
 * between conditions, {@code ^ ~ * x.y.*}, hyphen ranges {@code 1.0 - 2.0}, and the operators
 * {@code < <= > >= = == != <>}. Stability flags ({@code @dev}) are dropped.
 */
public final class Constraints {
  private static final int MAX_LENGTH = 4096;
  private static final int MAX_TERMS = 256;
  private static final Pattern HYPHEN = Pattern.compile("(\\S+)\\s+-\\s+(\\S+)");
  private static final Pattern OPERATOR_SPACE = Pattern.compile("(>=|<=|!=|==|<>|>|<|=|\\^|~)\\s+");
  private static final Pattern WILDCARD =
      Pattern.compile("[vV]?(\\d{1,9}(?:\\.\\d{1,9}){0,3})\\.[*xX]");
  private static final Pattern FLAG =
      Pattern.compile("@(dev|alpha|beta|rc|stable)\\b", Pattern.CASE_INSENSITIVE);

  private Constraints() {}

  public static Constraint parse(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new InvalidVersionException("range longer than " + MAX_LENGTH + " characters");
    }
    String t = FLAG.matcher(text.strip()).replaceAll("");
    if (t.isEmpty()) {
      throw new InvalidVersionException("empty range");
    }
    List<Constraint> alternatives = new ArrayList<>();
    for (String alt : t.split("\\|\\|?", -1)) {
      alternatives.add(conjunction(alt.strip()));
      if (alternatives.size() > MAX_TERMS) {
        throw new InvalidVersionException("range with more than " + MAX_TERMS + " alternatives");
      }
    }
    return alternatives.size() == 1 ? alternatives.get(0) : new AnyOf(alternatives);
  }

  private static Constraint conjunction(String s) {
    if (s.isEmpty()) {
      throw new InvalidVersionException("empty alternative in range");
    }
    Matcher h = HYPHEN.matcher(s);
    if (h.matches()) {
      return hyphen(h.group(1), h.group(2));
    }
    String joined = OPERATOR_SPACE.matcher(s).replaceAll("$1");
    List<Constraint> parts = new ArrayList<>();
    for (String term : joined.split("[,\\s]+")) {
      if (!term.isEmpty()) {
        parts.add(term(term));
      }
      if (parts.size() > MAX_TERMS) {
        throw new InvalidVersionException("range with more than " + MAX_TERMS + " conditions");
      }
    }
    if (parts.isEmpty()) {
      throw new InvalidVersionException("empty alternative in range");
    }
    return parts.size() == 1 ? parts.get(0) : new AllOf(parts);
  }

  private static Constraint term(String t) {
    if (t.equals("*") || t.equalsIgnoreCase("x")) {
      return new Any();
    }
    Matcher w = WILDCARD.matcher(t);
    if (w.matches()) {
      List<Integer> prefix = numbers(w.group(1));
      return new AllOf(
          List.of(
              new Bound(Op.GE, Version.lowest(prefix)),
              new Bound(Op.LT, Version.lowest(incremented(prefix, prefix.size() - 1)))));
    }
    if (t.startsWith("^")) {
      return caret(Version.parse(t.substring(1)));
    }
    if (t.startsWith("~")) {
      return tilde(Version.parse(t.substring(1)));
    }
    for (String op : new String[] {">=", "<=", "!=", "<>", "==", ">", "<", "="}) {
      if (t.startsWith(op)) {
        return new Bound(op(op), Version.parse(t.substring(op.length())));
      }
    }
    return new Bound(Op.EQ, Version.parse(t));
  }

  private static Op op(String s) {
    return switch (s) {
      case ">=" -> Op.GE;
      case "<=" -> Op.LE;
      case "!=", "<>" -> Op.NE;
      case ">" -> Op.GT;
      case "<" -> Op.LT;
      default -> Op.EQ;
    };
  }

  /** {@code ^1.2.3} is {@code >=1.2.3 <2.0.0}; {@code ^0.3} is {@code >=0.3 <0.4}. */
  private static Constraint caret(Version v) {
    List<Integer> r = v.release();
    int i = 0;
    while (i < r.size() - 1 && r.get(i) == 0) {
      i++;
    }
    return new AllOf(
        List.of(new Bound(Op.GE, v), new Bound(Op.LT, Version.lowest(incremented(r, i)))));
  }

  /** {@code ~1.2.3} is {@code >=1.2.3 <1.3.0}; {@code ~1.2} is {@code >=1.2 <2.0}. */
  private static Constraint tilde(Version v) {
    List<Integer> r = v.release();
    int i = Math.max(0, r.size() - 2);
    return new AllOf(
        List.of(new Bound(Op.GE, v), new Bound(Op.LT, Version.lowest(incremented(r, i)))));
  }

  /** {@code 1.0 - 2.0} is {@code >=1.0 <2.1}; a full upper version is inclusive. */
  private static Constraint hyphen(String from, String to) {
    Version low = Version.parse(from);
    Version high = Version.parse(to);
    Bound upper =
        high.release().size() < 3 && high.stability() == Stability.STABLE
            ? new Bound(
                Op.LT, Version.lowest(incremented(high.release(), high.release().size() - 1)))
            : new Bound(Op.LE, high);
    return new AllOf(List.of(new Bound(Op.GE, low), upper));
  }

  private static List<Integer> incremented(List<Integer> r, int at) {
    List<Integer> out = new ArrayList<>(r.subList(0, at + 1));
    out.set(at, out.get(at) + 1);
    return out;
  }

  private static List<Integer> numbers(String dotted) {
    List<Integer> out = new ArrayList<>();
    for (String p : dotted.split("\\.")) {
      out.add(Integer.parseInt(p));
    }
    return out;
  }
}
