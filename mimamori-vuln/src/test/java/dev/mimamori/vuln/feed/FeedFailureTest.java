package dev.mimamori.vuln.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.vuln.advisory.AdvisoryReader;
import dev.mimamori.vuln.feed.FeedServer.Answer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedFailureTest {
  private static FeedOutcome nvd(FeedHttp http, URI uri) {
    return new FeedImporter(new AdvisoryReader())
        .run(
            FeedName.NVD,
            FeedName.NVD.open(uri, http, null, Clock.systemUTC(), new RecordingSleeper()),
            FeedQuery.of(List.of(), null));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aClosedPortIsAnUnreachableFeedWithItsAddress() throws IOException {
    int port = closedPort();

    FeedOutcome o = nvd(FeedServer.http(), URI.create("http://127.0.0.1:" + port + "/nvd"));

    assertThat(o.failure())
        .isEqualTo(
            "nvd (http://127.0.0.1:"
                + port
                + ") unreachable: connection refused or network unreachable");
  }

  @Test
  void anAnswerOverTheSizeCapIsRefused() {
    FeedHttp small = new FeedHttp(Duration.ofSeconds(5), Duration.ofSeconds(10), 100);
    try (FeedServer server = new FeedServer(r -> Answer.fixture("nvd-page1.json"))) {
      FeedOutcome o = nvd(small, server.uri("/nvd"));

      assertThat(o.failure()).endsWith("answered more than 100 bytes (refused)");
    }
  }

  @Test
  void anHtmlPageInsteadOfJsonIsAClearFailure() {
    try (FeedServer server = new FeedServer(r -> Answer.text(200, "<html>maintenance</html>"))) {
      FeedOutcome o = nvd(FeedServer.http(), server.uri("/nvd"));

      assertThat(o.failure()).startsWith("nvd answered something that is not JSON: ");
    }
  }

  @Test
  void jsonOfAnotherShapeIsAClearFailure() {
    try (FeedServer server = new FeedServer(r -> Answer.text(200, "{\"message\":\"hello\"}"))) {
      FeedOutcome o = nvd(FeedServer.http(), server.uri("/nvd"));

      assertThat(o.failure()).isEqualTo("nvd answered something that is not an NVD API 2.0 page");
    }
  }

  @Test
  void aServerErrorNamesTheStatus() {
    try (FeedServer server = new FeedServer(r -> Answer.text(503, "down"))) {
      FeedOutcome o = nvd(FeedServer.http(), server.uri("/nvd"));

      assertThat(o.failure()).endsWith(") answered HTTP 503");
    }
  }

  @Test
  void pagesFetchedBeforeAFailureAreKept() {
    try (FeedServer server =
        new FeedServer(
            r ->
                r.query().contains("startIndex=0")
                    ? Answer.fixture("nvd-page1.json")
                    : Answer.text(503, ""))) {
      FeedOutcome o = nvd(FeedServer.http(), server.uri("/nvd"));

      assertThat(o.read().advisories()).hasSize(1);
    }
  }
}
