package dev.mimamori.fim;

import dev.mimamori.model.Severity;
import dev.mimamori.scan.Finding;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One change under a root, judged.
 *
 * @param root the absolute root
 * @param path relative to the root
 * @param change what happened
 * @param severity how dangerous it looks
 * @param reasons why that severity, one sentence each
 * @param findings what the scanners found in the new content
 * @param diff for text files, what the change added
 * @param before the baseline's record (null when added)
 * @param after the record now (null when deleted)
 * @param files for an {@link ChangeKind#UPGRADE}, how many files it covers (else 1)
 * @param sample for an upgrade, some of its paths
 */
public record Change(
    String root,
    String path,
    ChangeKind change,
    Severity severity,
    List<String> reasons,
    List<Finding> findings,
    @Nullable DiffSummary diff,
    @Nullable FileRecord before,
    @Nullable FileRecord after,
    long files,
    List<String> sample) {
  public Change {
    reasons = List.copyOf(reasons);
    findings = List.copyOf(findings);
    sample = List.copyOf(sample);
  }
}
