package dev.mimamori.cli;

import dev.mimamori.cli.eval.Corpus;
import dev.mimamori.cli.eval.Sample;
import dev.mimamori.detect.CompiledRule;
import dev.mimamori.detect.EventView;
import dev.mimamori.detect.RuleLoader;
import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.combined.CombinedLogParser;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Precision and recall of the built-in rules on the labelled public sets of {@code shared/corpus}:
 * the tables of docs/DETECTION.md, re-runnable by anyone who has the corpus.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Measure detection on labelled public data (shared/corpus): recall on attacks, false",
      "alerts on benign traffic, per data set. Prints Markdown tables."
    })
final class EvaluateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--corpus",
      paramLabel = "DIR",
      defaultValue = "../shared/corpus",
      description = "The corpus folder (default: ${DEFAULT-VALUE}).")
  Path corpus;

  /** Counts for one data set. */
  static final class Score {
    long lines;
    long unparsed;
    long attacks;
    long detected;
    long rightClass;
    long benign;
    long falseAlerts;
  }

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(corpus)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "no corpus folder at " + corpus + " (--corpus DIR)");
    }
    Corpus c = new Corpus(corpus);
    Map<String, Score> scores = new LinkedHashMap<>();
    score(c.httpParams(), scores);
    score(c.crs(), scores);
    score(c.scanners(), scores);
    score(c.fail2ban(), scores);
    score(c.benign(), scores);
    print(scores, spec.commandLine().getOut());
    return ExitCodes.OK;
  }

  /** Runs every rule over a set's lines in order, without suppression, and scores each line. */
  static void score(List<Sample> samples, Map<String, Score> scores) {
    List<CompiledRule> rules = new RuleLoader().loadBuiltin();
    CombinedLogParser parser = new CombinedLogParser();
    Map<Long, Set<String>> classes = new LinkedHashMap<>();
    List<Boolean> parsed = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      ParseResult r =
          parser.parse(samples.get(i).line(), new LineContext("eval", "shop", "eval", i, i));
      if (!(r instanceof ParseResult.Parsed p)) {
        parsed.add(false);
        continue;
      }
      parsed.add(true);
      EventView view = new EventView(p.event());
      for (CompiledRule rule : rules) {
        for (Event e : rule.evaluate(view)) {
          // A threshold rule's alert is made of earlier lines too: each of them is detected.
          classes
              .computeIfAbsent(e.lineNumber(), k -> new HashSet<>())
              .add(DetectCommand.attackClass(rule.meta().ruleClass()));
        }
      }
    }
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      Score sc = scores.computeIfAbsent(s.set(), k -> new Score());
      sc.lines++;
      if (!parsed.get(i)) {
        sc.unparsed++;
        continue;
      }
      Set<String> fired = classes.getOrDefault((long) i, Set.of());
      if (s.attack()) {
        sc.attacks++;
        if (!fired.isEmpty()) {
          sc.detected++;
          if (s.expected().isEmpty() || fired.contains(s.expected())) {
            sc.rightClass++;
          }
        }
      } else {
        sc.benign++;
        if (!fired.isEmpty()) {
          sc.falseAlerts++;
        }
      }
    }
  }

  static void print(Map<String, Score> scores, PrintWriter out) {
    out.println(
        "| data set | lines | not parsed | attacks | detected | recall | right class | benign |"
            + " false alerts | per 10,000 benign |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Map.Entry<String, Score> e : scores.entrySet()) {
      Score s = e.getValue();
      out.printf(
          Locale.ROOT,
          "| %s | %d | %d | %d | %d | %s | %s | %d | %d | %s |%n",
          e.getKey(),
          s.lines,
          s.unparsed,
          s.attacks,
          s.detected,
          s.attacks == 0
              ? ""
              : String.format(Locale.ROOT, "%.1f%%", 100.0 * s.detected / s.attacks),
          s.attacks == 0
              ? ""
              : String.format(Locale.ROOT, "%.1f%%", 100.0 * s.rightClass / s.attacks),
          s.benign,
          s.falseAlerts,
          s.benign == 0
              ? ""
              : String.format(Locale.ROOT, "%.1f", 10_000.0 * s.falseAlerts / s.benign));
    }
    out.flush();
  }
}
