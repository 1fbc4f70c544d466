package dev.mimamori.server.rules;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a rules directory (and the directories under it) and calls back once the rule files have
 * stopped changing for a quiet period: an editor's save or a {@code git pull} touching many files
 * is one reload, not one per file. Only {@code .yml}/{@code .yaml} files and directories count;
 * swap and backup files do not.
 */
public final class RuleWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RuleWatcher.class);
  private static final int MAX_DIRECTORIES = 1000;

  private final WatchService watcher;
  private final Duration quiet;
  private final Runnable onChange;
  private final Thread thread;
  private int directories;

  private RuleWatcher(WatchService watcher, Duration quiet, Runnable onChange) {
    this.watcher = watcher;
    this.quiet = quiet;
    this.onChange = onChange;
    this.thread = new Thread(this::run, "mimamori-rules-watch");
    thread.setDaemon(true);
  }

  /**
   * Starts watching.
   *
   * @param quiet how long nothing must change before {@code onChange} runs
   * @throws IOException when the directory cannot be watched
   */
  public static RuleWatcher start(Path dir, Duration quiet, Runnable onChange) throws IOException {
    RuleWatcher w = new RuleWatcher(dir.getFileSystem().newWatchService(), quiet, onChange);
    try {
      w.registerAll(dir);
    } catch (IOException | RuntimeException e) {
      w.watcher.close();
      throw e;
    }
    w.thread.start();
    return w;
  }

  private void registerAll(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path d : (Iterable<Path>) s.filter(Files::isDirectory)::iterator) {
        if (directories >= MAX_DIRECTORIES) {
          LOG.warn("watching only the first {} directories under {}", MAX_DIRECTORIES, dir);
          return;
        }
        d.register(
            watcher,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_DELETE,
            StandardWatchEventKinds.ENTRY_MODIFY);
        directories++;
      }
    }
  }

  private void run() {
    try {
      while (true) {
        boolean changed = handle(watcher.take());
        WatchKey more;
        while ((more = watcher.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
          changed |= handle(more);
        }
        if (changed) {
          try {
            onChange.run();
          } catch (RuntimeException e) {
            LOG.error("reloading the rules after a change failed", e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ClosedWatchServiceException e) {
      // closed: done
    }
  }

  /** Whether the key's events touch rules; new directories are watched too. */
  private boolean handle(WatchKey key) {
    boolean changed = false;
    Path dir = (Path) key.watchable();
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
        changed = true;
        continue;
      }
      Path child = dir.resolve((Path) event.context());
      String name = child.getFileName().toString().toLowerCase(Locale.ROOT);
      if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child)) {
        try {
          registerAll(child);
        } catch (IOException e) {
          LOG.warn("cannot watch {}: {}", child, e.toString());
        }
        changed = true;
      } else if (name.endsWith(".yml") || name.endsWith(".yaml")) {
        changed = true;
      } else if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE && name.indexOf('.') < 0) {
        changed = true; // perhaps a directory of rules
      }
    }
    key.reset();
    return changed;
  }

  @Override
  public void close() {
    try {
      watcher.close();
    } catch (IOException e) {
      LOG.warn("closing the rules watcher: {}", e.toString());
    }
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
