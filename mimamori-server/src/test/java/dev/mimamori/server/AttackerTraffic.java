package dev.mimamori.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Log lines and file names that carry a payload in every field an attacker writes: the URL (encoded
 * and, where a server would log it so, raw), the User-Agent, the referrer, the request body.
 */
final class AttackerTraffic {
  private static final DateTimeFormatter COMBINED_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
          .withZone(ZoneOffset.ofHours(9));

  private AttackerTraffic() {}

  /** A combined-format line (Apache's escaping of quoted fields) with the payload everywhere. */
  static String combined(String ip, Instant at, String payload) {
    // The first parameter makes every line alert, so every payload reaches the incident pages.
    String target =
        "/products/list?q=%3Cscript%3Ealert(1)%3C/script%3E&name="
            + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    if (payload.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '\\' || c >= 0x7f)) {
      target += "&raw=" + payload; // as a server logs a request sent by a script, not a browser
    }
    return ip
        + " - - ["
        + COMBINED_TIME.format(at)
        + "] \"GET "
        + target
        + " HTTP/1.1\" 200 5120 \""
        + quoted(payload)
        + "\" \""
        + quoted(payload)
        + "\"";
  }

  /** An nginx JSON line of a form post to the shop's contact form: the payload in the body too. */
  static String formPost(String ip, Instant at, String payload) {
    ObjectNode n = TestHttp.JSON.createObjectNode();
    n.put("time_iso8601", at.atOffset(ZoneOffset.ofHours(9)).toString());
    n.put("remote_addr", ip);
    n.put("request", "POST /contact HTTP/1.1");
    n.put("status", "302");
    n.put("body_bytes_sent", "0");
    n.put("http_referer", payload);
    n.put("http_user_agent", payload);
    n.put("content_type", "application/x-www-form-urlencoded");
    n.put(
        "request_body",
        "contact%5Bname%5D%5Bname01%5D=%3Cscript%3Ealert(1)%3C/script%3E&contact%5Bcontents%5D="
            + URLEncoder.encode(payload, StandardCharsets.UTF_8));
    return n.toString();
  }

  /** A file name a web shell could have: the payload, without what no file name can hold. */
  static String fileName(String payload, int n) {
    StringBuilder b = new StringBuilder();
    payload
        .codePoints()
        .forEach(c -> b.appendCodePoint(c == '/' || c == '\\' || c < ' ' || c == 0x7f ? '_' : c));
    String name = b.toString();
    while (name.getBytes(StandardCharsets.UTF_8).length > 180) {
      name = name.substring(0, name.length() - 1);
    }
    return n + "-" + name + ".php";
  }

  /**
   * A quoted log field as Apache writes it: quote and backslash escaped, control characters too.
   */
  static String quoted(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < ' ' || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
