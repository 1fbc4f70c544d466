package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.archive.EventArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No loss, no doubles, for real: {@code mimamori ingest} in a child JVM is killed with SIGKILL at
 * random moments, restarted each time, and in the end every line is archived exactly once.
 */
class KillNineTest {
  @TempDir Path dir;

  Process ingest(Path data, Path log) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(
        List.of("ingest", "--format", "combined", "--data-dir", data.toString(), log.toString()));
    return new ProcessBuilder(cmd)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  @Test
  void archivesEveryLineExactlyOnceAcrossRepeatedKills() throws Exception {
    List<String> demo = Files.readAllLines(MainTest.DEMO_LOG);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      lines.addAll(demo);
    }
    Path log = dir.resolve("access.log");
    Files.write(log, lines);
    Path data = dir.resolve("data");
    Random random = new Random(20211229);
    int killed = 0;
    for (int round = 0; round < 6; round++) {
      Process p = ingest(data, log);
      if (p.waitFor(300 + random.nextInt(1200), TimeUnit.MILLISECONDS)) {
        break; // it finished before the kill
      }
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      killed++;
    }
    Process last = ingest(data, log);
    assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();

    try (EventArchive archive = new EventArchive(data.resolve("archive"))) {
      assertThat(killed).as("the ingest was killed at least once").isPositive();
      assertThat(archive.count(null)).isEqualTo(lines.size());
    }
  }
}
