package dev.mimamori.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.model.Event;
import dev.mimamori.pipeline.StreamId;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.combined.CombinedLogParser;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events stored in blocks are found exactly as events stored one per document were: the same
 * queries give the same counts and the same events in the same order.
 */
class BlockLayoutTest {
  static final StreamId STREAM_A =
      new StreamId("t1", "shop", "/var/log/access.log", "(dev=1,ino=2)");
  static final StreamId STREAM_B =
      new StreamId("t2", "shop2", "/var/log/access.log", "(dev=1,ino=9)");

  static final String[] IPS = {"10.0.0.1", "10.0.0.2", "10.0.0.3", "203.0.113.7", "2001:db8::1"};
  static final String[] METHODS = {"GET", "GET", "GET", "POST", "HEAD"};
  static final String[] PATHS = {
    "/", "/p/1", "/p/2", "/p/17", "/login", "/admin/login", "/html/user_data/x.php", "/search"
  };
  static final String[] QUERIES = {"", "?q=1", "?id=1%27%20UNION%20SELECT", "?s=%3Cscript%3E"};
  static final String[] AGENTS = {"Mozilla/5.0", "curl/8.5.0", "sqlmap/1.7.2#stable", "Googlebot"};
  static final int[] STATUS = {200, 200, 200, 301, 403, 404, 500};

  @TempDir Path dir;
  final CombinedLogParser parser = new CombinedLogParser();

  /** Random access-log events, each a second after the one before, over two days. */
  List<Event> events(Random rnd, String tenant, String shop, int n, long firstSecond) {
    List<Event> out = new ArrayList<>();
    long offset = 0;
    for (int i = 0; i < n; i++) {
      Instant t = Instant.ofEpochSecond(firstSecond + i * 97L);
      String time =
          java.time.format.DateTimeFormatter.ofPattern(
                  "dd/MMM/yyyy:HH:mm:ss Z", java.util.Locale.ROOT)
              .format(t.atOffset(java.time.ZoneOffset.UTC));
      String bytes = rnd.nextInt(10) == 0 ? "-" : Integer.toString(rnd.nextInt(2000));
      String line =
          pick(rnd, IPS)
              + " - - ["
              + time
              + "] \""
              + pick(rnd, METHODS)
              + " "
              + pick(rnd, PATHS)
              + pick(rnd, QUERIES)
              + " HTTP/1.1\" "
              + STATUS[rnd.nextInt(STATUS.length)]
              + " "
              + bytes
              + " \"-\" \""
              + pick(rnd, AGENTS)
              + "\"";
      ParseResult r =
          parser.parse(line, new LineContext(tenant, shop, "/var/log/access.log", offset, i + 1));
      out.add(((ParseResult.Parsed) r).event());
      offset += line.length() + 1;
    }
    return out;
  }

  static String pick(Random rnd, String[] values) {
    return values[rnd.nextInt(values.length)];
  }

  EventArchive archive(String name, EventArchive.Layout layout) {
    return new EventArchive(dir.resolve(name), ArchiveCodec.forWriting(), layout);
  }

  static void store(EventArchive a, List<Event> events, StreamId stream) throws Exception {
    // Batches of the pipeline's size, and a few small ones.
    for (int i = 0; i < events.size(); ) {
      int n = i < 300 ? 256 : 7;
      a.addAll(events.subList(i, Math.min(events.size(), i + n)), stream);
      i += n;
    }
    a.commit();
  }

  /** The events of two tenants' streams into each archive. */
  static void storeBoth(List<Event> a, List<Event> b, EventArchive... archives) throws Exception {
    for (EventArchive x : archives) {
      store(x, a, STREAM_A);
      store(x, b, STREAM_B);
    }
  }

  static final String[] SEARCHES = {
    null,
    "source.ip:10.0.0.3",
    "source.ip:\"2001:db8::1\"",
    "http.request.method:POST",
    "NOT http.request.method:GET",
    "*:* -http.request.method:GET",
    "url.path:\\/p\\/1*",
    "url.path:\\/p\\/?",
    "sqlmap",
    "UNION",
    "user_agent.original:curl",
    "http.response.status_code:[400 TO 499]",
    "http.response.status_code:404",
    "http.response.body.bytes:[0 TO 500]",
    "http.response.body.bytes:[1990 TO *]",
    "source.ip:10.0.0.1 OR source.ip:10.0.0.2",
    "(source.ip:10.0.0.1 OR url.path:\\/login) AND -http.response.status_code:200",
    "url.path:\\/lgin~1",
    "url.path:/\\/p\\/[0-9]+/",
    "url.path:[\\/a TO \\/m]",
    "event.outcome:unparsed",
    "host.name:shop2",
    "organization.id:t1",
    "foo:bar",
    "http.request.method:GET AND NOT (source.ip:10.0.0.1 OR http.response.status_code:200)",
    "source.ip:10.0.0.1^2 OR url.path:\\/",
    "source.ip:10.0.0.*",
    "user_agent.original:/.*[Bb]ot.*/",
    "http.response.status_code:{301 TO 404}",
    "http.response.status_code:[* TO 301]",
    "url.path:(\\/login OR \\/search)",
    "+source.ip:10.0.0.1 -http.request.method:GET",
    "url.path:\"/admin/login\"~2",
    "*:*",
    "host.name:shop*",
    "\\@timestamp:[1795000000000 TO 1795050000000]",
    "log.offset:[0 TO 5000]",
    "sqlmap OR curl",
    "url.original:*UNION*",
    "user.name:*",
  };

  @Test
  void findsWhatSingleEventDocumentsFound() throws Exception {
    Random rnd = new Random(42);
    List<Event> a = events(rnd, "t1", "shop", 1200, 1_795_000_000L);
    List<Event> b = events(rnd, "t2", "shop2", 400, 1_795_000_031L);
    try (EventArchive singles = archive("singles", EventArchive.Layout.EVENT_DOCUMENTS);
        EventArchive blocks = archive("blocks", EventArchive.Layout.BLOCKS)) {
      storeBoth(a, b, singles, blocks);
      Instant from = Instant.ofEpochSecond(1_795_000_000L + 300 * 97L);
      Instant to = Instant.ofEpochSecond(1_795_000_000L + 900 * 97L);
      int compared = 0;
      for (String q : SEARCHES) {
        for (Set<String> tenants :
            java.util.Arrays.asList(null, Set.of("t2"), Set.of("t1", "t9"))) {
          for (Instant[] range : List.of(new Instant[] {null, null}, new Instant[] {from, to})) {
            for (int limit : new int[] {7, 10_000}) {
              SearchResult expected = singles.search(q, range[0], range[1], tenants, limit);
              SearchResult actual = blocks.search(q, range[0], range[1], tenants, limit);
              String what = q + " " + tenants + " " + range[0] + " " + limit;
              assertThat(actual.total()).as(what).isEqualTo(expected.total());
              assertThat(actual.events()).as(what).isEqualTo(expected.events());
              compared++;
            }
          }
        }
      }
      assertThat(compared).isEqualTo(SEARCHES.length * 3 * 2 * 2);
      assertThat(blocks.count(null)).isEqualTo(1600);
      assertThat(blocks.search("http.request.method:GET", null, null, null, 0).total())
          .isBetween(500L, 1100L);
    }
  }

  @Test
  void showsATenantOnlyItsOwnEventsOfABlockSharedWithAnother() throws Exception {
    List<Event> mixed = new ArrayList<>(events(new Random(2), "t1", "shop", 50, 1_795_000_000L));
    mixed.addAll(events(new Random(3), "t2", "shop", 30, 1_795_005_000L));
    try (EventArchive blocks = archive("blocks", EventArchive.Layout.BLOCKS)) {
      blocks.addAll(mixed, STREAM_A); // one block, two tenants
      blocks.commit();
      assertThat(blocks.partitions()).hasSize(1);
      SearchResult t1 = blocks.search(null, null, null, Set.of("t1"), 100);
      assertThat(t1.total()).isEqualTo(50);
      assertThat(t1.events()).extracting(ArchivedEvent::tenant).containsOnly("t1");
      assertThat(blocks.count(Set.of("t2"))).isEqualTo(30);
      assertThat(blocks.count(null)).isEqualTo(80);
    }
  }

  /** Events whose paths are /p/0 to /p/999, one per path, a second apart. */
  List<Event> manyPaths() {
    List<Event> out = new ArrayList<>();
    long offset = 0;
    for (int i = 0; i < 1000; i++) {
      String time =
          java.time.format.DateTimeFormatter.ofPattern(
                  "dd/MMM/yyyy:HH:mm:ss Z", java.util.Locale.ROOT)
              .format(Instant.ofEpochSecond(1_795_000_000L + i).atOffset(java.time.ZoneOffset.UTC));
      String line = "192.0.2.1 - - [" + time + "] \"GET /p/" + i + " HTTP/1.1\" 200 1 \"-\" \"x\"";
      ParseResult r =
          parser.parse(line, new LineContext("t1", "shop", "/var/log/access.log", offset, i + 1));
      out.add(((ParseResult.Parsed) r).event());
      offset += line.length() + 1;
    }
    return out;
  }

  @Test
  void findsOnlyTheFiftyClosestTermsOfAFuzzySearchAsLuceneDoes() throws Exception {
    List<Event> a = manyPaths();
    try (EventArchive singles = archive("singles", EventArchive.Layout.EVENT_DOCUMENTS);
        EventArchive blocks = archive("blocks", EventArchive.Layout.BLOCKS)) {
      store(singles, a, STREAM_A);
      store(blocks, a, STREAM_A);
      for (String q :
          List.of("url.path:\\/p\\/1~2", "url.path:\\/p\\/55~1", "url.path:/\\/p\\/1.*/")) {
        SearchResult expected = singles.search(q, null, null, null, 10_000);
        assertThat(blocks.search(q, null, null, null, 10_000)).as(q).isEqualTo(expected);
      }
      // Within two edits of /p/1 lie hundreds of paths; Lucene searches the fifty closest.
      assertThat(blocks.search("url.path:\\/p\\/1~2", null, null, null, 0).total()).isEqualTo(50);
    }
  }

  @Test
  void storesABatchWhoseEventsFallOnMoreDaysThanItKeepsOpen() throws Exception {
    List<Event> a = new ArrayList<>();
    Random rnd = new Random(8);
    List<Event> spread = events(rnd, "t1", "shop", 200, 1_795_000_000L);
    // Ten days taking turns within one batch, as a sparse log or a replay has them.
    for (int i = 0; i < spread.size(); i++) {
      Event e = spread.get(i);
      a.add(
          Event.builder()
              .timestamp(Instant.ofEpochSecond(1_795_000_000L + (i % 10) * 86_400L + i))
              .tenant(e.tenant())
              .asset(e.asset())
              .dataset(e.dataset())
              .original(e.original())
              .sourceIp(e.sourceIp())
              .logFilePath(e.logFilePath())
              .logOffset(e.logOffset())
              .lineNumber(e.lineNumber())
              .build());
    }
    for (EventArchive.Layout layout : EventArchive.Layout.values()) {
      try (EventArchive archive = archive("days-" + layout, layout)) {
        archive.addAll(a, STREAM_A);
        archive.commit();
        assertThat(archive.count(null)).as(layout.name()).isEqualTo(200);
        assertThat(archive.partitions()).as(layout.name()).hasSize(10);
      }
    }
  }

  @Test
  void cutsABlockOfLongLinesByItsSize() throws Exception {
    List<Event> a = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      a.add(
          Event.builder()
              .timestamp(Instant.ofEpochSecond(1_795_000_000L + i))
              .tenant("t1")
              .asset("shop")
              .dataset("http.access")
              .original(i + " " + "x".repeat(100_000))
              .logFilePath("/var/log/access.log")
              .logOffset(i * 100_010L)
              .lineNumber(i + 1)
              .build());
    }
    try (EventArchive blocks = archive("blocks", EventArchive.Layout.BLOCKS)) {
      blocks.addAll(a, STREAM_A);
      blocks.commit();
      assertThat(blocks.count(null)).isEqualTo(40);
      assertThat(blocks.search(null, null, null, null, 1).events().get(0).original())
          .startsWith("39 ");
      String day = blocks.partitions().get(0);
      try (var d = org.apache.lucene.store.FSDirectory.open(dir.resolve("blocks").resolve(day));
          var r = org.apache.lucene.index.DirectoryReader.open(d)) {
        // About a mebibyte each: eleven lines of 100 kB, not all forty in one block.
        assertThat(r.numDocs()).isEqualTo(4);
      }
    }
  }

  @Test
  void countsEveryEventOfAllBlocks() throws Exception {
    List<Event> a = events(new Random(1), "t1", "shop", 1000, 1_795_000_000L);
    try (EventArchive blocks = archive("blocks", EventArchive.Layout.BLOCKS)) {
      store(blocks, a, STREAM_A);
      assertThat(blocks.count(null)).isEqualTo(1000);
    }
  }

  @Test
  void reportsActivityAsSingleEventDocumentsDid() throws Exception {
    Random rnd = new Random(7);
    List<Event> a = events(rnd, "t1", "shop", 700, 1_795_000_000L);
    List<Event> b = events(rnd, "t2", "shop2", 300, 1_795_000_031L);
    try (EventArchive singles = archive("singles", EventArchive.Layout.EVENT_DOCUMENTS);
        EventArchive blocks = archive("blocks", EventArchive.Layout.BLOCKS)) {
      storeBoth(a, b, singles, blocks);
      Instant lookback = Instant.ofEpochSecond(1_795_000_000L + 100 * 97L);
      Instant since = Instant.ofEpochSecond(1_795_000_000L + 600 * 97L);
      for (Set<String> tenants : java.util.Arrays.asList(null, Set.of("t2"))) {
        assertThat(blocks.activity(tenants, since, lookback, 10))
            .isEqualTo(singles.activity(tenants, since, lookback, 10))
            .isNotEmpty();
      }
    }
  }

  @Test
  void discardsFromTheMiddleOfABlockAndKeepsItsEarlierEvents() throws Exception {
    List<Event> a = events(new Random(3), "t1", "shop", 300, 1_795_000_000L);
    try (EventArchive blocks = archive("blocks", EventArchive.Layout.BLOCKS)) {
      blocks.addAll(a, STREAM_A); // blocks of events 0-127, 128-255, 256-299
      blocks.commit();
      long resume = a.get(150).logOffset();
      blocks.discardFrom(STREAM_A, resume);
      blocks.commit();
      assertThat(blocks.count(null)).isEqualTo(150);
      blocks.addAll(a.subList(150, 300), STREAM_A);
      blocks.commit();
      SearchResult all = blocks.search(null, null, null, null, 10_000);
      assertThat(all.total()).isEqualTo(300);
      assertThat(all.events().stream().map(ArchivedEvent::logOffset).distinct().count())
          .isEqualTo(300);
    }
  }

  @Test
  void discardsEventsNotYetCommitted() throws Exception {
    List<Event> a = events(new Random(4), "t1", "shop", 200, 1_795_000_000L);
    try (EventArchive blocks = archive("blocks", EventArchive.Layout.BLOCKS)) {
      blocks.addAll(a, STREAM_A);
      blocks.discardFrom(STREAM_A, a.get(20).logOffset());
      blocks.commit();
      assertThat(blocks.count(null)).isEqualTo(20);
    }
  }

  @Test
  void addsBlocksToADayBegunWithSingleEventDocuments() throws Exception {
    List<Event> a = events(new Random(5), "t1", "shop", 400, 1_795_000_000L);
    Path root = dir.resolve("mixed");
    try (EventArchive old =
        new EventArchive(root, ArchiveCodec.forWriting(), EventArchive.Layout.EVENT_DOCUMENTS)) {
      old.addAll(a.subList(0, 200), STREAM_A);
      old.commit();
    }
    try (EventArchive now = new EventArchive(root)) {
      // A restart re-reads from event 100: the older documents past it go, blocks replace them.
      now.discardFrom(STREAM_A, a.get(100).logOffset());
      now.addAll(a.subList(100, 400), STREAM_A);
      now.commit();
      SearchResult all = now.search(null, null, null, null, 10_000);
      assertThat(all.total()).isEqualTo(400);
      assertThat(all.events().get(0).original()).isEqualTo(a.get(399).original());
      assertThat(all.events().get(399).original()).isEqualTo(a.get(0).original());
      assertThat(now.search("http.request.method:POST", null, null, null, 0).total())
          .isEqualTo(a.stream().filter(e -> "POST".equals(e.method())).count());
    }
  }

  @Test
  void takesAnEventsColumnsAsItsFieldsByName() {
    Event e =
        Event.builder()
            .timestamp(Instant.ofEpochSecond(1_795_000_000L))
            .tenant("t1")
            .asset("shop")
            .dataset("nginx.access")
            .original("a line")
            .sourceIp("192.0.2.1")
            .method("POST")
            .urlOriginal("/mypage/login?x=1")
            .urlPath("/mypage/login")
            .userAgent("curl/8")
            .userName("alice")
            .logFilePath("/var/log/nginx/access.log")
            .extra("log.level", "ERROR")
            .extra("event.outcome", "unparsed")
            .build();
    String[] cells = new String[EventBlock.COLUMNS.size()];
    EventArchive.cells(e, cells);
    for (int c = 0; c < EventBlock.INDEXED_COLUMNS; c++) {
      assertThat(cells[c])
          .as(EventBlock.COLUMNS.get(c))
          .isEqualTo(e.field(EventBlock.COLUMNS.get(c)));
    }
    assertThat(cells[EventBlock.DATASET_COLUMN]).isEqualTo(e.dataset());
    assertThat(cells[EventBlock.PATH_COLUMN]).isEqualTo(e.logFilePath());
  }

  @Test
  void readsBackWhatABlockHolds() {
    EventBlock.Writer w = new EventBlock.Writer();
    String[] cells = new String[EventBlock.COLUMNS.size()];
    cells[EventBlock.TENANT_COLUMN] = "t1";
    cells[EventBlock.DATASET_COLUMN] = "nginx.access";
    w.add(1000, 0, 200, 5L, cells, new BytesRef("first 日本"));
    cells[EventBlock.TENANT_COLUMN] = "t2";
    w.add(900, 40, null, null, cells, new BytesRef("second"));
    EventBlock b = EventBlock.decode(w.encode("0123456789abcdef0123456789abcdef"));
    assertThat(b.size).isEqualTo(2);
    assertThat(b.event(0).original()).isEqualTo("first 日本");
    assertThat(b.event(1).timestamp()).isEqualTo(Instant.ofEpochMilli(900));
    assertThat(b.event(1).tenant()).isEqualTo("t2");
    assertThat(b.event(1).id()).isEqualTo("0123456789abcdef:40");
    assertThat(b.hasStatus(1)).isFalse();
    assertThat(b.bytes[0]).isEqualTo(5L);
  }

  @Test
  void refusesRandomAndTruncatedBytesWithAClearError() {
    EventBlock.Writer w = new EventBlock.Writer();
    String[] cells = new String[EventBlock.COLUMNS.size()];
    cells[EventBlock.TENANT_COLUMN] = "t1";
    for (int i = 0; i < 20; i++) {
      w.add(1000 + i, i * 100L, 200, 5L, cells, new BytesRef("line " + i));
    }
    BytesRef good = w.encode("0123456789abcdef0123456789abcdef");
    Random rnd = new Random(11);
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] b;
      if (i % 2 == 0) {
        b = java.util.Arrays.copyOf(good.bytes, rnd.nextInt(good.length));
      } else {
        b = java.util.Arrays.copyOf(good.bytes, good.length);
        for (int k = 0; k < 3; k++) {
          b[1 + rnd.nextInt(b.length - 1)] = (byte) rnd.nextInt(256);
        }
      }
      try {
        EventBlock block = EventBlock.decode(new BytesRef(b));
        for (int r = 0; r < block.size; r++) {
          block.event(r); // what decodes must also read back
        }
      } catch (IllegalArgumentException expected) {
        refused++;
      }
    }
    assertThat(refused).isGreaterThan(10_000);
  }

  @Test
  void reportsADamagedStoredBlockAsCorruptIndexNotAsABadQuery() {
    assertThatThrownBy(() -> EventArchive.decodeStored(new BytesRef(new byte[] {1, 5, 3, 'a'})))
        .isInstanceOf(org.apache.lucene.index.CorruptIndexException.class);
  }

  @Test
  void refusesBytesThatAreNotABlock() {
    assertThatThrownBy(() -> EventBlock.decode(new BytesRef(new byte[] {1, 5, 3, 'a'})))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
