package dev.mimamori.detect.tuning;

import dev.mimamori.detect.sigma.Cidr;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One exception: alerts of rule {@code ruleId} (or of every rule, {@code *}) whose triggering event
 * has {@code field} equal to {@code value} (or, for {@link Match#CIDR}, an address inside the
 * network {@code value}) are suppressed for {@code tenant} (or every tenant) until {@code
 * expiresAt}.
 *
 * @param id the stored exception's id
 * @param tenant the tenant whose events it covers, or null for every tenant
 * @param ruleId a rule id, or {@link #ANY_RULE}
 * @param field an event field by its ECS name, e.g. {@code source.ip} or {@code url.path}
 * @param match how {@code value} is compared
 * @param value the exact value, or an IPv4 or IPv6 network such as {@code 198.51.100.0/24}
 * @param expiresAt from this instant on (wall-clock time) it no longer applies
 */
public record ExceptionSpec(
    String id,
    @Nullable String tenant,
    String ruleId,
    String field,
    Match match,
    String value,
    Instant expiresAt) {

  /** The rule id that stands for every rule. */
  public static final String ANY_RULE = "*";

  public static final int MAX_VALUE = 1024;

  /** ECS-style field names: letters, digits, dots, underscores, at most 128. */
  public static final Pattern FIELD = Pattern.compile("[A-Za-z0-9@_][A-Za-z0-9@_.-]{0,127}");

  /** How an exception's value is compared with the event's field. */
  public enum Match {
    /** The field's text equals the value exactly (case-sensitive). */
    EQUALS,
    /** The field holds an IPv4 or IPv6 address inside the network. */
    CIDR;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Match parse(String label) {
      for (Match m : values()) {
        if (m.label().equals(label)) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown match '" + label + "' (equals, cidr)");
    }
  }

  public ExceptionSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (ruleId.isBlank() || ruleId.length() > 256) {
      throw new IllegalArgumentException("a rule id (or '*') of at most 256 characters is needed");
    }
    if (!FIELD.matcher(field).matches()) {
      throw new IllegalArgumentException(
          "'" + clip(field) + "' is not a field name (ECS names such as source.ip or url.path)");
    }
    if (value.isEmpty() || value.length() > MAX_VALUE) {
      throw new IllegalArgumentException("the value must be 1 to " + MAX_VALUE + " characters");
    }
    if (match == Match.CIDR) {
      network(value); // refuses what is not a network now, not on the first event
    }
  }

  /** The parsed network of a {@link Match#CIDR} exception. */
  static Cidr network(String value) {
    try {
      return Cidr.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'"
              + clip(value)
              + "' is not an IPv4 or IPv6 network (such as 198.51.100.0/24 or 2001:db8::/32)",
          e);
    }
  }

  public boolean anyRule() {
    return ANY_RULE.equals(ruleId);
  }

  private static String clip(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
