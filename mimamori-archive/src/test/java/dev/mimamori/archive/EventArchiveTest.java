package dev.mimamori.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.model.Event;
import dev.mimamori.pipeline.StreamId;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.combined.CombinedLogParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventArchiveTest {
  static final Path DEMO_LOG = Path.of("../mimamori-cli/src/main/resources/demo/eccube-access.log");

  static final StreamId STREAM = new StreamId("a", "shop", "/var/log/access.log", "(dev=1,ino=2)");
  static final StreamId ROTATED = new StreamId("a", "shop", "/var/log/access.log", "(dev=1,ino=3)");

  @TempDir Path dir;
  EventArchive archive;
  final CombinedLogParser parser = new CombinedLogParser();

  @BeforeEach
  void open() {
    archive = new EventArchive(dir.resolve("archive"));
  }

  @AfterEach
  void close() throws Exception {
    archive.close();
  }

  Event event(String tenant, long offset, String line) {
    ParseResult r =
        parser.parse(
            line, new LineContext(tenant, "shop", "/var/log/access.log", offset, offset + 1));
    return ((ParseResult.Parsed) r).event();
  }

  static String line(String ip, String time, String request, int status, String agent) {
    return ip
        + " - - ["
        + time
        + " +0900] \""
        + request
        + " HTTP/1.1\" "
        + status
        + " 100 \"-\" \""
        + agent
        + "\"";
  }

  void addAll(Event... events) throws Exception {
    for (Event e : events) {
      archive.add(e, STREAM);
    }
    archive.commit();
  }

  @Test
  void countsTheEventsItStored() throws Exception {
    addAll(
        event("a", 0, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /", 200, "Mozilla")),
        event("a", 100, line("192.0.2.2", "21/Nov/2026:10:00:01", "GET /cart", 200, "Mozilla")));

    assertThat(archive.count(null)).isEqualTo(2);
  }

  @Test
  void storesAnEventReadAgainAfterAResumeOnlyOnce() throws Exception {
    Event e = event("a", 0, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /", 200, "Mozilla"));
    addAll(e);

    archive.discardFrom(STREAM, 0);
    addAll(e);

    assertThat(archive.count(null)).isEqualTo(1);
  }

  @Test
  void keepsEventsBeforeTheResumeOffset() throws Exception {
    addAll(
        event("a", 0, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /", 200, "x")),
        event("a", 100, line("192.0.2.1", "21/Nov/2026:10:00:01", "GET /a", 200, "x")),
        event("a", 200, line("192.0.2.1", "21/Nov/2026:10:00:02", "GET /b", 200, "x")));

    archive.discardFrom(STREAM, 100);
    archive.commit();

    assertThat(archive.search(null, null, null, null, 10).events())
        .extracting(ArchivedEvent::logOffset)
        .containsExactly(0L);
  }

  @Test
  void resumeLeavesTheRotatedFileOfTheSamePathAlone() throws Exception {
    addAll(event("a", 0, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /old", 200, "x")));
    archive.add(
        event("a", 0, line("192.0.2.1", "21/Nov/2026:10:00:05", "GET /new", 200, "x")), ROTATED);
    archive.commit();

    archive.discardFrom(ROTATED, 0);
    archive.commit();

    assertThat(archive.search("url.path:\"/old\"", null, null, null, 10).total()).isEqualTo(1);
    assertThat(archive.count(null)).isEqualTo(1);
  }

  @Test
  void findsWhatToDiscardInPartitionsWrittenBeforeARestart() throws Exception {
    addAll(
        event("a", 0, line("192.0.2.1", "20/Nov/2026:10:00:00", "GET /", 200, "x")),
        event("a", 100, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /", 200, "x")));
    archive.close();
    archive = new EventArchive(dir.resolve("archive"));

    archive.discardFrom(STREAM, 50);
    archive.commit();

    assertThat(archive.count(null)).isEqualTo(1);
  }

  @Test
  void findsEventsByAddress() throws Exception {
    addAll(
        event("a", 0, line("203.0.113.45", "21/Nov/2026:10:00:00", "GET /", 200, "Mozilla")),
        event("a", 100, line("192.0.2.2", "21/Nov/2026:10:00:01", "GET /cart", 200, "Mozilla")));

    SearchResult r = archive.search("source.ip:203.0.113.45", null, null, null, 10);

    assertThat(r.total()).isEqualTo(1);
    assertThat(r.events().get(0).original()).startsWith("203.0.113.45 ");
  }

  @Test
  void findsTextInsideAUrlIgnoringCase() throws Exception {
    addAll(
        event(
            "a",
            0,
            line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /p?id=1%20UNION%20SELECT", 200, "x")),
        event("a", 100, line("192.0.2.2", "21/Nov/2026:10:00:01", "GET /cart", 200, "x")));

    assertThat(archive.search("url.original:union", null, null, null, 10).total()).isEqualTo(1);
  }

  @Test
  void findsAQuotedPhraseWithPunctuationInsideAUserAgent() throws Exception {
    addAll(
        event(
            "a",
            0,
            line(
                "192.0.2.1",
                "21/Nov/2026:10:00:00",
                "GET /",
                200,
                "Mozilla/5.0 (compatible; Nmap Scripting Engine)")),
        event(
            "a",
            100,
            line("192.0.2.2", "21/Nov/2026:10:00:01", "GET /", 200, "Mozilla/5.0 (X11)")));

    SearchResult r =
        archive.search("user_agent.original:\"(compatible; nmap\"", null, null, null, 10);

    assertThat(r.total()).isEqualTo(1);
  }

  @Test
  void treatsRegularExpressionCharactersInASearchAsPlainText() throws Exception {
    addAll(
        event("a", 0, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /a.php", 200, "x")),
        event("a", 100, line("192.0.2.2", "21/Nov/2026:10:00:01", "GET /aXphp", 200, "x")));

    assertThat(archive.search("url.original:\"a.php\"", null, null, null, 10).total()).isEqualTo(1);
  }

  @Test
  void findsWordsAnywhereInTheLine() throws Exception {
    addAll(
        event("a", 0, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /", 200, "sqlmap/1.7")),
        event("a", 100, line("192.0.2.2", "21/Nov/2026:10:00:01", "GET /cart", 200, "Mozilla")));

    assertThat(archive.search("sqlmap", null, null, null, 10).total()).isEqualTo(1);
  }

  @Test
  void findsAnExactPath() throws Exception {
    addAll(
        event(
            "a",
            0,
            line(
                "192.0.2.1",
                "21/Nov/2026:10:00:00",
                "POST /html/user_data/packages.php",
                200,
                "x")),
        event(
            "a",
            100,
            line(
                "192.0.2.2",
                "21/Nov/2026:10:00:01",
                "GET /html/user_data/assets/js/customize.js",
                200,
                "x")));

    SearchResult r =
        archive.search("url.path:\"/html/user_data/packages.php\"", null, null, null, 10);

    assertThat(r.total()).isEqualTo(1);
  }

  @Test
  void findsAStatusRange() throws Exception {
    addAll(
        event("a", 0, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /", 200, "x")),
        event("a", 100, line("192.0.2.1", "21/Nov/2026:10:00:01", "GET /x", 503, "x")),
        event("a", 200, line("192.0.2.1", "21/Nov/2026:10:00:02", "GET /y", 500, "x")));

    assertThat(
            archive.search("http.response.status_code:[500 TO 599]", null, null, null, 10).total())
        .isEqualTo(2);
  }

  @Test
  void limitsToATimeRange() throws Exception {
    addAll(
        event("a", 0, line("192.0.2.1", "20/Nov/2026:10:00:00", "GET /", 200, "x")),
        event("a", 100, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /", 200, "x")));

    SearchResult r =
        archive.search(
            null,
            Instant.parse("2026-11-21T00:00:00Z"),
            Instant.parse("2026-11-22T00:00:00Z"),
            null,
            10);

    assertThat(r.total()).isEqualTo(1);
    assertThat(archive.partitions()).containsExactly("2026-11-20", "2026-11-21");
  }

  @Test
  void showsOnlyTheTenantsAsked() throws Exception {
    addAll(
        event("a", 0, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /", 200, "x")),
        event("b", 0, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /", 200, "x")));

    assertThat(archive.search(null, null, null, Set.of("b"), 10).events())
        .extracting(ArchivedEvent::tenant)
        .containsExactly("b");
    assertThat(archive.count(Set.of())).isZero();
  }

  @Test
  void returnsNewestFirstUpToTheLimit() throws Exception {
    addAll(
        event("a", 0, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /1", 200, "x")),
        event("a", 100, line("192.0.2.1", "21/Nov/2026:10:00:02", "GET /3", 200, "x")),
        event("a", 200, line("192.0.2.1", "21/Nov/2026:10:00:01", "GET /2", 200, "x")));

    SearchResult r = archive.search(null, null, null, null, 2);

    assertThat(r.total()).isEqualTo(3);
    assertThat(r.events()).extracting(ArchivedEvent::logOffset).containsExactly(100L, 200L);
  }

  @Test
  void refusesAQueryItCannotParse() {
    assertThatThrownBy(() -> archive.search("url.path:(unclosed", null, null, null, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid query");
  }

  @Test
  void seesNothingBeforeACommit() throws Exception {
    archive.add(
        event("a", 0, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /", 200, "x")), STREAM);

    assertThat(archive.count(null)).isZero();
  }

  @Test
  void deletesPartitionsOlderThanTheRetention() throws Exception {
    addAll(
        event("a", 0, line("192.0.2.1", "01/Sep/2026:10:00:00", "GET /", 200, "x")),
        event("a", 100, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /", 200, "x")));
    archive.close();
    archive = new EventArchive(dir.resolve("archive"));

    List<String> deleted =
        archive.enforceRetention(
            Instant.parse("2026-11-26T00:00:00Z"), Duration.ofDays(30), Long.MAX_VALUE);

    assertThat(deleted).containsExactly("2026-09-01");
    assertThat(archive.count(null)).isEqualTo(1);
  }

  @Test
  void deletesOldestPartitionsToStayUnderASize() throws Exception {
    addAll(
        event("a", 0, line("192.0.2.1", "20/Nov/2026:10:00:00", "GET /", 200, "x")),
        event("a", 100, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /", 200, "x")));
    archive.close();
    archive = new EventArchive(dir.resolve("archive"));
    long one = archive.sizeOnDisk() / 2;

    archive.enforceRetention(
        Instant.parse("2026-11-26T00:00:00Z"), Duration.ofDays(3650), one + one / 2);

    assertThat(archive.partitions()).containsExactly("2026-11-21");
  }

  @Test
  void takesLessThanHalfTheBytesOfTheLogItArchives() throws Exception {
    List<String> lines = Files.readAllLines(DEMO_LOG);
    long raw = 0;
    long offset = 0;
    for (int copy = 0; copy < 20; copy++) {
      for (String l : lines) {
        archive.add(event("a", offset, l), STREAM);
        offset += l.length() + 1;
        raw += l.length() + 1;
      }
    }
    archive.close();
    archive = new EventArchive(dir.resolve("archive"));

    assertThat(archive.count(null)).isEqualTo(20L * lines.size());
    assertThat(archive.sizeOnDisk()).isLessThan(raw / 2);
  }

  @Test
  void activityCountsAShopsRecentEventsAndKnowsItsLastOne() throws Exception {
    addAll(
        event("a", 0, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /", 200, "x")),
        event("a", 100, line("192.0.2.1", "21/Nov/2026:11:00:00", "GET /a", 200, "x")));

    var activity =
        archive.activity(
            null,
            java.time.Instant.parse("2026-11-21T01:30:00Z"),
            java.time.Instant.parse("2026-11-20T00:00:00Z"),
            10);

    assertThat(activity)
        .containsExactly(
            new AssetActivity("a", "shop", 1, java.time.Instant.parse("2026-11-21T02:00:00Z")));
  }

  @Test
  void activityLeavesOutTenantsNotAskedFor() throws Exception {
    addAll(
        event("a", 0, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /", 200, "x")),
        event("b", 100, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /", 200, "x")));

    var activity =
        archive.activity(
            java.util.Set.of("b"),
            java.time.Instant.parse("2026-11-20T00:00:00Z"),
            java.time.Instant.parse("2026-11-20T00:00:00Z"),
            10);

    assertThat(activity).extracting(AssetActivity::tenant).containsExactly("b");
  }

  @Test
  void findsAnExactStatus() throws Exception {
    addAll(
        event("a", 0, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /", 200, "x")),
        event("a", 100, line("192.0.2.1", "21/Nov/2026:10:00:01", "GET /x", 404, "x")));

    assertThat(archive.search("http.response.status_code:404", null, null, null, 10).events())
        .extracting(ArchivedEvent::logOffset)
        .containsExactly(100L);
  }

  @Test
  void findsAByteSizeRange() throws Exception {
    addAll(
        event("a", 0, "192.0.2.1 - - [21/Nov/2026:10:00:00 +0900] \"GET / HTTP/1.1\" 200 10"),
        event("a", 100, "192.0.2.1 - - [21/Nov/2026:10:00:01 +0900] \"GET /d HTTP/1.1\" 200 9000"));

    assertThat(
            archive.search("http.response.body.bytes:[5000 TO *]", null, null, null, 10).events())
        .extracting(ArchivedEvent::logOffset)
        .containsExactly(100L);
  }

  @Test
  void findsATimeRangeWrittenInTheQuery() throws Exception {
    addAll(
        event("a", 0, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /", 200, "x")),
        event("a", 100, line("192.0.2.1", "21/Nov/2026:10:00:05", "GET /", 200, "x")));
    long at = Instant.parse("2026-11-21T01:00:05Z").toEpochMilli();

    assertThat(archive.search("\\@timestamp:[" + at + " TO *]", null, null, null, 10).events())
        .extracting(ArchivedEvent::logOffset)
        .containsExactly(100L);
  }

  @Test
  void returnsALineOfManyScriptsAsItWasStored() throws Exception {
    Event e =
        event("a", 0, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /検索?q=café", 200, "🦊 x"));
    addAll(e);

    assertThat(archive.search(null, null, null, null, 1).events().get(0).original())
        .isEqualTo(e.original());
  }

  @Test
  void storesLargeBatchesSpreadOverMoreDaysThanItKeepsOpen() throws Exception {
    long offset = 0;
    for (int round = 0; round < 3; round++) {
      for (int day = 10; day < 20; day++) {
        List<Event> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
          String time = day + "/Nov/2026:10:00:" + String.format("%02d", i % 60);
          batch.add(event("a", offset, line("192.0.2.1", time, "GET /" + offset, 200, "x")));
          offset += 100;
        }
        archive.addAll(batch, STREAM);
      }
    }
    archive.commit();

    assertThat(archive.count(null)).isEqualTo(3000);
    assertThat(archive.partitions()).hasSize(10);
  }

  @Test
  void encodesValuesAsLuceneDoes() {
    for (String v : List.of("/products/list?name=a+b", "ショップ", "caf\u00e9", "x\ud800y", "")) {
      assertThat(EventArchive.utf8(v)).isEqualTo(new org.apache.lucene.util.BytesRef(v));
    }
  }

  @Test
  void keepsTheRestOfARunWhenLuceneRefusesOneEvent() throws Exception {
    Event ok1 = event("a", 0, line("192.0.2.1", "21/Nov/2026:10:00:00", "GET /1", 200, "x"));
    Event bad = event("a", 100, line("192.0.2.1", "21/Nov/2026:10:00:01", "GET /2", 200, "x"));
    Event ok2 = event("a", 200, line("192.0.2.1", "21/Nov/2026:10:00:02", "GET /3", 200, "x"));
    Path refused = dir.resolve("refused");
    try (var d = org.apache.lucene.store.FSDirectory.open(refused);
        var w =
            new org.apache.lucene.index.IndexWriter(
                d, new org.apache.lucene.index.IndexWriterConfig())) {
      List<org.apache.lucene.index.IndexableField> immense =
          List.of(
              new org.apache.lucene.document.StringField(
                  "x", "y".repeat(40_000), org.apache.lucene.document.Field.Store.NO));
      List<org.apache.lucene.index.IndexableField> plain =
          List.of(
              new org.apache.lucene.document.StringField(
                  "x", "z", org.apache.lucene.document.Field.Store.NO));
      EventArchive.addRun(
          List.of(ok1, bad, ok2), w, new java.util.ArrayList<>(List.of(plain, immense, plain)), 0);
      w.commit();
      try (var r = org.apache.lucene.index.DirectoryReader.open(w)) {
        assertThat(r.numDocs()).isEqualTo(2);
      }
    }
  }
}
