package dev.mimamori.incidents.notify;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Sends one HTTP request for a notifier and turns the outcome into success or a {@link
 * NotificationException}: 2xx is success; 408, 425, 429 and 5xx are temporary; any other status
 * (3xx included: redirects are not followed) is permanent; a network error or a timeout is
 * temporary. {@code Retry-After} (seconds or an HTTP-date) becomes {@code retryAfter}, capped at an
 * hour. Messages name the channel, the status and the receiver's host, never the URL's path, the
 * body or a header: those may hold a credential.
 */
final class HttpDelivery {
  static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  private final String channel;
  private final HttpClient client;
  private final Duration requestTimeout;
  private final Clock clock;

  /** Null timeouts mean the defaults: 5 s to connect, 15 s for the whole request. */
  HttpDelivery(
      String channel,
      @Nullable Duration connectTimeout,
      @Nullable Duration requestTimeout,
      Clock clock) {
    this.channel = channel;
    this.requestTimeout =
        Objects.requireNonNullElse(requestTimeout, ConfigChecks.DEFAULT_REQUEST_TIMEOUT);
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(
                Objects.requireNonNullElse(connectTimeout, ConfigChecks.DEFAULT_CONNECT_TIMEOUT))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** POSTs {@code body} (UTF-8); 2xx is success. */
  void post(URI uri, String contentType, String body, Map<String, String> headers)
      throws NotificationException {
    post(uri, contentType, body, headers, status -> false);
  }

  /** POSTs {@code body} (UTF-8); 2xx, and any status {@code alsoSuccess} accepts, is success. */
  void post(
      URI uri,
      String contentType,
      String body,
      Map<String, String> headers,
      IntPredicate alsoSuccess)
      throws NotificationException {
    String where = ConfigChecks.hostPort(uri);
    HttpResponse<Void> response;
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(requestTimeout)
              .header("Content-Type", contentType)
              .header("User-Agent", "mimamori")
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      headers.forEach(request::header);
      response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (HttpConnectTimeoutException e) {
      throw new NotificationException(
          channel + ": connecting to " + where + " timed out", true, null, e);
    } catch (HttpTimeoutException e) {
      throw new NotificationException(
          channel + ": " + where + " did not answer within " + requestTimeout.toMillis() + " ms",
          true,
          null,
          e);
    } catch (ConnectException e) {
      throw new NotificationException(
          channel + ": cannot connect to " + where + " (" + describe(e) + ")", true, null, e);
    } catch (IOException e) {
      throw new NotificationException(
          channel + ": sending to " + where + " failed (" + describe(e) + ")", true, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotificationException(channel + ": interrupted while sending", true, null, e);
    } catch (IllegalArgumentException e) {
      // A header the HTTP client refuses; its message may quote the value, so it is not kept.
      throw new NotificationException(
          channel + ": the request could not be built (a header is not allowed)", false);
    }
    int status = response.statusCode();
    if ((status >= 200 && status < 300) || alsoSuccess.test(status)) {
      return;
    }
    throw failure(
        channel,
        where,
        status,
        response.headers().firstValue("Retry-After").orElse(null),
        clock.instant());
  }

  /** The exception for a non-success status. */
  static NotificationException failure(
      String channel, String where, int status, @Nullable String retryAfter, Instant now) {
    boolean temporary = isTemporary(status);
    Duration wait = temporary ? retryAfter(retryAfter, now) : null;
    String message =
        channel
            + ": HTTP "
            + status
            + " from "
            + where
            + (temporary ? " (temporary" : " (permanent")
            + (wait == null ? ")" : ", retry after " + wait.toSeconds() + " s)");
    return new NotificationException(message, temporary, wait, null);
  }

  /** 408 Request Timeout, 425 Too Early, 429 Too Many Requests and every 5xx. */
  static boolean isTemporary(int status) {
    return status == 408 || status == 425 || status == 429 || (status >= 500 && status < 600);
  }

  /**
   * A {@code Retry-After} value as a duration from {@code now}: delta-seconds or an HTTP-date (RFC
   * 9110), capped at {@link #MAX_RETRY_AFTER}; null when absent or unreadable.
   */
  static @Nullable Duration retryAfter(@Nullable String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    Duration d;
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      if (v.length() > 9) {
        return MAX_RETRY_AFTER;
      }
      d = Duration.ofSeconds(Long.parseLong(v));
    } else {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        d = Duration.between(now, at);
      } catch (DateTimeException e) {
        return null;
      }
      if (d.isNegative()) {
        d = Duration.ZERO;
      }
    }
    return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
  }

  /**
   * Text made safe for a header value: printable ASCII stays, anything else (controls, non-ASCII)
   * is percent-encoded as UTF-8, so the value stays one header and one line.
   */
  static String headerValue(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c > 0x20 && c < 0x7f && c != '%') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        b.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }

  /** The exception's kind, not its message (which could quote what was sent). */
  private static String describe(Throwable e) {
    return e.getClass().getSimpleName();
  }
}
