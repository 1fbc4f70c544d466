package dev.mimamori.fim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.model.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FimWatcherTest {
  @TempDir Path temp;

  private FimWatcher watcher(Tree t) throws Exception {
    return new FimWatcher(
        List.of(t.root),
        new FimStore(t.data),
        FimOptions.defaults().withThreads(2),
        Duration.ofMillis(200),
        Duration.ofSeconds(2),
        Duration.ofMinutes(10),
        Duration.ofHours(24),
        t.problems::add,
        Clock.systemUTC());
  }

  /** Runs the watcher on a thread; changes arrive in the queue. */
  private static Thread start(FimWatcher w, BlockingQueue<Change> changes) {
    Thread thread =
        new Thread(
            () -> {
              try {
                w.run(changes::add);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    thread.start();
    return thread;
  }

  private static void awaitBaseline(Tree t) throws InterruptedException {
    for (int i = 0; i < 200 && !new FimStore(t.data).hasBaseline(t.root); i++) {
      Thread.sleep(50);
    }
  }

  @Test
  void aShellDroppedIntoANewFolderIsReportedWithinSeconds() throws Exception {
    Tree t = Tree.eccube(temp, "4.2.0");
    BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    try (FimWatcher w = watcher(t)) {
      Thread thread = start(w, changes);
      awaitBaseline(t);
      Thread.sleep(300);
      // A folder created after the watch began, then a file in it: the folder must be watched too.
      Files.createDirectories(t.path("html/user_data/packages/x"));
      Thread.sleep(300);
      t.write("html/user_data/packages/x/page.php", "<?php @eval($_POST['a']);\n");
      Change c = null;
      for (Change next; (next = changes.poll(20, TimeUnit.SECONDS)) != null; ) {
        if (next.path().endsWith("page.php")) {
          c = next;
          break;
        }
      }
      w.close();
      thread.join(10_000);
      assertThat(c).isNotNull();
      assertThat(c.severity()).isEqualTo(Severity.CRITICAL);
    }
  }

  @Test
  void aChangeMadeWhileNotWatchingIsReportedAtStart() throws Exception {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    t.write("html/user_data/collector.php", "<?php header('Access-Control-Allow-Origin: *');\n");
    BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    try (FimWatcher w = watcher(t)) {
      Thread thread = start(w, changes);
      Change c = changes.poll(20, TimeUnit.SECONDS);
      w.close();
      thread.join(10_000);
      assertThat(c.path()).isEqualTo("html/user_data/collector.php");
    }
  }

  @Test
  void eachChangeIsReportedOnce() throws Exception {
    Tree t = Tree.eccube(temp, "4.2.0");
    BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    try (FimWatcher w = watcher(t)) {
      Thread thread = start(w, changes);
      awaitBaseline(t);
      Thread.sleep(300);
      t.write("html/robots.txt", "User-agent: *\n");
      Change first = changes.poll(20, TimeUnit.SECONDS);
      t.write("html/other.txt", "x\n");
      Change second = changes.poll(20, TimeUnit.SECONDS);
      w.close();
      thread.join(10_000);
      assertThat(List.of(first.path(), second.path()))
          .containsExactly("html/robots.txt", "html/other.txt");
    }
  }

  @Test
  void aCorruptBaselineOfOneRootDoesNotStopTheWatch() throws Exception {
    Tree t = Tree.eccube(temp, "4.2.0");
    t.baseline();
    java.nio.file.Files.write(new FimStore(t.data).baseline(t.root), new byte[] {1, 2, 3});
    BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    try (FimWatcher w = watcher(t)) {
      Thread thread = start(w, changes);
      Thread.sleep(1000);
      boolean alive = thread.isAlive();
      w.close();
      thread.join(10_000);
      assertThat(alive).isTrue();
    }
  }
}
