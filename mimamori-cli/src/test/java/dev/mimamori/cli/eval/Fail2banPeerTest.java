package dev.mimamori.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fail2banPeerTest {
  @Test
  void leavesOutTheFilterThatNeedsADnsCheck() {
    assertThat(Fail2banPeer.webFilters())
        .contains("apache-badbots", "nginx-botsearch")
        .doesNotContain("apache-fakegooglebot");
  }

  @Test
  void isNotInstalledWithoutItsBinaryOrFilters(@TempDir Path dir) {
    assertThat(new Fail2banPeer(dir.resolve("f2b"), dir, List.of()).unavailable())
        .hasValue("not installed");
  }

  @Test
  void findsTheLinesAFilterMatchesBackByTheirText(@TempDir Path work) throws Exception {
    Path bin = Path.of("/usr/bin/fail2ban-regex");
    Path filters = Path.of("/etc/fail2ban/filter.d");
    Assumptions.assumeTrue(
        Files.isExecutable(bin) && Files.isRegularFile(filters.resolve("apache-badbots.conf")),
        "fail2ban not installed");
    String bot =
        "1.2.3.4 - - [05/Mar/2007:14:39:21 +0100] \"GET /x HTTP/1.0\" 301 459 \"-\""
            + " \"TrackBack/1.02\"";
    String browser = bot.replace("TrackBack/1.02", "Mozilla/5.0");

    Fail2banPeer p = new Fail2banPeer(bin, filters, List.of("apache-badbots"));

    assertThat(p.flagged(List.of(browser, bot, bot), "apache2", work).stream().boxed().toList())
        .containsExactly(1, 2);
  }
}
