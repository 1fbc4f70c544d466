package dev.mimamori.detect.sigma;

import dev.mimamori.model.Event;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Sigma's web field names (W3C extended log format, as the {@code webserver} and {@code proxy}
 * taxonomy uses them) onto the ECS names mimamori events carry. ECS (dotted) names pass through
 * unchanged; anything else is used as written and reported as a load warning, since no mimamori
 * event will have it.
 */
final class FieldMapping {
  /** The field keyword searches (field-less values) look in: the whole log line. */
  static final String KEYWORD_FIELD = "event.original";

  private static final Map<String, String> W3C =
      Map.ofEntries(
          Map.entry("cs-uri-query", "url.query"),
          Map.entry("c-uri-query", "url.query"),
          Map.entry("cs-uri-stem", "url.path"),
          Map.entry("c-uri-stem", "url.path"),
          Map.entry("cs-uri", "url.original"),
          Map.entry("c-uri", "url.original"),
          Map.entry("c-uri-extension", "url.extension"),
          Map.entry("cs-method", "http.request.method"),
          Map.entry("sc-status", "http.response.status_code"),
          Map.entry("c-useragent", "user_agent.original"),
          Map.entry("cs-user-agent", "user_agent.original"),
          Map.entry("cs(user-agent)", "user_agent.original"),
          Map.entry("cs-referer", "http.request.referrer"),
          Map.entry("cs-referrer", "http.request.referrer"),
          Map.entry("cs(referer)", "http.request.referrer"),
          Map.entry("c-ip", "source.ip"),
          Map.entry("src_ip", "source.ip"),
          Map.entry("dst_ip", "destination.ip"),
          Map.entry("s-ip", "destination.ip"),
          Map.entry("s-port", "destination.port"),
          Map.entry("cs-username", "user.name"),
          Map.entry("cs-host", "url.domain"),
          Map.entry("r-dns", "url.domain"),
          Map.entry("cs-version", "http.version"),
          // ECS has no cookie field; this is where a sensor that logs cookies would put them.
          Map.entry("cs-cookie", "http.request.cookie"),
          Map.entry("cs(cookie)", "http.request.cookie"),
          Map.entry("cs-content-type", "http.request.mime_type"),
          Map.entry("sc-bytes", "http.response.body.bytes"),
          Map.entry("cs-bytes", "http.request.bytes"),
          Map.entry("s-computername", "host.name"));

  /** Fields whose text may be percent-encoded: they are matched raw and decoded. */
  private static final Set<String> URL_ENCODED =
      Set.of(
          "url.original",
          "url.path",
          "url.query",
          "url.full",
          "http.request.referrer",
          KEYWORD_FIELD);

  private FieldMapping() {}

  /** The ECS name of a Sigma field; null when it is neither mapped nor an ECS name we know. */
  static @Nullable String ecs(String sigmaField) {
    String mapped = W3C.get(sigmaField);
    if (mapped == null) {
      mapped = W3C.get(sigmaField.toLowerCase(java.util.Locale.ROOT));
    }
    if (mapped != null) {
      return mapped;
    }
    // ECS names are dotted (url.query, event.action, eccube.route): parsers fill many of them.
    if (Event.typedFieldNames().contains(sigmaField) || sigmaField.indexOf('.') > 0) {
      // Interned, as the mapped names are: Event.field's switch then compares by identity.
      return sigmaField.intern();
    }
    return null;
  }

  static boolean urlEncoded(String ecsField) {
    return URL_ENCODED.contains(ecsField);
  }
}
