package dev.mimamori.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrowdSecHubTestTest {
  static final String ATTACKER =
      "1.2.3.4 - - [30/Sep/2021:11:11:54 +0200] \"GET /foo?a=%20union%20select%20 HTTP/1.1\" 404"
          + " 162 \"-\" \"curl/7.68.0\"";
  static final String OTHER =
      "5.6.7.8 - - [30/Sep/2021:11:11:55 +0200] \"GET /index.html HTTP/1.1\" 200 162 \"-\""
          + " \"Mozilla/5.0\"";

  @Test
  void readsTheSourcesAndTheCountOfAlertsAScenarioAssertExpects() {
    String asserted =
        "len(results) == 2\n"
            + "\"1.2.3.4\" in results[0].Overflow.GetSources()\n"
            + "results[0].Overflow.Sources[\"1.2.3.4\"].IP == \"1.2.3.4\"\n"
            + "\"2001:db8::1\" in results[1].Overflow.GetSources()\n";

    assertThat(CrowdSecHubTest.reportedSources(asserted)).containsExactly("1.2.3.4", "2001:db8::1");
    assertThat(CrowdSecHubTest.expectedAlerts(asserted)).hasValue(2);
    assertThat(CrowdSecHubTest.expectedAlerts("results[0].Overflow.Alert == nil")).isEmpty();
  }

  @Test
  void labelsTheLinesOfTheReportedSourcesAsAttacksAndNamesTheSetByBehaviour(@TempDir Path hub)
      throws IOException {
    scenario(hub, "crowdsecurity/http-sqli-probing", "http:exploit");
    Path t =
        test(
            hub,
            "nginx-http-sqli-probing",
            "scenarios:\n- crowdsecurity/http-sqli-probing\nlog_file: t.log\nlog_type: nginx\n",
            "len(results) == 1\n\"1.2.3.4\" in results[0].Overflow.GetSources()\n");

    Optional<LabelledLog> log = CrowdSecHubTest.read(hub, t);

    assertThat(log).isPresent();
    assertThat(log.get().name()).isEqualTo("crowdsec-hub/nginx-http-sqli-probing");
    assertThat(log.get().logType()).isEqualTo("nginx");
    assertThat(log.get().samples())
        .extracting(Sample::set, Sample::attack)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("crowdsec-hub/http:exploit", true),
            org.assertj.core.groups.Tuple.tuple("crowdsec-hub/http:exploit", false));
  }

  @Test
  void findsAScenarioNamedByPathAndReadsItsFirstDocumentWithABehaviour(@TempDir Path hub)
      throws IOException {
    Path f = Files.createDirectories(hub.resolve("scenarios/me")).resolve("multi.yaml");
    Files.writeString(
        f, "type: leaky\nname: me/a\n---\ntype: leaky\nlabels:\n  behavior: \"http:scan\"\n");

    assertThat(CrowdSecHubTest.behavior(hub, "./scenarios/me/multi.yaml")).hasValue("http:scan");
    assertThat(CrowdSecHubTest.behavior(hub, "me/multi")).hasValue("http:scan");
    assertThat(CrowdSecHubTest.behavior(hub, "../../etc/passwd")).isEmpty();
  }

  @Test
  void takesAWhitelistTestAsBenignAndLeavesOutParserOnlyAndNonWebTests(@TempDir Path hub)
      throws IOException {
    scenario(hub, "crowdsecurity/ssh-bf", "ssh:bruteforce");
    Path whitelist =
        test(
            hub,
            "app-whitelist",
            "parsers:\n- crowdsecurity/nginx-logs\n- ./parsers/s02-enrich/me/app-whitelist.yaml\n"
                + "scenarios:\n- \"\"\nlog_file: t.log\nlog_type: nginx\n",
            "");
    Path parserOnly =
        test(
            hub,
            "nginx-logs",
            "parsers:\n- crowdsecurity/nginx-logs\nlog_file: t.log\nlog_type: nginx\n",
            "");
    Path ssh =
        test(
            hub,
            "ssh",
            "scenarios:\n- crowdsecurity/ssh-bf\nlog_file: t.log\nlog_type: nginx\n",
            "\"1.2.3.4\" in results[0].Overflow.GetSources()\n");
    Path syslog =
        test(
            hub,
            "sys",
            "scenarios:\n- crowdsecurity/http-sqli-probing\nlog_file: t.log\nlog_type: syslog\n",
            "");

    assertThat(CrowdSecHubTest.read(hub, whitelist).orElseThrow().samples())
        .allMatch(s -> !s.attack() && s.set().equals("crowdsec-hub/whitelisted"));
    assertThat(CrowdSecHubTest.read(hub, parserOnly)).isEmpty();
    assertThat(CrowdSecHubTest.read(hub, ssh)).isEmpty();
    assertThat(CrowdSecHubTest.read(hub, syslog)).isEmpty();
  }

  @Test
  void findsTheClientAddressOfAccessSyslogWrappedAndErrorLogLines() {
    assertThat(CrowdSecHubTest.sourceOf(ATTACKER)).isEqualTo("1.2.3.4");
    assertThat(
            CrowdSecHubTest.sourceOf(
                "Sep 15 16:13:46 ip-172-31-43-28 nginx[2869]: 81.150.104.130 - -"
                    + " [15/Sep/2021:16:13:46 +0000] \"POST /wp-login.php HTTP/1.1\" 200 5 \"-\" \"-\""))
        .isEqualTo("81.150.104.130");
    assertThat(
            CrowdSecHubTest.sourceOf(
                "::1 - - [10/Oct/2023:10:00:00 +0000] \"GET / HTTP/1.1\" 503 1"))
        .isEqualTo("::1");
    assertThat(
            CrowdSecHubTest.sourceOf(
                "2022/04/02 13:39:51 [info] 8#8: *6631 client login failed, client: 5.34.207.182,"
                    + " server: 0.0.0.0:25"))
        .isEqualTo("5.34.207.182");
    assertThat(
            CrowdSecHubTest.sourceOf(
                "[Sun Jun 09 07:57:47 2013] [error] [client 192.0.43.10:5678] File does not exist"))
        .isEqualTo("192.0.43.10");
    assertThat(CrowdSecHubTest.sourceOf("no address here")).isEmpty();
  }

  private static void scenario(Path hub, String name, String behavior) throws IOException {
    Path f = hub.resolve("scenarios/" + name + ".yaml");
    Files.createDirectories(f.getParent());
    Files.writeString(
        f, "type: leaky\nname: " + name + "\nlabels:\n  behavior: \"" + behavior + "\"\n");
  }

  private static Path test(Path hub, String name, String config, String asserted)
      throws IOException {
    Path d = Files.createDirectories(hub.resolve(".tests").resolve(name));
    Files.writeString(d.resolve("config.yaml"), config);
    Files.writeString(d.resolve("scenario.assert"), asserted);
    Files.writeString(d.resolve("t.log"), ATTACKER + "\n\n" + OTHER + "\n");
    return d;
  }
}
