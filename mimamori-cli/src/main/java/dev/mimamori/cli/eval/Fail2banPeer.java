package dev.mimamori.cli.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fail2ban-regex} with fail2ban's shipped web-server filters, one run per filter over the
 * same lines; a line counts as reported when any filter matches it (as any mimamori rule firing
 * does). fail2ban-regex reports matching lines; the ban threshold ({@code maxretry}) belongs to a
 * jail, not to the filter, and is not applied.
 */
public record Fail2banPeer(Path fail2banRegex, Path filterDir, List<String> filters)
    implements Peer {
  /**
   * The web-server filters of the corpus's fixtures, but apache-fakegooglebot: it matches every
   * Googlebot line and relies on a DNS check at ban time, which fail2ban-regex does not run.
   */
  public static List<String> webFilters() {
    List<String> out = new ArrayList<>(Corpus.FAIL2BAN_WEB_FILTERS);
    out.remove("apache-fakegooglebot");
    return List.copyOf(out);
  }

  @Override
  public String name() {
    return "fail2ban-regex";
  }

  @Override
  public Optional<String> unavailable() {
    if (!Files.isExecutable(fail2banRegex)) {
      return Optional.of("not installed");
    }
    if (!Files.isDirectory(filterDir)) {
      return Optional.of("not installed (no " + filterDir + ")");
    }
    return Optional.empty();
  }

  @Override
  public boolean stateful() {
    return false;
  }

  @Override
  public BitSet flagged(List<String> lines, String logType, Path work)
      throws IOException, InterruptedException {
    Path in = Tool.writeLines(work, "fail2ban-input.log", lines);
    // fail2ban-regex prints each matching line as read (-o msg); lines are found back by text.
    Map<String, List<Integer>> byText = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      byText.computeIfAbsent(lines.get(i).strip(), k -> new ArrayList<>()).add(i);
    }
    BitSet out = new BitSet(lines.size());
    for (String filter : filters) {
      Path conf = filterDir.resolve(filter + ".conf");
      if (!Files.isRegularFile(conf)) {
        continue;
      }
      Tool.Output o =
          Tool.run(
              List.of(
                  fail2banRegex.toString(),
                  "--raw",
                  "-e",
                  "UTF-8",
                  "-o",
                  "msg",
                  in.toString(),
                  conf.toString()),
              work,
              Map.of());
      if (o.exit() != 0) {
        throw new IOException("fail2ban-regex " + filter + " failed: " + Tool.tail(o.text()));
      }
      for (String l : o.text().split("\n")) {
        for (int i : byText.getOrDefault(l.strip(), List.of())) {
          out.set(i);
        }
      }
    }
    Files.deleteIfExists(in);
    return out;
  }
}
