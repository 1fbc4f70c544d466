package dev.mimamori.detect.rules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.mimamori.detect.EventView;
import dev.mimamori.detect.RegexMemo;
import dev.mimamori.detect.Requirement;
import dev.mimamori.detect.sigma.RegexLiterals;
import dev.mimamori.model.Event;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** A compiled {@link FieldCondition}. */
public final class FieldMatcher {
  private final String field;
  private final boolean decode;
  private final boolean negate;
  private final @Nullable RegexMemo regex;
  private final @Nullable List<String> contains;
  private final @Nullable List<String> prefilter;
  private final @Nullable Set<String> equals;

  /**
   * Bit n set: some value of {@link #equals} is n characters long (n below 64); -1 when a value is
   * longer or not ASCII. A text that lower-cases to an ASCII value has its length (the one
   * character whose lower case is longer, U+0130, brings a non-ASCII mark), so most texts are
   * refused without lower-casing and hashing them.
   */
  private final long equalsLengths;

  /** The values of {@link #equals} when they are few and all ASCII, else null. */
  private final @Nullable List<String> equalsList;

  private final @Nullable String prefix;
  private final @Nullable Long gte;

  private FieldMatcher(FieldCondition c) {
    // Interned: Event.field switches on the name, and String.equals answers at once for the same
    // instance as the switch's literal.
    this.field = c.field().intern();
    this.decode = Boolean.TRUE.equals(c.decode());
    this.negate = Boolean.TRUE.equals(c.negate());
    int tests =
        (c.regex() != null ? 1 : 0)
            + (c.contains() != null ? 1 : 0)
            + (c.equals() != null ? 1 : 0)
            + (c.prefix() != null ? 1 : 0)
            + (c.gte() != null ? 1 : 0);
    if (tests != 1) {
      throw new IllegalArgumentException(
          "condition on '" + field + "' needs exactly one of regex, contains, equals, prefix, gte");
    }
    try {
      this.regex = c.regex() == null ? null : new RegexMemo(Pattern.compile(c.regex()));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "regex on '" + field + "' is not a valid RE2 expression: " + e.getMessage(), e);
    }
    List<String> pf = c.prefilter();
    if (pf != null
        && (c.regex() == null || pf.isEmpty() || pf.stream().anyMatch(String::isEmpty))) {
      throw new IllegalArgumentException(
          "'prefilter' on '" + field + "' goes with 'regex' and needs non-empty strings");
    }
    // Without a prefilter of the rule's own, the words the regex cannot match without: RE2 reads a
    // value a character at a time through its automaton, a substring search is many times faster.
    this.prefilter =
        pf != null
            ? pf.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList()
            : c.regex() == null ? null : RegexLiterals.required(c.regex());
    List<String> cs = c.contains();
    if (cs != null && (cs.isEmpty() || cs.stream().anyMatch(String::isEmpty))) {
      throw new IllegalArgumentException("'contains' on '" + field + "' needs non-empty strings");
    }
    this.contains = cs == null ? null : cs.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    List<String> eq = c.equals();
    this.equals =
        eq == null
            ? null
            : eq.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    this.equalsLengths = this.equals == null ? -1 : lengths(this.equals);
    // A handful of ASCII values are compared one by one (equalsLengths is -1 when one is not
    // ASCII); more go through the set.
    this.equalsList =
        this.equals != null && equalsLengths != -1 && this.equals.size() <= 4
            ? List.copyOf(this.equals)
            : null;
    this.prefix = c.prefix() == null ? null : c.prefix().toLowerCase(Locale.ROOT);
    this.gte = c.gte();
  }

  public static FieldMatcher compile(FieldCondition c) {
    if (c.field() == null || c.field().isBlank()) {
      throw new IllegalArgumentException("a condition needs a field");
    }
    return new FieldMatcher(c);
  }

  /**
   * What an event must hold for this condition to hold, when the condition is a plain list of
   * values (not negated, not decoded); null otherwise.
   */
  public @Nullable Requirement requirement() {
    return equals != null && !decode && !negate ? new Requirement(field, equals) : null;
  }

  /**
   * The words the field must contain for this condition to hold (a regex's prefilter, the values of
   * {@code contains}); null for a negated condition and the other tests.
   */
  public @Nullable FieldWords words() {
    if (negate) {
      return null;
    }
    if (regex != null && prefilter != null) {
      return new FieldWords(field, decode, prefilter);
    }
    return contains == null ? null : new FieldWords(field, decode, contains);
  }

  /** The {@link #words()} of the first of {@code matchers} that has them, or null. */
  public static @Nullable FieldWords firstWords(List<FieldMatcher> matchers) {
    for (FieldMatcher m : matchers) {
      FieldWords w = m.words();
      if (w != null) {
        return w;
      }
    }
    return null;
  }

  /** The first {@link #requirement()} of {@code matchers}, or null when none has one. */
  public static @Nullable Requirement firstRequirement(List<FieldMatcher> matchers) {
    for (FieldMatcher m : matchers) {
      Requirement r = m.requirement();
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  /** The {@link #requirement()}s of those of {@code matchers} that have one, in order. */
  public static List<Requirement> requirements(List<FieldMatcher> matchers) {
    List<Requirement> out = new java.util.ArrayList<>();
    for (FieldMatcher m : matchers) {
      Requirement r = m.requirement();
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  public boolean matches(Event e) {
    return matches(new EventView(e));
  }

  public boolean matches(EventView e) {
    return test(e) != negate;
  }

  private boolean test(EventView e) {
    if (gte != null) {
      // A field the event holds as a number is compared as one, not its text parsed again (the
      // flood, surge and card-testing rules ask this of every request's status).
      Long n = e.event().number(field);
      if (n != null) {
        return n >= gte;
      }
    }
    if (prefilter != null && !FieldWords.anyIn(e, field, decode, prefilter)) {
      return false; // a substring search spares RE2 a value that cannot match
    }
    if (contains != null) {
      return FieldWords.anyIn(e, field, decode, contains);
    }
    String text = decode ? e.decoded(field) : e.raw(field);
    if (text == null) {
      return false;
    }
    if (regex != null) {
      return regex.find(text);
    }
    if (equals != null) {
      int n = text.length();
      if (equalsLengths != -1 && (n >= 64 || (equalsLengths & (1L << n)) == 0)) {
        return false;
      }
      if (equalsList != null && ascii(text)) {
        // An ASCII text lower-cases to ASCII, letter by letter: compared as it is, without a
        // lower-cased copy (a method, a status, a dataset on every request).
        for (String v : equalsList) {
          if (v.equalsIgnoreCase(text)) {
            return true;
          }
        }
        return false;
      }
      return equals.contains(text.toLowerCase(Locale.ROOT));
    }
    if (prefix != null) {
      return text.toLowerCase(Locale.ROOT).startsWith(prefix);
    }
    if (gte != null) {
      try {
        return Long.parseLong(text.trim()) >= gte;
      } catch (NumberFormatException ex) {
        return false;
      }
    }
    return false;
  }

  private static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static long lengths(Set<String> values) {
    long bits = 0;
    for (String v : values) {
      if (v.length() >= 64 || !v.chars().allMatch(ch -> ch < 0x80)) {
        return -1;
      }
      bits |= 1L << v.length();
    }
    return bits;
  }
}
