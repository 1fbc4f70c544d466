package dev.mimamori.server.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * What every page template gets: texts in the chosen language, who is logged in, the CSRF token for
 * its forms, and the current path (for the language switch).
 */
public record View(Messages messages, @Nullable String username, String csrfToken, String path) {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  public String lang() {
    return messages.lang();
  }

  public String t(String key) {
    return messages.t(key);
  }

  public String t(String key, Object... args) {
    return messages.t(key, args);
  }

  public String time(Instant i) {
    return TIME.format(i);
  }

  /** The link that shows this page in another language. */
  public String langLink(String lang) {
    return path + "?lang=" + lang;
  }
}
