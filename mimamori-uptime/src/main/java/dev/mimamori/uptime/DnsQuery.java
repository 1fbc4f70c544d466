package dev.mimamori.uptime;

import java.util.Locale;

/** One DNS name and record type to watch, e.g. {@code shop.example MX}. */
public record DnsQuery(String name, DnsType type) {
  /** The record types watched: what an attacker changes to take traffic or mail. */
  public enum DnsType {
    A,
    AAAA,
    CNAME,
    NS,
    MX
  }

  public DnsQuery {
    name = name.trim().toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.isEmpty() || name.length() > 253 || !name.matches("[a-z0-9_.-]+")) {
      throw new IllegalArgumentException("not a DNS name: " + name);
    }
  }

  /** Parses {@code NAME} (type A) or {@code NAME:TYPE}, e.g. {@code shop.example:MX}. */
  public static DnsQuery parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      return new DnsQuery(text, DnsType.A);
    }
    String type = text.substring(colon + 1).trim().toUpperCase(Locale.ROOT);
    try {
      return new DnsQuery(text.substring(0, colon), DnsType.valueOf(type));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown DNS record type " + type + " (A, AAAA, CNAME, NS or MX)", e);
    }
  }

  @Override
  public String toString() {
    return name + ":" + type;
  }
}
