package dev.mimamori.sensors.parse.apache;

import dev.mimamori.sensors.parse.CardMasker;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A {@code %} directive other than a time: its value runs to the literal text that follows it in
 * the format (or to the end of the line when it is last). Apache escapes {@code "} and {@code \}
 * inside values as {@code \"} and {@code \\}, so an escape pair never ends a value.
 */
final class FieldMatcher extends Matcher {
  /** Directives whose values are numbers the server writes, never text a client sent. */
  private static final String NUMERIC = "sbBDTpPIO";

  /** Directives that take no argument ({@code ?} is the compiler's {@code %U%q}). */
  private static final String PLAIN = "hAurmUqHsbBDvVXIO" + FormatCompiler.PATH_AND_QUERY;

  /** Directives whose values mimamori does not use; they are matched and skipped. */
  private static final String SKIPPED = "lCfkLnRSc";

  private final char letter;
  private final @Nullable String arg;
  private final boolean finalRequest;
  private final boolean conditional;
  private final @Nullable String stop;
  private final String written;

  /**
   * @param letter the directive letter ({@code ^} for the {@code ^ti}/{@code ^to} trailers)
   * @param arg the {@code {...}} argument, or null
   * @param finalRequest {@code >} was given: the final request, not the original
   * @param conditional a status list was given, so the value may be {@code -}
   * @param stop the literal text after this field, or null when the field ends the format
   * @param written the directive as the format wrote it, for messages
   */
  FieldMatcher(
      char letter,
      @Nullable String arg,
      boolean finalRequest,
      boolean conditional,
      @Nullable String stop,
      String written) {
    this.letter = letter;
    this.arg = arg;
    this.finalRequest = finalRequest;
    this.conditional = conditional;
    this.stop = stop;
    this.written = written;
    validate();
  }

  /** Refuses directives and arguments Apache would not log, so a typo fails at start-up. */
  private void validate() {
    String a = arg == null ? "" : arg;
    switch (letter) {
      case 'a' -> require(a.isEmpty() || a.equals("c"), "only %a and %{c}a exist");
      case 'p' ->
          require(
              a.isEmpty() || a.equals("canonical") || a.equals("local") || a.equals("remote"),
              "the port forms are %p, %{canonical}p, %{local}p and %{remote}p");
      case 'P' ->
          require(
              a.isEmpty() || a.equals("pid") || a.equals("tid") || a.equals("hextid"),
              "the forms are %P, %{pid}P, %{tid}P and %{hextid}P");
      case 'T' ->
          require(
              a.isEmpty() || a.equals("s") || a.equals("ms") || a.equals("us"),
              "the forms are %T, %{s}T, %{ms}T and %{us}T");
      case 'i', 'o', 'e', 'x', 'C', 'n', 'c', '^' ->
          require(!a.isEmpty(), "it needs a name in braces, e.g. %{User-Agent}i");
      default ->
          require(PLAIN.indexOf(letter) >= 0 || SKIPPED.indexOf(letter) >= 0, "unknown directive");
    }
  }

  private void require(boolean ok, String why) {
    if (!ok) {
      throw new IllegalArgumentException("bad LogFormat directive " + written + ": " + why);
    }
  }

  @Override
  int match(String line, int pos, Captured into) {
    int end = stop == null ? line.length() : find(line, pos, stop);
    if (end < 0) {
      return into.fail(
          "no '"
              + LiteralMatcher.printable(stop)
              + "' after "
              + written
              + " starting at column "
              + (pos + 1));
    }
    // Card numbers are masked before a value is read or kept; see ApacheLogFormatParser for why
    // numbers are masked one by one and text is taken from the masked line.
    String value =
        NUMERIC.indexOf(letter) >= 0
            ? CardMasker.mask(line.substring(pos, end))
            : into.masked.substring(pos, end);
    String error = accept(value, into);
    return error == null ? end : into.fail(error);
  }

  /** Where {@code stop} first occurs at or after {@code from}, outside escape pairs; or -1. */
  static int find(String line, int from, String stop) {
    char first = stop.charAt(0);
    for (int i = from, n = line.length(); i < n; i++) {
      char c = line.charAt(i);
      if (c == '\\' && first != '\\') {
        i++; // the escaped character belongs to the value
      } else if (c == first && line.startsWith(stop, i)) {
        return i;
      }
    }
    return -1;
  }

  /** Stores one value; returns why it is not acceptable, or null. */
  private @Nullable String accept(String v, Captured c) {
    String a = arg == null ? "" : arg;
    switch (letter) {
      case 'h' -> c.host = absent(v) ? null : v;
      case 'a' -> {
        if (a.equals("c")) {
          c.peerIp = absent(v) ? null : v;
        } else {
          c.clientIp = absent(v) ? null : v;
        }
      }
      case 'A' -> put(c, "destination.ip", v);
      case 'u' -> c.user = absent(v) || v.equals("\"\"") ? null : v;
      case 'r' -> c.request = v.equals("-") ? null : v;
      case 'm' -> c.method = absent(v) ? null : v;
      case 'U' -> c.path = absent(v) ? null : v;
      case 'q' -> c.query = v.startsWith("?") && v.length() > 1 ? v.substring(1) : null;
      case FormatCompiler.PATH_AND_QUERY -> {
        int q = v.indexOf('?');
        String path = q < 0 ? v : v.substring(0, q);
        c.path = absent(path) ? null : path;
        c.query = q < 0 || q == v.length() - 1 ? null : v.substring(q + 1);
      }
      case 'H' -> c.protocol = absent(v) ? null : v;
      case 's' -> {
        return status(v, c);
      }
      case 'b', 'B' -> {
        if (v.equals("-")) {
          c.bytes = 0L;
          return null;
        }
        c.bytes = number(v, 18);
        return c.bytes == null ? bad("size", v) : null;
      }
      case 'D' -> {
        return durationMicros(v, c);
      }
      case 'T' -> {
        return durationFromT(v, a, c);
      }
      case 'i' -> requestHeader(a.toLowerCase(Locale.ROOT), v, c);
      case 'o' -> {
        if (a.equalsIgnoreCase("Content-Type")) {
          put(c, "http.response.mime_type", v);
        }
      }
      case 'v' -> c.canonicalServerName = absent(v) ? null : v;
      case 'V' -> c.serverName = absent(v) ? null : v;
      case 'p' -> {
        return port(v, a.equals("remote") ? "source.port" : "destination.port", c);
      }
      case 'P' -> {
        if (!a.equals("hextid") && !v.equals("-")) {
          if (number(v, 10) == null) {
            return bad("process id", v);
          }
          c.extra.put(a.equals("tid") ? "process.thread.id" : "process.pid", v);
        }
      }
      case 'X' -> {
        if (!v.equals("X") && !v.equals("+") && !v.equals("-")) {
          return bad("connection status", v);
        }
      }
      case 'I', 'O' -> {
        if (!v.equals("-")) {
          if (number(v, 18) == null) {
            return bad("byte count", v);
          }
          c.extra.put(letter == 'I' ? "http.request.bytes" : "http.response.bytes", v);
        }
      }
      case 'e' -> {
        if (a.equals("UNIQUE_ID")) {
          put(c, "http.request.id", v);
        }
      }
      case 'x' -> sslVariable(a, v, c);
      default -> {
        // matched and skipped
      }
    }
    return null;
  }

  private @Nullable String status(String v, Captured c) {
    if (v.equals("-") && conditional) {
      return null;
    }
    Long s = number(v, 3);
    if (s == null || s < 100) {
      return bad("status", v);
    }
    if (finalRequest) {
      c.finalStatus = s.intValue();
    } else {
      c.status = s.intValue();
    }
    return null;
  }

  private @Nullable String durationMicros(String v, Captured c) {
    if (v.equals("-")) {
      return null;
    }
    c.durationMicros = number(v, 12);
    return c.durationMicros == null ? bad("duration", v) : null;
  }

  private @Nullable String durationFromT(String v, String unit, Captured c) {
    if (v.equals("-")) {
      return null;
    }
    // Digits bounded per unit so the nanoseconds always fit a long.
    long perUnit;
    int maxDigits;
    switch (unit) {
      case "ms" -> {
        perUnit = 1_000_000L;
        maxDigits = 12;
      }
      case "us" -> {
        perUnit = 1_000L;
        maxDigits = 15;
      }
      default -> {
        perUnit = 1_000_000_000L;
        maxDigits = 9;
      }
    }
    Long n = number(v, maxDigits);
    if (n == null) {
      return bad("duration", v);
    }
    c.durationNanosFromT = n * perUnit;
    return null;
  }

  private static void requestHeader(String name, String v, Captured c) {
    if (absent(v)) {
      return;
    }
    switch (name) {
      case "referer" -> c.referrer = v;
      case "user-agent" -> c.userAgent = v;
      case "x-forwarded-for" -> c.forwardedFor = v;
      case "host" -> c.headerHost = v;
      case "x-request-id" -> c.extra.put("http.request.id", v);
      default -> {
        // other request headers are not mapped
      }
    }
  }

  /** mod_ssl's {@code %{VAR}x}, as in the stock {@code ssl_request_log}. */
  private static void sslVariable(String name, String v, Captured c) {
    if (absent(v)) {
      return;
    }
    switch (name) {
      case "SSL_PROTOCOL" -> {
        if (v.startsWith("TLSv")) {
          c.extra.put("tls.version_protocol", "tls");
          c.extra.put("tls.version", v.substring(4));
        }
      }
      case "SSL_CIPHER" -> c.extra.put("tls.cipher", v);
      case "SSL_TLS_SNI" -> c.extra.put("tls.client.server_name", v);
      default -> {
        // other mod_ssl variables are not mapped
      }
    }
  }

  private @Nullable String port(String v, String ecsName, Captured c) {
    if (v.equals("-")) {
      return null;
    }
    Long p = number(v, 5);
    if (p == null || p > 65535) {
      return bad("port", v);
    }
    c.extra.put(ecsName, v);
    return null;
  }

  private String bad(String what, String v) {
    String shown = v.length() > 40 ? v.substring(0, 40) + "..." : v;
    return "bad " + what + " '" + LiteralMatcher.printable(shown) + "' for " + written;
  }

  private static void put(Captured c, String ecsName, String v) {
    if (!absent(v)) {
      c.extra.put(ecsName, v);
    }
  }

  static boolean absent(String v) {
    return v.isEmpty() || v.equals("-");
  }

  /** 1 to {@code maxDigits} ASCII digits as a number; null for anything else. */
  static @Nullable Long number(String v, int maxDigits) {
    if (v.isEmpty() || v.length() > maxDigits) {
      return null;
    }
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      if (ch < '0' || ch > '9') {
        return null;
      }
      n = n * 10 + (ch - '0');
    }
    return n;
  }
}
