package dev.mimamori.uptime;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What to check for one URL and how often.
 *
 * @param url the http or https URL
 * @param interval time between checks, at least {@link #MIN_INTERVAL}
 * @param timeout the whole check (connect, TLS, redirects, body) ends by then; at most the interval
 * @param expectedStatus status codes that count as up; empty means 200-399
 * @param keyword text the body must contain, or null
 * @param watchContent report a change of the normalized body's SHA-256
 * @param tlsWarnDays report a certificate that expires within this many days
 * @param dns names and record types whose answers are compared with the last seen answer
 * @param failuresToDown consecutive failed checks that confirm "down"
 * @param successesToUp consecutive good checks that confirm "up" again
 */
public record CheckSpec(
    URI url,
    Duration interval,
    Duration timeout,
    Set<Integer> expectedStatus,
    @Nullable String keyword,
    boolean watchContent,
    int tlsWarnDays,
    List<DnsQuery> dns,
    int failuresToDown,
    int successesToUp) {
  /** Shorter intervals would be load on the shop, not monitoring. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

  public CheckSpec {
    String scheme = url.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme)) || url.getHost() == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + url);
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("URL with credentials is not allowed: " + url.getHost());
    }
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      throw new IllegalArgumentException("interval must be at least 10 seconds: " + interval);
    }
    if (timeout.isNegative()
        || timeout.isZero()
        || timeout.compareTo(MAX_TIMEOUT) > 0
        || timeout.compareTo(interval) > 0) {
      throw new IllegalArgumentException(
          "timeout must be more than 0, at most 60 s and at most the interval: " + timeout);
    }
    for (int s : expectedStatus) {
      if (s < 100 || s > 599) {
        throw new IllegalArgumentException("not an HTTP status: " + s);
      }
    }
    if (keyword != null && (keyword.isBlank() || keyword.length() > 200)) {
      throw new IllegalArgumentException("keyword must be 1-200 characters");
    }
    if (tlsWarnDays < 0 || tlsWarnDays > 365) {
      throw new IllegalArgumentException("tls warn days must be 0..365: " + tlsWarnDays);
    }
    if (failuresToDown < 1 || failuresToDown > 10 || successesToUp < 1 || successesToUp > 10) {
      throw new IllegalArgumentException("retries to confirm down/up must be 1..10");
    }
    expectedStatus = Set.copyOf(expectedStatus);
    dns = List.copyOf(dns);
  }

  /** Defaults: every 60 s, 10 s timeout, 2xx/3xx is up, warn 14 days before expiry, 3 to down. */
  public static CheckSpec of(URI url) {
    return new CheckSpec(
        url,
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        Set.of(),
        null,
        false,
        14,
        List.of(),
        3,
        2);
  }

  public CheckSpec withInterval(Duration i) {
    Duration t = timeout.compareTo(i) > 0 ? i : timeout;
    return new CheckSpec(
        url,
        i,
        t,
        expectedStatus,
        keyword,
        watchContent,
        tlsWarnDays,
        dns,
        failuresToDown,
        successesToUp);
  }

  public CheckSpec withTimeout(Duration t) {
    return new CheckSpec(
        url,
        interval,
        t,
        expectedStatus,
        keyword,
        watchContent,
        tlsWarnDays,
        dns,
        failuresToDown,
        successesToUp);
  }

  public CheckSpec withKeyword(@Nullable String k) {
    return new CheckSpec(
        url,
        interval,
        timeout,
        expectedStatus,
        k,
        watchContent,
        tlsWarnDays,
        dns,
        failuresToDown,
        successesToUp);
  }

  public CheckSpec withWatchContent(boolean w) {
    return new CheckSpec(
        url,
        interval,
        timeout,
        expectedStatus,
        keyword,
        w,
        tlsWarnDays,
        dns,
        failuresToDown,
        successesToUp);
  }

  public CheckSpec withDns(List<DnsQuery> d) {
    return new CheckSpec(
        url,
        interval,
        timeout,
        expectedStatus,
        keyword,
        watchContent,
        tlsWarnDays,
        d,
        failuresToDown,
        successesToUp);
  }

  public CheckSpec withExpectedStatus(Set<Integer> s) {
    return new CheckSpec(
        url,
        interval,
        timeout,
        s,
        keyword,
        watchContent,
        tlsWarnDays,
        dns,
        failuresToDown,
        successesToUp);
  }

  public CheckSpec withTlsWarnDays(int days) {
    return new CheckSpec(
        url,
        interval,
        timeout,
        expectedStatus,
        keyword,
        watchContent,
        days,
        dns,
        failuresToDown,
        successesToUp);
  }

  public CheckSpec withConfirmation(int toDown, int toUp) {
    return new CheckSpec(
        url,
        interval,
        timeout,
        expectedStatus,
        keyword,
        watchContent,
        tlsWarnDays,
        dns,
        toDown,
        toUp);
  }

  /** Whether a response status counts as up. */
  public boolean statusOk(int status) {
    return expectedStatus.isEmpty()
        ? status >= 200 && status < 400
        : expectedStatus.contains(status);
  }
}
