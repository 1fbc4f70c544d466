package dev.mimamori.cli;

import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.model.Severity;
import dev.mimamori.scan.FileScanner;
import dev.mimamori.scan.Finding;
import dev.mimamori.scan.ScanReport;
import dev.mimamori.scan.allow.AllowList;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mimamori evaluate-files}: recall on real web shells and skimmers, and false positives on
 * clean releases, for mimamori's own detectors, the published YARA rule sets alone, and both.
 */
@Command(
    name = "evaluate-files",
    mixinStandardHelpOptions = true,
    description =
        "Recall of the file scanners on folders of real malware, and false positives per 1,000 files"
            + " on clean release trees, for mimamori's detectors, the published YARA rule sets alone,"
            + " and both; Markdown tables.")
final class EvaluateFilesCommand implements Callable<Integer> {
  /** What counts as a PHP or script sample in a malware folder. */
  static final Set<String> SAMPLE_EXTENSIONS =
      Set.of(
          "php", "php3", "php4", "php5", "php7", "phtml", "pht", "phar", "inc", "txt", "js", "html",
          "htm");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--malicious",
      paramLabel = "DIR",
      description =
          "A folder of real malware (repeatable); its PHP and script files are the samples.")
  List<Path> malicious = new ArrayList<>();

  @Option(
      names = "--clean",
      paramLabel = "DIR",
      description = "A clean release tree (repeatable); every file counts.")
  List<Path> clean = new ArrayList<>();

  @Option(
      names = "--corpus",
      defaultValue = "../shared/corpus",
      description =
          "Where the published YARA rule sets are (signatures/...; default ${DEFAULT-VALUE}).")
  Path corpus;

  @Option(names = "--threads", description = "Scanning threads (default: the number of cores).")
  Integer threads;

  /** One engine's counts over one folder. */
  static final class Tally {
    long files;
    long any;
    long high;
    final Map<String, Long> rules = new ConcurrentHashMap<>();
  }

  @Override
  public Integer call() throws Exception {
    if (malicious.isEmpty() && clean.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give --malicious and/or --clean folders");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> ruleSets = publishedRuleSets();
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    AllowList allow = AllowList.builtin();
    try (Scanners scanners = Scanners.load(ruleSets, true, err)) {
      out.println("## File scanners: recall on real malware");
      out.println();
      out.println(
          "Samples: files named ."
              + String.join("/.", new java.util.TreeSet<>(SAMPLE_EXTENSIONS))
              + " (or holding `<?php`) under each folder, repeated contents counted once. Published rules: "
              + ruleSets.size()
              + " YARA files of "
              + corpus.resolve("signatures")
              + ".");
      out.println();
      out.println(
          "| folder | samples | mimamori (any) | mimamori (high+) | published YARA (any) | published YARA (high+) | both (any) | both (high+) |");
      out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
      Map<String, Tally> total = tallies();
      for (Path dir : malicious) {
        Map<String, Tally> t = run(dir, true, scanners, n, allow);
        row(out, dir, t, true);
        add(total, t);
      }
      if (malicious.size() > 1) {
        row(out, Path.of("all"), total, true);
      }
      out.println();
      out.println("## File scanners: false positives on clean releases (per 1,000 files)");
      out.println();
      out.println(
          "| tree | files | mimamori (any) | mimamori (high+) | published YARA (any) | published YARA (high+) | both (any) | both (high+) |");
      out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
      Map<String, Tally> cleanTotal = tallies();
      for (Path dir : clean) {
        Map<String, Tally> t = run(dir, false, scanners, n, allow);
        row(out, dir, t, false);
        add(cleanTotal, t);
        topRules(err, dir, t);
      }
      if (clean.size() > 1) {
        row(out, Path.of("all"), cleanTotal, false);
      }
      out.println();
      out.println(
          "mimamori = its own PHP/JS detectors, skipping files byte-identical to a clean EC-CUBE release"
              + " (the built-in allow-list of 4.0.0-4.2.3; an EC-CUBE tree at another version is held out);"
              + " published YARA = the rule sets as they are, no allow-list; both = either engine.");
      out.flush();
    }
    return ExitCodes.OK;
  }

  /** The corpus's YARA files, minus the one that matches every non-empty file by design. */
  private List<Path> publishedRuleSets() throws IOException {
    Path sig = corpus.resolve("signatures");
    if (!Files.isDirectory(sig)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "no rule sets in " + sig + " (use --corpus)");
    }
    try (Stream<Path> s = Files.walk(sig)) {
      return s.filter(p -> p.toString().endsWith(".yar"))
          .filter(p -> !p.toString().endsWith("build/all-confirmed.yar"))
          // php-malware-finder's whitelists are hashes of clean files, used through php.yar's
          // include.
          .filter(
              p ->
                  !p.getFileName().toString().startsWith("whitelist")
                      && !p.toString().contains("/whitelists/"))
          .sorted()
          .toList();
    }
  }

  private static Map<String, Tally> tallies() {
    Map<String, Tally> m = new LinkedHashMap<>();
    m.put("mimamori", new Tally());
    m.put("yara", new Tally());
    m.put("both", new Tally());
    return m;
  }

  private Map<String, Tally> run(
      Path dir, boolean samples, Scanners scanners, int n, AllowList allow)
      throws InterruptedException {
    Map<String, Tally> t = tallies();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    new FileScanner(scanners.list(), n)
        .scan(
            List.of(dir),
            r -> {
              if (r.skipped() != null || r.sha256() == null) {
                return;
              }
              if (samples && (!isSample(r) || !seen.add(r.sha256()))) {
                return;
              }
              boolean allowed = allow.contains(HexFormat.of().parseHex(r.sha256()));
              List<Finding> own = allowed ? List.of() : byEngine(r, "mimamori");
              List<Finding> yara = byEngine(r, "yara");
              List<Finding> both = new ArrayList<>(own);
              if (!allowed) {
                both.addAll(yara);
              }
              count(t.get("mimamori"), own);
              count(t.get("yara"), yara);
              count(t.get("both"), both);
            });
    return t;
  }

  private static boolean isSample(ScanReport r) {
    String name = r.name().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    if (dot >= 0 && SAMPLE_EXTENSIONS.contains(name.substring(dot + 1))) {
      return true;
    }
    try {
      byte[] head = new byte[4096];
      int len;
      try (var in = Files.newInputStream(Path.of(r.path()))) {
        len = in.readNBytes(head, 0, head.length);
      }
      return new String(head, 0, len, StandardCharsets.ISO_8859_1)
          .toLowerCase(Locale.ROOT)
          .contains("<?php");
    } catch (IOException e) {
      return false;
    }
  }

  private static List<Finding> byEngine(ScanReport r, String engine) {
    return r.findings().stream().filter(f -> f.engine().equals(engine)).toList();
  }

  private static synchronized void count(Tally t, List<Finding> findings) {
    t.files++;
    if (!findings.isEmpty()) {
      t.any++;
      for (Finding f : findings) {
        t.rules.merge(f.engine() + ":" + f.rule(), 1L, Long::sum);
      }
    }
    if (findings.stream().anyMatch(f -> f.severity().compareTo(Severity.HIGH) >= 0)) {
      t.high++;
    }
  }

  private static void add(Map<String, Tally> into, Map<String, Tally> t) {
    for (var e : t.entrySet()) {
      Tally a = into.get(e.getKey());
      a.files += e.getValue().files;
      a.any += e.getValue().any;
      a.high += e.getValue().high;
    }
  }

  private static void row(PrintWriter out, Path dir, Map<String, Tally> t, boolean recall) {
    long files = t.get("mimamori").files;
    StringBuilder b =
        new StringBuilder(
            "| " + Sanitize.oneLine(String.valueOf(dir.getFileName())) + " | " + files);
    for (String engine : List.of("mimamori", "yara", "both")) {
      Tally x = t.get(engine);
      b.append(" | ").append(recall ? percent(x.any, files) : perThousand(x.any, files));
      b.append(" | ").append(recall ? percent(x.high, files) : perThousand(x.high, files));
    }
    out.println(b.append(" |"));
  }

  private static void topRules(PrintWriter err, Path dir, Map<String, Tally> t) {
    Map<String, Long> rules = t.get("both").rules;
    rules.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .limit(8)
        .forEach(
            e ->
                err.println(
                    dir.getFileName()
                        + ": "
                        + e.getValue()
                        + " files flagged by "
                        + Sanitize.oneLine(e.getKey())));
  }

  static String percent(long part, long whole) {
    return whole == 0
        ? "-"
        : String.format(Locale.ROOT, "%.1f %% (%d)", 100.0 * part / whole, part);
  }

  static String perThousand(long part, long whole) {
    return whole == 0 ? "-" : String.format(Locale.ROOT, "%.2f (%d)", 1000.0 * part / whole, part);
  }
}
