package dev.mimamori.incidents.respond;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Runs a program with an argument list (never a shell, so no argument is ever re-parsed as shell
 * syntax) and checks its exit status.
 */
final class Commands {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_OUTPUT = 64 * 1024;
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\n\t]]");

  private Commands() {}

  /** What a finished program said. */
  record Outcome(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  /** Checks a configured command: a non-empty list of non-blank arguments. */
  static List<String> checked(List<String> command, String what) {
    List<String> c = List.copyOf(command);
    if (c.isEmpty() || c.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException(what + " must be a non-empty list of arguments");
    }
    return c;
  }

  /** Runs the command; a non-zero exit status is an {@link ActionException} (temporary). */
  static String run(List<String> command, @Nullable String stdin, String what)
      throws ActionException {
    Outcome o = attempt(command, stdin);
    if (!o.ok()) {
      throw new ActionException(
          what + " failed (exit status " + o.exitCode() + "): " + oneLine(o.output()), true);
    }
    return o.output();
  }

  /** Runs the command and returns its exit status and output, whatever the status. */
  static Outcome attempt(List<String> command, @Nullable String stdin) throws ActionException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      // A program that is not there or may not be run: a configuration error, not worth a retry.
      throw new ActionException("cannot run " + command.get(0) + ": " + e.getMessage(), false, e);
    }
    try {
      if (stdin != null) {
        try (OutputStream in = p.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      byte[] out = readBounded(p.getInputStream());
      if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new ActionException(command.get(0) + " did not finish within " + TIMEOUT, true);
      }
      return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      p.destroyForcibly();
      throw new ActionException("running " + command.get(0) + ": " + e.getMessage(), true, e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ActionException("interrupted while running " + command.get(0), true, e);
    }
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    while ((n = in.read(chunk)) >= 0) {
      if (buf.size() < MAX_OUTPUT) {
        buf.write(chunk, 0, Math.min(n, MAX_OUTPUT - buf.size()));
      }
    }
    return buf.toByteArray();
  }

  /** The output on one line, without control characters, at most 300 characters. */
  static String oneLine(String output) {
    String s =
        CONTROL.matcher(output.strip()).replaceAll("?").replace('\n', ' ').replace('\t', ' ');
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
