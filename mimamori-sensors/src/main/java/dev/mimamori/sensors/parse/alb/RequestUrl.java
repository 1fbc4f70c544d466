package dev.mimamori.sensors.parse.alb;

import dev.mimamori.model.Event;

/**
 * The ALB request field, {@code METHOD scheme://host:port/path?query VERSION}. A request the client
 * never finished is logged as {@code - http://host:80- -}: no method, no path.
 */
final class RequestUrl {
  private RequestUrl() {}

  static void fill(String request, Event.Builder b) {
    int sp1 = request.indexOf(' ');
    int sp2 = request.lastIndexOf(' ');
    String url;
    if (sp1 > 0 && sp2 > sp1) {
      method(request.substring(0, sp1), b);
      url = request.substring(sp1 + 1, sp2);
      String version = request.substring(sp2 + 1);
      if (version.startsWith("HTTP/") && version.length() > 5) {
        b.extra("http.version", version.substring(5));
      }
    } else if (sp1 > 0) {
      method(request.substring(0, sp1), b);
      url = request.substring(sp1 + 1);
    } else {
      url = request;
    }
    url(url, b);
  }

  private static void method(String method, Event.Builder b) {
    if (!method.equals("-")) {
      b.method(method);
    }
  }

  private static void url(String url, Event.Builder b) {
    int schemeEnd = url.indexOf("://");
    String target = url;
    if (schemeEnd > 0) {
      b.extra("url.scheme", url.substring(0, schemeEnd));
      int authority = schemeEnd + 3;
      int slash = url.indexOf('/', authority);
      authority(url.substring(authority, slash < 0 ? url.length() : slash), b);
      target = slash < 0 ? "" : url.substring(slash);
    }
    if (target.isEmpty() || target.equals("-")) {
      return;
    }
    b.urlOriginal(target);
    int q = target.indexOf('?');
    b.urlPath(q < 0 ? target : target.substring(0, q));
    b.urlQuery(q < 0 ? null : target.substring(q + 1));
  }

  /** {@code host:443} or {@code [2001:db8::1]:443}; the port's digits only ({@code 80-}). */
  private static void authority(String a, Event.Builder b) {
    String host = a;
    String rest = "";
    if (a.startsWith("[")) {
      int close = a.indexOf(']');
      if (close > 0) {
        host = a.substring(1, close);
        rest = a.substring(close + 1);
      }
    } else {
      int colon = a.lastIndexOf(':');
      if (colon >= 0) {
        host = a.substring(0, colon);
        rest = a.substring(colon);
      }
    }
    if (!host.isEmpty()) {
      b.extra("url.domain", host);
    }
    if (rest.startsWith(":")) {
      int end = 1;
      while (end < rest.length()
          && end <= 5
          && rest.charAt(end) >= '0'
          && rest.charAt(end) <= '9') {
        end++;
      }
      if (end > 1 && Integer.parseInt(rest.substring(1, end)) <= 65535) {
        b.extra("url.port", rest.substring(1, end));
      }
    }
  }
}
