package dev.mimamori.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.model.Severity;
import dev.mimamori.scan.FileScanner;
import dev.mimamori.scan.Finding;
import dev.mimamori.scan.ScanReport;
import dev.mimamori.scan.ScanSummary;
import dev.mimamori.scan.yara.YaraRules;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Malware scanning of files and web roots: the built-in detectors and YARA rules over every file,
 * with size and SHA-256. Like {@code yara} and {@code clamscan}, exit 1 means something was found.
 */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description =
        "Scan files and directories (recursively, in parallel, never following symbolic links)"
            + " with the built-in detectors and YARA rules. Prints each file with findings; a"
            + " summary goes to stderr. Exit code 1 when something was found, 0 when everything is"
            + " clean.")
final class ScanCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or directories.")
  List<Path> paths;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description =
          "YARA rule files, or directories of *.yar and *.yara files (repeatable). Rules libyara"
              + " refuses are listed on stderr and left out.")
  List<Path> rules = new ArrayList<>();

  @Option(names = "--json", description = "One JSON object per line and file.")
  boolean json;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Files scanned at once (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--no-builtin", description = "Only the YARA rules of --rules.")
  boolean noBuiltin;

  @Option(names = "--all", description = "Also print clean and skipped files.")
  boolean all;

  @Option(
      names = "--allowlist",
      paramLabel = "FILE",
      description = "More SHA-256 allow-lists of clean files (repeatable; see `allowlist build`).")
  List<java.nio.file.Path> allowlists = new java.util.ArrayList<>();

  @Option(
      names = "--no-allowlist",
      description =
          "Scan files of known clean releases too (the built-in EC-CUBE list is used by default).")
  boolean noAllowlist;

  private static final int MAX_THREADS = 256;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    validate();
    try (Scanners scanners = Scanners.load(rules, !noBuiltin, err)) {
      ObjectMapper mapper = new ObjectMapper();
      ScanSummary summary =
          new FileScanner(
                  scanners.list(),
                  threads,
                  dev.mimamori.scan.ScanInput.DEFAULT_MAX_BYTES,
                  allowList())
              .scan(paths, r -> print(r, mapper, out, err));
      out.flush();
      err.println(summary(summary, scanners.yaraRules()));
      err.flush();
      return summary.filesWithFindings() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }
  }

  private void validate() throws FileNotFoundException {
    if (threads < 1 || threads > MAX_THREADS) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--threads must be between 1 and " + MAX_THREADS);
    }
    if (noBuiltin && rules.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--no-builtin needs --rules");
    }
    for (Path r : rules) {
      if (!Files.exists(r)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no such rules: " + r);
      }
    }
    for (Path p : paths) {
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        // The command line is right; the file is not there: a failure, not a usage error.
        throw new FileNotFoundException("no such file or directory: " + p);
      }
    }
  }

  private void print(ScanReport r, ObjectMapper mapper, PrintWriter out, PrintWriter err) {
    String path = Sanitize.oneLine(r.path());
    if (r.skipped() != null) {
      if (all && json) {
        out.println(json(skippedObject(r), mapper));
      }
      err.println("skipped: " + path + ": " + Sanitize.oneLine(String.join("; ", r.notes())));
      return;
    }
    for (String note : r.notes()) {
      err.println("note: " + path + ": " + Sanitize.oneLine(note));
    }
    if (!r.hasFindings() && !all) {
      return;
    }
    if (json) {
      out.println(json(fileObject(r), mapper));
      return;
    }
    Severity s = r.severity();
    List<String> found = new ArrayList<>();
    for (Finding f : r.findings()) {
      found.add(f.rule() + ": " + f.reason());
    }
    out.printf(
        "%-8s  %s%s%n",
        s == null ? "clean" : s.label(),
        path,
        found.isEmpty() ? "" : "  " + Sanitize.oneLine(String.join("; ", found)));
  }

  static Map<String, Object> fileObject(ScanReport r) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("path", r.path());
    Severity s = r.severity();
    o.put("severity", s == null ? null : s.label());
    o.put("rules", ruleNames(r));
    o.put("reasons", reasons(r));
    List<Map<String, Object>> findings = new ArrayList<>();
    for (Finding f : r.findings()) {
      Map<String, Object> fo = new LinkedHashMap<>();
      fo.put("engine", f.engine());
      fo.put("rule", f.rule());
      fo.put("severity", f.severity().label());
      fo.put("reason", f.reason());
      fo.put("tags", f.tags());
      findings.add(fo);
    }
    o.put("findings", findings);
    o.put("sha256", r.sha256());
    o.put("size", r.size());
    if (!r.notes().isEmpty()) {
      o.put("notes", r.notes());
    }
    return o;
  }

  private static Map<String, Object> skippedObject(ScanReport r) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("path", r.path());
    ScanReport.Skip why = r.skipped();
    o.put("skipped", why == null ? null : why.name().toLowerCase(Locale.ROOT));
    o.put("notes", r.notes());
    return o;
  }

  private static List<String> ruleNames(ScanReport r) {
    Set<String> names = new LinkedHashSet<>();
    r.findings().forEach(f -> names.add(f.rule()));
    return List.copyOf(names);
  }

  private static List<String> reasons(ScanReport r) {
    Set<String> reasons = new LinkedHashSet<>();
    r.findings().forEach(f -> reasons.add(f.reason()));
    return List.copyOf(reasons);
  }

  private static String json(Map<String, Object> o, ObjectMapper mapper) {
    try {
      return mapper.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String summary(ScanSummary s, @Nullable YaraRules yaraRules) {
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "scanned %s (%s) in %.1f s with %s: %d with findings (%s), %d skipped",
                count(s.files(), "file"),
                bytes(s.bytes()),
                s.elapsed().toMillis() / 1000.0,
                count(threads, "thread"),
                s.filesWithFindings(),
                count(s.findings(), "finding"),
                s.skipped()));
    if (s.symlinksInside() > 0) {
      b.append(", ")
          .append(count(s.symlinksInside(), "symbolic link"))
          .append(" within the tree not followed");
    }
    if (yaraRules != null) {
      b.append(
          String.format(
              Locale.ROOT,
              "; YARA: %s from %s, %d refused",
              count(yaraRules.ruleCount(), "rule"),
              count(yaraRules.files().size(), "file"),
              yaraRules.refused().size()));
    }
    return b.toString();
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
  }

  private dev.mimamori.scan.allow.AllowList allowList() throws java.io.IOException {
    dev.mimamori.scan.allow.AllowList list =
        noAllowlist
            ? dev.mimamori.scan.allow.AllowList.empty()
            : dev.mimamori.scan.allow.AllowList.builtin();
    for (java.nio.file.Path p : allowlists) {
      list = list.plus(dev.mimamori.scan.allow.AllowList.load(p));
    }
    return list;
  }
}
