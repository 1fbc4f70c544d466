package dev.mimamori.storefront;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which other hosts a site's pages may use: {@code paymentHosts} may receive card data (the payment
 * provider), {@code allowedHosts} may be contacted and serve scripts (analytics, a CDN) but never
 * receive card data. A name {@code *.example.com} covers every host under example.com.
 */
public record HostPolicy(List<String> paymentHosts, List<String> allowedHosts) {
  public static final HostPolicy NONE = new HostPolicy(List.of(), List.of());

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  public HostPolicy {
    paymentHosts = normalized(paymentHosts, "payment_hosts");
    allowedHosts = normalized(allowedHosts, "allowed_hosts");
  }

  public boolean mayReceiveCardData(String host) {
    return matches(paymentHosts, host);
  }

  public boolean mayBeContacted(String host) {
    return matches(paymentHosts, host) || matches(allowedHosts, host);
  }

  /** This policy with more payment hosts (from the command line). */
  public HostPolicy withPaymentHosts(List<String> more) {
    List<String> all = new ArrayList<>(paymentHosts);
    all.addAll(more);
    return new HostPolicy(all, allowedHosts);
  }

  /**
   * Reads {@code payment_hosts:} and {@code allowed_hosts:} lists from YAML (or JSON); other keys
   * are left to their owners (a site's monitor configuration holds more).
   */
  public static HostPolicy parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not YAML (" + e.getOriginalMessage() + ")", e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return NONE;
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException("expected a mapping with payment_hosts and allowed_hosts");
    }
    return new HostPolicy(list(root, "payment_hosts"), list(root, "allowed_hosts"));
  }

  private static List<String> list(JsonNode root, String key) {
    JsonNode n = root.path(key);
    if (n.isMissingNode() || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException(key + " must be a list of host names");
    }
    List<String> out = new ArrayList<>();
    n.forEach(h -> out.add(h.isValueNode() ? h.asText() : "\u0000"));
    return out;
  }

  private static List<String> normalized(List<String> hosts, String what) {
    Set<String> out = new LinkedHashSet<>();
    for (String h : hosts) {
      String x = h == null ? "" : h.strip().toLowerCase(Locale.ROOT);
      if (!x.matches(
          "(\\*\\.)?[a-z0-9]([a-z0-9\\-]{0,62}\\.)*[a-z0-9\\-]{1,63}|[0-9a-f:.\\[\\]]+")) {
        throw new IllegalArgumentException(what + ": not a host name: '" + h + "'");
      }
      out.add(x);
    }
    return List.copyOf(out);
  }

  private static boolean matches(List<String> hosts, String host) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String p : hosts) {
      if (p.startsWith("*.") ? h.endsWith(p.substring(1)) : h.equals(p)) {
        return true;
      }
    }
    return false;
  }
}
