package dev.mimamori.vuln.feed;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * NVD's CVE API 2.0 by keyword, page by page ({@code startIndex}, {@code resultsPerPage}). NVD
 * allows 5 requests in 30 seconds without an API key and 50 with one, so it waits 6 s (1 s, leaving
 * a margin) between requests. {@code since} becomes {@code lastModStartDate}/{@code lastModEndDate}
 * in windows of at most 120 days, the most NVD accepts.
 */
public final class NvdFeed implements AdvisoryFeed {
  static final int PAGE_SIZE = 2000;
  static final int MAX_REQUESTS = 200;
  static final Duration MAX_WINDOW = Duration.ofDays(120);
  private static final String FEED = "nvd";
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);

  private final FeedHttp http;
  private final URI endpoint;
  private final @Nullable String apiKey;
  private final Clock clock;
  private final Sleeper sleeper;
  private int requests;

  public NvdFeed(
      FeedHttp http, URI endpoint, @Nullable String apiKey, Clock clock, Sleeper sleeper) {
    this.http = http;
    this.endpoint = endpoint;
    this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** The wait between two requests under NVD's public rate limit. */
  public Duration pause() {
    return apiKey == null ? Duration.ofSeconds(6) : Duration.ofSeconds(1);
  }

  @Override
  public void fetch(FeedQuery query, Consumer<FeedDocument> out) throws FeedException {
    requests = 0;
    LocalDate since = query.since();
    if (since == null) {
      pages(query.keyword(), null, null, out);
      return;
    }
    Instant end = clock.instant();
    Instant from = since.atStartOfDay(ZoneOffset.UTC).toInstant();
    while (from.isBefore(end)) {
      Instant to = from.plus(MAX_WINDOW).isBefore(end) ? from.plus(MAX_WINDOW) : end;
      pages(query.keyword(), from, to, out);
      from = to;
    }
  }

  private void pages(
      String keyword, @Nullable Instant from, @Nullable Instant to, Consumer<FeedDocument> out)
      throws FeedException {
    int start = 0;
    while (true) {
      Map<String, String> params = new LinkedHashMap<>();
      params.put("keywordSearch", keyword);
      if (from != null && to != null) {
        params.put("lastModStartDate", DATE.format(from));
        params.put("lastModEndDate", DATE.format(to));
      }
      params.put("resultsPerPage", String.valueOf(PAGE_SIZE));
      params.put("startIndex", String.valueOf(start));
      JsonNode page = Json.object(FEED, request(Query.with(endpoint, params)));
      JsonNode vulns = page.path("vulnerabilities");
      if (!vulns.isArray() || !page.path("totalResults").canConvertToInt()) {
        throw new FeedException(FEED + " answered something that is not an NVD API 2.0 page");
      }
      if (!vulns.isEmpty()) {
        out.accept(new FeedDocument("nvd.json", FEED + " startIndex=" + start, Json.bytes(page)));
      }
      start += vulns.size();
      if (vulns.isEmpty() || start >= page.path("totalResults").asInt()) {
        return;
      }
    }
  }

  private byte[] request(URI uri) throws FeedException {
    if (++requests > MAX_REQUESTS) {
      throw new FeedException(FEED + ": more than " + MAX_REQUESTS + " pages (refused)");
    }
    if (requests > 1) {
      try {
        sleeper.sleep(pause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FeedException(FEED + ": interrupted");
      }
    }
    return http.get(FEED, uri, apiKey == null ? Map.of() : Map.of("apiKey", apiKey));
  }
}
