package dev.mimamori.incidents.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.model.Observable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against the real kernel, inside two network namespaces made for the test and joined by a veth
 * pair: "shop" (192.0.2.1, where nft runs) and "client" (192.0.2.2). Skipped unless run as root
 * with {@code ip} and {@code nft} installed (Debian: iproute2, nftables; iputils-ping for the
 * traffic check).
 */
class NftablesBlockActionTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SHOP = "mm-shop-" + ProcessHandle.current().pid();
  static final String CLIENT = "mm-client-" + ProcessHandle.current().pid();
  static boolean ready;

  NftablesBlockAction action;

  @BeforeAll
  static void namespaces() throws Exception {
    if (!"root".equals(System.getProperty("user.name"))
        || !Files.isExecutable(Path.of("/usr/sbin/nft"))
        || !(Files.isExecutable(Path.of("/usr/sbin/ip"))
            || Files.isExecutable(Path.of("/sbin/ip")))) {
      return;
    }
    ready =
        ok("ip", "netns", "add", SHOP)
            && ok("ip", "netns", "add", CLIENT)
            && ok(
                "ip",
                "link",
                "add",
                "mmv" + suffix(),
                "netns",
                SHOP,
                "type",
                "veth",
                "peer",
                "name",
                "mmp" + suffix(),
                "netns",
                CLIENT)
            && ok("ip", "-n", SHOP, "addr", "add", "192.0.2.1/24", "dev", "mmv" + suffix())
            && ok("ip", "-n", CLIENT, "addr", "add", "192.0.2.2/24", "dev", "mmp" + suffix())
            && ok("ip", "-n", SHOP, "link", "set", "mmv" + suffix(), "up")
            && ok("ip", "-n", CLIENT, "link", "set", "mmp" + suffix(), "up")
            && ok("ip", "-n", SHOP, "link", "set", "lo", "up")
            && ok("ip", "-n", CLIENT, "link", "set", "lo", "up");
  }

  @AfterAll
  static void removeNamespaces() throws Exception {
    ok("ip", "netns", "del", SHOP);
    ok("ip", "netns", "del", CLIENT);
  }

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(ready, "needs root, ip, nft and network namespaces");
    assertThat(ok("ip", "netns", "exec", SHOP, "nft", "flush", "ruleset")).isTrue();
    action =
        (NftablesBlockAction)
            ResponseActions.find("nftables-block")
                .orElseThrow()
                .create(
                    new NftablesBlockAction.Config(List.of("ip", "netns", "exec", SHOP, "nft")));
  }

  static ActionRequest ip(String v) {
    return new ActionRequest("shop", "inc-2", Observable.ip(v));
  }

  @Test
  void addsTheAddressWithTheTtlAsItsKernelTimeout() throws Exception {
    ActionResult r = action.execute(ip("203.0.113.5").withTtl(Duration.ofHours(1)));

    assertThat(r.changed()).isTrue();
    JsonNode e = element("blocklist4", "203.0.113.5");
    assertThat(e).isNotNull();
    assertThat(e.path("timeout").asInt()).isEqualTo(3600);
    assertThat(e.path("expires").asInt()).isBetween(3500, 3600);
  }

  @Test
  void withoutATtlTheElementStaysUntilUndone() throws Exception {
    action.execute(ip("203.0.113.5"));

    JsonNode e = element("blocklist4", "203.0.113.5");
    assertThat(e).isNotNull();
    assertThat(e.has("timeout")).isFalse();
  }

  @Test
  void undoDeletesTheElement() throws Exception {
    action.execute(ip("203.0.113.5").withTtl(Duration.ofHours(1)));

    assertThat(action.undo(ip("203.0.113.5")).changed()).isTrue();

    assertThat(element("blocklist4", "203.0.113.5")).isNull();
    assertThat(action.undo(ip("203.0.113.5")).changed()).isFalse();
  }

  @Test
  void networksAndIpv6GoToTheirSets() throws Exception {
    action.execute(ip("198.51.100.0/24"));
    action.execute(ip("2001:db8::1").withTtl(Duration.ofMinutes(5)));

    assertThat(elements("blocklist4").toString()).contains("\"198.51.100.0\"").contains("24");
    assertThat(element("blocklist6", "2001:db8::1")).isNotNull();
  }

  @Test
  void addingTwiceChangesNothing() throws Exception {
    action.execute(ip("203.0.113.5"));

    assertThat(action.execute(ip("203.0.113.5")).changed()).isFalse();
  }

  @Test
  void theKernelExpiresTheElement() throws Exception {
    action.execute(ip("203.0.113.9").withTtl(Duration.ofSeconds(1)));
    assertThat(element("blocklist4", "203.0.113.9")).isNotNull();

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (element("blocklist4", "203.0.113.9") != null && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }

    assertThat(element("blocklist4", "203.0.113.9")).isNull();
  }

  @Test
  void aDryRunRunsNothing() throws Exception {
    ActionResult r = action.execute(ip("203.0.113.5").withTtl(Duration.ofHours(1)).asDryRun());

    assertThat(r.summary()).startsWith("dry run: would add 203.0.113.5 timeout 3600s");
    assertThat(ok("ip", "netns", "exec", SHOP, "nft", "list", "table", "inet", "mimamori"))
        .isFalse();
  }

  @Test
  void trafficFromABlockedAddressIsDropped() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/ping")) || Files.isExecutable(Path.of("/bin/ping")),
        "needs ping (iputils-ping)");
    assertThat(ping()).as("ping before the block").isTrue();

    action.execute(ip("192.0.2.2").withTtl(Duration.ofMinutes(5)));

    assertThat(ping()).as("ping while blocked").isFalse();

    action.undo(ip("192.0.2.2"));

    assertThat(ping()).as("ping after undo").isTrue();
  }

  private static boolean ping() throws Exception {
    // Three tries, so one lost packet does not fail the test.
    return ok(
        "ip",
        "netns",
        "exec",
        CLIENT,
        "ping",
        "-c",
        "3",
        "-i",
        "0.2",
        "-W",
        "1",
        "-q",
        "192.0.2.1");
  }

  private static JsonNode elements(String set) throws Exception {
    String out =
        run("ip", "netns", "exec", SHOP, "nft", "-j", "list", "set", "inet", "mimamori", set);
    for (JsonNode n : JSON.readTree(out).path("nftables")) {
      if (n.has("set")) {
        return n.get("set").path("elem");
      }
    }
    return JSON.createArrayNode();
  }

  /** The element of that value ({"val":..,"timeout":..,"expires":..}), or null. */
  private static JsonNode element(String set, String value) throws Exception {
    for (JsonNode e : elements(set)) {
      if (e.path("elem").path("val").asText().equals(value)) {
        return e.get("elem");
      }
      if (e.asText().equals(value)) {
        return e;
      }
    }
    return null;
  }

  private static String suffix() {
    return Long.toString(ProcessHandle.current().pid() % 100000);
  }

  private static boolean ok(String... command) throws Exception {
    return new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor()
        == 0;
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
  }
}
