package dev.mimamori.cli.eval;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Runs the peer tools over the labelled logs and prints them beside mimamori: recall, false alerts
 * per 10,000 benign lines and precision, each over every labelled line (a line a tool cannot read
 * counts as not reported by it, mimamori included).
 */
public final class PeerRun {
  private final List<Peer> peers;
  private final PrintWriter progress;
  private final Map<String, Map<String, Score>> scores = new LinkedHashMap<>();
  private final Map<String, String> notes = new LinkedHashMap<>();

  public PeerRun(List<Peer> peers, PrintWriter progress) {
    this.peers = List.copyOf(peers);
    this.progress = progress;
  }

  public void measure(List<LabelledLog> logs) throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("mimamori-peers");
    try {
      for (Peer p : peers) {
        Optional<String> why = p.unavailable();
        if (why.isPresent()) {
          notes.put(p.name(), why.get());
          continue;
        }
        progress.println("evaluate: running " + p.name() + " over the same lines...");
        progress.flush();
        long t0 = System.nanoTime();
        Map<String, Score> byset = new LinkedHashMap<>();
        try {
          if (p.stateful()) {
            for (LabelledLog l : logs) {
              tally(l.samples(), p.flagged(lines(l.samples()), l.logType(), work), byset);
            }
          } else {
            List<Sample> all = logs.stream().flatMap(l -> l.samples().stream()).toList();
            tally(all, p.flagged(lines(all), "nginx", work), byset);
          }
          scores.put(p.name(), byset);
        } catch (IOException e) {
          notes.put(p.name(), "failed: " + e.getMessage());
        }
        progress.printf(
            "evaluate: %s took %d s%n", p.name(), (System.nanoTime() - t0) / 1_000_000_000L);
        progress.flush();
      }
    } finally {
      deleteTree(work);
    }
  }

  /** Counts what a tool reported of labelled lines, per set. */
  static void tally(List<Sample> samples, BitSet flagged, Map<String, Score> byset) {
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      Score sc = byset.computeIfAbsent(s.set(), k -> new Score());
      sc.lines++;
      if (s.attack()) {
        sc.attacks++;
        if (flagged.get(i)) {
          sc.detected++;
        }
      } else {
        sc.benign++;
        if (flagged.get(i)) {
          sc.falseAlerts++;
        }
      }
    }
  }

  /** The three side-by-side tables, sets in the order of mimamori's table. */
  public void print(Map<String, Score> mimamori, PrintWriter out) {
    Map<String, Score> mm = new LinkedHashMap<>();
    mimamori.forEach((k, v) -> mm.put(k, v.overAllLines()));
    out.println("Recall: attack lines reported, of every labelled attack line.");
    out.println();
    table(out, mm, "attack lines", s -> s.attacks > 0, s -> s.attacks, Score::recall);
    out.println();
    out.println("False alerts per 10,000 benign lines (false alerts in brackets).");
    out.println();
    table(
        out,
        mm,
        "benign lines",
        s -> s.benign > 0,
        s -> s.benign,
        s -> s.falsePer10k() + " (" + s.falseAlerts + ")");
    out.println();
    out.println("Precision: attack lines among the lines reported, in sets with both kinds.");
    out.println();
    table(out, mm, "lines", s -> s.attacks > 0 && s.benign > 0, s -> s.lines, Score::precision);
    for (Map.Entry<String, String> n : notes.entrySet()) {
      out.println();
      out.println(n.getKey() + ": " + n.getValue());
    }
    out.flush();
  }

  private void table(
      PrintWriter out,
      Map<String, Score> mm,
      String countTitle,
      java.util.function.Predicate<Score> include,
      Function<Score, Long> count,
      Function<Score, String> cell) {
    StringBuilder head = new StringBuilder("| data set | " + countTitle + " | mimamori |");
    StringBuilder rule = new StringBuilder("|---|---:|---:|");
    for (Peer p : peers) {
      head.append(' ').append(p.name()).append(" |");
      rule.append("---:|");
    }
    if (mm.values().stream().noneMatch(include)) {
      out.println("(no such set)");
      return;
    }
    out.println(head);
    out.println(rule);
    for (Map.Entry<String, Score> e : mm.entrySet()) {
      Score s = e.getValue();
      if (!include.test(s)) {
        continue;
      }
      StringBuilder row = new StringBuilder("| " + e.getKey() + " | " + count.apply(s) + " | ");
      row.append(cell.apply(s)).append(" |");
      for (Peer p : peers) {
        Map<String, Score> ps = scores.get(p.name());
        String c;
        if (ps == null) {
          String note = notes.getOrDefault(p.name(), "");
          c = note.startsWith("not installed") ? "not installed" : "failed";
        } else {
          c = cell.apply(ps.getOrDefault(e.getKey(), new Score()));
        }
        row.append(' ').append(c).append(" |");
      }
      out.println(row);
    }
  }

  private static List<String> lines(List<Sample> samples) {
    List<String> out = new ArrayList<>(samples.size());
    for (Sample s : samples) {
      out.add(s.line());
    }
    return out;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
