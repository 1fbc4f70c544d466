package dev.mimamori.incidents.respond;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionStreamTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final DecisionList list = new DecisionList(clock);
  final DecisionStream stream = new DecisionStream(list);
  final DecisionStream.Filter all = DecisionStream.Filter.ALL;

  Decision ban(String value, Duration d) throws Exception {
    return list.ban(IpNet.parse(value), d, "mimamori/webshell-upload", "shop", "inc-1");
  }

  static List<String> values(List<Decision> ds) {
    return ds.stream().map(Decision::value).toList();
  }

  @Test
  void startupReturnsEveryActiveDecisionAsNewAndNothingDeleted() throws Exception {
    ban("203.0.113.1", Duration.ofHours(4));
    ban("198.51.100.0/24", Duration.ofHours(1));
    Decision gone = ban("192.0.2.9", Duration.ofHours(1));
    list.delete(gone.id());

    DecisionStream.Batch b = stream.pull("fw", true, all);

    assertThat(values(b.added())).containsExactly("203.0.113.1", "198.51.100.0/24");
    assertThat(b.deleted()).isEmpty();
  }

  @Test
  void laterPullsReturnOnlyWhatChangedSinceThatBouncersLastPull() throws Exception {
    Decision a = ban("203.0.113.1", Duration.ofHours(4));
    stream.pull("fw", true, all);
    stream.pull("nginx", true, all);
    Decision b = ban("203.0.113.2", Duration.ofHours(4));
    list.delete(a.id());

    DecisionStream.Batch fw = stream.pull("fw", false, all);

    assertThat(values(fw.added())).containsExactly("203.0.113.2");
    assertThat(values(fw.deleted())).containsExactly("203.0.113.1");
    DecisionStream.Batch again = stream.pull("fw", false, all);
    assertThat(again.added()).isEmpty();
    assertThat(again.deleted()).isEmpty();
    // Another bouncer has its own cursor.
    DecisionStream.Batch nginx = stream.pull("nginx", false, all);
    assertThat(values(nginx.added())).containsExactly(b.value());
    assertThat(values(nginx.deleted())).containsExactly("203.0.113.1");
  }

  @Test
  void expiredDecisionsAreSentAsDeleted() throws Exception {
    ban("203.0.113.1", Duration.ofMinutes(5));
    stream.pull("fw", true, all);

    clock.advance(Duration.ofMinutes(5));
    DecisionStream.Batch b = stream.pull("fw", false, all);

    assertThat(values(b.deleted())).containsExactly("203.0.113.1");
    assertThat(list.active()).isEmpty();
  }

  @Test
  void aDecisionAddedAndRemovedBetweenPullsIsNotSentAtAll() throws Exception {
    stream.pull("fw", true, all);
    Decision d = ban("203.0.113.1", Duration.ofMinutes(5));
    list.delete(d.id());

    DecisionStream.Batch b = stream.pull("fw", false, all);

    assertThat(b.added()).isEmpty();
    assertThat(b.deleted()).isEmpty();
  }

  @Test
  void aBanStillWantedByAnotherDecisionIsNotLifted() throws Exception {
    Decision shortOne = ban("203.0.113.1", Duration.ofMinutes(5));
    ban("203.0.113.1", Duration.ofHours(4));
    DecisionStream.Batch first = stream.pull("fw", true, all);
    assertThat(first.added())
        .singleElement()
        .satisfies(d -> assertThat(d.until()).isEqualTo(clock.instant().plus(Duration.ofHours(4))));

    list.delete(shortOne.id());

    assertThat(stream.pull("fw", false, all).deleted()).isEmpty();
  }

  @Test
  void anUnknownBouncerGetsTheFullListEvenWithoutStartup() throws Exception {
    ban("203.0.113.1", Duration.ofHours(1));

    assertThat(values(stream.pull("new-one", false, all).added())).containsExactly("203.0.113.1");
  }

  @Test
  void aBouncerAwayLongerThanTheListRemembersGetsTheFullListAgain() throws Exception {
    DecisionList shortMemory = new DecisionList(clock, Duration.ofMinutes(10));
    DecisionStream s = new DecisionStream(shortMemory);
    Decision a = shortMemory.ban(IpNet.parse("203.0.113.1"), Duration.ofMinutes(1), "x", "t", "i");
    shortMemory.ban(IpNet.parse("203.0.113.2"), Duration.ofDays(1), "x", "t", "i");
    s.pull("fw", true, all);
    clock.advance(Duration.ofHours(1));

    DecisionStream.Batch b = s.pull("fw", false, all);

    assertThat(values(b.added())).containsExactly("203.0.113.2");
    assertThat(a.until()).isBefore(clock.instant());
  }

  @Test
  void filtersByScopeOriginAndScenario() throws Exception {
    ban("203.0.113.1", Duration.ofHours(1));
    ban("198.51.100.0/24", Duration.ofHours(1));
    list.add(
        new Decision(
            99,
            "cscli",
            "ban",
            "Ip",
            "192.0.2.7",
            clock.instant().plus(Duration.ofHours(1)),
            "manual 'ban' from 'admin'",
            "shop",
            "none",
            "u-99"));

    assertThat(
            values(
                stream
                    .pull("a", true, DecisionStream.Filter.parse("ip", null, null, null))
                    .added()))
        .containsExactly("203.0.113.1", "192.0.2.7");
    assertThat(
            values(
                stream
                    .pull("b", true, DecisionStream.Filter.parse("Range", null, null, null))
                    .added()))
        .containsExactly("198.51.100.0/24");
    assertThat(
            values(
                stream
                    .pull("c", true, DecisionStream.Filter.parse(null, "cscli", null, null))
                    .added()))
        .containsExactly("192.0.2.7");
    assertThat(
            values(
                stream
                    .pull("d", true, DecisionStream.Filter.parse(null, null, "WEBSHELL", null))
                    .added()))
        .containsExactly("203.0.113.1", "198.51.100.0/24");
    assertThat(
            values(
                stream
                    .pull("e", true, DecisionStream.Filter.parse(null, null, null, "manual,foo"))
                    .added()))
        .containsExactly("203.0.113.1", "198.51.100.0/24");
  }

  @Test
  void liveQueriesFindTheDecisionsHoldingAnAddress() throws Exception {
    ban("203.0.113.1", Duration.ofHours(1));
    ban("198.51.100.0/24", Duration.ofHours(1));

    assertThat(values(list.find(query("198.51.100.7", null, null))))
        .containsExactly("198.51.100.0/24");
    assertThat(values(list.find(query("203.0.113.1", null, null)))).containsExactly("203.0.113.1");
    assertThat(list.find(query("192.0.2.1", null, null))).isEmpty();
    // contains=false: decisions inside the range asked about.
    assertThat(values(list.find(query(null, "198.51.0.0/16", "false"))))
        .containsExactly("198.51.100.0/24");
  }

  @Test
  void manyThreadsCanAddAndPullAtOnce() throws Exception {
    List<Thread> threads = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int base = t;
      Thread th =
          new Thread(
              () -> {
                for (int i = 0; i < 200; i++) {
                  try {
                    ban("10." + base + "." + (i / 250) + "." + (i % 250), Duration.ofHours(1));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  stream.pull("fw-" + base, false, all);
                }
              });
      th.start();
      threads.add(th);
    }
    for (Thread t : threads) {
      t.join();
    }

    assertThat(list.active()).hasSize(800);
    assertThat(list.active().stream().map(Decision::id).distinct()).hasSize(800);
  }

  private static DecisionQuery query(String ip, String range, String contains) throws Exception {
    return DecisionQuery.parse(null, null, null, ip, range, contains, null, null, null);
  }
}
