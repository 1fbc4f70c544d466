package dev.mimamori.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mimamori.agent.protocol.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands of the server run with the host's own settings, and only what the host permits. */
class CommandRunnerTest {
  @TempDir Path dir;

  CommandRunner runner(String yaml) throws Exception {
    Path f = dir.resolve("actions.yaml");
    Files.writeString(f, yaml);
    return new CommandRunner(LocalActions.load(f, dir.resolve("state")));
  }

  CommandRunner nginx() throws Exception {
    return runner("nginx-deny:\n  deny_file: " + dir.resolve("deny.conf") + "\n");
  }

  static Command command(String action, String type, String target, boolean undo, boolean dry) {
    return new Command("cmd_1", action, undo, type, target, null, dry, "shop-a", "inc-1", "admin");
  }

  @Test
  void aCommandForAnActionTheHostDoesNotPermitIsRefused() throws Exception {
    Command.Result r =
        nginx().run(command("quarantine-file", "file.path", "/var/www/x.php", false, false));

    assertThat(r.outcome()).isEqualTo(Command.Result.REFUSED);
  }

  @Test
  void withoutAnActionsFileEveryCommandIsRefused() {
    Command.Result r =
        new CommandRunner(LocalActions.none())
            .run(command("nginx-deny", "ip", "203.0.113.7", false, false));

    assertThat(r.summary()).contains("permits none");
  }

  @Test
  void nginxDenyWritesTheHostsOwnDenyFile() throws Exception {
    nginx().run(command("nginx-deny", "ip", "203.0.113.7", false, false));

    assertThat(Files.readString(dir.resolve("deny.conf"))).contains("deny 203.0.113.7;");
  }

  @Test
  void aDryRunWritesNothing() throws Exception {
    Command.Result r = nginx().run(command("nginx-deny", "ip", "203.0.113.8", false, true));

    assertThat(r.summary()).startsWith("dry run:");
    assertThat(dir.resolve("deny.conf")).doesNotExist();
  }

  @Test
  void undoRemovesTheDenyLine() throws Exception {
    CommandRunner r = nginx();
    r.run(command("nginx-deny", "ip", "203.0.113.9", false, false));

    r.run(command("nginx-deny", "ip", "203.0.113.9", true, false));

    assertThat(Files.readString(dir.resolve("deny.conf"))).doesNotContain("203.0.113.9");
  }

  @Test
  void aTargetTheActionRefusesIsReportedAsFailed() throws Exception {
    Command.Result r =
        nginx().run(command("nginx-deny", "ip", "1.2.3.4; include /etc/passwd", false, false));

    assertThat(r.outcome()).isEqualTo(Command.Result.FAILED);
  }

  /**
   * The real kernel, in a network namespace made for the test: skipped unless run as root with
   * {@code ip} and {@code nft} (Debian: iproute2, nftables), like NftablesBlockActionTest.
   */
  @Test
  void nftablesBlockAddsTheAddressToTheHostsSet() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name"))
            && Files.isExecutable(Path.of("/usr/sbin/nft")),
        "needs root, ip and nft");
    String ns = "mm-agent-" + ProcessHandle.current().pid();
    assumeTrue(ok("ip", "netns", "add", ns), "needs network namespaces");
    try {
      CommandRunner r =
          runner(
              "nftables-block:\n  nft_command: [ip, netns, exec, "
                  + ns
                  + ", nft]\n  table: shop\n  set4: bad4\n  set6: bad6\n  drop_rules: true\n");

      r.run(command("nftables-block", "ip", "203.0.113.66", false, false));

      assertThat(output("ip", "netns", "exec", ns, "nft", "list", "set", "inet", "shop", "bad4"))
          .contains("203.0.113.66");
    } finally {
      ok("ip", "netns", "del", ns);
    }
  }

  static boolean ok(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  static String output(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }
}
