package dev.mimamori.server.console;

import dev.mimamori.model.Observable;

/**
 * Where an observable leads: the event search and the incident list of our own console, with the
 * value as an encoded query value. Never a link to the value itself (an attacker's URL).
 */
public final class Pivots {
  private Pivots() {}

  /** The event search for the observable's value. */
  public static String events(Observable o) {
    return Href.to("/events").with("q", eventsQuery(o)).toString();
  }

  /** The incidents that hold the observable too. */
  public static String incidents(Observable o) {
    return Href.to("/incidents").with("observable", o.type().label() + ":" + o.value()).toString();
  }

  /** The archive query (Lucene syntax) that finds the value in the field it came from. */
  static String eventsQuery(Observable o) {
    String field =
        switch (o.type()) {
          case IP -> "source.ip";
          case USER -> "user.name";
          case URL -> "url.original";
          case USER_AGENT -> "user_agent.original";
          default -> null;
        };
    String phrase = "\"" + o.value().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    return field == null ? phrase : field + ":" + phrase;
  }
}
