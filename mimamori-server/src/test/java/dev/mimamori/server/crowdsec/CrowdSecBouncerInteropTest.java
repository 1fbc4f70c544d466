package dev.mimamori.server.crowdsec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mimamori.incidents.respond.DecisionList;
import dev.mimamori.incidents.respond.DecisionStream;
import dev.mimamori.incidents.respond.IpNet;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real CrowdSec bouncers (Debian's packages, built on crowdsecurity/go-cs-bouncer's StreamBouncer)
 * against the routes: they pull at startup, then every second, and act on what is added and
 * deleted. Skipped when the bouncer is not installed ({@code apt-get install
 * crowdsec-custom-bouncer crowdsec-firewall-bouncer}); the firewall bouncer also needs root, ip and
 * nft, and runs inside a network namespace made for the test, next to the routes in a process of
 * their own, so the machine's own firewall is never touched.
 */
class CrowdSecBouncerInteropTest {
  static final String KEY = "0123456789abcdef0123456789abcdef";
  @TempDir Path dir;

  @Test
  void theCustomBouncerAddsAndDeletesWhatTheStreamSays() throws Exception {
    Path bouncer = Path.of("/usr/bin/crowdsec-custom-bouncer");
    assumeTrue(Files.isExecutable(bouncer), "crowdsec-custom-bouncer is not installed");
    DecisionList list = new DecisionList(Clock.systemUTC());
    list.ban(IpNet.parse("192.0.2.10"), Duration.ofHours(1), "mimamori/startup", "s", "i");
    Javalin app = Javalin.create();
    new CrowdSecLapiRoutes(
            list, new DecisionStream(list), Map.of(CrowdSecLapiRoutes.hashKey(KEY), "custom"))
        .register(app);
    app.start("127.0.0.1", 0);
    Path calls = dir.resolve("calls.log");
    Path script = dir.resolve("record.sh");
    Files.writeString(script, "#!/bin/sh\necho \"$1 $2 $3\" >> " + calls + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Path config = dir.resolve("custom.yaml");
    Files.writeString(
        config,
        """
        bin_path: %s
        feed_via_stdin: false
        total_retries: 0
        scenarios_containing: []
        scenarios_not_containing: []
        origins: []
        piddir: %s
        update_frequency: 1s
        cache_retention_duration: 1s
        daemonize: false
        log_mode: file
        log_dir: %s
        log_level: debug
        api_url: http://127.0.0.1:%d/
        api_key: %s
        prometheus:
          enabled: false
          listen_addr: 127.0.0.1
          listen_port: 0
        """
            .formatted(script, dir, dir, app.port(), KEY));
    Process p =
        new ProcessBuilder(bouncer.toString(), "-c", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("bouncer.out").toFile())
            .start();
    try {
      assertThat(await(() -> read(calls).contains("add 192.0.2.10")))
          .as("startup decision applied; bouncer said: %s", bouncerLog())
          .isTrue();

      long id =
          list.ban(IpNet.parse("203.0.113.5"), Duration.ofMinutes(30), "mimamori/sqli", "s", "i")
              .id();
      assertThat(await(() -> read(calls).contains("add 203.0.113.5")))
          .as("new decision applied; bouncer said: %s", bouncerLog())
          .isTrue();

      list.delete(id);
      assertThat(await(() -> read(calls).contains("del 203.0.113.5")))
          .as("deleted decision lifted; bouncer said: %s", bouncerLog())
          .isTrue();
      assertThat(read(calls)).doesNotContain("del 192.0.2.10");
    } finally {
      p.destroy();
      p.waitFor();
      app.stop();
    }
  }

  @Test
  void theFirewallBouncerBlocksAndUnblocksInNftables() throws Exception {
    Path bouncer = Path.of("/usr/bin/crowdsec-firewall-bouncer");
    assumeTrue(Files.isExecutable(bouncer), "crowdsec-firewall-bouncer is not installed");
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")), "needs nft");
    String ns = "mm-cs-" + ProcessHandle.current().pid();
    assumeTrue(run("ip", "netns", "add", ns) == 0, "cannot make a network namespace");
    Process lapi = null;
    Process fw = null;
    try {
      run("ip", "-n", ns, "link", "set", "lo", "up");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      lapi =
          new ProcessBuilder(
                  "ip",
                  "netns",
                  "exec",
                  ns,
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  LapiFixture.class.getName(),
                  KEY)
              .redirectError(dir.resolve("lapi.err").toFile())
              .start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(lapi.getInputStream(), StandardCharsets.UTF_8));
      PrintWriter in =
          new PrintWriter(
              new OutputStreamWriter(lapi.getOutputStream(), StandardCharsets.UTF_8), true);
      int port = Integer.parseInt(untilPrefix(out, "ready ").substring(6));
      in.println("ban 192.0.2.10 3600");
      untilPrefix(out, "ok ");

      Path config = dir.resolve("fw.yaml");
      Files.writeString(
          config,
          """
          mode: nftables
          pid_dir: %s
          update_frequency: 1s
          daemonize: false
          log_mode: file
          log_dir: %s
          log_level: debug
          api_url: http://127.0.0.1:%d/
          api_key: %s
          insecure_skip_verify: false
          disable_ipv6: false
          deny_action: DROP
          deny_log: false
          supported_decisions_types:
            - ban
          blacklists_ipv4: crowdsec-blacklists
          blacklists_ipv6: crowdsec6-blacklists
          nftables:
            ipv4:
              enabled: true
              set-only: false
              table: crowdsec
              chain: crowdsec-chain
            ipv6:
              enabled: true
              set-only: false
              table: crowdsec6
              chain: crowdsec6-chain
          prometheus:
            enabled: false
            listen_addr: 127.0.0.1
            listen_port: 60601
          """
              .formatted(dir, dir, port, KEY));
      fw =
          new ProcessBuilder("ip", "netns", "exec", ns, bouncer.toString(), "-c", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("fw.out").toFile())
              .start();
      assertThat(await(() -> set(ns).contains("192.0.2.10")))
          .as("startup decision in the set; bouncer said: %s", fwLog())
          .isTrue();

      in.println("ban 203.0.113.5 1800");
      long id = Long.parseLong(untilPrefix(out, "ok ").substring(3));
      assertThat(await(() -> set(ns).contains("203.0.113.5")))
          .as("new decision in the set; bouncer said: %s", fwLog())
          .isTrue();

      in.println("delete " + id);
      untilPrefix(out, "ok");
      assertThat(await(() -> !set(ns).contains("203.0.113.5")))
          .as("deleted decision out of the set; bouncer said: %s", fwLog())
          .isTrue();
      assertThat(set(ns)).contains("192.0.2.10");
      in.println("quit");
    } finally {
      if (fw != null) {
        fw.destroy();
        fw.waitFor();
      }
      if (lapi != null) {
        lapi.destroy();
        lapi.waitFor();
      }
      run("ip", "netns", "del", ns);
    }
  }

  private String set(String ns) {
    try {
      Process p =
          new ProcessBuilder(
                  "ip",
                  "netns",
                  "exec",
                  ns,
                  "nft",
                  "list",
                  "set",
                  "ip",
                  "crowdsec",
                  "crowdsec-blacklists")
              .redirectErrorStream(true)
              .start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return s;
    } catch (IOException | InterruptedException e) {
      return "";
    }
  }

  private static String untilPrefix(BufferedReader r, String prefix) throws IOException {
    String line;
    while ((line = r.readLine()) != null) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new IOException("the LAPI fixture ended before '" + prefix + "'");
  }

  private static int run(String... command) throws Exception {
    return new ProcessBuilder(new ArrayList<>(List.of(command)))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
  }

  private String bouncerLog() {
    return read(dir.resolve("bouncer.out")) + read(dir.resolve("crowdsec-custom-bouncer.log"));
  }

  private String fwLog() {
    return read(dir.resolve("fw.out"))
        + read(dir.resolve("crowdsec-firewall-bouncer.log"))
        + read(dir.resolve("lapi.err"));
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean await(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (done.getAsBoolean()) {
        return true;
      }
      Thread.sleep(200);
    }
    return done.getAsBoolean();
  }
}
