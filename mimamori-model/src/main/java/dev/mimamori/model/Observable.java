package dev.mimamori.model;

import java.util.Objects;

/** Something a responder can act on or look up: an address, a URL, a file, a hash. */
public record Observable(Type type, String value) implements Comparable<Observable> {

  /** The kinds of observable, with the name used in JSON. */
  public enum Type {
    IP("ip"),
    URL("url"),
    FILE_PATH("file.path"),
    HASH("hash"),
    USER("user"),
    DOMAIN("domain"),
    USER_AGENT("user_agent"),
    /** A web session (a digest of the session cookie, never the cookie itself). */
    SESSION("session");

    private final String label;

    Type(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public static Type parse(String label) {
      for (Type t : values()) {
        if (t.label.equals(label)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown observable type '" + label + "'");
    }
  }

  public Observable {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }

  public static Observable ip(String value) {
    return new Observable(Type.IP, value);
  }

  public static Observable url(String value) {
    return new Observable(Type.URL, value);
  }

  @Override
  public int compareTo(Observable o) {
    int c = type.compareTo(o.type);
    return c != 0 ? c : value.compareTo(o.value);
  }
}
