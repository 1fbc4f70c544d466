package dev.mimamori.sensors.parse.nginxjson;

import dev.mimamori.model.Event;

/** Splits an HTTP request line ({@code $request}) into method, target and version. */
final class RequestLine {
  private RequestLine() {}

  /** Fills method, url.original/path/query and http.version from {@code request}. */
  static void split(String request, Event.Builder b) {
    int sp1 = request.indexOf(' ');
    int sp2 = request.lastIndexOf(' ');
    String target;
    if (sp1 > 0 && sp2 > sp1 && request.startsWith("HTTP/", sp2 + 1)) {
      b.method(request.substring(0, sp1));
      target = request.substring(sp1 + 1, sp2);
      b.extra("http.version", request.substring(sp2 + 6));
    } else if (sp1 > 0) {
      b.method(request.substring(0, sp1));
      target = request.substring(sp1 + 1);
    } else {
      // Not an HTTP request line (TLS bytes sent to a plain port, junk): keep it as written.
      b.urlOriginal(request);
      return;
    }
    target(target, b);
  }

  /** Fills url.original, url.path and url.query from a request target as sent. */
  static void target(String target, Event.Builder b) {
    b.urlOriginal(target);
    int q = target.indexOf('?');
    if (q >= 0) {
      b.urlPath(target.substring(0, q));
      b.urlQuery(target.substring(q + 1));
    } else {
      b.urlPath(target);
    }
  }
}
