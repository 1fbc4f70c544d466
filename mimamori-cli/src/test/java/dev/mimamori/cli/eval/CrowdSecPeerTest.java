package dev.mimamori.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrowdSecPeerTest {
  static final String LOG =
      String.join(
          "\n",
          "time=\"26-11-2026 06:00:08\" level=info msg=\"Adding leaky bucket\" name=x",
          "time=\"26-11-2026 06:00:08\" level=info msg=\"Ip 1.2.3.4 performed"
              + " 'crowdsecurity/http-probing' (11 events over 4.5s) at 2021-09-30 11:12:00 +0200"
              + " +0200\"",
          "time=\"26-11-2026 06:00:08\" level=info msg=\"Ip 2001:0db8:0000:0000:0000:0000:0000:0001"
              + " performed 'crowdsecurity/http-bad-user-agent' (2 events over -1m2s) at 2015-05-18"
              + " 16:05:12 +0000 UTC\"");

  static String line(String ip, String time) {
    return ip + " - - [" + time + "] \"GET / HTTP/1.1\" 404 1 \"-\" \"-\"";
  }

  @Test
  void readsTheAlertsOfAReplayLog() {
    List<CrowdSecPeer.Alert> a = CrowdSecPeer.alerts(LOG);

    assertThat(a).hasSize(2);
    assertThat(a.get(0).ip()).isEqualTo("1.2.3.4");
    assertThat(a.get(0).scenario()).isEqualTo("crowdsecurity/http-probing");
    // 11:12:00 +0200 is 09:12:00 UTC; events over 4.5 s, a second of slack either side.
    long at = java.time.Instant.parse("2021-09-30T09:12:00Z").getEpochSecond();
    assertThat(a.get(0).fromEpoch()).isEqualTo(at - 5 - 1);
    assertThat(a.get(0).toEpoch()).isEqualTo(at + 5 + 1);
    assertThat(a.get(1).ip()).isEqualTo("2001:db8:0:0:0:0:0:1");
  }

  @Test
  void readsGoDurations() {
    assertThat(CrowdSecPeer.goSeconds("0s")).isZero();
    assertThat(CrowdSecPeer.goSeconds("-23s")).isEqualTo(-23);
    assertThat(CrowdSecPeer.goSeconds("1h2m3.5s")).isEqualTo(3723.5, within(1e-9));
    assertThat(CrowdSecPeer.goSeconds("350ms")).isEqualTo(0.35, within(1e-9));
  }

  @Test
  void countsTheLinesOfTheReportedAddressWithinTheAlertsTime() {
    List<String> lines =
        List.of(
            line("1.2.3.4", "30/Sep/2021:11:11:55 +0200"),
            line("1.2.3.4", "30/Sep/2021:11:30:00 +0200"),
            line("9.9.9.9", "30/Sep/2021:11:12:00 +0200"),
            line("2001:db8::1", "18/May/2015:16:04:30 +0000"),
            "2021/09/30 11:12:00 [error] 1#1: *1 open() failed, client: 1.2.3.4, server: x");

    assertThat(CrowdSecPeer.linesOf(CrowdSecPeer.alerts(LOG), lines).stream().boxed().toList())
        .containsExactly(0, 3, 4);
  }

  @Test
  void writesAPrivateConfigurationWithTheLocalApiOnTheGivenPort(@TempDir Path dir) {
    String yaml = CrowdSecPeer.configYaml(dir, Path.of("/hub"), 18089);

    assertThat(yaml)
        .contains("config_dir: " + dir.resolve("etc") + "/")
        .contains("hub_dir: /hub/")
        .contains("listen_uri: 127.0.0.1:18089")
        .contains("db_path: " + dir.resolve("var/crowdsec.db"))
        .doesNotContain("/etc/crowdsec", "/var/lib/crowdsec");
  }

  @Test
  void isNotInstalledWithoutItsBinary(@TempDir Path dir) {
    CrowdSecPeer p = new CrowdSecPeer(dir.resolve("crowdsec"), dir.resolve("cscli"), dir, dir, dir);

    assertThat(p.unavailable()).hasValue("not installed");
  }
}
