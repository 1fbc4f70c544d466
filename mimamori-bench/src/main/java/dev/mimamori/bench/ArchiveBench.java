package dev.mimamori.bench;

import dev.mimamori.archive.EventArchive;
import dev.mimamori.model.Event;
import dev.mimamori.pipeline.StreamId;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.combined.CombinedLogParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The archive alone: 100,000 parsed events (the demo log's lines, again and again at growing
 * offsets) stored in batches of the pipeline's size into a new archive, then committed. What
 * `ingest` spends in its archive threads, apart from parsing and detection.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ArchiveBench {
  static final int EVENTS = 100_000;
  static final int BATCH = 256;
  static final StreamId STREAM = new StreamId("bench", "shop", "access.log", "(dev=1,ino=1)");

  List<Event> events;
  Path dir;

  @Setup(Level.Trial)
  public void parse() {
    List<String> lines = DetectBench.readDemoLog();
    CombinedLogParser parser = new CombinedLogParser();
    events = new ArrayList<>(EVENTS);
    long offset = 0;
    for (int i = 0; events.size() < EVENTS; i++) {
      String line = lines.get(i % lines.size());
      ParseResult r =
          parser.parse(line, new LineContext("bench", "shop", "access.log", offset, i + 1L));
      offset += line.length() + 1;
      if (r instanceof ParseResult.Parsed p) {
        events.add(p.event());
      }
    }
  }

  @Setup(Level.Invocation)
  public void emptyArchive() throws IOException {
    dir = Files.createTempDirectory("mimamori-archive-bench");
  }

  @TearDown(Level.Invocation)
  public void deleteArchive() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Events into a new archive, committed: events per second. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long store() throws IOException {
    try (EventArchive archive = new EventArchive(dir)) {
      for (int i = 0; i < EVENTS; i += BATCH) {
        archive.addAll(events.subList(i, Math.min(EVENTS, i + BATCH)), STREAM);
      }
      archive.commit();
      return archive.sizeOnDisk();
    }
  }
}
