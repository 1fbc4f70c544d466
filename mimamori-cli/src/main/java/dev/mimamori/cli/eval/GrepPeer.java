package dev.mimamori.cli.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GNU grep with mimamori's built-in rules written as one case-insensitive PCRE over the raw line
 * ({@code grep-rules.txt}): what the rules catch without parsing, decoding or state.
 */
public record GrepPeer(Path grep, String pattern) implements Peer {
  static final String RULES = "grep-rules.txt";

  /** The grep peer with the same rules, at the given grep binary. */
  public static GrepPeer sameRules(Path grep) {
    return new GrepPeer(grep, pattern(readRules()));
  }

  /** The rule file's alternatives (comment and blank lines left out) joined into one regex. */
  static String pattern(String rules) {
    List<String> alternatives = new ArrayList<>();
    for (String l : rules.split("\n")) {
      if (!l.isBlank() && !l.startsWith("#")) {
        alternatives.add("(?:" + l.strip() + ")");
      }
    }
    return String.join("|", alternatives);
  }

  static String readRules() {
    try (InputStream in = GrepPeer.class.getResourceAsStream(RULES)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RULES);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String name() {
    return "grep (same rules)";
  }

  @Override
  public Optional<String> unavailable() {
    return Files.isExecutable(grep) ? Optional.empty() : Optional.of("not installed");
  }

  @Override
  public boolean stateful() {
    return false;
  }

  @Override
  public BitSet flagged(List<String> lines, String logType, Path work)
      throws IOException, InterruptedException {
    Path in = Tool.writeLines(work, "grep-input.log", lines);
    Tool.Output o =
        Tool.run(
            List.of(grep.toString(), "-a", "-n", "-i", "-P", "-e", pattern, in.toString()),
            work,
            Map.of("LC_ALL", "C"));
    if (o.exit() > 1) {
      throw new IOException("grep failed: " + Tool.tail(o.text()));
    }
    BitSet out = new BitSet(lines.size());
    try (BufferedReader r = new BufferedReader(new StringReader(o.text()))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        int colon = l.indexOf(':');
        if (colon > 0) {
          try {
            out.set(Integer.parseInt(l.substring(0, colon)) - 1);
          } catch (NumberFormatException e) {
            // not a match line
          }
        }
      }
    }
    Files.deleteIfExists(in);
    return out;
  }
}
