package dev.mimamori.scan.heuristics.eval;

import dev.mimamori.model.Severity;
import dev.mimamori.scan.ContentScanner;
import dev.mimamori.scan.Finding;
import dev.mimamori.scan.ScanInput;
import dev.mimamori.scan.heuristics.HeuristicScanner;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Measures a scanner on directories of known malware and of clean releases: recall on samples
 * (deduplicated by SHA-256) and false positives per 1,000 clean files, at HIGH and above and at any
 * severity. It only reads files; samples are never run. Usage:
 *
 * <pre>
 * HeuristicEvaluation [--shells DIR]... [--samples DIR]... [--clean DIR]... [--details FILE]
 * </pre>
 *
 * <p>{@code --shells}: only PHP files count as samples ({@code .php}, {@code .phtml}, {@code
 * .php5}..., and {@code .txt} files holding PHP). {@code --samples}: every file counts. {@code
 * --clean}: every file counts; "code files" are the PHP, script, template and server-config ones.
 */
public final class HeuristicEvaluation {
  private static final Set<String> PHP_EXTENSIONS =
      Set.of("php", "php3", "php4", "php5", "php7", "phtml", "pht", "inc");
  private static final Set<String> CODE_EXTENSIONS =
      Set.of(
          "php",
          "php3",
          "php4",
          "php5",
          "php7",
          "phtml",
          "inc",
          "js",
          "mjs",
          "html",
          "htm",
          "twig",
          "tpl",
          "htaccess");

  /** The counts for one directory. */
  public record Row(
      String kind, Path dir, int files, int codeFiles, int high, int any, List<String> notes) {
    double rate(int n) {
      return files == 0 ? 0 : 100.0 * n / files;
    }

    double perThousand(int n, int of) {
      return of == 0 ? 0 : 1000.0 * n / of;
    }
  }

  private final ContentScanner scanner;

  public HeuristicEvaluation(ContentScanner scanner) {
    this.scanner = scanner;
  }

  /** Malware samples: the rows' notes are the samples missed at HIGH and above. */
  public Row samples(String kind, Path dir, boolean phpOnly) throws IOException {
    Set<String> seen = new HashSet<>();
    int files = 0;
    int high = 0;
    int any = 0;
    List<String> misses = new ArrayList<>();
    for (Path p : regularFiles(dir)) {
      byte[] bytes = Files.readAllBytes(p);
      if (phpOnly && !isPhpSample(p, bytes) || !seen.add(sha256(bytes))) {
        continue;
      }
      files++;
      List<Finding> findings = scan(dir, p);
      Severity max = max(findings);
      if (max != null && max.compareTo(Severity.HIGH) >= 0) {
        high++;
      } else {
        misses.add(dir.relativize(p) + " -> " + (max == null ? "nothing" : summary(findings)));
      }
      if (max != null) {
        any++;
      }
    }
    return new Row(kind, dir, files, files, high, any, misses);
  }

  /** A clean tree: the rows' notes are the files flagged at HIGH and above. */
  public Row clean(Path dir) throws IOException {
    int files = 0;
    int code = 0;
    int high = 0;
    int any = 0;
    List<String> flagged = new ArrayList<>();
    for (Path p : regularFiles(dir)) {
      files++;
      if (CODE_EXTENSIONS.contains(extension(p))
          || p.getFileName().toString().equals(".htaccess")) {
        code++;
      }
      List<Finding> findings = scan(dir, p);
      Severity max = max(findings);
      if (max != null) {
        any++;
        if (max.compareTo(Severity.HIGH) >= 0) {
          high++;
          flagged.add(dir.relativize(p) + " -> " + summary(findings));
        } else {
          flagged.add("(" + max.label() + ") " + dir.relativize(p) + " -> " + summary(findings));
        }
      }
    }
    return new Row("clean", dir, files, code, high, any, flagged);
  }

  private List<Finding> scan(Path root, Path p) throws IOException {
    String name = root.relativize(p).toString().replace('\\', '/');
    return scanner.scan(ScanInput.of(p, name));
  }

  private static String summary(List<Finding> findings) {
    StringBuilder sb = new StringBuilder();
    for (Finding f : findings) {
      sb.append(f.rule()).append('(').append(f.severity().label()).append(") ");
    }
    if (!findings.isEmpty()) {
      sb.append("| ").append(findings.get(0).reason());
    }
    return sb.length() > 400 ? sb.substring(0, 400) : sb.toString();
  }

  private static Severity max(List<Finding> findings) {
    Severity max = null;
    for (Finding f : findings) {
      max = max == null ? f.severity() : max.max(f.severity());
    }
    return max;
  }

  static boolean isPhpSample(Path p, byte[] bytes) {
    // Collections hold ASP and JSP shells named .php too: a sample must have a PHP open tag.
    String ext = extension(p);
    if (!PHP_EXTENSIONS.contains(ext) && !ext.equals("txt")) {
      return false;
    }
    String text = new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    return text.contains("<?php")
        || text.contains("<?=")
        || text.contains("<? ")
        || text.contains("<?\n")
        || text.contains("<?\r")
        || text.contains("<?\t");
  }

  private static String extension(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0
        ? (n.equals(".htaccess") ? "htaccess" : "")
        : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static List<Path> regularFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .filter(p -> !p.toString().contains("/.git/"))
          .sorted()
          .toList();
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The table, in Markdown. */
  public static void print(List<Row> rows, PrintStream out) {
    out.println(
        "| set | directory | files | flagged HIGH+ | flagged any | rate HIGH+ | rate any |");
    out.println("|---|---|---:|---:|---:|---:|---:|");
    for (Row r : rows) {
      if (r.kind().equals("clean")) {
        out.printf(
            Locale.ROOT,
            "| clean | %s | %d (%d code) | %d | %d | %.2f / 1000 files (%.2f / 1000 code) | %.2f / 1000 files |%n",
            r.dir().getFileName(),
            r.files(),
            r.codeFiles(),
            r.high(),
            r.any(),
            r.perThousand(r.high(), r.files()),
            r.perThousand(r.high(), r.codeFiles()),
            r.perThousand(r.any(), r.files()));
      } else {
        out.printf(
            Locale.ROOT,
            "| %s | %s | %d | %d | %d | %.1f %% | %.1f %% |%n",
            r.kind(),
            r.dir().getFileName(),
            r.files(),
            r.high(),
            r.any(),
            r.rate(r.high()),
            r.rate(r.any()));
      }
    }
  }

  public static void main(String[] args) throws IOException {
    HeuristicEvaluation evaluation = new HeuristicEvaluation(new HeuristicScanner());
    List<Row> rows = new ArrayList<>();
    Path details = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      Path dir = Path.of(args[i + 1]);
      switch (args[i]) {
        case "--shells" -> rows.add(evaluation.samples("shells", dir, true));
        case "--samples" -> rows.add(evaluation.samples("samples", dir, false));
        case "--clean" -> rows.add(evaluation.clean(dir));
        case "--details" -> details = dir;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    print(rows, System.out);
    if (details != null) {
      List<String> lines = new ArrayList<>();
      for (Row r : rows) {
        lines.add("## " + r.kind() + " " + r.dir());
        lines.addAll(r.notes());
      }
      try {
        Files.write(details, lines);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private HeuristicEvaluation() {
    this(new HeuristicScanner());
  }
}
