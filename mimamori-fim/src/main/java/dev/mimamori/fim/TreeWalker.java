package dev.mimamori.fim;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Walks a root depth-first with each directory's names sorted, so entries come in {@link
 * PathOrder}. Links are recorded, never followed (no loops, nothing outside the root); devices,
 * FIFOs and sockets are recorded, never opened. Only one directory's names are held per level, so
 * memory follows the tree's depth and widest directory, not its size.
 */
public final class TreeWalker {
  /**
   * Just what a record needs. Not "unix:*": that also resolves the owner's and group's names, an
   * NSS lookup per file that costs more than the rest of the walk.
   */
  public static final String UNIX_ATTRIBUTES =
      "unix:mode,uid,gid,ino,size,lastModifiedTime,ctime,isRegularFile,isDirectory,isSymbolicLink";

  private final IgnoreRules ignore;
  private final Consumer<WalkProblem> problems;
  private final Deque<Level> stack = new ArrayDeque<>();
  private final @Nullable ExecutorService statPool;
  private final int parallelism;
  private final boolean fastStat;

  /** One folder being walked: its entries (as the directory stream gave them) sorted by name. */
  private record Level(
      Path dir, String prefix, List<Named> names, @Nullable FileRecord[] records, int[] next) {}

  /**
   * An entry's path as the file system gave it (its raw bytes, so it can always be opened) and the
   * name mimamori records for it.
   */
  private record Named(Path path, String name) {}

  /**
   * @param statPool where a folder's entries are stat'ed in parallel (lstat dominates a walk of
   *     unchanged files), or null to do it on the caller's thread
   */
  public TreeWalker(
      Path root,
      IgnoreRules ignore,
      Consumer<WalkProblem> problems,
      @Nullable ExecutorService statPool,
      int parallelism) {
    this(root, ignore, problems, statPool, parallelism, UnixStat.AVAILABLE);
  }

  /** As above, choosing how entries are stat'ed (tests compare the two ways). */
  TreeWalker(
      Path root,
      IgnoreRules ignore,
      Consumer<WalkProblem> problems,
      @Nullable ExecutorService statPool,
      int parallelism,
      boolean fastStat) {
    this.fastStat = fastStat;
    this.ignore = ignore;
    this.problems = problems;
    this.statPool = statPool;
    this.parallelism = Math.max(1, parallelism);
    push(root, "");
  }

  /** The next entry in order, or null when the walk is done. */
  public @Nullable Entry next() {
    while (!stack.isEmpty()) {
      Level level = stack.peek();
      if (level.next[0] >= level.names.size()) {
        stack.pop();
        continue;
      }
      int i = level.next[0]++;
      String name = level.names.get(i).name();
      String rel = level.prefix + name;
      Path abs = level.names.get(i).path();
      FileRecord record = level.records[i];
      if (record == null) {
        continue;
      }
      if (record.kind() == FileKind.DIRECTORY) {
        if (ignore.ignoresDirectory(rel)) {
          continue;
        }
        push(abs, rel + "/");
      } else if (ignore.ignoresFile(rel)) {
        continue;
      }
      return new Entry(abs, record);
    }
    return null;
  }

  private void push(Path dir, String prefix) {
    List<Named> names = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        if (name.indexOf('\uFFFD') >= 0) {
          // Not decodable in this locale: record the raw bytes percent-escaped, which is unique
          // and says what the bytes are. The entry is still walked through its own Path.
          name = rawName(p);
          problems.accept(
              new WalkProblem(
                  prefix + name, "name is not valid text here: recorded with its bytes escaped"));
        }
        names.add(new Named(p, name));
      }
    } catch (NoSuchFileException e) {
      problems.accept(new WalkProblem(prefix.isEmpty() ? "." : prefix, "vanished during the walk"));
      return;
    } catch (IOException | SecurityException | java.nio.file.DirectoryIteratorException e) {
      problems.accept(
          new WalkProblem(prefix.isEmpty() ? "." : prefix, "directory not readable: " + e));
      return;
    }
    names.sort(java.util.Comparator.comparing(Named::name));
    stack.push(new Level(dir, prefix, names, statAll(dir, prefix, names), new int[1]));
  }

  /** The last component's raw bytes, percent-escaped where not printable ASCII (as in a URI). */
  static String rawName(Path p) {
    String uri = p.toUri().getRawPath();
    if (uri.endsWith("/")) {
      uri = uri.substring(0, uri.length() - 1);
    }
    return uri.substring(uri.lastIndexOf('/') + 1);
  }

  /** The folder's entries' metadata, in parallel for a large folder; null where unreadable. */
  private @Nullable FileRecord[] statAll(Path dir, String prefix, List<Named> names) {
    FileRecord[] records = new FileRecord[names.size()];
    int n = names.size();
    if (statPool == null || parallelism < 2 || n < 16) {
      for (int i = 0; i < n; i++) {
        records[i] = stat(names.get(i).path(), prefix + names.get(i).name(), problems);
      }
      return records;
    }
    int chunks = Math.min(parallelism, n / 8);
    List<Future<List<WalkProblem>>> futures = new ArrayList<>(chunks);
    for (int c = 0; c < chunks; c++) {
      int from = (int) ((long) n * c / chunks);
      int to = (int) ((long) n * (c + 1) / chunks);
      futures.add(
          statPool.submit(
              () -> {
                List<WalkProblem> found = new ArrayList<>();
                for (int i = from; i < to; i++) {
                  records[i] = stat(names.get(i).path(), prefix + names.get(i).name(), found::add);
                }
                return found;
              }));
    }
    for (Future<List<WalkProblem>> f : futures) {
      try {
        f.get().forEach(problems);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
    return records;
  }

  /** Reads an entry's metadata like lstat(2); null (and a problem reported) when it cannot. */
  private @Nullable FileRecord stat(Path abs, String rel, Consumer<WalkProblem> problems) {
    return stat(abs, rel, problems, fastStat);
  }

  /** As above, through {@link UnixStat} or the {@code unix:} attribute view. */
  static @Nullable FileRecord stat(
      Path abs, String rel, Consumer<WalkProblem> problems, boolean fast) {
    Map<String, Object> a;
    try {
      if (fast) {
        return UnixStat.record(abs, rel, problems);
      }
      a = Files.readAttributes(abs, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      problems.accept(new WalkProblem(rel, "vanished during the walk"));
      return null;
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      problems.accept(new WalkProblem(rel, "metadata not readable: " + e));
      return null;
    }
    return toRecord(abs, rel, a, problems);
  }

  static @Nullable FileRecord toRecord(
      Path abs, String rel, Map<String, Object> a, Consumer<WalkProblem> problems) {
    FileKind kind;
    if (Boolean.TRUE.equals(a.get("isRegularFile"))) {
      kind = FileKind.FILE;
    } else if (Boolean.TRUE.equals(a.get("isDirectory"))) {
      kind = FileKind.DIRECTORY;
    } else if (Boolean.TRUE.equals(a.get("isSymbolicLink"))) {
      kind = FileKind.SYMLINK;
    } else {
      kind = FileKind.OTHER;
    }
    String target = kind == FileKind.SYMLINK ? linkTarget(abs, rel, problems) : null;
    int mode = ((Integer) a.get("mode")) & 07777;
    return new FileRecord(
        rel,
        kind,
        kind == FileKind.DIRECTORY ? 0 : (Long) a.get("size"),
        mode,
        (Integer) a.get("uid"),
        (Integer) a.get("gid"),
        nanos((FileTime) a.get("lastModifiedTime")),
        nanos((FileTime) a.get("ctime")),
        (Long) a.get("ino"),
        null,
        target,
        -1);
  }

  /** Where a link points, never followed; empty (and a problem reported) when unreadable. */
  static String linkTarget(Path abs, String rel, Consumer<WalkProblem> problems) {
    try {
      return Files.readSymbolicLink(abs).toString();
    } catch (IOException e) {
      problems.accept(new WalkProblem(rel, "link not readable: " + e));
      return "";
    }
  }

  private static long nanos(FileTime t) {
    return t.to(TimeUnit.NANOSECONDS);
  }
}
