package dev.mimamori.cli;

import dev.mimamori.scan.ContentScanner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The content scanners a command runs: mimamori's own detectors, plus YARA rules when given. */
final class Scanners implements AutoCloseable {
  private final List<ContentScanner> list;

  private Scanners(List<ContentScanner> list) {
    this.list = List.copyOf(list);
  }

  static Scanners none() {
    return new Scanners(List.of());
  }

  /** The built-in detectors and YARA over {@code rules}; refused rules are reported on err. */
  static Scanners load(List<Path> rules, PrintWriter err) {
    List<ContentScanner> list = new ArrayList<>();
    // The built-in heuristics and the YARA scanner are added here once they land.
    return new Scanners(list);
  }

  List<ContentScanner> list() {
    return list;
  }

  @Override
  public void close() {
    for (ContentScanner s : list) {
      s.close();
    }
  }
}
