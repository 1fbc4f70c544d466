package dev.mimamori.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerRunTest {
  /** A peer that reports every line containing "attack". */
  record Fake(String name, boolean installed) implements Peer {
    @Override
    public Optional<String> unavailable() {
      return installed ? Optional.empty() : Optional.of("not installed");
    }

    @Override
    public boolean stateful() {
      return false;
    }

    @Override
    public BitSet flagged(List<String> lines, String logType, Path work) {
      BitSet b = new BitSet();
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains("attack")) {
          b.set(i);
        }
      }
      return b;
    }
  }

  @Test
  void printsEachPeerBesideMimamoriAndNotInstalledForAMissingOne() throws Exception {
    List<Sample> samples =
        List.of(
            new Sample("s", true, "", "attack 1"),
            new Sample("s", true, "", "quiet attack-free? no: attack 2"),
            new Sample("s", true, "", "missed"),
            new Sample("s", false, "", "benign but attack-looking"),
            new Sample("s", false, "", "benign"));
    Map<String, Score> mimamori = new LinkedHashMap<>();
    Score m = new Score();
    m.lines = 5;
    m.attacks = 2;
    m.unparsed = 1;
    m.unparsedAttacks = 1;
    m.detected = 2;
    m.benign = 2;
    mimamori.put("s", m);
    StringWriter out = new StringWriter();

    PeerRun run =
        new PeerRun(
            List.of(new Fake("fake", true), new Fake("absent", false)),
            new PrintWriter(new StringWriter()));
    run.measure(List.of(new LabelledLog("s", "nginx", samples)));
    run.print(mimamori, new PrintWriter(out));

    assertThat(out.toString())
        .contains("| data set | attack lines | mimamori | fake | absent |")
        .contains("| s | 3 | 66.7% | 66.7% | not installed |")
        .contains("| s | 2 | 0.0 (0) | 5000.0 (1) | not installed |")
        .contains("| s | 5 | 100.0% | 66.7% | not installed |")
        .contains("absent: not installed");
  }
}
