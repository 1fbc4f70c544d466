package dev.mimamori.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where a symbolic link leads, worked out without ever reading through it. The scanner follows no
 * link: one to a file or directory inside the tree is scanned at its own path anyway, and one out
 * of the tree (to /etc, to another customer's home) must not pull that into the report.
 */
final class SymbolicLinks {
  /** Linux gives up after 40 links in a row (ELOOP); so does this. */
  private static final int MAX_HOPS = 40;

  /** What a link leads to: {@code skip} null means inside the tree, nothing to report. */
  record Resolution(ScanReport.@Nullable Skip skip, String detail) {}

  private SymbolicLinks() {}

  static Resolution resolve(Path link, Path realRoot) {
    Set<Path> seen = new HashSet<>();
    Path current = link.toAbsolutePath();
    try {
      Path linkDir = current.getParent().toRealPath();
      for (int hop = 0; hop < MAX_HOPS; hop++) {
        Path target = Files.readSymbolicLink(current);
        Path next = current.getParent().toRealPath().resolve(target).normalize();
        if (!seen.add(next)) {
          return new Resolution(ScanReport.Skip.SYMLINK_LOOP, "a loop of links through " + next);
        }
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(next, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          return new Resolution(
              ScanReport.Skip.SYMLINK_DANGLING, "points at " + target + ", which does not exist");
        }
        if (a.isSymbolicLink()) {
          current = next;
          continue;
        }
        Path real = next.toRealPath();
        if (a.isDirectory() && linkDir.startsWith(real)) {
          return new Resolution(
              ScanReport.Skip.SYMLINK_LOOP, "points at " + real + ", a directory it is inside");
        }
        return real.startsWith(realRoot)
            ? new Resolution(null, "")
            : new Resolution(
                ScanReport.Skip.SYMLINK_OUTSIDE, "points outside the scanned tree, at " + real);
      }
      return new Resolution(ScanReport.Skip.SYMLINK_LOOP, "more than " + MAX_HOPS + " links");
    } catch (IOException e) {
      // e.g. a loop further down the target's own path (ELOOP, worded in the system's language)
      return new Resolution(ScanReport.Skip.ERROR, "cannot follow: " + FileScanner.describe(e));
    }
  }
}
