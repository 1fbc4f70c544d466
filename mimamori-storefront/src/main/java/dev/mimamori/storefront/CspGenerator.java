package dev.mimamori.storefront;

import dev.mimamori.storefront.PageInventory.Request;
import dev.mimamori.storefront.PageInventory.Script;
import java.net.URI;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Content-Security-Policy in report-only mode that allows what a clean inventory of the page
 * loaded and nothing else, so that a skimmer added later is reported by every customer's browser.
 * Inline scripts are allowed by their SHA-256; external ones by origin; requests that failed or
 * that carried typed card data are left out, so the policy never allows a skimmer the baseline
 * happened to hold.
 */
public final class CspGenerator {
  /** The two response headers to add: the policy and, for the Reporting API, its endpoint. */
  public record Headers(String policy, String reportingEndpoints) {
    public String asText() {
      return "Content-Security-Policy-Report-Only: "
          + policy
          + (reportingEndpoints.isEmpty() ? "" : "\nReporting-Endpoints: " + reportingEndpoints)
          + "\n";
    }
  }

  private CspGenerator() {}

  /** The headers for {@code page}; {@code reportUri} is where browsers send reports, or empty. */
  public static Headers reportOnly(PageInventory page, String reportUri) {
    if (reportUri.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || c == ';' || c == ',' || c == '"')
        || !(reportUri.isEmpty()
            || reportUri.startsWith("https://")
            || reportUri.startsWith("http://"))) {
      throw new IllegalArgumentException(
          "report URI must be an http(s) URI of printable ASCII without spaces, ';', ',' or quotes");
    }
    String self = origin(page.finalUrl().isEmpty() ? page.url() : page.finalUrl());
    Map<String, Set<String>> d = new LinkedHashMap<>();
    for (String name :
        List.of(
            "default-src",
            "script-src",
            "style-src",
            "img-src",
            "font-src",
            "connect-src",
            "frame-src",
            "form-action")) {
      d.put(name, new LinkedHashSet<>(List.of("'self'")));
    }
    d.get("img-src").add("data:");
    d.get("font-src").add("data:");
    // Inline styles are common and harmless to card data; reporting them would bury the signal.
    d.get("style-src").add("'unsafe-inline'");
    // Origins that received typed card data are never allowed anything, scripts included.
    Set<String> receivedCard = new LinkedHashSet<>();
    page.afterInput().stream()
        .filter(Request::carriesSensitiveData)
        .forEach(r -> receivedCard.add(origin(r.url())));
    for (Script s : page.scripts()) {
      if (s.inline() && s.hash().length() == 64) {
        d.get("script-src").add("'sha256-" + base64(s.hash()) + "'");
      } else if (!s.inline() && !receivedCard.contains(origin(s.src()))) {
        add(d.get("script-src"), s.src(), self);
      }
    }
    for (Request r : page.requests()) {
      if (r.failed() || receivedCard.contains(origin(r.url()))) {
        continue;
      }
      String directive =
          switch (r.type()) {
            case "Stylesheet" -> "style-src";
            case "Image" -> "img-src";
            case "Font" -> "font-src";
            case "XHR", "Fetch", "EventSource", "WebSocket", "Ping" -> "connect-src";
            case "Script" -> "script-src";
            default -> "";
          };
      if (!directive.isEmpty()) {
        add(d.get(directive), r.url(), self);
      }
    }
    page.iframes().stream()
        .filter(f -> !receivedCard.contains(origin(f)))
        .forEach(f -> add(d.get("frame-src"), f, self));
    page.forms().stream()
        .filter(f -> !receivedCard.contains(origin(f.action())))
        .forEach(f -> add(d.get("form-action"), f.action(), self));

    StringBuilder b = new StringBuilder();
    d.forEach((k, v) -> b.append(k).append(' ').append(String.join(" ", v)).append("; "));
    b.append("base-uri 'self'; object-src 'none'");
    String endpoints = "";
    if (!reportUri.isEmpty()) {
      b.append("; report-uri ").append(reportUri).append("; report-to csp-endpoint");
      endpoints = "csp-endpoint=\"" + reportUri + "\"";
    }
    return new Headers(b.toString(), endpoints);
  }

  private static void add(Set<String> sources, String url, String self) {
    String o = origin(url);
    if (!o.isEmpty() && !o.equals(self)) {
      sources.add(o);
    }
  }

  /** scheme://host[:port] of an http(s) or ws(s) URL; empty for anything else. */
  static String origin(String url) {
    try {
      URI u = URI.create(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!Set.of("http", "https", "ws", "wss").contains(scheme) || u.getHost() == null) {
        return "";
      }
      String host = u.getHost().toLowerCase(Locale.ROOT);
      // A CSP source holds no characters that could end it or the header.
      if (!host.matches("[a-z0-9.\\-\\[\\]:]+")) {
        return "";
      }
      return scheme + "://" + host + (u.getPort() < 0 ? "" : ":" + u.getPort());
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static String base64(String hex) {
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
  }
}
