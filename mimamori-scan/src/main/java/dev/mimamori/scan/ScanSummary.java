package dev.mimamori.scan;

import java.time.Duration;

/**
 * The totals of one {@link FileScanner#scan} run.
 *
 * @param files regular files read and scanned
 * @param bytes their sizes added up
 * @param filesWithFindings files with at least one finding
 * @param findings findings in all
 * @param skipped paths reported as skipped (unreadable, vanished, special, symbolic link issues)
 * @param symlinksInside symbolic links to somewhere inside the tree, not followed (what they point
 *     at is scanned at its own path)
 * @param elapsed wall-clock time
 */
public record ScanSummary(
    long files,
    long bytes,
    long filesWithFindings,
    long findings,
    long skipped,
    long symlinksInside,
    Duration elapsed) {}
