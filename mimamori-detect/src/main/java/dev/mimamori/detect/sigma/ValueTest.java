package dev.mimamori.detect.sigma;

import com.google.re2j.Pattern;
import dev.mimamori.detect.RegexMemo;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One value of a detection item, compiled: what it takes for one field to match it. */
sealed interface ValueTest
    permits ValueTest.GlobTest,
        ValueTest.RegexTest,
        ValueTest.NullTest,
        ValueTest.ExistsTest,
        ValueTest.CidrTest,
        ValueTest.CompareTest,
        ValueTest.FieldRefTest {

  boolean test(FieldText field, EventTexts event);

  /**
   * Lower-cased texts one of which every value this test matches contains (in its raw or decoded
   * form, lower-cased); null when there is none worth filtering on.
   */
  default @Nullable List<String> literals() {
    return null;
  }

  /** A plain, wildcard, {@code contains}/{@code startswith}/{@code endswith} value. */
  record GlobTest(Glob glob, boolean cased) implements ValueTest {
    @Override
    public boolean test(FieldText f, EventTexts e) {
      if (f.raw == null) {
        return false;
      }
      if (cased) {
        String d = f.decoded();
        return glob.matches(f.raw) || d != null && glob.matches(d);
      }
      String d = f.decodedLower();
      return glob.matches(f.lower()) || d != null && glob.matches(d);
    }

    @Override
    public @Nullable List<String> literals() {
      String l = Text.lower(glob.longestLiteral());
      return l.length() >= Regexes.MIN_LITERAL ? List.of(l) : null;
    }
  }

  /** {@code re}: RE2, searched anywhere in the value (as Sigma backends such as Splunk do). */
  record RegexTest(Pattern pattern, @Nullable List<String> literals, RegexMemo memo)
      implements ValueTest {
    RegexTest(Pattern pattern, @Nullable List<String> literals) {
      this(pattern, literals, new RegexMemo(pattern));
    }

    @Override
    public boolean test(FieldText f, EventTexts e) {
      if (f.raw == null) {
        return false;
      }
      String d = f.decoded();
      return memo.find(f.raw) || d != null && memo.find(d);
    }
  }

  /** {@code field: null}: the event does not have the field. */
  record NullTest() implements ValueTest {
    @Override
    public boolean test(FieldText f, EventTexts e) {
      return f.raw == null;
    }
  }

  /** {@code exists}. */
  record ExistsTest(boolean exists) implements ValueTest {
    @Override
    public boolean test(FieldText f, EventTexts e) {
      return (f.raw != null) == exists;
    }
  }

  /** {@code cidr}. */
  record CidrTest(Cidr cidr) implements ValueTest {
    @Override
    public boolean test(FieldText f, EventTexts e) {
      return f.raw != null && cidr.contains(f.raw);
    }
  }

  /** The comparisons of {@code lt}, {@code lte}, {@code gt}, {@code gte} and plain numbers. */
  enum Op {
    EQ,
    LT,
    LTE,
    GT,
    GTE;

    boolean holds(double field, double value) {
      return switch (this) {
        case EQ -> field == value;
        case LT -> field < value;
        case LTE -> field <= value;
        case GT -> field > value;
        case GTE -> field >= value;
      };
    }
  }

  /** The time modifiers: a number taken from a date field, in UTC. */
  enum TimePart {
    MINUTE,
    HOUR,
    DAY,
    WEEK,
    MONTH,
    YEAR;

    @Nullable Long of(String text) {
      ZonedDateTime t = parse(text.trim());
      if (t == null) {
        return null;
      }
      return switch (this) {
        case MINUTE -> (long) t.getMinute();
        case HOUR -> (long) t.getHour();
        case DAY -> (long) t.getDayOfMonth();
        case WEEK -> (long) t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        case MONTH -> (long) t.getMonthValue();
        case YEAR -> (long) t.getYear();
      };
    }

    private static @Nullable ZonedDateTime parse(String s) {
      if (s.length() > 64) {
        return null;
      }
      try {
        return Instant.parse(s).atZone(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        try {
          return OffsetDateTime.parse(s).atZoneSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e2) {
          return null;
        }
      }
    }
  }

  /** A numeric comparison, on the field's number or on a part of its date. */
  record CompareTest(Op op, double value, @Nullable TimePart part) implements ValueTest {
    @Override
    public boolean test(FieldText f, EventTexts e) {
      if (f.raw == null) {
        return false;
      }
      Double v;
      if (part != null) {
        Long p = part.of(f.raw);
        v = p == null ? null : p.doubleValue();
      } else {
        v = number(f.raw);
      }
      return v != null && op.holds(v, value);
    }

    /** A decimal number (sign, digits, fraction, exponent) or null; nothing Java-specific. */
    static @Nullable Double number(String text) {
      String t = text.trim();
      if (t.isEmpty() || t.length() > 40) {
        return null;
      }
      boolean digit = false;
      for (int i = 0; i < t.length(); i++) {
        char c = t.charAt(i);
        if (c >= '0' && c <= '9') {
          digit = true;
        } else if (c != '+' && c != '-' && c != '.' && c != 'e' && c != 'E') {
          return null;
        }
      }
      if (!digit) {
        return null;
      }
      try {
        return Double.parseDouble(t);
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /** How {@code fieldref} compares the two fields. */
  enum RefMode {
    EQUALS,
    CONTAINS,
    STARTS_WITH,
    ENDS_WITH
  }

  /** {@code fieldref}: compares with another field of the same event. */
  record FieldRefTest(String otherField, RefMode mode, boolean cased) implements ValueTest {
    @Override
    public boolean test(FieldText f, EventTexts e) {
      FieldText o = e.field(otherField);
      if (f.raw == null || o.raw == null) {
        return false;
      }
      String a = cased ? f.raw : f.lower();
      String b = cased ? o.raw : o.lower();
      return switch (mode) {
        case EQUALS -> a.equals(b);
        case CONTAINS -> a.contains(b);
        case STARTS_WITH -> a.startsWith(b);
        case ENDS_WITH -> a.endsWith(b);
      };
    }
  }
}
