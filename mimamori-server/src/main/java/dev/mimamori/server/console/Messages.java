package dev.mimamori.server.console;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The console's texts in one language, from {@code console/i18n/messages_*.properties} and the
 * admin pages' {@code console/i18n/admin_*.properties}.
 */
public final class Messages {
  public static final List<String> LANGUAGES = List.of("en", "ja");

  private final String lang;
  private final ResourceBundle bundle;
  private final ResourceBundle admin;

  private Messages(String lang) {
    this.lang = lang;
    this.bundle =
        ResourceBundle.getBundle("console.i18n.messages", Locale.forLanguageTag(lang), NO_FALLBACK);
    this.admin =
        ResourceBundle.getBundle("console.i18n.admin", Locale.forLanguageTag(lang), NO_FALLBACK);
  }

  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  private static final Messages EN = new Messages("en");
  private static final Messages JA = new Messages("ja");

  public static Messages forLanguage(String lang) {
    return "ja".equals(lang) ? JA : EN;
  }

  /**
   * The language to use: an explicit choice if it is supported, otherwise the first supported
   * language in the browser's Accept-Language, otherwise English.
   */
  public static String choose(String explicit, String acceptLanguage) {
    if (explicit != null && LANGUAGES.contains(explicit)) {
      return explicit;
    }
    if (acceptLanguage != null && acceptLanguage.length() < 512) {
      try {
        for (Locale.LanguageRange r : Locale.LanguageRange.parse(acceptLanguage)) {
          String tag = r.getRange().toLowerCase(Locale.ROOT);
          for (String l : LANGUAGES) {
            if (tag.equals(l) || tag.startsWith(l + "-")) {
              return l;
            }
          }
        }
      } catch (IllegalArgumentException e) {
        // A malformed header: fall through to the default.
      }
    }
    return "en";
  }

  public String lang() {
    return lang;
  }

  public String t(String key) {
    if (bundle.containsKey(key)) {
      return bundle.getString(key);
    }
    try {
      return admin.getString(key);
    } catch (MissingResourceException e) {
      return key;
    }
  }

  public String t(String key, Object... args) {
    return new MessageFormat(t(key), Locale.forLanguageTag(lang)).format(args);
  }
}
