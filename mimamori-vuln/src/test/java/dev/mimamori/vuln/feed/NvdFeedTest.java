package dev.mimamori.vuln.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.vuln.advisory.Advisory;
import dev.mimamori.vuln.advisory.AdvisoryReader;
import dev.mimamori.vuln.advisory.RecordError;
import dev.mimamori.vuln.feed.FeedServer.Answer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class NvdFeedTest {
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2099-06-01T00:00:00Z"), ZoneOffset.UTC);

  private static FeedServer pagedServer() {
    return new FeedServer(
        r ->
            Answer.fixture(
                r.query().contains("startIndex=2") ? "nvd-page2.json" : "nvd-page1.json"));
  }

  private static FeedOutcome run(
      FeedServer server, @Nullable String key, RecordingSleeper sleeper, FeedQuery query) {
    NvdFeed feed =
        new NvdFeed(FeedServer.http(), server.uri("/rest/json/cves/2.0"), key, NOW, sleeper);
    return new FeedImporter(new AdvisoryReader()).run(FeedName.NVD, feed, query);
  }

  private static FeedOutcome run(FeedServer server, RecordingSleeper sleeper) {
    return run(server, null, sleeper, FeedQuery.of(List.of(), null));
  }

  @Test
  void followsStartIndexUntilTotalResults() {
    try (FeedServer server = pagedServer()) {
      run(server, new RecordingSleeper());

      assertThat(server.requests)
          .extracting(FeedServer.Request::query)
          .containsExactly(
              "keywordSearch=EC-CUBE&resultsPerPage=2000&startIndex=0",
              "keywordSearch=EC-CUBE&resultsPerPage=2000&startIndex=2");
    }
  }

  @Test
  void readsTheRecordsOfEveryPage() {
    try (FeedServer server = pagedServer()) {
      FeedOutcome o = run(server, new RecordingSleeper());

      assertThat(o.read().advisories())
          .extracting(Advisory::id)
          .containsExactly("CVE-2099-1002", "CVE-2099-2001");
    }
  }

  @Test
  void aBrokenRecordIsCountedWithThePageItCameFrom() {
    try (FeedServer server = pagedServer()) {
      FeedOutcome o = run(server, new RecordingSleeper());

      assertThat(o.read().errors())
          .extracting(RecordError::file, RecordError::record)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("nvd startIndex=0", "CVE-2099-1004"));
    }
  }

  @Test
  void waitsSixSecondsBetweenPagesWithoutAnApiKey() {
    RecordingSleeper sleeper = new RecordingSleeper();
    try (FeedServer server = pagedServer()) {
      run(server, sleeper);
    }

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(6));
  }

  @Test
  void sendsTheApiKeyAsHeaderAndWaitsLessWithIt() {
    RecordingSleeper sleeper = new RecordingSleeper();
    try (FeedServer server = pagedServer()) {
      run(server, "k-123", sleeper, FeedQuery.of(List.of(), null));

      assertThat(List.of(server.requests.get(0).apiKey(), sleeper.waits))
          .containsExactly("k-123", List.of(Duration.ofSeconds(1)));
    }
  }

  @Test
  void sinceSendsLastModifiedDatesInWindowsOfAtMost120Days() {
    try (FeedServer server =
        new FeedServer(r -> Answer.text(200, "{\"totalResults\":0,\"vulnerabilities\":[]}"))) {
      run(server, null, new RecordingSleeper(), FeedQuery.of(List.of(), LocalDate.of(2099, 1, 1)));

      assertThat(server.requests)
          .extracting(FeedServer.Request::query)
          .containsExactly(
              "keywordSearch=EC-CUBE&lastModStartDate=2099-01-01T00%3A00%3A00.000%2B00%3A00"
                  + "&lastModEndDate=2099-05-01T00%3A00%3A00.000%2B00%3A00&resultsPerPage=2000&startIndex=0",
              "keywordSearch=EC-CUBE&lastModStartDate=2099-05-01T00%3A00%3A00.000%2B00%3A00"
                  + "&lastModEndDate=2099-06-01T00%3A00%3A00.000%2B00%3A00&resultsPerPage=2000&startIndex=0");
    }
  }

  @Test
  void aRefusedRequestNamesTheRateLimit() {
    try (FeedServer server = new FeedServer(r -> Answer.text(403, ""))) {
      FeedOutcome o = run(server, new RecordingSleeper());

      assertThat(o.failure())
          .endsWith("answered HTTP 403 (rate limit or API key refused: wait, or set an API key)");
    }
  }
}
