package dev.mimamori.cli;

import dev.mimamori.detect.CompiledRule;
import dev.mimamori.detect.sigma.LoadWarning;
import dev.mimamori.detect.sigma.SigmaRule;
import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.server.RuleFiles;
import dev.mimamori.server.RuleTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Looking at rules: which are loaded, and whether rule files load. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description =
        "List the rules, check rule files (Sigma or mimamori's own format), or run their test cases.",
    subcommands = {RulesCommand.ListRules.class, RulesCommand.Lint.class, RulesCommand.Test.class})
final class RulesCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  static List<CompiledRule> all(RuleFiles files) {
    List<CompiledRule> all = new ArrayList<>(files.own());
    all.addAll(files.sigma().ruleSet().rules());
    return all;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Print the rules: id, severity, class and title (built-in, or of DIR).")
  static final class ListRules implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "Rule files instead of built-in.")
    @Nullable Path dir;

    @Override
    public Integer call() throws Exception {
      if (dir != null && !Files.exists(dir)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no such rules: " + dir);
      }
      RuleFiles files = RuleFiles.load(dir);
      var out = spec.commandLine().getOut();
      for (CompiledRule r : all(files)) {
        var m = r.meta();
        out.printf(
            "%-40s %-8s %-24s %s%n",
            Sanitize.oneLine(m.id()),
            m.severity().label(),
            Sanitize.oneLine(DetectCommand.attackClass(m.ruleClass())),
            Sanitize.oneLine(m.title()));
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "lint",
      mixinStandardHelpOptions = true,
      description = {
        "Load rule files and report every one that does not load (file:line: reason) and every",
        "warning (e.g. a field mimamori does not have). Exit 1 when a file did not load."
      })
  static final class Lint implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "A rule file or a directory of them.")
    Path path;

    @Override
    public Integer call() throws Exception {
      if (!Files.exists(path)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no such rules: " + path);
      }
      RuleFiles files = RuleFiles.load(path);
      var out = spec.commandLine().getOut();
      for (var e : files.errors()) {
        out.println("error: " + Sanitize.oneLine(e.toString()));
      }
      for (LoadWarning w : files.sigma().warnings()) {
        out.println("warning: " + Sanitize.oneLine(w.file() + ":" + w.line() + ": " + w.message()));
      }
      long sigmaRules =
          files.sigma().ruleSet().rules().stream().filter(r -> r instanceof SigmaRule).count();
      out.printf(
          "%d rules loaded (%d Sigma, %d correlations), %d files not loaded%n",
          files.own().size() + sigmaRules,
          sigmaRules,
          files.sigma().ruleSet().correlations().size(),
          files.errors().size());
      out.flush();
      return files.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }
  }

  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description = {
        "Run the rules' own test cases (the 'tests:' beside each rule: lines that must and must",
        "not fire it), of the built-in rules and rule pack or of PATH. Exit 1 when a case fails",
        "or a file does not load."
      })
  static final class Test implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        arity = "0..1",
        paramLabel = "PATH",
        description = "A rule file or a directory of them instead of the built-in rules.")
    @Nullable Path path;

    @CommandLine.Option(
        names = "--verbose",
        description = "Print every case, not only the failures and one line per rule.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
      if (path != null && !Files.exists(path)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no such rules: " + path);
      }
      RuleTests.Report report = path == null ? RuleTests.builtin() : RuleTests.of(path);
      var out = spec.commandLine().getOut();
      for (String e : report.errors()) {
        out.println("error: " + Sanitize.oneLine(e));
      }
      java.util.Map<String, List<RuleTests.Result>> byRule = new java.util.LinkedHashMap<>();
      for (RuleTests.Result r : report.results()) {
        byRule.computeIfAbsent(r.ruleId(), k -> new ArrayList<>()).add(r);
      }
      for (var e : byRule.entrySet()) {
        long failed = e.getValue().stream().filter(r -> !r.passed()).count();
        out.printf(
            "%-4s %-40s %d cases%s%n",
            failed == 0 ? "ok" : "FAIL",
            Sanitize.oneLine(e.getKey()),
            e.getValue().size(),
            failed == 0 ? "" : ", " + failed + " failed");
        for (RuleTests.Result r : e.getValue()) {
          if (verbose || !r.passed()) {
            out.printf(
                "     %s %s #%d: %s%n",
                r.passed() ? "pass" : "FAIL", r.kind(), r.index(), Sanitize.oneLine(r.detail()));
          }
        }
      }
      for (String id : report.untested()) {
        out.printf("--   %-40s no test cases%n", Sanitize.oneLine(id));
      }
      out.printf(
          "%d rules tested, %d cases, %d failed, %d rules without cases%n",
          byRule.size(), report.results().size(), report.failures(), report.untested().size());
      out.flush();
      return report.passed() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }
  }
}
