package dev.mimamori.cli;

import dev.mimamori.cli.eval.Corpus;
import dev.mimamori.cli.eval.CrowdSecPeer;
import dev.mimamori.cli.eval.Fail2banPeer;
import dev.mimamori.cli.eval.GrepPeer;
import dev.mimamori.cli.eval.LabelledLog;
import dev.mimamori.cli.eval.Peer;
import dev.mimamori.cli.eval.PeerRun;
import dev.mimamori.cli.eval.Sample;
import dev.mimamori.cli.eval.Score;
import dev.mimamori.detect.CompiledRule;
import dev.mimamori.detect.EventView;
import dev.mimamori.detect.RuleLoader;
import dev.mimamori.model.Event;
import dev.mimamori.sensors.parse.LineContext;
import dev.mimamori.sensors.parse.LogParser;
import dev.mimamori.sensors.parse.ParseResult;
import dev.mimamori.sensors.parse.Parsers;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Precision and recall of the built-in rules on the labelled public sets of {@code shared/corpus}:
 * the tables of docs/DETECTION.md, re-runnable by anyone who has the corpus; with {@code --peers},
 * the same measures for fail2ban, CrowdSec and a grep of the same rules over the same lines.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Measure detection on labelled public data (shared/corpus): recall on attacks, false",
      "alerts on benign traffic, per data set. Prints Markdown tables. With --peers, also",
      "fail2ban-regex, CrowdSec (replay) and grep of the same rules over the same lines, where",
      "installed (slow: CrowdSec takes minutes)."
    })
final class EvaluateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--corpus",
      paramLabel = "DIR",
      defaultValue = "../shared/corpus",
      description = "The corpus folder (default: ${DEFAULT-VALUE}).")
  Path corpus;

  @Option(
      names = "--only",
      paramLabel = "SET",
      split = ",",
      description = {
        "Only the data sets or sources whose name starts with SET, e.g.",
        "HttpParamsDataset/xss,fail2ban,crowdsec-hub/nginx-http-sqli-probing."
      })
  List<String> only = List.of();

  @Option(names = "--peers", description = "Also measure the peer tools (see the options below).")
  boolean peers;

  @Option(
      names = "--fail2ban-regex",
      paramLabel = "FILE",
      defaultValue = "/usr/bin/fail2ban-regex",
      description = "fail2ban-regex binary (default: ${DEFAULT-VALUE}).")
  Path fail2banRegex;

  @Option(
      names = "--fail2ban-filters",
      paramLabel = "DIR",
      defaultValue = "/etc/fail2ban/filter.d",
      description = "fail2ban filter folder (default: ${DEFAULT-VALUE}).")
  Path fail2banFilters;

  @Option(
      names = "--crowdsec",
      paramLabel = "FILE",
      defaultValue = "/usr/bin/crowdsec",
      description = "crowdsec binary (default: ${DEFAULT-VALUE}).")
  Path crowdsec;

  @Option(
      names = "--cscli",
      paramLabel = "FILE",
      defaultValue = "/usr/bin/cscli",
      description = "cscli binary (default: ${DEFAULT-VALUE}).")
  Path cscli;

  @Option(
      names = "--crowdsec-hub",
      paramLabel = "DIR",
      defaultValue = "/usr/share/crowdsec/hub",
      description = "Installed CrowdSec hub (default: ${DEFAULT-VALUE}).")
  Path crowdsecHub;

  @Option(
      names = "--crowdsec-data",
      paramLabel = "DIR",
      defaultValue = "/usr/share/crowdsec/data",
      description = "Installed CrowdSec data files (default: ${DEFAULT-VALUE}).")
  Path crowdsecData;

  @Option(
      names = "--crowdsec-patterns",
      paramLabel = "DIR",
      defaultValue = "/etc/crowdsec/patterns",
      description = "Installed CrowdSec grok patterns (default: ${DEFAULT-VALUE}).")
  Path crowdsecPatterns;

  @Option(
      names = "--grep",
      paramLabel = "FILE",
      defaultValue = "/usr/bin/grep",
      description = "GNU grep binary (default: ${DEFAULT-VALUE}).")
  Path grep;

  @Option(
      names = "--crowdsec-setup",
      paramLabel = "DIR",
      hidden = true,
      description = "Write the private CrowdSec configuration into DIR, print its path, exit.")
  Path crowdsecSetup;

  @Option(
      names = "--print-grep-pattern",
      hidden = true,
      description = "Print the grep peer's pattern and exit (scripts/bench-detect.sh).")
  boolean printGrepPattern;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (printGrepPattern) {
      out.println(GrepPeer.sameRules(grep).pattern());
      out.flush();
      return ExitCodes.OK;
    }
    if (crowdsecSetup != null) {
      CrowdSecPeer cs = crowdSecPeer();
      if (cs.unavailable().isPresent()) {
        throw new IllegalStateException("CrowdSec: " + cs.unavailable().get());
      }
      out.println(cs.prepare(Files.createDirectories(crowdsecSetup)));
      out.flush();
      return ExitCodes.OK;
    }
    if (!Files.isDirectory(corpus)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "no corpus folder at " + corpus + " (--corpus DIR)");
    }
    List<LabelledLog> logs = new ArrayList<>();
    for (LabelledLog l : new Corpus(corpus).all()) {
      List<Sample> kept =
          l.samples().stream()
              .filter(
                  s ->
                      only.isEmpty()
                          || only.stream()
                              .anyMatch(p -> l.name().startsWith(p) || s.set().startsWith(p)))
              .toList();
      if (!kept.isEmpty()) {
        logs.add(new LabelledLog(l.name(), l.logType(), kept));
      }
    }
    Map<String, Score> scores = new LinkedHashMap<>();
    for (LabelledLog l : logs) {
      score(l.samples(), scores);
    }
    print(scores, out);
    if (peers) {
      List<Peer> tools =
          List.of(
              new Fail2banPeer(fail2banRegex, fail2banFilters, Fail2banPeer.webFilters()),
              crowdSecPeer(),
              GrepPeer.sameRules(grep));
      PeerRun run = new PeerRun(tools, spec.commandLine().getErr());
      run.measure(logs);
      out.println();
      run.print(scores, out);
    }
    return ExitCodes.OK;
  }

  private CrowdSecPeer crowdSecPeer() {
    return new CrowdSecPeer(crowdsec, cscli, crowdsecHub, crowdsecData, crowdsecPatterns);
  }

  /**
   * Runs every rule over a log's lines in order, without suppression, and scores each line. Call
   * once per log: threshold state does not carry from one call to the next.
   */
  static void score(List<Sample> samples, Map<String, Score> scores) {
    List<CompiledRule> rules = new RuleLoader().loadBuiltin();
    // As `detect` reads a file by default: each line in whichever format reads it, so that the
    // syslog-wrapped and other non-combined lines of the fixture sets parse where mimamori can.
    LogParser parser = Parsers.forFormat("auto");
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
        if (s.attack()) {
          sc.unparsedAttacks++;
        }
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
            + " false alerts | per 10,000 benign | precision |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Map.Entry<String, Score> e : scores.entrySet()) {
      Score s = e.getValue();
      out.printf(
          "| %s | %d | %d | %d | %d | %s | %s | %d | %d | %s | %s |%n",
          e.getKey(),
          s.lines,
          s.unparsed,
          s.attacks,
          s.detected,
          s.recall(),
          Score.percent(s.rightClass, s.attacks),
          s.benign,
          s.falseAlerts,
          s.falsePer10k(),
          s.precision());
    }
    out.flush();
  }
}
