package dev.mimamori.incidents.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks shared by the notifiers' config records. Messages name the field, never its value: a value
 * may be a secret (a token, or a webhook URL whose path is the credential).
 */
final class ConfigChecks {
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

  /** A token sent in a header: printable ASCII, no spaces. */
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");

  private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");

  private ConfigChecks() {}

  /** A text that must be present and on one line. */
  static String required(String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is required");
    }
    if (!Sanitize.oneLine(value).equals(value)) {
      throw new IllegalArgumentException("'" + field + "' must not contain control characters");
    }
    return value;
  }

  /** A credential that goes into a header: required, printable ASCII without spaces. */
  static String token(String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is required");
    }
    if (!TOKEN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "'" + field + "' must be printable ASCII without spaces (is it pasted whole?)");
    }
    return value;
  }

  /**
   * An http or https URL with a host, no user info and no fragment. With {@code httpsOnly}, plain
   * http is accepted only for a loopback host (a local relay, or a test): the URL or the request
   * carries a credential.
   */
  static URI url(String field, @Nullable String value, boolean httpsOnly) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is required");
    }
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (URISyntaxException e) {
      // The exception's message quotes the URL, which may hold a secret: say where, not what.
      throw new IllegalArgumentException(
          "'" + field + "' is not a valid URL (at character " + e.getIndex() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("'" + field + "' must be an http or https URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("'" + field + "' must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("'" + field + "' must not carry a user name or password");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("'" + field + "' must not have a #fragment");
    }
    if (httpsOnly && scheme.equals("http") && !isLoopback(uri.getHost())) {
      throw new IllegalArgumentException(
          "'" + field + "' must be https (plain http only to a loopback address)");
    }
    return uri;
  }

  /** A base URL (no query), without a trailing slash, so paths can be appended. */
  static URI baseUrl(String field, @Nullable String value, String defaultUrl) {
    URI uri = url(field, value == null ? defaultUrl : value, true);
    if (uri.getRawQuery() != null) {
      throw new IllegalArgumentException("'" + field + "' must not have a query");
    }
    String s = uri.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return URI.create(s);
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || LOOPBACK_V4.matcher(h).matches()
        || h.equals("[::1]")
        || h.equals("::1")
        || h.endsWith(".localhost");
  }

  /** The URL without its path, query or fragment: {@code https://hooks.slack.com/…}. */
  static String redact(URI uri) {
    return uri.getScheme() + "://" + hostPort(uri) + "/…";
  }

  /** Host and, when there is one, port: what an error message may say about the receiver. */
  static String hostPort(URI uri) {
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  /** A timeout: the default when null, else positive and at most 5 minutes. */
  static Duration timeout(String field, @Nullable Duration value, Duration defaultValue) {
    if (value == null) {
      return defaultValue;
    }
    if (value.isNegative() || value.isZero() || value.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("'" + field + "' must be above 0 and at most 5 minutes");
    }
    return value;
  }

  /** What a toString shows in place of a secret. */
  static String masked(@Nullable String secret) {
    return secret == null ? "null" : "****";
  }
}
