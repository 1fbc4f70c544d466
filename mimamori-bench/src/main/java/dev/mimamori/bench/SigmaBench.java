package dev.mimamori.bench;

import dev.mimamori.detect.EventView;
import dev.mimamori.detect.sigma.SigmaFile;
import dev.mimamori.detect.sigma.SigmaLoad;
import dev.mimamori.detect.sigma.SigmaLoader;
import dev.mimamori.detect.sigma.SigmaRuleSet;
import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.combined.CombinedLogParser;
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
 * Per-event cost of a compiled Sigma rule set over the demo log (976 parsed events), with 10 and
 * 1,000 generated rules ({@link SyntheticSigmaRules}), with the literal prefilter and with every
 * rule evaluated on every event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SigmaBench {
  @Param({"10", "1000"})
  public int rules;

  @Param({"true", "false"})
  public boolean prefilter;

  List<Event> events;
  SigmaRuleSet ruleSet;

  @Setup(Level.Trial)
  public void load() {
    List<String> lines = DetectBench.readDemoLog();
    if (lines.size() != DetectBench.LINES) {
      throw new IllegalStateException("demo log has " + lines.size() + " lines");
    }
    CombinedLogParser parser = new CombinedLogParser();
    events = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      events.add(((ParseResult.Parsed) parser.parse(lines.get(i), DetectBench.ctx(i))).event());
    }
    SigmaLoader loader = new SigmaLoader();
    List<SigmaFile> files = new ArrayList<>();
    List<String> docs = SyntheticSigmaRules.generate(rules);
    for (int i = 0; i < docs.size(); i++) {
      files.add(loader.parse("synthetic-" + i + ".yml", docs.get(i)));
    }
    SigmaLoad load = loader.link(files);
    if (!load.errors().isEmpty() || load.ruleSet().rules().size() != rules) {
      throw new IllegalStateException("synthetic rules did not load: " + load.errors());
    }
    ruleSet = prefilter ? load.ruleSet() : load.ruleSet().withoutPrefilter();
  }

  /** Every event through the rule set; the score is the time per event. */
  @Benchmark
  @OperationsPerInvocation(DetectBench.LINES)
  public void evaluate(Blackhole bh) {
    for (Event e : events) {
      bh.consume(ruleSet.evaluate(new EventView(e)));
    }
  }
}
