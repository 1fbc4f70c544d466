package dev.mimamori.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class Fail2banFixtureTest {
  @Test
  void labelsTheLineAfterEachFailJsonAndLeavesOutUnlabelledLinesAndOtherComments() {
    String text =
        String.join(
            "\n",
            "# filterOptions: [{\"mode\": \"aggressive\"}]",
            "# failJSON: { \"time\": \"2007-03-05T14:39:21\", \"match\": true , \"host\": \"1.2.3.4\" }",
            "",
            "1.2.3.4 - - [05/Mar/2007:14:39:21 +0100] \"GET /a HTTP/1.0\" 404 1 \"-\" \"TrackBack/1.02\"",
            "5.6.7.8 - - [05/Mar/2007:14:39:22 +0100] \"GET /unlabelled HTTP/1.0\" 200 1 \"-\" \"-\"",
            "# failJSON: { \"match\": false }",
            "# some other comment",
            "5.6.7.8 - - [05/Mar/2007:14:39:23 +0100] \"GET /b HTTP/1.0\" 200 1 \"-\" \"-\"",
            "# failJSON: { \"match\": true }",
            "");

    List<Sample> s = Fail2banFixture.read("fail2ban/x", text);

    assertThat(s)
        .extracting(
            Sample::attack,
            x -> x.line().substring(x.line().indexOf("GET") + 4, x.line().indexOf(" HTTP")))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(true, "/a"),
            org.assertj.core.groups.Tuple.tuple(false, "/b"));
    assertThat(s).allMatch(x -> x.set().equals("fail2ban/x"));
  }

  @Test
  void ignoresAFailJsonWithoutAMatchVerdict() {
    assertThat(Fail2banFixture.read("f", "# failJSON: { \"time\": \"x\" }\nsome line\n")).isEmpty();
  }
}
