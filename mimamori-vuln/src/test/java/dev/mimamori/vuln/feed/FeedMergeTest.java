package dev.mimamori.vuln.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.vuln.advisory.Advisory;
import dev.mimamori.vuln.advisory.AdvisoryGroup;
import dev.mimamori.vuln.advisory.AdvisoryReader;
import dev.mimamori.vuln.advisory.Fixtures;
import dev.mimamori.vuln.advisory.Merger;
import dev.mimamori.vuln.feed.FeedServer.Answer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedMergeTest {
  @Test
  void aCveFromTheNvdFeedMergesWithTheJvnFileOfTheSameFlaw() {
    List<Advisory> records =
        new ArrayList<>(Fixtures.read("advisories/jvn-vuldef.xml").advisories());
    try (FeedServer server = new FeedServer(r -> Answer.fixture("nvd-page1.json"))) {
      NvdFeed feed =
          new NvdFeed(
              FeedServer.http(),
              server.uri("/nvd"),
              null,
              Clock.systemUTC(),
              new RecordingSleeper());
      records.addAll(
          new FeedImporter(new AdvisoryReader())
              .run(FeedName.NVD, feed, FeedQuery.of(List.of(), null))
              .read()
              .advisories());
    }

    AdvisoryGroup group =
        Merger.merge(records).stream()
            .filter(g -> g.ids().contains("CVE-2099-1002"))
            .findFirst()
            .orElseThrow();

    assertThat(group.records())
        .extracting(Advisory::id)
        .containsExactlyInAnyOrder("JVNDB-2099-000001", "CVE-2099-1002");
  }
}
