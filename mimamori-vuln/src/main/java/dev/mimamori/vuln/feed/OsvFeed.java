package dev.mimamori.vuln.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.function.Consumer;

/**
 * OSV's query API ({@code POST /v1/query}) for each Packagist package, page by page through {@code
 * next_page_token}. OSV carries the GitHub advisory database (GHSA ids) among others. OSV cannot
 * filter by date, so {@code since} drops records last modified before it.
 */
public final class OsvFeed implements AdvisoryFeed {
  static final int MAX_PAGES = 50;
  private static final String FEED = "osv";

  private final FeedHttp http;
  private final URI endpoint;

  public OsvFeed(FeedHttp http, URI endpoint) {
    this.http = http;
    this.endpoint = endpoint;
  }

  @Override
  public void fetch(FeedQuery query, Consumer<FeedDocument> out) throws FeedException {
    for (String pkg : query.packages()) {
      String token = "";
      for (int page = 1; ; page++) {
        if (page > MAX_PAGES) {
          throw new FeedException(FEED + ": more than " + MAX_PAGES + " pages for " + pkg);
        }
        JsonNode answer = Json.object(FEED, http.postJson(FEED, endpoint, body(pkg, token)));
        JsonNode vulns = answer.path("vulns");
        if (!vulns.isMissingNode() && !vulns.isArray()) {
          throw new FeedException(FEED + " answered something that is not an OSV query result");
        }
        ArrayNode kept = Json.MAPPER.createArrayNode();
        for (JsonNode v : vulns) {
          if (query.since() == null || modifiedSince(v, query)) {
            kept.add(v);
          }
        }
        if (!kept.isEmpty()) {
          out.accept(
              new FeedDocument("osv.json", FEED + ":" + pkg + " page " + page, Json.bytes(kept)));
        }
        String next = answer.path("next_page_token").asText("");
        if (next.isEmpty() || next.equals(token)) {
          break;
        }
        token = next;
      }
    }
  }

  private static boolean modifiedSince(JsonNode v, FeedQuery q) {
    // ISO 8601 timestamps compare as text; a record without one is kept rather than lost.
    String modified = v.path("modified").asText("");
    return modified.isEmpty() || modified.compareTo(String.valueOf(q.since())) >= 0;
  }

  static String body(String pkg, String token) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ObjectNode p = o.putObject("package");
    p.put("ecosystem", "Packagist");
    p.put("name", pkg);
    if (!token.isEmpty()) {
      o.put("page_token", token);
    }
    return o.toString();
  }
}
