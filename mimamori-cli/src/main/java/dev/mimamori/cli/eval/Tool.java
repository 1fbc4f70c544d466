package dev.mimamori.cli.eval;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a peer tool to completion; its output goes through a file, however long it is. */
final class Tool {
  private static final long TIMEOUT_MINUTES = 60;

  record Output(int exit, String text) {}

  private Tool() {}

  static Output run(List<String> command, Path dir, Map<String, String> env)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException(command.get(0) + " did not finish in " + TIMEOUT_MINUTES + " min");
      }
      return new Output(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(out);
    }
  }

  /** The input written for a tool: one line each, UTF-8. */
  static Path writeLines(Path dir, String name, List<String> lines) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, lines, StandardCharsets.UTF_8);
    return f;
  }

  /** The last lines of a tool's output, for an error message. */
  static String tail(String text) {
    List<String> l = Arrays.asList(text.strip().split("\n"));
    return String.join(" / ", l.subList(Math.max(0, l.size() - 3), l.size()));
  }

  private static File nullFile() {
    return new File("/dev/null");
  }
}
