package dev.mimamori.sensors.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Log files named by a pattern, such as {@code /var/log/nginx/*.log} or {@code
 * /srv/shop/var/log/prod/site-*.log}. The pattern is in the file name only (the directory is
 * literal), with the glob syntax of {@link java.nio.file.FileSystem#getPathMatcher}.
 */
public final class Globs {
  /** Names of rotated copies: {@code .1}, {@code .gz}, {@code -20261126}. */
  private static final Pattern ROTATED = Pattern.compile(".*(\\.\\d+|\\.gz|-\\d{8})$");

  private Globs() {}

  public static boolean isPattern(Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    return name.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  /**
   * The regular files the pattern names now, sorted.
   *
   * @param skipRotated leave out rotated copies: a followed file's rotated copy is read through the
   *     rotation logic, not as a file of its own
   */
  public static List<Path> matches(Path pattern, boolean skipRotated) throws IOException {
    Path dir = pattern.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return List.of();
    }
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern.getFileName());
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        if (m.matches(p.getFileName())
            && Files.isRegularFile(p)
            && !(skipRotated && ROTATED.matcher(name).matches())) {
          out.add(p);
        }
      }
    }
    out.sort(null);
    return out;
  }
}
