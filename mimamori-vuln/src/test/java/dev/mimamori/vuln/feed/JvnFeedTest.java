package dev.mimamori.vuln.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.vuln.advisory.Advisory;
import dev.mimamori.vuln.advisory.AdvisoryReader;
import dev.mimamori.vuln.feed.FeedServer.Answer;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class JvnFeedTest {
  private static FeedServer myJvn() {
    return new FeedServer(
        r -> {
          if (r.query().contains("method=getVulnDetailInfo")) {
            return Answer.fixture("jvn-detail.xml");
          }
          return Answer.fixture(
              r.query().contains("startItem=2") ? "jvn-overview2.xml" : "jvn-overview1.xml");
        });
  }

  private static FeedOutcome run(FeedServer server, @Nullable LocalDate since) {
    JvnFeed feed = new JvnFeed(FeedServer.http(), server.uri("/myjvn"), new RecordingSleeper());
    return new FeedImporter(new AdvisoryReader())
        .run(FeedName.JVN, feed, FeedQuery.of(List.of(), since));
  }

  @Test
  void pagesTheOverviewByStartItem() {
    try (FeedServer server = myJvn()) {
      run(server, null);

      assertThat(server.requests.subList(0, 2))
          .extracting(FeedServer.Request::query)
          .containsExactly(
              "method=getVulnOverviewList&feed=hnd&keyword=EC-CUBE&rangeDatePublic=n"
                  + "&rangeDatePublished=n&rangeDateFirstPublished=n&startItem=1&maxCountItem=50",
              "method=getVulnOverviewList&feed=hnd&keyword=EC-CUBE&rangeDatePublic=n"
                  + "&rangeDatePublished=n&rangeDateFirstPublished=n&startItem=2&maxCountItem=50");
    }
  }

  @Test
  void asksForTheDetailsOfEveryListedIdInOneBatch() {
    try (FeedServer server = myJvn()) {
      run(server, null);

      assertThat(server.requests.get(2).query())
          .isEqualTo(
              "method=getVulnDetailInfo&feed=hnd&vulnId=JVNDB-2099-000001+JVNDB-2099-000021");
    }
  }

  @Test
  void readsTheVuldefRecordsOfTheDetails() {
    try (FeedServer server = myJvn()) {
      FeedOutcome o = run(server, null);

      assertThat(o.read().advisories())
          .extracting(Advisory::id)
          .containsExactly("JVNDB-2099-000001", "JVNDB-2099-000021");
    }
  }

  @Test
  void sinceAsksForRecordsUpdatedFromThatDay() {
    try (FeedServer server = myJvn()) {
      run(server, LocalDate.of(2099, 3, 7));

      assertThat(server.requests.get(0).query())
          .contains("&datePublishedStartY=2099&datePublishedStartM=03&datePublishedStartD=07&");
    }
  }

  @Test
  void anErrorInTheStatusNodeIsAClearFailure() {
    try (FeedServer server = new FeedServer(r -> Answer.fixture("jvn-error.xml"))) {
      FeedOutcome o = run(server, null);

      assertThat(o.failure()).isEqualTo("jvn refused the request: 1001 パラメタ不正");
    }
  }

  @Test
  void anEmptyResultIsNoFailureAndAsksNoDetails() {
    try (FeedServer server = new FeedServer(r -> Answer.fixture("jvn-empty.xml"))) {
      FeedOutcome o = run(server, null);

      assertThat(List.of(String.valueOf(o.failure()), server.requests.size()))
          .containsExactly("null", 1);
    }
  }

  @Test
  void anotherXmlDocumentIsAClearFailure() {
    try (FeedServer server = new FeedServer(r -> Answer.text(200, "<html><body/></html>"))) {
      FeedOutcome o = run(server, null);

      assertThat(o.failure()).isEqualTo("jvn answered XML that is not MyJVN's (root html)");
    }
  }

  @Test
  void aDoctypeInTheAnswerIsRefusedNotResolved() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
    try (FeedServer server = new FeedServer(r -> Answer.text(200, xxe))) {
      FeedOutcome o = run(server, null);

      assertThat(o.failure()).startsWith("jvn answered something that is not XML");
    }
  }
}
