package dev.mimamori.sensors.parse.apache;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What the matchers found in one line; the parser turns it into an event. One per line. */
final class Captured {
  @Nullable String host;
  @Nullable String clientIp;
  @Nullable String peerIp;
  @Nullable String user;
  @Nullable String request;
  @Nullable String method;
  @Nullable String path;
  @Nullable String query;
  @Nullable String protocol;
  @Nullable Integer status;
  @Nullable Integer finalStatus;
  @Nullable Long bytes;
  @Nullable Long durationMicros;
  @Nullable Long durationNanosFromT;
  @Nullable String referrer;
  @Nullable String userAgent;
  @Nullable String forwardedFor;
  @Nullable String headerHost;
  @Nullable String canonicalServerName;
  @Nullable String serverName;
  final Map<String, String> extra = new LinkedHashMap<>();

  // The time, from one or more %t items; -1 means not seen.
  int year = -1;
  int month = -1;
  int day = -1;
  int hour = -1;
  int minute = -1;
  int second = -1;
  int fractionNanos = -1;
  @Nullable Integer offsetSeconds;
  @Nullable Long epochSeconds;
  int epochNanos;

  /** Why the line did not match; set by the matcher that failed. */
  @Nullable String error;

  /** The whole line with card numbers masked: what event.original keeps. */
  final String masked;

  Captured(String masked) {
    this.masked = masked;
  }

  /** Records why the line does not match and returns the failure position, -1. */
  int fail(String why) {
    error = why;
    return -1;
  }
}
