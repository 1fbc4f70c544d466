package dev.mimamori.fim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The walk through {@link UnixStat} gives what the walk through the attribute view gives. */
class UnixStatTest {
  @TempDir Path temp;
  private Path root;
  private ExecutorService pool;

  @BeforeEach
  void tree() throws Exception {
    root = Files.createDirectories(temp.resolve("www"));
    Files.writeString(root.resolve("index.php"), "<?php echo 1;\n");
    Path deep = root;
    for (int i = 0; i < 40; i++) {
      deep = deep.resolve("level" + i);
    }
    Files.createDirectories(deep);
    Files.writeString(deep.resolve("deep.js"), "var x;\n");
    Path wide = Files.createDirectories(root.resolve("wide"));
    for (int i = 0; i < 100; i++) {
      Files.writeString(wide.resolve("f" + i + ".twig"), "{{ " + i + " }}\n");
    }
    Files.createSymbolicLink(root.resolve("link"), Path.of("index.php"));
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("nowhere"));
    Files.createSymbolicLink(root.resolve("loop"), root);
    Path secret = Files.writeString(root.resolve("secret.php"), "<?php // 000\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    Path closed = Files.createDirectories(root.resolve("closed"));
    Files.writeString(closed.resolve("inside.php"), "x");
    Files.setLastModifiedTime(root.resolve("index.php"), FileTime.fromMillis(-86_400_000L));
    Process p =
        new ProcessBuilder(
                "bash",
                "-c",
                "cd '"
                    + root
                    + "' && mkfifo pipe && touch $'bad\\xff.php' $'caf\\xc3\\xa9.php'"
                    + " && chmod 000 closed")
            .start();
    Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo or bash not available");
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void reopen() throws IOException {
    Files.setPosixFilePermissions(
        root.resolve("closed"), PosixFilePermissions.fromString("rwx------"));
    pool.shutdownNow();
  }

  private List<String> walk(boolean fast, List<WalkProblem> problems) {
    TreeWalker w = new TreeWalker(root, new IgnoreRules(List.of()), problems::add, pool, 2, fast);
    List<String> seen = new ArrayList<>();
    for (Entry e = w.next(); e != null; e = w.next()) {
      FileRecord r = e.record();
      // Everything a record holds, written out (FileRecord.equals ignores nothing but is terse).
      seen.add(
          r.path()
              + " "
              + r.kind()
              + " "
              + r.size()
              + " "
              + Integer.toOctalString(r.mode())
              + " "
              + r.uid()
              + ":"
              + r.gid()
              + " "
              + r.mtimeNanos()
              + " "
              + r.ctimeNanos()
              + " "
              + r.inode()
              + " "
              + r.linkTarget());
    }
    return seen;
  }

  @Test
  void theLaunchedWayIsAvailableInTheTests() {
    assertThat(UnixStat.AVAILABLE).isTrue();
  }

  @Test
  void aWalkThroughUnixStatGivesTheEntriesTheAttributeViewGives() {
    assertThat(walk(true, new ArrayList<>())).isEqualTo(walk(false, new ArrayList<>()));
  }

  @Test
  void aWalkThroughUnixStatReportsTheProblemsTheAttributeViewReports() {
    List<WalkProblem> fast = new ArrayList<>();
    List<WalkProblem> view = new ArrayList<>();
    walk(true, fast);
    walk(false, view);
    assertThat(fast).isNotEmpty().isEqualTo(view);
  }

  @Test
  void aVanishedEntryIsAProblemNotAFailure() {
    List<WalkProblem> problems = new ArrayList<>();
    assertThat(TreeWalker.stat(root.resolve("gone"), "gone", problems::add, true)).isNull();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, -1, 1_700_000_000L, -9_000_000_001L, 9_000_000_001L, Long.MAX_VALUE})
  void nanosecondsAreThoseOfFileTime(long sec) {
    long nsec = 123_456_789L;
    FileTime t;
    try {
      t =
          FileTime.from(
              Math.addExact(nsec, Math.multiplyExact(sec, 1_000_000_000L)),
              java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (ArithmeticException e) {
      t =
          FileTime.from(
              sec * 1_000_000L + nsec / 1_000L, java.util.concurrent.TimeUnit.MICROSECONDS);
    }
    assertThat(UnixStat.nanos(sec, nsec))
        .isEqualTo(t.to(java.util.concurrent.TimeUnit.NANOSECONDS));
  }
}
