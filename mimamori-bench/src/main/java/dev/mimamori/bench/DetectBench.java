package dev.mimamori.bench;

import dev.mimamori.detect.CompiledRule;
import dev.mimamori.detect.Detector;
import dev.mimamori.detect.EventView;
import dev.mimamori.detect.RuleLoader;
import dev.mimamori.detect.RuleSet;
import dev.mimamori.detect.rules.WebAttackRule;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-line cost of the hot path on one core, over the demo log of an EC-CUBE shop (976 lines,
 * benign traffic plus the attack): parsing with card masking, and parsing plus all built-in rules.
 * With {@code -p log=FILE} over the first 10,000 lines of that access log instead (e.g. the
 * elastic/examples log of the corpus: ordinary traffic), read {@value #LINES} lines per call in
 * turn.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DetectBench {
  static final int LINES = 976;

  /** An access log to read instead of the demo log; empty for the demo log. */
  @Param({""})
  public String log;

  List<String> lines;
  int cursor;
  List<Event> events;
  CombinedLogParser parser;
  Detector detector;

  @Setup(Level.Trial)
  public void load() {
    lines = log.isEmpty() ? readDemoLog() : readLog(log);
    if (log.isEmpty() && lines.size() != LINES) {
      throw new IllegalStateException("demo log has " + lines.size() + " lines, expected " + LINES);
    }
    parser = new CombinedLogParser();
    events = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!(parser.parse(lines.get(i), ctx(i)) instanceof ParseResult.Parsed p)) {
        throw new IllegalStateException("line " + (i + 1) + " is not a combined-format line");
      }
      events.add(p.event());
    }
  }

  /**
   * Which rules run, to see what each part costs: {@code all} (the built-in rules and the rule
   * pack, as the server runs them), {@code builtin}, {@code pack}, {@code web} (the web-attack
   * rules), {@code behaviour} (the other built-in rules), or built-in rule ids joined by {@code +}.
   */
  @Param({"all"})
  public String rules;

  @Setup(Level.Iteration)
  public void freshDetector() {
    // Suppression and threshold state start empty each iteration, as on a fresh server.
    RuleLoader loader = new RuleLoader();
    List<CompiledRule> own = loader.loadOwnBuiltin();
    List<CompiledRule> chosen =
        switch (rules) {
          case "all", "builtin", "pack" -> own;
          case "web" -> own.stream().filter(r -> r instanceof WebAttackRule).toList();
          case "behaviour" -> own.stream().filter(r -> !(r instanceof WebAttackRule)).toList();
          default ->
              own.stream()
                  .filter(r -> List.of(rules.split("\\+")).contains(r.meta().id()))
                  .toList();
        };
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("no built-in rule " + rules);
    }
    List<RuleSet> sets =
        switch (rules) {
          case "all" -> List.of(RuleSet.of(own), loader.loadPack(own).ruleSet());
          case "pack" -> List.of(loader.loadPack(own).ruleSet());
          default -> List.of(RuleSet.of(chosen));
        };
    detector = Detector.ofRuleSets(sets, () -> "id");
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

  static List<String> readLog(String file) {
    try (java.util.stream.Stream<String> all =
        java.nio.file.Files.lines(java.nio.file.Path.of(file))) {
      List<String> out = all.limit(10_000).toList();
      if (out.size() < LINES) {
        throw new IllegalStateException(file + " has fewer than " + LINES + " lines");
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The index of the next line to read, in turn over the whole log. */
  private int next() {
    int k = cursor;
    cursor = k + 1 == lines.size() ? 0 : k + 1;
    return k;
  }

  /** Card masking alone, the step every line pays before anything is stored. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void maskCards(Blackhole bh) {
    for (int i = 0; i < LINES; i++) {
      bh.consume(CardMasker.mask(lines.get(next())));
    }
  }

  /** Parsing and normalizing (includes card masking). */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void parse(Blackhole bh) {
    for (int i = 0; i < LINES; i++) {
      int k = next();
      bh.consume(parser.parse(lines.get(k), ctx(k)));
    }
  }

  /** All built-in rules over already parsed events. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void detect(Blackhole bh) {
    for (int i = 0; i < LINES; i++) {
      bh.consume(detector.process(events.get(next())));
    }
  }

  /** Parse and detect: the per-line cost of the pipeline's detect worker. */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void parseAndDetect(Blackhole bh) {
    for (int i = 0; i < LINES; i++) {
      int k = next();
      ParseResult r = parser.parse(lines.get(k), ctx(k));
      if (r instanceof ParseResult.Parsed p) {
        bh.consume(detector.process(p.event()));
      }
    }
  }

  /** Lines handed from the reading thread to the detecting one at a time, as `detect` does. */
  static final int BATCH = 512;

  /**
   * Parse and detect shaped as the {@code detect} command runs them, here on one thread: a batch of
   * lines parsed (the reading thread's part), then the batch through every rule ({@link
   * Detector#process(List)}, the detecting thread's: rule by rule over the batch). Unlike {@link
   * #parseAndDetect}, the parser's and the rules' tables do not take turns in the processor's
   * caches line by line.
   */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void pipeline(Blackhole bh) {
    for (int i = 0; i < LINES; ) {
      int n = Math.min(BATCH, LINES - i);
      List<EventView> batch = new ArrayList<>(n);
      for (int j = 0; j < n; j++) {
        int k = next();
        if (parser.parse(lines.get(k), ctx(k)) instanceof ParseResult.Parsed p) {
          batch.add(new EventView(p.event()));
        }
      }
      bh.consume(detector.process(batch));
      i += n;
    }
  }

  /** {@link #pipeline} with the rules run event by event over each batch (the earlier way). */
  @Benchmark
  @OperationsPerInvocation(LINES)
  public void pipelineByEvent(Blackhole bh) {
    Event[] batch = new Event[BATCH];
    for (int i = 0; i < LINES; ) {
      int n = Math.min(BATCH, LINES - i);
      int m = 0;
      for (int j = 0; j < n; j++) {
        int k = next();
        if (parser.parse(lines.get(k), ctx(k)) instanceof ParseResult.Parsed p) {
          batch[m++] = p.event();
        }
      }
      for (int j = 0; j < m; j++) {
        bh.consume(detector.process(batch[j]));
      }
      i += n;
    }
  }
}
