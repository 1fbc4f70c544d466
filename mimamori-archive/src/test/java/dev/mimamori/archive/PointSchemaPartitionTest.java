package dev.mimamori.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Event;
import dev.mimamori.pipeline.StreamId;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.combined.CombinedLogParser;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day partition begun by a version that indexed numbers as points goes on taking events, and its
 * old and new events are found alike; a new day is written with doc values only.
 */
class PointSchemaPartitionTest {
  static final StreamId STREAM = new StreamId("a", "shop", "/var/log/access.log", "(dev=1,ino=2)");

  @TempDir Path dir;
  final CombinedLogParser parser = new CombinedLogParser();
  Path root;

  Event event(long offset, String day, int status) {
    String line =
        "192.0.2.1 - - ["
            + day
            + "/Nov/2026:10:00:"
            + String.format("%02d", offset % 60)
            + " +0000] \"GET /p/"
            + offset
            + " HTTP/1.1\" "
            + status
            + " "
            + (offset * 10)
            + " \"-\" \"agent\"";
    return ((ParseResult.Parsed)
            parser.parse(line, new LineContext("a", "shop", "/var/log/access.log", offset, offset)))
        .event();
  }

  List<Event> events(long from, long to, String day) {
    List<Event> out = new ArrayList<>();
    for (long o = from; o < to; o++) {
      out.add(event(o, day, o % 10 == 0 ? 500 : 200));
    }
    return out;
  }

  @BeforeEach
  void writeAsAnOlderVersion() throws Exception {
    root = dir.resolve("archive");
    try (EventArchive old = new EventArchive(root, ArchiveCodec.forWriting(), true)) {
      old.addAll(events(0, 100), STREAM);
      old.commit();
    }
  }

  @Test
  void takesMoreEventsIntoAPartitionWrittenWithPoints() throws Exception {
    try (EventArchive archive = new EventArchive(root)) {
      archive.addAll(events(100, 200), STREAM);
      archive.commit();

      assertThat(archive.count(null)).isEqualTo(200);
    }
  }

  @Test
  void findsStatusesOfOldAndNewEventsAlike() throws Exception {
    try (EventArchive archive = new EventArchive(root)) {
      archive.addAll(events(100, 200), STREAM);
      archive.addAll(events(200, 300, "22"), STREAM);
      archive.commit();

      assertThat(archive.search("http.response.status_code:500", null, null, null, 0).total())
          .isEqualTo(30);
      assertThat(archive.search("http.response.body.bytes:[0 TO 990]", null, null, null, 0).total())
          .isEqualTo(100);
    }
  }

  @Test
  void limitsOldAndNewEventsToATimeRange() throws Exception {
    try (EventArchive archive = new EventArchive(root)) {
      archive.addAll(events(100, 200), STREAM);
      archive.commit();

      // Seconds 0 to 9 of the minute: offsets 0-9, 60-69, 120-129, 180-189.
      assertThat(
              archive
                  .search(
                      null,
                      Instant.parse("2026-11-21T10:00:00Z"),
                      Instant.parse("2026-11-21T10:00:10Z"),
                      null,
                      0)
                  .total())
          .isEqualTo(40);
    }
  }

  @Test
  void discardsOldAndNewEventsPastAResumeOffset() throws Exception {
    try (EventArchive archive = new EventArchive(root)) {
      archive.addAll(events(100, 200), STREAM);
      archive.commit();

      archive.discardFrom(STREAM, 50);
      archive.commit();

      assertThat(archive.count(null)).isEqualTo(50);
    }
  }

  @Test
  void readsLinesStoredAsStringsBeforeAndAsBytesNow() throws Exception {
    try (EventArchive archive = new EventArchive(root)) {
      Event now = event(100, "21", 200);
      archive.addAll(List.of(now), STREAM);
      archive.commit();

      assertThat(archive.search(null, null, null, null, 200).events())
          .extracting(ArchivedEvent::original)
          .contains(now.original(), events(0, 1).get(0).original())
          .hasSize(101);
    }
  }

  @Test
  void keepsWritingADayWhoseOlderDocumentsWereAllDiscarded() throws Exception {
    // A restart re-reads the whole file: every single-event document of the old version goes,
    // blocks take their place; the day keeps the old schema across the next restart.
    try (EventArchive archive = new EventArchive(root)) {
      archive.discardFrom(STREAM, 0);
      archive.addAll(events(0, 100), STREAM);
      archive.commit();
    }
    try (EventArchive archive = new EventArchive(root)) {
      archive.addAll(events(100, 150), STREAM);
      archive.commit();
      assertThat(archive.count(null)).isEqualTo(150);
      assertThat(archive.search("http.response.status_code:500", null, null, null, 0).total())
          .isEqualTo(15);
    }
  }

  @Test
  void writesANewDayAsBlocksWithoutPoints() throws Exception {
    try (EventArchive archive = new EventArchive(root)) {
      archive.addAll(events(100, 200, "22"), STREAM);
      archive.commit();
    }
    try (var d = org.apache.lucene.store.FSDirectory.open(root.resolve("2026-11-22"));
        var r = org.apache.lucene.index.DirectoryReader.open(d)) {
      var infos = org.apache.lucene.index.FieldInfos.getMergedFieldInfos(r);
      assertThat(infos.fieldInfo(EventArchive.TIMESTAMP).getPointDimensionCount()).isZero();
      assertThat(infos.fieldInfo(EventArchive.OFFSET)).isNull();
      assertThat(infos.fieldInfo(EventMatcher.STATUSES).getDocValuesType())
          .isEqualTo(org.apache.lucene.index.DocValuesType.SORTED_NUMERIC);
      assertThat(r.numDocs()).isEqualTo(1);
    }
  }

  List<Event> events(long from, long to) {
    return events(from, to, "21");
  }
}
