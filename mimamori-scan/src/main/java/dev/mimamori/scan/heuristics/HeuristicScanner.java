package dev.mimamori.scan.heuristics;

import dev.mimamori.scan.ContentScanner;
import dev.mimamori.scan.Finding;
import dev.mimamori.scan.ScanInput;
import java.io.IOException;
import java.util.List;

/**
 * mimamori's own detectors for PHP and JavaScript malware: web shells, backdoors, obfuscated
 * loaders, card skimmers and their collectors. Each file is read once into a {@link ScanContext};
 * the PHP flow analysis and the script analysis run at most once and in time linear in the file (no
 * backtracking regex sees content). Stateless between files, so one instance serves every thread.
 */
public final class HeuristicScanner implements ContentScanner {
  public static final String ENGINE = "mimamori";

  private final List<Detector> detectors;

  public HeuristicScanner() {
    this.detectors = Detectors.all();
  }

  @Override
  public String engine() {
    return ENGINE;
  }

  @Override
  public List<Finding> scan(ScanInput input) throws IOException {
    byte[] content = input.content();
    if (content.length == 0) {
      return List.of();
    }
    ScanContext file = new ScanContext(input.name(), input.extension(), content);
    Report report = new Report(ENGINE);
    for (Detector d : detectors) {
      d.inspect(file, report);
    }
    return report.result(content.length);
  }
}
