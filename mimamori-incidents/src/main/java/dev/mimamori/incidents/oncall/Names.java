package dev.mimamori.incidents.oncall;

import java.util.Objects;
import java.util.regex.Pattern;

/** Checks for the names and ids of on-call configuration. */
final class Names {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private Names() {}

  /**
   * A person id, a schedule, layer or policy name: 1 to 64 letters, digits, {@code . _ -}. No
   * {@code /}, so page ids ({@code incident/step/loop/person}) stay unambiguous.
   */
  static String id(String value, String field) {
    Objects.requireNonNull(value, field);
    if (!ID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field
              + " '"
              + shown(value)
              + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit");
    }
    return value;
  }

  /** Free text shown to people: not blank, no control characters, at most {@code max} chars. */
  static String text(String value, String field, int max) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    if (value.length() > max) {
      throw new IllegalArgumentException(field + " is longer than " + max + " characters");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(field + " must not contain control characters");
    }
    return value;
  }

  /** A value for an error message: control characters replaced, at most 80 characters. */
  static String shown(String value) {
    String s = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
