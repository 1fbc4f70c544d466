package dev.mimamori.bench;

import dev.mimamori.detect.Detector;
import dev.mimamori.detect.RuleLoader;
import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.CardMasker;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.combined.CombinedLogParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-line cost of the hot path on one core, over the demo log of an EC-CUBE shop (976 lines,
 * benign traffic plus the attack): parsing with card masking, and parsing plus all built-in rules.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DetectBench {
  static final int LINES = 976;

  List<String> lines;
  List<Event> events;
  CombinedLogParser parser;
  Detector detector;

  @Setup(Level.Trial)
  public void load() {
    lines = readDemoLog();
    if (lines.size() != LINES) {
      throw new IllegalStateException("demo log has " + lines.size() + " lines, expected " + LINES);
    }
    parser = new CombinedLogParser();
    events = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      events.add(((ParseResult.Parsed) parser.parse(lines.get(i), ctx(i))).event());
    }
  }

  @Setup(Level.Iteration)
  public void freshDetector() {
    // Suppression and threshold state start empty each iteration, as on a fresh server.
    RuleLoader loader = new RuleLoader();
    List<dev.mimamori.detect.CompiledRule> own = loader.loadOwnBuiltin();
    detector =
        Detector.ofRuleSets(
            List.of(dev.mimamori.detect.RuleSet.of(own), loader.loadPack(own).ruleSet()),
            () -> "id");
  }

  static LineContext ctx(int i) {
    return new LineContext("bench", "shop", "access.log", i * 200L, i + 1);
  }

  static List<String> readDemoLog() {
    try (InputStream in = DetectBench.class.getResourceAsStream("/demo/eccube-access.log")) {
      if (in == null) {
        throw new IllegalStateException("demo log not on the classpath");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return r.lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Card masking alone, the step every line pays before anything is stored. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void maskCards(Blackhole bh) {
    for (String l : lines) {
      bh.consume(CardMasker.mask(l));
    }
  }

  /** Parsing and normalizing (includes card masking). */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void parse(Blackhole bh) {
    for (int i = 0; i < LINES; i++) {
      bh.consume(parser.parse(lines.get(i), ctx(i)));
    }
  }

  /** All built-in rules over already parsed events. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void detect(Blackhole bh) {
    for (Event e : events) {
      bh.consume(detector.process(e));
    }
  }

  /** Parse and detect: the per-line cost of the pipeline's detect worker. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void parseAndDetect(Blackhole bh) {
    for (int i = 0; i < LINES; i++) {
      ParseResult r = parser.parse(lines.get(i), ctx(i));
      if (r instanceof ParseResult.Parsed p) {
        bh.consume(detector.process(p.event()));
      }
    }
  }
}
