package dev.mimamori.incidents.respond;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * An nginx include file that mimamori maintains: lines of its own, each after a {@code # mimamori
 * incident ID} comment. Every change replaces the file atomically and, when a reload command is
 * configured, reloads nginx; a failed reload puts the previous file back, so a retry starts clean.
 * Only lines built from validated literals are ever written.
 */
final class NginxInclude {
  static final String COMMENT = "# mimamori incident ";
  private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final @Nullable List<String> reload;

  NginxInclude(Path file, @Nullable List<String> reload) {
    this.file = file;
    this.reload = reload;
  }

  Path file() {
    return file;
  }

  boolean reloads() {
    return reload != null;
  }

  /** Whether the line is in the file. */
  boolean contains(String line) throws ActionException {
    synchronized (lock()) {
      return read().contains(line);
    }
  }

  /** Adds the line after its comment; false when it was there already. */
  boolean add(String line, String incidentId) throws ActionException {
    return change(
        lines -> {
          if (lines.contains(line)) {
            return lines;
          }
          List<String> out = new ArrayList<>(lines);
          out.add(COMMENT + incidentId.replaceAll("[\\p{Cntrl}]", "?"));
          out.add(line);
          return out;
        });
  }

  /** Removes the line and the mimamori comment just above it; false when it was not there. */
  boolean remove(String line) throws ActionException {
    return change(
        lines -> {
          int i = lines.indexOf(line);
          if (i < 0) {
            return lines;
          }
          List<String> out = new ArrayList<>(lines);
          out.remove(i);
          if (i > 0 && out.get(i - 1).startsWith(COMMENT)) {
            out.remove(i - 1);
          }
          return out;
        });
  }

  private boolean change(UnaryOperator<List<String>> edit) throws ActionException {
    synchronized (lock()) {
      boolean existed = Files.exists(file);
      List<String> before = read();
      List<String> after = edit.apply(before);
      if (after.equals(before)) {
        return false;
      }
      write(after);
      if (reload != null) {
        try {
          Commands.run(reload, null, "nginx reload (" + String.join(" ", reload) + ")");
        } catch (ActionException e) {
          rollBack(existed, before);
          throw new ActionException(
              e.getMessage() + "; " + file + " was put back as it was", e.temporary(), e);
        }
      }
      return true;
    }
  }

  private void rollBack(boolean existed, List<String> before) throws ActionException {
    if (existed) {
      write(before);
    } else {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new ActionException("cannot put back " + file + ": " + e.getMessage(), true, e);
      }
    }
  }

  private List<String> read() throws ActionException {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new ActionException("cannot read " + file + ": " + e.getMessage(), true, e);
    }
  }

  private void write(List<String> lines) throws ActionException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new ActionException("cannot update " + file + ": " + e.getMessage(), true, e);
    }
  }

  private Object lock() {
    return LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object());
  }
}
