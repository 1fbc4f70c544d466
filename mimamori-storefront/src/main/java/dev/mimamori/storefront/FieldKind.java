package dev.mimamori.storefront;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a form field seems to take, from its name, id, autocomplete and type. */
public enum FieldKind {
  CARD_NUMBER,
  CVV,
  EXPIRY,
  PASSWORD,
  LOGIN,
  OTHER;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind of a field; the autocomplete token wins over names, names over the type. */
  public static FieldKind of(String name, String id, String type, String autocomplete) {
    String ac = autocomplete.toLowerCase(Locale.ROOT);
    if (ac.contains("cc-number")) {
      return CARD_NUMBER;
    }
    if (ac.contains("cc-csc")) {
      return CVV;
    }
    if (ac.contains("cc-exp")) {
      return EXPIRY;
    }
    if (ac.contains("current-password") || ac.contains("new-password")) {
      return PASSWORD;
    }
    if (type.equalsIgnoreCase("password")) {
      return PASSWORD;
    }
    // Separators dropped, so card_number, card-number and cardNumber read alike.
    String words = (name + " " + id).toLowerCase(Locale.ROOT).replaceAll("[-_.\\[\\]]", "");
    if (words.matches(".*(cvv|cvc|csc|securitycode|cardcode|cardverification).*")) {
      return CVV;
    }
    if (words.matches(".*(exp|expiry|expiration|validthru|mmyy).*")) {
      return EXPIRY;
    }
    if (words.matches(".*(cardno|cardnum|ccnum|ccno|creditcard|cardnumber|card|\\bcc\\b).*")) {
      return CARD_NUMBER;
    }
    if (words.matches(".*(passw|passwd|pwd).*")) {
      return PASSWORD;
    }
    if (ac.equals("username")
        || ac.equals("email")
        || type.equalsIgnoreCase("email")
        || words.matches(".*(login|user|email|mail|account).*")) {
      return LOGIN;
    }
    return OTHER;
  }
}
