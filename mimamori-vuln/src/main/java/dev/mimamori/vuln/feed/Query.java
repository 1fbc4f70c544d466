package dev.mimamori.vuln.feed;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/** A query string appended to an endpoint (which may already carry one, as a mirror's might). */
final class Query {
  private Query() {}

  static URI with(URI endpoint, Map<String, String> params) {
    StringJoiner q = new StringJoiner("&");
    params.forEach(
        (k, v) ->
            q.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    String base = endpoint.toString();
    return URI.create(base + (base.contains("?") ? "&" : "?") + q);
  }
}
