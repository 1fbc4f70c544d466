package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.agent.Agent;
import dev.mimamori.agent.AgentIdentity;
import dev.mimamori.agent.AgentOptions;
import dev.mimamori.agent.DiskBuffer;
import dev.mimamori.agent.LocalActions;
import dev.mimamori.agent.protocol.Protocol;
import dev.mimamori.model.Alert;
import dev.mimamori.model.EvidenceRef;
import dev.mimamori.model.Incident;
import dev.mimamori.model.Severity;
import dev.mimamori.model.TimelineEntry;
import dev.mimamori.store.AuditRepository;
import dev.mimamori.store.TenantScope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local response (docs/AGENT.md): the response file's {@code agent} actions run on the shop host
 * through its agent, in this JVM with a real server on loopback, and come back to the incident's
 * timeline.
 */
class AgentResponseTest {
  static final String TENANT = "agent-respond-t";
  static final String SHELL = "<?php @eval($_POST['cmd']);\n";

  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String admin;
  static int sites;

  @BeforeAll
  static void start() throws Exception {
    Path respond = dir.resolve("respond.json");
    Files.writeString(
        respond,
        """
        {"actions": [
          {"name": "quarantine", "type": "agent", "run": "quarantine-file", "wait": "20s"},
          {"name": "quarantine-later", "type": "agent", "run": "quarantine-file", "wait": "1s"},
          {"name": "block-on-host", "type": "agent", "run": "nftables-block", "wait": "20s"}
        ]}
        """,
        StandardCharsets.UTF_8);
    ServerConfig config =
        ServerFixture.config(dir.resolve("data"), ServerFixture.writeLog(dir), null)
            .withNotify(respond);
    rt = MimamoriRuntime.start(config, Clock.systemUTC(), ServerFixture.ADMIN_PASSWORD);
    http = new TestHttp(rt.port());
    admin = http.token("admin", ServerFixture.ADMIN_PASSWORD);
    post("/api/v1/tenants", "{\"name\":\"Agent respond\",\"id\":\"" + TENANT + "\"}", 201);
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  static JsonNode post(String path, String body, int expect) {
    HttpResponse<String> r = http.sendJson("POST", path, body, "Authorization", "Bearer " + admin);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(expect);
    return TestHttp.json(r);
  }

  /** A shop of its own: its site (one host name, the incident's asset), web root and incident. */
  record Shop(String site, String asset, Path root, Path state, String incident) {
    Path shell() {
      return root.resolve("html/user_data/x.php");
    }
  }

  static Shop shop() throws Exception {
    String asset = "shop" + ++sites + ".respond.example";
    String site =
        post(
                "/api/v1/tenants/" + TENANT + "/sites",
                "{\"name\":\"" + asset + "\",\"hosts\":[\"" + asset + "\"]}",
                201)
            .get("id")
            .asText();
    Path root = dir.resolve(asset);
    Files.createDirectories(root.resolve("html/user_data"));
    Files.writeString(root.resolve("html/user_data/x.php"), SHELL);
    Instant now = Instant.now();
    rt.pipeline()
        .submitAlert(
            new Alert(
                "respond-" + UUID.randomUUID(),
                "mm-fim-test",
                "Web shell in html/user_data/x.php",
                "web.webshell",
                Severity.CRITICAL,
                TENANT,
                asset,
                now,
                null,
                List.of(new EvidenceRef(now, "agent/test", 0, 0, "x.php")),
                Set.of(),
                null));
    await(() -> incidentOf(asset) != null);
    return new Shop(site, asset, root, dir.resolve("state-" + asset), incidentOf(asset));
  }

  static String incidentOf(String asset) {
    return rt.store().incidents().list(TenantScope.of(TENANT), null, 200, 0).items().stream()
        .filter(i -> i.asset().equals(asset))
        .map(Incident::id)
        .findFirst()
        .orElse(null);
  }

  static void await(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s");
      }
      Thread.sleep(100);
    }
  }

  /** An agent of the shop's site permitting quarantine-file in the shop's web root. */
  static Agent agent(Shop s) throws Exception {
    Files.createDirectories(s.state());
    Path actions = dir.resolve("actions-" + s.asset() + ".yaml");
    Files.writeString(actions, "quarantine-file:\n  roots: [\"" + s.root() + "\"]\n");
    return Agent.start(options(s, LocalActions.load(actions, s.state())));
  }

  static AgentOptions options(Shop s, LocalActions actions) {
    String token =
        post("/api/v1/agents/enrollment-tokens", "{\"site\":\"" + s.site() + "\"}", 201)
            .get("enroll_token")
            .asText();
    return new AgentOptions(
            URI.create("https://127.0.0.1:" + rt.agentPort()),
            token,
            s.state(),
            List.of(),
            16L * 1024 * 1024,
            DiskBuffer.FullPolicy.BLOCK,
            1,
            "test",
            List.of())
        .withActions(actions);
  }

  static HttpResponse<String> act(Shop s, String action, String target, boolean dryRun) {
    return http.sendJson(
        "POST",
        "/api/v1/incidents/" + s.incident() + "/actions",
        "{\"action\":\""
            + action
            + "\",\"target\":{\"type\":\"file.path\",\"value\":\""
            + target
            + "\"},\"dry_run\":"
            + dryRun
            + "}",
        "Authorization",
        "Bearer " + admin);
  }

  static List<TimelineEntry> timeline(Shop s) {
    return rt.store()
        .incidents()
        .get(TenantScope.allTenants(), s.incident())
        .orElseThrow()
        .timeline();
  }

  static List<AuditRepository.Entry> commandAudit() {
    return rt
        .store()
        .audit()
        .list(TenantScope.allTenants(), Instant.EPOCH, Instant.now().plusSeconds(60), 5000)
        .stream()
        .filter(e -> e.action().equals("agent.command"))
        .toList();
  }

  @Test
  void quarantineThroughTheAgentMovesTheWebShellIntoTheHostsVault() throws Exception {
    Shop s = shop();
    try (Agent a = agent(s)) {
      HttpResponse<String> r = act(s, "quarantine", s.shell().toString(), false);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(Files.exists(s.shell())).isFalse();
      try (var vault = Files.walk(s.state().resolve("vault"))) {
        assertThat(vault.filter(Files::isRegularFile).count()).isPositive();
      }
    }
  }

  @Test
  void theIncidentTimelineShowsTheAgentsResult() throws Exception {
    Shop s = shop();
    Path realDir = s.shell().getParent().toRealPath();
    try (Agent a = agent(s)) {
      act(s, "quarantine", s.shell().toString(), false);
      TimelineEntry last = timeline(s).get(timeline(s).size() - 1);
      assertThat(last.actor() + ": " + last.text())
          .startsWith("admin: quarantine file.path " + s.shell())
          .contains("agent ")
          .contains("quarantined " + realDir.resolve("x.php"));
    }
  }

  @Test
  void theHeartbeatSaysWhichActionsTheHostPermits() throws Exception {
    Shop s = shop();
    try (Agent a = agent(s)) {
      await(
          () ->
              TestHttp.json(
                      http.get("/api/v1/agents/" + a.id(), "Authorization", "Bearer " + admin))
                  .path("health")
                  .path("host")
                  .has("response_actions"));
      JsonNode agent =
          TestHttp.json(http.get("/api/v1/agents/" + a.id(), "Authorization", "Bearer " + admin));
      assertThat(agent.path("health").path("host").path("response_actions").asText())
          .isEqualTo("quarantine-file");
    }
  }

  @Test
  void anActionTheSitesConfigurationDoesNotListIsRefused() throws Exception {
    Shop s = shop();
    HttpResponse<String> put =
        http.sendJson(
            "PUT",
            "/api/v1/sites/" + s.site() + "/agent-config",
            "{\"actions\":[\"nftables-block\"],\"heartbeat_seconds\":1}",
            "Authorization",
            "Bearer " + admin);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    try (Agent a = agent(s)) {
      await(
          () ->
              TestHttp.json(
                          http.get("/api/v1/agents/" + a.id(), "Authorization", "Bearer " + admin))
                      .path("config_version")
                      .asLong()
                  >= 1);
      HttpResponse<String> r = act(s, "quarantine", s.shell().toString(), false);
      assertThat(r.statusCode()).isEqualTo(422);
      assertThat(r.body()).contains("does not let its agents run quarantine-file");
      assertThat(Files.exists(s.shell())).isTrue();
    }
  }

  @Test
  void anActionTheHostDoesNotPermitIsRefusedAndSaysSo() throws Exception {
    Shop s = shop();
    try (Agent a = agent(s)) {
      HttpResponse<String> r =
          http.sendJson(
              "POST",
              "/api/v1/incidents/" + s.incident() + "/actions",
              "{\"action\":\"block-on-host\",\"target\":{\"type\":\"ip\",\"value\":\"203.0.113.9\"}}",
              "Authorization",
              "Bearer " + admin);
      assertThat(r.statusCode()).isEqualTo(422);
      assertThat(r.body()).contains("refused").contains("does not permit nftables-block");
    }
  }

  @Test
  void aRefusedCommandIsAuditedAsRefused() throws Exception {
    Shop s = shop();
    try (Agent a = agent(s)) {
      http.sendJson(
          "POST",
          "/api/v1/incidents/" + s.incident() + "/actions",
          "{\"action\":\"block-on-host\",\"target\":{\"type\":\"ip\",\"value\":\"203.0.113.10\"}}",
          "Authorization",
          "Bearer " + admin);
      assertThat(commandAudit())
          .anySatisfy(
              e -> {
                assertThat(e.actor()).isEqualTo("agent " + a.id());
                assertThat(e.outcome()).isEqualTo("refused");
                assertThat(e.detail()).contains("203.0.113.10");
              });
    }
  }

  @Test
  void aDryRunSaysWhatTheHostWouldDoAndChangesNothing() throws Exception {
    Shop s = shop();
    try (Agent a = agent(s)) {
      HttpResponse<String> r = act(s, "quarantine", s.shell().toString(), true);
      assertThat(TestHttp.json(r).get("summary").asText())
          .startsWith("dry run: agent ")
          .contains("would quarantine");
      assertThat(Files.readString(s.shell())).isEqualTo(SHELL);
    }
  }

  @Test
  void aCommandNotFetchedInTimeIsPendingAndItsResultReachesTheTimelineLater() throws Exception {
    Shop s = shop();
    Path state = s.state();
    Files.createDirectories(state);
    Path actions = dir.resolve("actions-late.yaml");
    Files.writeString(actions, "quarantine-file:\n  roots: [\"" + s.root() + "\"]\n");
    AgentOptions o = options(s, LocalActions.load(actions, state));
    Agent.start(o).close(); // enrolled, then away
    HttpResponse<String> r = act(s, "quarantine-later", s.shell().toString(), false);
    assertThat(TestHttp.json(r).get("summary").asText()).contains("pending");
    try (Agent back = Agent.start(o)) {
      await(() -> timeline(s).stream().anyMatch(e -> e.text().contains("reported after the wait")));
      assertThat(Files.exists(s.shell())).isFalse();
    }
  }

  /**
   * nftables in a network namespace made for the test, as NftablesBlockActionTest: skipped unless
   * run as root with {@code ip} and {@code nft}.
   */
  @Test
  void aBlockThroughTheAgentLandsInTheHostsNftablesSet() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name"))
            && Files.isExecutable(Path.of("/usr/sbin/nft")),
        "needs root, ip and nft");
    String ns = "mm-respond-" + ProcessHandle.current().pid();
    assumeTrue(ok("ip", "netns", "add", ns), "needs network namespaces");
    try {
      Shop s = shop();
      Files.createDirectories(s.state());
      Path actions = dir.resolve("actions-nft.yaml");
      Files.writeString(
          actions, "nftables-block:\n  nft_command: [ip, netns, exec, " + ns + ", nft]\n");
      try (Agent a = Agent.start(options(s, LocalActions.load(actions, s.state())))) {
        http.sendJson(
            "POST",
            "/api/v1/incidents/" + s.incident() + "/actions",
            "{\"action\":\"block-on-host\",\"target\":{\"type\":\"ip\",\"value\":\"203.0.113.77\"},\"ttl\":\"1h\"}",
            "Authorization",
            "Bearer " + admin);
        assertThat(
                output(
                    "ip",
                    "netns",
                    "exec",
                    ns,
                    "nft",
                    "list",
                    "set",
                    "inet",
                    "mimamori",
                    "blocklist4"))
            .contains("203.0.113.77");
      }
    } finally {
      ok("ip", "netns", "del", ns);
    }
  }

  static boolean ok(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  static String output(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    return out;
  }

  /** An enrolled agent for raw requests: its id and TLS with its certificate. */
  record Raw(String id, SSLContext tls) {}

  static Raw raw(Shop s) throws Exception {
    try (Agent a = Agent.start(options(s, LocalActions.none()))) {
      return new Raw(a.id(), AgentIdentity.load(s.state()).sslContext());
    }
  }

  static HttpResponse<String> send(Raw a, String method, String path, String body)
      throws Exception {
    HttpClient c =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(a.tls()).build();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + rt.agentPort() + path));
    b =
        body == null
            ? b.GET()
            : b.method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
    return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static final String RESULT =
      "{\"outcome\":\"done\",\"changed\":true,\"temporary\":false,\"summary\":\"did it\"}";

  /** Queues a command for the raw agent of a shop (its answer: pending, as it never fetches). */
  static String queuedFor(Raw agent, Shop s) throws Exception {
    act(s, "quarantine-later", s.shell().toString(), false);
    JsonNode pending = TestHttp.JSON.readTree(send(agent, "GET", Protocol.COMMANDS, null).body());
    return pending.get("commands").get(0).get("id").asText();
  }

  @Test
  void anotherAgentDoesNotSeeTheCommand() throws Exception {
    Shop s = shop();
    Raw mine = raw(s);
    String id = queuedFor(mine, s);
    Raw other = raw(shop());
    String theirs = send(other, "GET", Protocol.COMMANDS, null).body();
    assertThat(theirs).doesNotContain(id);
  }

  @Test
  void anotherAgentCannotPostTheResult() throws Exception {
    Shop s = shop();
    Raw mine = raw(s);
    String id = queuedFor(mine, s);
    Raw other = raw(shop());
    HttpResponse<String> r = send(other, "POST", Protocol.commandResult(id), RESULT);
    assertThat(r.statusCode()).isEqualTo(404);
  }

  @Test
  void aResultPostedTwiceIsRecordedOnce() throws Exception {
    Shop s = shop();
    Raw mine = raw(s);
    String id = queuedFor(mine, s);
    send(mine, "POST", Protocol.commandResult(id), RESULT);
    HttpResponse<String> again = send(mine, "POST", Protocol.commandResult(id), RESULT);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("\"recorded\":false");
  }

  @Test
  void commandsNeedTheAgentsCertificate() throws Exception {
    Raw anyone = new Raw("none", AgentIdentity.trusting(rawCa()));
    assertThat(send(anyone, "GET", Protocol.COMMANDS, null).statusCode()).isEqualTo(401);
  }

  static java.security.cert.X509Certificate rawCa() throws Exception {
    return AgentIdentity.certificate(
        Files.readString(dir.resolve("data").resolve("agent-ca").resolve("ca.crt")));
  }

  @Test
  void anAgentActionRunsOnlyActionsOfTheHost() {
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    dev.mimamori.server.respond.ResponseSettings.parse(
                        TestHttp.JSON.readTree(
                            "{\"actions\":[{\"name\":\"x\",\"type\":\"agent\",\"run\":\"aws-waf-ipset\"}]}"),
                        new dev.mimamori.incidents.respond.DecisionList(Clock.systemUTC()))))
        .hasMessageContaining("must be an action of the shop host");
  }
}
