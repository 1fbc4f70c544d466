package dev.mimamori.sensors.parse.apache;

import org.jspecify.annotations.Nullable;

/**
 * A request line ({@code %r}) split into its parts. A line that is not HTTP (TLS bytes sent to a
 * plain port, junk) has no method and keeps the whole text as its target.
 */
record RequestLine(@Nullable String method, String target, @Nullable String version) {

  static RequestLine of(String request) {
    int sp1 = request.indexOf(' ');
    int sp2 = request.lastIndexOf(' ');
    if (sp1 > 0 && sp2 > sp1 && request.startsWith("HTTP/", sp2 + 1)) {
      return new RequestLine(
          request.substring(0, sp1), request.substring(sp1 + 1, sp2), request.substring(sp2 + 6));
    }
    if (sp1 > 0) {
      return new RequestLine(request.substring(0, sp1), request.substring(sp1 + 1), null);
    }
    return new RequestLine(null, request, null);
  }

  boolean isHttp() {
    return method != null;
  }
}
