package dev.mimamori.incidents.respond;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A decision in CrowdSec's sense: "ban this address (or range) until then", as served to bouncers
 * by the LAPI-compatible routes. Only IP and range scopes exist here, and the value is always a
 * canonical IP or CIDR literal.
 *
 * @param id unique, increasing
 * @param origin where it came from ({@value #ORIGIN} for mimamori's own)
 * @param type the remediation: {@value #BAN}, or another word a bouncer knows ({@code captcha})
 * @param scope {@value #SCOPE_IP} or {@value #SCOPE_RANGE}
 * @param value the address ({@code Ip}) or the CIDR network ({@code Range})
 * @param until when it ends
 * @param scenario why (shown by bouncers and {@code cscli}-like tools)
 * @param tenant the customer it was taken for
 * @param incidentId the incident it was taken for
 * @param uuid a unique id as newer CrowdSec versions send it
 */
public record Decision(
    long id,
    String origin,
    String type,
    String scope,
    String value,
    Instant until,
    String scenario,
    String tenant,
    String incidentId,
    String uuid) {
  public static final String ORIGIN = "mimamori";
  public static final String BAN = "ban";
  public static final String SCOPE_IP = "Ip";
  public static final String SCOPE_RANGE = "Range";
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  public Decision {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(uuid, "uuid");
    if (!WORD.matcher(origin).matches() || !WORD.matcher(type).matches()) {
      throw new IllegalArgumentException("origin and type are words of letters, digits, . _ : -");
    }
    IpNet net = net(value);
    String expected = net.isSingle() ? SCOPE_IP : SCOPE_RANGE;
    if (!scope.equals(expected)) {
      throw new IllegalArgumentException(
          "scope of " + value + " is " + expected + ", not '" + scope + "'");
    }
    if (!value.equals(net.toString())) {
      throw new IllegalArgumentException(value + " is not canonical: " + net);
    }
    if (scenario.length() > 256 || scenario.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("scenario: at most 256 characters, no control characters");
    }
  }

  /** A ban by mimamori of an address or network. */
  public static Decision ban(
      long id, IpNet net, Instant until, String scenario, String tenant, String incidentId) {
    return new Decision(
        id,
        ORIGIN,
        BAN,
        net.isSingle() ? SCOPE_IP : SCOPE_RANGE,
        net.toString(),
        until,
        scenario,
        tenant,
        incidentId,
        UUID.randomUUID().toString());
  }

  /** The address or network. */
  public IpNet net() {
    return net(value);
  }

  /** Decisions with the same key act on the same thing: bouncers hold one of them. */
  String key() {
    return scope.toLowerCase(Locale.ROOT) + "|" + value + "|" + type;
  }

  private static IpNet net(String value) {
    try {
      return IpNet.parse(value);
    } catch (ActionException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
