package dev.mimamori.sensors.parse.apache;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code %t} and {@code %{format}t}. The time finds its own end: {@code %t} is {@code [dd/Mon/yyyy:
 * HH:mm:ss +zzzz]}; {@code %{sec}t}, {@code msec}, {@code usec}, {@code msec_frac} and {@code
 * usec_frac} are digits; any other format is read as the strftime(3) conversions Apache passes it
 * to, of which {@code %Y %m %d %e %H %M %S %b %h %a %z %T %F %R %s %%} are supported.
 */
final class TimeMatcher extends Matcher {
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

  /** The kinds of piece a time format is made of. */
  enum Kind {
    TEXT,
    YEAR,
    MONTH,
    MONTH_NAME,
    DAY,
    DAY_SPACE_PADDED,
    WEEKDAY_NAME,
    HOUR,
    MINUTE,
    SECOND,
    OFFSET,
    EPOCH_SECONDS,
    EPOCH_MILLIS,
    EPOCH_MICROS,
    MILLI_FRACTION,
    MICRO_FRACTION
  }

  /** One piece: literal text, or a conversion. */
  record Part(Kind kind, String text) {
    static Part of(Kind kind) {
      return new Part(kind, "");
    }
  }

  private final List<Part> parts;
  private final String written;

  private TimeMatcher(List<Part> parts, String written) {
    this.parts = List.copyOf(parts);
    this.written = written;
  }

  /** The matcher for {@code %t} ({@code arg} null) or {@code %{arg}t}. */
  static TimeMatcher of(@Nullable String arg, String written) {
    if (arg == null) {
      return new TimeMatcher(strftime("[%d/%b/%Y:%H:%M:%S %z]", written), written);
    }
    String f = arg;
    if (f.startsWith("begin:")) {
      f = f.substring(6);
    } else if (f.startsWith("end:")) {
      f = f.substring(4);
    }
    List<Part> parts =
        switch (f) {
          case "sec" -> List.of(Part.of(Kind.EPOCH_SECONDS));
          case "msec" -> List.of(Part.of(Kind.EPOCH_MILLIS));
          case "usec" -> List.of(Part.of(Kind.EPOCH_MICROS));
          case "msec_frac" -> List.of(Part.of(Kind.MILLI_FRACTION));
          case "usec_frac" -> List.of(Part.of(Kind.MICRO_FRACTION));
          default -> strftime(f, written);
        };
    return new TimeMatcher(parts, written);
  }

  private static List<Part> strftime(String f, String written) {
    if (f.isEmpty()) {
      throw new IllegalArgumentException("bad LogFormat directive " + written + ": empty format");
    }
    List<Part> out = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < f.length(); i++) {
      char c = f.charAt(i);
      if (c != '%') {
        text.append(c);
        continue;
      }
      if (i + 1 >= f.length()) {
        throw new IllegalArgumentException(
            "bad LogFormat directive " + written + ": the time format ends in a lone %");
      }
      char conv = f.charAt(++i);
      if (conv == '%') {
        text.append('%');
        continue;
      }
      if (text.length() > 0) {
        out.add(new Part(Kind.TEXT, text.toString()));
        text.setLength(0);
      }
      switch (conv) {
        case 'Y' -> out.add(Part.of(Kind.YEAR));
        case 'm' -> out.add(Part.of(Kind.MONTH));
        case 'd' -> out.add(Part.of(Kind.DAY));
        case 'e' -> out.add(Part.of(Kind.DAY_SPACE_PADDED));
        case 'H' -> out.add(Part.of(Kind.HOUR));
        case 'M' -> out.add(Part.of(Kind.MINUTE));
        case 'S' -> out.add(Part.of(Kind.SECOND));
        case 'b', 'h' -> out.add(Part.of(Kind.MONTH_NAME));
        case 'a' -> out.add(Part.of(Kind.WEEKDAY_NAME));
        case 'z' -> out.add(Part.of(Kind.OFFSET));
        case 's' -> out.add(Part.of(Kind.EPOCH_SECONDS));
        case 'T' -> out.addAll(strftime("%H:%M:%S", written));
        case 'F' -> out.addAll(strftime("%Y-%m-%d", written));
        case 'R' -> out.addAll(strftime("%H:%M", written));
        default ->
            throw new IllegalArgumentException(
                "bad LogFormat directive "
                    + written
                    + ": strftime conversion %"
                    + conv
                    + " is not supported (supported: %Y %m %d %e %H %M %S %b %h %a %z %T %F %R %s %%)");
      }
    }
    if (text.length() > 0) {
      out.add(new Part(Kind.TEXT, text.toString()));
    }
    return out;
  }

  /** The conversions this matcher fills, for the compiler's check that a time can be built. */
  List<Kind> kinds() {
    List<Kind> kinds = new ArrayList<>();
    for (Part p : parts) {
      kinds.add(p.kind());
    }
    return kinds;
  }

  @Override
  int match(String line, int pos, Captured c) {
    int at = pos;
    for (Part p : parts) {
      at = matchPart(p, line, at, c);
      if (at < 0) {
        return c.fail("bad time for " + written + " at column " + (pos + 1));
      }
    }
    return at;
  }

  private static int matchPart(Part p, String s, int at, Captured c) {
    switch (p.kind()) {
      case TEXT:
        return s.startsWith(p.text(), at) ? at + p.text().length() : -1;
      case YEAR:
        return fixed(s, at, 4, v -> c.year = v);
      case MONTH:
        return fixed(s, at, 2, v -> c.month = v);
      case DAY:
        return fixed(s, at, 2, v -> c.day = v);
      case DAY_SPACE_PADDED:
        if (at < s.length() && s.charAt(at) == ' ') {
          return fixed(s, at + 1, 1, v -> c.day = v);
        }
        return fixed(s, at, 2, v -> c.day = v);
      case HOUR:
        return fixed(s, at, 2, v -> c.hour = v);
      case MINUTE:
        return fixed(s, at, 2, v -> c.minute = v);
      case SECOND:
        return fixed(s, at, 2, v -> c.second = v);
      case MONTH_NAME:
        for (int i = 0; i < 12; i++) {
          if (s.startsWith(MONTHS[i], at)) {
            c.month = i + 1;
            return at + 3;
          }
        }
        return -1;
      case WEEKDAY_NAME:
        for (String d : DAYS) {
          if (s.startsWith(d, at)) {
            return at + 3;
          }
        }
        return -1;
      case OFFSET:
        return offset(s, at, c);
      case MILLI_FRACTION:
        return fixed(s, at, 3, v -> c.fractionNanos = v * 1_000_000);
      case MICRO_FRACTION:
        return fixed(s, at, 6, v -> c.fractionNanos = v * 1_000);
      default:
        return epoch(p.kind(), s, at, c);
    }
  }

  /** Exactly {@code width} digits. */
  private static int fixed(String s, int at, int width, IntSink sink) {
    if (at + width > s.length()) {
      return -1;
    }
    int v = 0;
    for (int i = at; i < at + width; i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        return -1;
      }
      v = v * 10 + (ch - '0');
    }
    sink.accept(v);
    return at + width;
  }

  /** {@code +hhmm} or {@code -hhmm}. */
  private static int offset(String s, int at, Captured c) {
    if (at >= s.length() || (s.charAt(at) != '+' && s.charAt(at) != '-')) {
      return -1;
    }
    int[] hm = new int[2];
    int end = fixed(s, at + 1, 2, v -> hm[0] = v);
    end = end < 0 ? -1 : fixed(s, end, 2, v -> hm[1] = v);
    if (end < 0 || hm[0] > 18 || hm[1] > 59) {
      return -1;
    }
    int total = hm[0] * 3600 + hm[1] * 60;
    c.offsetSeconds = s.charAt(at) == '-' ? -total : total;
    return end;
  }

  /** Seconds, milliseconds or microseconds since the epoch: 1 to 18 digits. */
  private static int epoch(Kind kind, String s, int at, Captured c) {
    int end = at;
    long v = 0;
    while (end < s.length() && end - at < 18 && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
      v = v * 10 + (s.charAt(end) - '0');
      end++;
    }
    if (end == at) {
      return -1;
    }
    long perSecond =
        switch (kind) {
          case EPOCH_MILLIS -> 1_000L;
          case EPOCH_MICROS -> 1_000_000L;
          default -> 1L;
        };
    c.epochSeconds = v / perSecond;
    c.epochNanos = (int) ((v % perSecond) * (1_000_000_000L / perSecond));
    return end;
  }

  /** Receives a parsed number. */
  private interface IntSink {
    void accept(int v);
  }
}
