package dev.mimamori.fim;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches roots in real time. Every folder is registered with the kernel's inotify (the JDK's
 * WatchService on Linux), new folders as they appear. Events are debounced: once the tree has been
 * quiet for {@code debounce} (or {@code maxDelay} after the first event, whatever an attacker keeps
 * writing), the root is checked and the check's result becomes the new baseline, so each change is
 * reported once. The check itself decides what changed, so a missed or overflowed event costs
 * nothing but time: a periodic check runs anyway, and a full pass re-hashes everything.
 */
public final class FimWatcher implements AutoCloseable {
  private final List<Path> roots;
  private final IntegrityChecker quick;
  private final IntegrityChecker full;
  private final FimStore store;
  private final Duration debounce;
  private final Duration maxDelay;
  private final Duration rescan;
  private final Duration fullEvery;
  private final Consumer<WalkProblem> problems;
  private final Clock clock;
  private final WatchService watch;
  private final List<IgnoreRules> ignores;
  private volatile boolean closed;

  /**
   * @param rescan how often to check without an event (catches what inotify missed)
   * @param fullEvery how often to re-hash every file (catches content changed with mtime restored)
   */
  public FimWatcher(
      List<Path> roots,
      FimStore store,
      FimOptions options,
      Duration debounce,
      Duration maxDelay,
      Duration rescan,
      Duration fullEvery,
      Consumer<WalkProblem> problems,
      Clock clock)
      throws IOException {
    this.roots = roots.stream().map(FimStore::canonical).toList();
    this.store = store;
    this.quick =
        new IntegrityChecker(store, options.withUpdate(true).withFull(false), problems, clock);
    this.full =
        new IntegrityChecker(store, options.withUpdate(true).withFull(true), problems, clock);
    this.debounce = debounce;
    this.maxDelay = maxDelay;
    this.rescan = rescan;
    this.fullEvery = fullEvery;
    this.problems = problems;
    this.clock = clock;
    this.watch = FileSystems.getDefault().newWatchService();
    this.ignores = this.roots.stream().map(r -> options.ignoreRules(AppProfile.detect(r))).toList();
  }

  /**
   * Takes a baseline of each root that has none, reports what changed while nothing watched, then
   * watches until {@link #close()}; every change goes to {@code changes}.
   */
  public void run(Consumer<Change> changes) throws IOException {
    for (Path root : roots) {
      registerTree(root);
      // One root's trouble (not mounted yet, a corrupt baseline) must not stop the others; the
      // periodic check tries it again.
      try {
        if (store.hasBaseline(root)) {
          quick.check(root, changes);
        } else {
          quick.baseline(root);
        }
      } catch (IOException | RuntimeException e) {
        problems.accept(
            new WalkProblem(root.toString(), "start-up check failed: " + e.getMessage()));
      }
    }
    long lastCheck = clock.millis();
    long lastFull = lastCheck;
    boolean[] dirty = new boolean[roots.size()];
    long firstEvent = -1;
    long lastEvent = -1;
    while (!closed) {
      WatchKey key;
      try {
        key = watch.poll(Math.max(1, debounce.toMillis() / 4), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ClosedWatchServiceException e) {
        return;
      }
      long now = clock.millis();
      if (key != null) {
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
          int root = rootOf(dir);
          if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            java.util.Arrays.fill(dirty, true);
          } else if (root >= 0) {
            Path child = dir.resolve((Path) event.context());
            if (ignored(root, child)) {
              continue;
            }
            dirty[root] = true;
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
              registerTree(child);
            }
          }
        }
        key.reset();
        if (firstEvent < 0) {
          firstEvent = now;
        }
        lastEvent = now;
      }
      boolean quiet = lastEvent >= 0 && now - lastEvent >= debounce.toMillis();
      boolean overdue = firstEvent >= 0 && now - firstEvent >= maxDelay.toMillis();
      boolean fullDue = now - lastFull >= fullEvery.toMillis();
      boolean rescanDue = now - lastCheck >= rescan.toMillis();
      if (quiet || overdue || fullDue || rescanDue) {
        for (int i = 0; i < roots.size(); i++) {
          if (dirty[i] || fullDue || rescanDue) {
            check(fullDue ? full : quick, roots.get(i), changes);
            dirty[i] = false;
          }
        }
        firstEvent = -1;
        lastEvent = -1;
        lastCheck = clock.millis();
        if (fullDue) {
          lastFull = now;
        }
      }
    }
  }

  private void check(IntegrityChecker checker, Path root, Consumer<Change> changes) {
    try {
      checker.check(root, changes);
    } catch (IOException | RuntimeException e) {
      problems.accept(new WalkProblem(root.toString(), "check failed: " + e.getMessage()));
    }
  }

  private int rootOf(Path dir) {
    for (int i = 0; i < roots.size(); i++) {
      if (dir.startsWith(roots.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private boolean ignored(int root, Path path) {
    String rel = roots.get(root).relativize(path).toString().replace('\\', '/');
    return !rel.isEmpty()
        && ignores.get(root).ignoresPath(rel, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS));
  }

  /** Registers a folder and every folder below it that is not ignored (links are not followed). */
  private void registerTree(Path dir) {
    int root = rootOf(dir);
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              if (root >= 0 && ignored(root, d)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              register(d);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      problems.accept(new WalkProblem(dir.toString(), "cannot watch: " + e.getMessage()));
    }
  }

  private void register(Path dir) {
    try {
      dir.register(
          watch,
          StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_DELETE,
          StandardWatchEventKinds.ENTRY_MODIFY);
    } catch (IOException e) {
      problems.accept(new WalkProblem(dir.toString(), "cannot watch: " + e.getMessage()));
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    watch.close();
  }
}
