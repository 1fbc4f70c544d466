package dev.mimamori.incidents.oncall;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A responder: who can be paged, in which language, and through which channels (all of them are
 * used for each page).
 *
 * @param id the responder id that schedules and policies refer to
 * @param name the display name
 * @param locale the language of the person's pages: Japanese or English
 * @param contacts the channels to page the person on, at least one
 */
public record Person(String id, String name, Locale locale, List<Contact> contacts) {
  public Person {
    Names.id(id, "id");
    Names.text(name, "name", 200);
    Objects.requireNonNull(locale, "locale");
    String language = locale.getLanguage();
    if (!language.equals("ja") && !language.equals("en")) {
      throw new IllegalArgumentException(
          "locale must be ja or en, not '" + Names.shown(locale.toLanguageTag()) + "'");
    }
    contacts = List.copyOf(contacts);
    if (contacts.isEmpty()) {
      throw new IllegalArgumentException("contacts: a person needs at least one contact");
    }
    Set<Contact> seen = new HashSet<>();
    for (Contact c : contacts) {
      if (!seen.add(c)) {
        throw new IllegalArgumentException(
            "contacts: " + c.channel() + " " + Names.shown(c.address()) + " is listed twice");
      }
    }
  }

  /** Whether pages to this person should be in Japanese. */
  public boolean japanese() {
    return locale.getLanguage().equals("ja");
  }
}
