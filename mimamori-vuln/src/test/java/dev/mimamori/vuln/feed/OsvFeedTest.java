package dev.mimamori.vuln.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.vuln.advisory.Advisory;
import dev.mimamori.vuln.advisory.AdvisoryReader;
import dev.mimamori.vuln.feed.FeedServer.Answer;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class OsvFeedTest {
  private static FeedServer pagedServer() {
    return new FeedServer(
        r ->
            Answer.fixture(
                r.body().contains("\"page_token\":\"page-2\"")
                    ? "osv-page2.json"
                    : "osv-page1.json"));
  }

  private static FeedOutcome run(FeedServer server, FeedQuery query) {
    return new FeedImporter(new AdvisoryReader())
        .run(FeedName.OSV, new OsvFeed(FeedServer.http(), server.uri("/v1/query")), query);
  }

  @Test
  void followsNextPageTokenUntilTheLastPage() {
    try (FeedServer server = pagedServer()) {
      FeedOutcome o = run(server, FeedQuery.of(List.of(), null));

      assertThat(o.read().advisories())
          .extracting(Advisory::id)
          .containsExactly("GHSA-7777-8888-9999", "GHSA-aaaa-bbbb-cccc");
    }
  }

  @Test
  void asksForEcCubeAndEachGivenPackageInPackagist() {
    try (FeedServer server = new FeedServer(r -> Answer.text(200, "{}"))) {
      run(server, FeedQuery.of(List.of("ec-cube/coupon4"), null));

      assertThat(server.requests)
          .extracting(FeedServer.Request::body)
          .containsExactly(
              "{\"package\":{\"ecosystem\":\"Packagist\",\"name\":\"ec-cube/ec-cube\"}}",
              "{\"package\":{\"ecosystem\":\"Packagist\",\"name\":\"ec-cube/coupon4\"}}");
    }
  }

  @Test
  void sinceDropsRecordsModifiedBeforeThatDay() {
    try (FeedServer server = pagedServer()) {
      FeedOutcome o = run(server, FeedQuery.of(List.of(), LocalDate.of(2099, 1, 1)));

      assertThat(o.read().advisories())
          .extracting(Advisory::id)
          .containsExactly("GHSA-7777-8888-9999");
    }
  }

  @Test
  void anAnswerWithoutAVulnsListIsAClearFailure() {
    try (FeedServer server = new FeedServer(r -> Answer.text(200, "{\"vulns\":\"no\"}"))) {
      FeedOutcome o = run(server, FeedQuery.of(List.of(), null));

      assertThat(o.failure()).isEqualTo("osv answered something that is not an OSV query result");
    }
  }
}
