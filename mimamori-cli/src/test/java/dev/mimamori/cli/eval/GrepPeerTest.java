package dev.mimamori.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrepPeerTest {
  @Test
  void joinsTheRuleLinesIntoOneRegexLeavingOutComments() {
    assertThat(GrepPeer.pattern("# a comment\nfoo|bar\n\n/etc/passwd\n"))
        .isEqualTo("(?:foo|bar)|(?:/etc/passwd)");
  }

  @Test
  void everyRuleLineCompilesAsARegex() {
    // Java's regex dialect is close enough to PCRE's to catch a broken line here.
    java.util.regex.Pattern.compile(GrepPeer.pattern(GrepPeer.readRules()));
  }

  @Test
  void reportsTheLinesGrepMatches(@TempDir Path work) throws Exception {
    Path grep = Path.of("/usr/bin/grep");
    Assumptions.assumeTrue(Files.isExecutable(grep), "no grep");
    List<String> lines =
        List.of(
            "1.2.3.4 - - [21/Nov/2026:10:00:00 +0900] \"GET /a?id=1%27%20UNION%20SELECT%201 HTTP/1.1\""
                + " 200 1 \"-\" \"-\"",
            "1.2.3.5 - - [21/Nov/2026:10:00:00 +0900] \"GET /products/list HTTP/1.1\" 200 1 \"-\""
                + " \"Mozilla/5.0\"",
            "1.2.3.6 - - [21/Nov/2026:10:00:00 +0900] \"GET / HTTP/1.1\" 200 1 \"-\" \"sqlmap/1.7\"");

    assertThat(GrepPeer.sameRules(grep).flagged(lines, "nginx", work).stream().boxed().toList())
        .containsExactly(0, 2);
  }

  @Test
  void isNotInstalledWithoutItsBinary(@TempDir Path dir) {
    assertThat(GrepPeer.sameRules(dir.resolve("grep")).unavailable()).hasValue("not installed");
  }
}
