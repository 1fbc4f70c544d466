package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM options the launcher script gives each command (printed, not run). */
class LauncherTest {
  private static final Path LAUNCHER = launcher();

  /** The launcher at the project's root, whichever directory the test runs from. */
  private static Path launcher() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("mimamori")) && Files.isRegularFile(d.resolve("pom.xml"))) {
        return d.resolve("mimamori");
      }
    }
    throw new IllegalStateException("no launcher above " + Path.of("").toAbsolutePath());
  }

  @TempDir Path dir;

  private List<String> javaCommand(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    cmd.addAll(List.of(args));
    Path err = dir.resolve("launcher.err");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(err.toFile());
    pb.environment().remove("MIMAMORI_JAVA_OPTS");
    pb.environment().put("MIMAMORI_PRINT_COMMAND", "1");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("launcher stderr: %s", Files.readString(err)).isZero();
    return out.lines().toList();
  }

  private Path log(long bytes) throws IOException {
    return log("access.log", bytes);
  }

  private Path log(String name, long bytes) throws IOException {
    Path f = dir.resolve(name);
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(bytes); // sparse: no disk is written
    }
    return f;
  }

  @Test
  void detectOnAnOrdinaryLogInlinesLess() throws Exception {
    assertThat(javaCommand(Map.of(), "detect", log(1_000_000).toString(), "--json"))
        .contains(
            "-XX:InlineSmallCode=400",
            "-XX:FreqInlineSize=80",
            "-XX:MaxInlineSize=20",
            "-XX:Tier4InvocationThreshold=20000",
            "-XX:Tier4CompileThreshold=60000",
            "-XX:Tier4BackEdgeThreshold=160000",
            "-XX:+UseSerialGC");
  }

  @Test
  void ingestKeepsTheDefaultCompileThresholds() throws Exception {
    assertThat(javaCommand(Map.of(), "ingest", "--asset", "a", log(10).toString()))
        .noneMatch(a -> a.contains("Tier4"));
  }

  @Test
  void javaOptsThatSetACompileThresholdWin() throws Exception {
    assertThat(
            javaCommand(
                Map.of("MIMAMORI_JAVA_OPTS", "-XX:Tier4InvocationThreshold=5000"),
                "detect",
                log(10).toString()))
        .contains("-XX:Tier4InvocationThreshold=5000")
        .doesNotContain("-XX:Tier4InvocationThreshold=20000", "-XX:Tier4CompileThreshold=60000");
  }

  @Test
  void ingestKeepsTheDefaultSizeOfMethodsInlinedWhenNotHot() throws Exception {
    assertThat(javaCommand(Map.of(), "ingest", "--asset", "a", log(10).toString()))
        .noneMatch(a -> a.contains("MaxInlineSize"));
  }

  @Test
  void javaOptsThatSetTheSizeOfMethodsInlinedWin() throws Exception {
    assertThat(
            javaCommand(
                Map.of("MIMAMORI_JAVA_OPTS", "-XX:MaxInlineSize=35"), "detect", log(10).toString()))
        .contains("-XX:MaxInlineSize=35")
        .doesNotContain("-XX:MaxInlineSize=20");
  }

  @Test
  void ingestOnAnOrdinaryLogInlinesLess() throws Exception {
    assertThat(javaCommand(Map.of(), "ingest", "--asset", "a", log(10).toString()))
        .contains("-XX:InlineSmallCode=400");
  }

  @Test
  void ingestStartsTheMetaspaceMarkAboveWhatItLoads() throws Exception {
    assertThat(javaCommand(Map.of(), "ingest", "--asset", "a", log(10).toString()))
        .contains("-XX:MetaspaceSize=64m");
  }

  @Test
  void metaspaceSizeGivenByTheUserWins() throws Exception {
    assertThat(
            javaCommand(
                Map.of("MIMAMORI_JAVA_OPTS", "-XX:MetaspaceSize=32m"),
                "detect",
                log(10).toString()))
        .doesNotContain("-XX:MetaspaceSize=64m");
  }

  @Test
  void detectOnAGibibyteOfInputKeepsTheDefaultInliningAndCompileThresholds() throws Exception {
    assertThat(javaCommand(Map.of(), "detect", log(1L << 30).toString()))
        .noneMatch(a -> a.contains("Inline"))
        .noneMatch(a -> a.contains("Tier4"))
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
        .doesNotContain(
            "-XX:InlineSmallCode=400",
            "-XX:FreqInlineSize=80",
            "-XX:MaxInlineSize=20",
            "-XX:Tier4InvocationThreshold=20000");
  }

  @Test
  void aSymlinkCountsTheSizeOfWhatItPointsTo() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("link.log"), log(1L << 30));
    assertThat(javaCommand(Map.of(), "detect", link.toString()))
        .noneMatch(a -> a.contains("Inline"));
  }

  @Test
  void aPatternCountsTheFilesItMatches() throws Exception {
    log("access.log.1", 1L << 30);
    assertThat(javaCommand(Map.of(), "detect", dir.resolve("access.log*").toString()))
        .noneMatch(a -> a.contains("Inline"));
  }

  @Test
  void aGzipLogCountsAsTenTimesItsSize() throws Exception {
    assertThat(javaCommand(Map.of(), "detect", log("access.log.gz", 110L << 20).toString()))
        .noneMatch(a -> a.contains("Inline"));
  }

  @Test
  void aRelativeFileNamedDashIsMeasuredNotStandardInput() throws Exception {
    log("-", 1L << 30);
    assertThat(javaCommand(Map.of(), "detect", "-")).noneMatch(a -> a.contains("Inline"));
  }

  @Test
  void aHeapCapInJavaOptsIsLeftAlone() throws Exception {
    assertThat(javaCommand(Map.of("MIMAMORI_JAVA_OPTS", "-Xmx512m"), "detect", log(10).toString()))
        .contains("-Xmx512m")
        .doesNotContain("-Xms1g", "-Xmn512m");
  }

  @Test
  void aLargeEnoughMachineGetsTheBigYoungGenerationAndInitialHeap() throws Exception {
    long kib =
        Files.readAllLines(Path.of("/proc/meminfo")).stream()
            .filter(l -> l.startsWith("MemTotal:"))
            .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
            .findFirst()
            .orElse(0);
    Path cgroup = Path.of("/sys/fs/cgroup/memory.max");
    if (Files.isReadable(cgroup) && Files.readString(cgroup).trim().matches("[0-9]+")) {
      kib = Math.min(kib, Long.parseLong(Files.readString(cgroup).trim()) / 1024);
    }
    assumeTrue(kib >= 4L << 20, "less than 4 GiB of memory");
    assertThat(javaCommand(Map.of(), "ingest", "--asset", "a", log(10).toString()))
        .contains("-Xmn512m", "-Xms1g");
  }
}
