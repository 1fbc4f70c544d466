package dev.mimamori.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.detect.Detector;
import dev.mimamori.detect.EventView;
import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.model.Alert;
import dev.mimamori.model.EvidenceRef;
import dev.mimamori.model.Severity;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.Parsers;
import dev.mimamori.sensors.source.FileLineReader;
import dev.mimamori.sensors.source.Globs;
import dev.mimamori.sensors.source.LineSink;
import dev.mimamori.sensors.source.RecordJoiner;
import dev.mimamori.server.RuleFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The detection engine over log files, nothing else: no store, no incidents, no archive. Prints
 * each alert as it is found, with the input lines that made it.
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Run the detection engine the server runs over log files and print every alert, with the",
      "line numbers it was made of. Exit code 0 whether or not it found anything, unless",
      "--fail-on is given."
    })
final class DetectCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Log files (or patterns).")
  List<Path> files;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description =
          "Rule files (a file or a directory of *.yml, *.yaml: Sigma or mimamori's own format)"
              + " to run beside the built-in rules (a rule with a built-in's id replaces it).")
  @Nullable Path rules;

  @Option(
      names = "--no-builtin",
      description = "Run only the rules of --rules, not the built-in rules and rule pack.")
  boolean noBuiltin;

  @Option(names = "--json", description = "One JSON object per alert.")
  boolean json;

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      description = "Exit with 1 when an alert of this severity or higher was found.")
  @Nullable String failOn;

  @Mixin SourceOptions source;

  @Override
  public Integer call() throws Exception {
    ServeCommand.validate(spec, source.format);
    Severity threshold = parseSeverity();
    OneShotRead.checkFiles(files);
    if (rules != null && !Files.exists(rules)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "no such rules: " + rules);
    }
    if (noBuiltin && rules == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--no-builtin needs --rules");
    }
    RuleFiles loaded = noBuiltin ? RuleFiles.load(rules) : RuleFiles.withBuiltins(rules);
    for (var e : loaded.errors()) {
      spec.commandLine().getErr().println("rule not loaded: " + Sanitize.oneLine(e.toString()));
    }
    Detector detector = loaded.detector();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ObjectMapper mapper = new ObjectMapper();
    Counts counts = new Counts();
    for (Path pattern : files) {
      for (Path f : Globs.isPattern(pattern) ? Globs.matches(pattern, false) : List.of(pattern)) {
        run(f, detector, mapper, out, counts, threshold);
      }
    }
    err.printf(
        "%d lines, %d not parsed, %d alerts%n", counts.lines, counts.rejected, counts.alerts);
    out.flush();
    err.flush();
    return counts.failing ? ExitCodes.FINDINGS : ExitCodes.OK;
  }

  private static final class Counts {
    long lines;
    long rejected;
    long alerts;
    boolean failing;
  }

  private @Nullable Severity parseSeverity() {
    if (failOn == null) {
      return null;
    }
    try {
      return Severity.parse(failOn);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Events handed from the reading thread to the detecting one, in order, a batch at a time. */
  private static final int BATCH = 512;

  private static final List<EventView> END = new ArrayList<>();

  /**
   * Reads and parses (card masking included) on this thread, and runs the rules (the web-attack
   * analysis, Sigma matching, then conditions, counts, windows, correlations, suppression) and
   * prints on another, so that on two cores the two halves of the work overlap; order is kept (one
   * queue, one detecting thread), so alerts and their line numbers come out as with one thread.
   *
   * <p>The halves are about equal this way: with the web-attack analysis and Sigma matching on the
   * reading thread ({@link Detector#prepare}), it took 2.47 s of CPU over a million lines against
   * the detecting thread's 0.84, and the command took 4% longer (docs/BENCHMARKS.md, Session 18).
   */
  private void run(
      Path file,
      Detector detector,
      ObjectMapper mapper,
      PrintWriter out,
      Counts counts,
      @Nullable Severity threshold)
      throws IOException, InterruptedException {
    LogParser parser = Parsers.forFormat(source.format);
    String path = file.toString();
    java.util.concurrent.BlockingQueue<List<EventView>> queue =
        // Few batches in flight: what waits in the queue survives every young collection.
        new java.util.concurrent.ArrayBlockingQueue<>(4);
    java.util.concurrent.atomic.AtomicReference<Throwable> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread worker =
        new Thread(
            () -> {
              try {
                for (List<EventView> batch = queue.take(); batch != END; batch = queue.take()) {
                  // The whole batch at once: the rules go through it one by one (Detector).
                  for (Alert a : detector.process(batch)) {
                    counts.alerts++;
                    if (threshold != null && a.severity().compareTo(threshold) >= 0) {
                      counts.failing = true;
                    }
                    print(a, mapper, out);
                  }
                }
              } catch (Throwable t) {
                failure.set(t);
                queue.clear(); // let the reader finish instead of waiting on a full queue
              }
            },
            "mimamori-detect");
    worker.setDaemon(true);
    worker.start();
    var pending =
        new Object() {
          List<EventView> batch = new ArrayList<>(BATCH);
        };
    LineSink perRecord =
        raw -> {
          counts.lines += raw.lines();
          ParseResult r =
              parser.parse(
                  raw.text(),
                  new LineContext(
                      source.tenant, source.asset, path, raw.offset(), raw.lineNumber()));
          if (!(r instanceof ParseResult.Parsed p)) {
            counts.rejected++;
            return;
          }
          pending.batch.add(new EventView(p.event())); // prepared by the detecting thread
          if (pending.batch.size() == BATCH) {
            handOver(queue, pending.batch, failure);
            pending.batch = new ArrayList<>(BATCH);
          }
        };
    try {
      RecordJoiner joiner = parser.multiline() ? new RecordJoiner(parser, perRecord) : null;
      new FileLineReader(file).read(0, 1, true, joiner != null ? joiner : perRecord);
      if (joiner != null) {
        joiner.flush();
      }
      handOver(queue, pending.batch, failure);
    } finally {
      handOver(queue, END, failure);
      worker.join();
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    if (t != null) {
      throw new IOException(t);
    }
  }

  private static void handOver(
      java.util.concurrent.BlockingQueue<List<EventView>> queue,
      List<EventView> batch,
      java.util.concurrent.atomic.AtomicReference<Throwable> failure)
      throws InterruptedException {
    while (failure.get() == null) {
      if (queue.offer(batch, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        return;
      }
    }
  }

  private void print(Alert a, ObjectMapper mapper, PrintWriter out) throws InterruptedException {
    List<Long> lines = new ArrayList<>(a.evidence().size());
    for (EvidenceRef e : a.evidence()) {
      lines.add(e.lineNumber());
    }
    String file = a.evidence().isEmpty() ? null : a.evidence().get(0).logFilePath();
    if (!json) {
      out.printf(
          "%s:%s %-8s %-32s %s%s%n",
          Sanitize.oneLine(String.valueOf(file)),
          lines.size() == 1 ? lines.get(0) : lines.get(0) + "-" + lines.get(lines.size() - 1),
          a.severity().label(),
          a.ruleId(),
          Sanitize.oneLine(a.title()),
          a.sourceIp() == null ? "" : " from " + Sanitize.oneLine(a.sourceIp()));
      return;
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("rule.id", a.ruleId());
    o.put("rule.name", a.title());
    o.put("class", attackClass(a.ruleClass()));
    o.put("severity", a.severity().label());
    o.put("source.ip", a.sourceIp());
    o.put("message", a.title() + (a.sourceIp() == null ? "" : " from " + a.sourceIp()));
    o.put("@timestamp", a.timestamp().toString());
    o.put("file", file);
    if (lines.size() == 1) {
      o.put("line", lines.get(0));
    } else {
      o.put("lines", lines);
    }
    try {
      out.println(mapper.writeValueAsString(o));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code web.xss} → {@code xss}: the class without its domain. */
  static String attackClass(String ruleClass) {
    int dot = ruleClass.lastIndexOf('.');
    return dot < 0 ? ruleClass : ruleClass.substring(dot + 1);
  }
}
