package dev.mimamori.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Event;
import dev.mimamori.pipeline.StreamId;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.combined.CombinedLogParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveCodecTest {
  static final StreamId STREAM = new StreamId("a", "shop", "/var/log/access.log", "(dev=1,ino=2)");

  @TempDir Path dir;
  final CombinedLogParser parser = new CombinedLogParser();

  List<Event> events(int from, int count) {
    List<Event> out = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      String line =
          "198.51.100."
              + (i % 200)
              + " - - [21/Nov/2026:10:"
              + String.format("%02d:%02d", (i / 60) % 60, i % 60)
              + " +0900] \"GET /products/detail/"
              + i
              + " HTTP/1.1\" 200 "
              + i
              + " \"-\" \"Mozilla/5.0 (line "
              + i
              + ")\"";
      ParseResult r =
          parser.parse(line, new LineContext("a", "shop", "/var/log/access.log", i * 200L, i));
      out.add(((ParseResult.Parsed) r).event());
    }
    return out;
  }

  Set<String> codecsOnDisk(Path archiveRoot) throws Exception {
    Set<String> names = new TreeSet<>();
    EventArchive probe = new EventArchive(archiveRoot);
    for (String p : probe.partitions()) {
      try (FSDirectory d = FSDirectory.open(archiveRoot.resolve(p));
          DirectoryReader r = DirectoryReader.open(d)) {
        for (LeafReaderContext leaf : r.leaves()) {
          names.add(((SegmentReader) leaf.reader()).getSegmentInfo().info.getCodec().getName());
        }
      }
    }
    probe.close();
    return names;
  }

  @Test
  void writesNewSegmentsWithZstandardStoredFields() throws Exception {
    Path root = dir.resolve("archive");
    try (EventArchive archive = new EventArchive(root)) {
      archive.addAll(events(0, 3000), STREAM);
      archive.commit();
    }
    assertThat(codecsOnDisk(root)).containsExactly(ArchiveCodec.NAME);
  }

  @Test
  void returnsEveryOriginalLineItStored() throws Exception {
    List<Event> stored = events(0, 3000);
    try (EventArchive archive = new EventArchive(dir.resolve("archive"))) {
      archive.addAll(stored, STREAM);
      archive.commit();
      SearchResult all = archive.search(null, null, null, null, 10_000);
      assertThat(all.events())
          .extracting(ArchivedEvent::original)
          .containsExactlyInAnyOrderElementsOf(stored.stream().map(Event::original).toList());
    }
  }

  @Test
  void readsAndExtendsAnArchiveWrittenWithLuceneLz4() throws Exception {
    Path root = dir.resolve("archive");
    try (EventArchive old =
        new EventArchive(root, new Lucene912Codec(Lucene912Codec.Mode.BEST_SPEED), false)) {
      old.addAll(events(0, 500), STREAM);
      old.commit();
    }
    try (EventArchive archive = new EventArchive(root)) {
      archive.addAll(events(500, 500), STREAM);
      archive.commit();
      assertThat(archive.count(null)).isEqualTo(1000);
      assertThat(archive.search("url.path:\"/products/detail/7\"", null, null, null, 10).events())
          .extracting(ArchivedEvent::original)
          .singleElement()
          .asString()
          .contains("GET /products/detail/7 ");
      assertThat(archive.search("url.path:\"/products/detail/707\"", null, null, null, 10).events())
          .extracting(ArchivedEvent::original)
          .singleElement()
          .asString()
          .contains("GET /products/detail/707 ");
    }
    assertThat(codecsOnDisk(root)).contains("Lucene912", ArchiveCodec.NAME);
  }
}
