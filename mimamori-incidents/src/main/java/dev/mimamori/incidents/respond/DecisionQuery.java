package dev.mimamori.incidents.respond;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * CrowdSec's live-mode query ({@code GET /v1/decisions?ip=1.2.3.4}): which active decisions act on
 * an address or range. With {@code contains} (the default) a decision matches when its network
 * holds the address or range asked about; without, when it lies inside it.
 *
 * @param scope only decisions of this scope (case-insensitive); null: any
 * @param value only decisions with exactly this value; null: any
 * @param type only decisions of this type; null: any
 * @param net only decisions over this address or range ({@code ip} or {@code range}); null: any
 * @param contains how {@code net} is compared, as above
 * @param filter origins and scenario words, as in stream mode (its scopes are not used here)
 */
public record DecisionQuery(
    @Nullable String scope,
    @Nullable String value,
    @Nullable String type,
    @Nullable IpNet net,
    boolean contains,
    DecisionStream.Filter filter) {

  /**
   * From the query parameters; a malformed {@code ip}, {@code range} or {@code contains} throws.
   */
  public static DecisionQuery parse(
      @Nullable String scope,
      @Nullable String value,
      @Nullable String type,
      @Nullable String ip,
      @Nullable String range,
      @Nullable String contains,
      @Nullable String origins,
      @Nullable String scenariosContaining,
      @Nullable String scenariosNotContaining)
      throws ActionException {
    IpNet net = null;
    String given = ip != null && !ip.isBlank() ? ip : range;
    if (given != null && !given.isBlank()) {
      net = IpNet.parse(given);
    }
    boolean c = true;
    if (contains != null && !contains.isBlank()) {
      c =
          switch (contains.toLowerCase(Locale.ROOT)) {
            case "true", "1", "t" -> true;
            case "false", "0", "f" -> false;
            default -> throw new ActionException("invalid contains value: " + contains, false);
          };
    }
    return new DecisionQuery(
        blankToNull(scope),
        blankToNull(value),
        blankToNull(type),
        net,
        c,
        DecisionStream.Filter.parse(null, origins, scenariosContaining, scenariosNotContaining));
  }

  public boolean matches(Decision d) {
    if (scope != null && !scope.equalsIgnoreCase(d.scope())) {
      return false;
    }
    if (value != null && !value.equals(d.value())) {
      return false;
    }
    if (type != null && !type.equals(d.type())) {
      return false;
    }
    if (net != null && !(contains ? d.net().contains(net) : net.contains(d.net()))) {
      return false;
    }
    return filter.matchesOriginAndScenario(d);
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
