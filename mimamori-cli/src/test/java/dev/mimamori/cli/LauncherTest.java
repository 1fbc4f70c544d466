package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM options the launcher script gives each command (printed, not run). */
class LauncherTest {
  private static final Path LAUNCHER = Path.of("../mimamori").toAbsolutePath().normalize();

  @TempDir Path dir;

  private List<String> javaCommand(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().remove("MIMAMORI_JAVA_OPTS");
    pb.environment().put("MIMAMORI_PRINT_COMMAND", "1");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    return out.lines().toList();
  }

  private Path log(long bytes) throws IOException {
    Path f = dir.resolve("access.log");
    Files.writeString(f, "");
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(bytes); // sparse: no disk is written
    }
    return f;
  }

  @Test
  void detectOnAnOrdinaryLogInlinesLess() throws Exception {
    assertThat(javaCommand(Map.of(), "detect", log(1_000_000).toString(), "--json"))
        .contains("-XX:InlineSmallCode=400", "-XX:FreqInlineSize=80", "-XX:+UseSerialGC");
  }

  @Test
  void ingestOnAnOrdinaryLogInlinesLess() throws Exception {
    assertThat(javaCommand(Map.of(), "ingest", "--asset", "a", log(10).toString()))
        .contains("-XX:InlineSmallCode=400");
  }

  @Test
  void detectOnAGibibyteOfInputKeepsTheDefaultInlining() throws Exception {
    assertThat(javaCommand(Map.of(), "detect", log(1L << 30).toString()))
        .noneMatch(a -> a.contains("Inline"))
        .contains("detect");
  }

  @Test
  void serverKeepsTheDefaultInliningAndCollector() throws Exception {
    assertThat(javaCommand(Map.of(), "serve"))
        .noneMatch(a -> a.contains("Inline") || a.contains("SerialGC"))
        .endsWith("serve");
  }

  @Test
  void javaOptsThatSetInliningWin() throws Exception {
    assertThat(
            javaCommand(
                Map.of("MIMAMORI_JAVA_OPTS", "-XX:InlineSmallCode=2500"),
                "detect",
                log(10).toString()))
        .contains("-XX:InlineSmallCode=2500")
        .doesNotContain("-XX:InlineSmallCode=400", "-XX:FreqInlineSize=80");
  }
}
