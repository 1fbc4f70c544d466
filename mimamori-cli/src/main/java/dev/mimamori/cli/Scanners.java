package dev.mimamori.cli;

import dev.mimamori.incidents.notify.Sanitize;
import dev.mimamori.scan.ContentScanner;
import dev.mimamori.scan.heuristics.HeuristicScanner;
import dev.mimamori.scan.yara.RuleError;
import dev.mimamori.scan.yara.YaraRules;
import dev.mimamori.scan.yara.YaraScanner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The content scanners a command runs: mimamori's own detectors, plus YARA rules when given. */
final class Scanners implements AutoCloseable {
  private final List<ContentScanner> list;
  private final @Nullable YaraScanner yara;

  private Scanners(List<ContentScanner> list, @Nullable YaraScanner yara) {
    this.list = List.copyOf(list);
    this.yara = yara;
  }

  static Scanners none() {
    return new Scanners(List.of(), null);
  }

  /** The built-in detectors and YARA over {@code rules}; refused rules are reported on err. */
  static Scanners load(List<Path> rules, PrintWriter err) {
    return load(rules, true, err);
  }

  /**
   * @param builtin whether to run mimamori's own detectors
   * @throws dev.mimamori.scan.yara.YaraException when rules are given and libyara is missing
   */
  static Scanners load(List<Path> rules, boolean builtin, PrintWriter err) {
    List<ContentScanner> list = new ArrayList<>();
    if (builtin) {
      list.addAll(builtin());
    }
    YaraScanner yara = null;
    if (!rules.isEmpty()) {
      YaraRules loaded;
      try {
        loaded = YaraRules.load(rules);
      } catch (RuntimeException e) {
        list.forEach(ContentScanner::close);
        throw e;
      }
      for (RuleError e : loaded.refused()) {
        err.println("rule refused: " + Sanitize.oneLine(e.toString()));
      }
      yara = YaraScanner.owning(loaded);
      list.add(yara);
    }
    return new Scanners(list, yara);
  }

  /** mimamori's own PHP and JavaScript detectors. */
  private static List<ContentScanner> builtin() {
    return List.of(new HeuristicScanner());
  }

  List<ContentScanner> list() {
    return list;
  }

  /** The YARA rules in use, or null without {@code --rules}. */
  @Nullable YaraRules yaraRules() {
    return yara == null ? null : yara.rules();
  }

  @Override
  public void close() {
    for (ContentScanner s : list) {
      s.close();
    }
  }
}
