package dev.mimamori.server.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A link to one of the console's own pages with its query, every value URL-encoded: attacker text
 * (an address, a URL, a user agent) can only ever be a query value of our page, never the link.
 */
public final class Href {
  private final StringBuilder url;
  private boolean first = true;

  private Href(String path) {
    if (!path.startsWith("/") || path.startsWith("//")) {
      throw new IllegalArgumentException("a console link starts with one /: " + path);
    }
    this.url = new StringBuilder(path);
  }

  public static Href to(String path) {
    return new Href(path);
  }

  /** Adds {@code name=value}; a null or empty value is left out. */
  public Href with(String name, @Nullable Object value) {
    if (value == null || value.toString().isEmpty()) {
      return this;
    }
    url.append(first ? '?' : '&').append(encode(name)).append('=').append(encode(value.toString()));
    first = false;
    return this;
  }

  /** A path segment (an id) encoded. */
  public static String segment(String s) {
    return encode(s).replace("+", "%20");
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return url.toString();
  }
}
