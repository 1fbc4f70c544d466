package dev.mimamori.sensors.csp;

import java.net.URI;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One CSP violation, the same for both report formats. Every text is attacker-controlled (any page
 * visitor can post reports) and is clipped to {@link #MAX_TEXT} characters.
 *
 * @param directive the effective directive ({@code script-src-elem}, {@code img-src}), or the first
 *     word of the violated directive when the browser sent no effective one
 * @param disposition {@code enforce} or {@code report}
 */
public record CspReport(
    String documentUrl,
    @Nullable String blockedUrl,
    String directive,
    String disposition,
    @Nullable String sourceFile,
    @Nullable Integer lineNumber,
    @Nullable String sample,
    @Nullable String referrer,
    @Nullable Integer statusCode) {

  /** Longest text kept from a report. */
  public static final int MAX_TEXT = 1024;

  /**
   * The host a blocked URL names, lower-cased; null for keywords such as {@code inline}, {@code
   * eval} or {@code data} and for anything that is not an absolute URL.
   */
  public @Nullable String blockedHost() {
    return host(blockedUrl);
  }

  public @Nullable String documentHost() {
    return host(documentUrl);
  }

  /** The document's path ({@code /shopping/confirm}), {@code /} when it has none. */
  public String documentPath() {
    try {
      String p = new URI(documentUrl).getRawPath();
      return p == null || p.isEmpty() ? "/" : p;
    } catch (Exception e) {
      return "/";
    }
  }

  static @Nullable String host(@Nullable String url) {
    if (url == null
        || !(url.startsWith("http://")
            || url.startsWith("https://")
            || url.startsWith("wss://")
            || url.startsWith("ws://"))) {
      return null;
    }
    try {
      String h = new URI(url).getHost();
      if (h == null || h.isEmpty()) {
        return null;
      }
      h = h.toLowerCase(Locale.ROOT);
      return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    } catch (Exception e) {
      return null;
    }
  }
}
