package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.agent.Agent;
import dev.mimamori.agent.AgentIdentity;
import dev.mimamori.agent.AgentOptions;
import dev.mimamori.agent.DiskBuffer;
import dev.mimamori.agent.protocol.AgentConfig;
import dev.mimamori.agent.protocol.Protocol;
import dev.mimamori.store.TenantScope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent listener with real agents in this JVM: enrollment, exactly-once batches, refusals of
 * forged, replayed, malformed and unauthenticated requests, revocation, central configuration.
 */
class AgentListenerTest {
  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static TestHttp http;
  static String admin;
  static String site;
  static int n;

  static final String TENANT = "agents-t";
  static final DateTimeFormatter CLF =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

  @BeforeAll
  static void start() throws Exception {
    rt = ServerFixture.start(dir.resolve("data"), ServerFixture.writeLog(dir));
    http = new TestHttp(rt.port());
    admin = http.token("admin", ServerFixture.ADMIN_PASSWORD);
    post("/api/v1/tenants", "{\"name\":\"Agents\",\"id\":\"" + TENANT + "\"}", 201);
    site =
        post(
                "/api/v1/tenants/" + TENANT + "/sites",
                "{\"name\":\"shop\",\"hosts\":[\"ag.example\"]}",
                201)
            .get("id")
            .asText();
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

  static String enrollToken() {
    return post("/api/v1/agents/enrollment-tokens", "{\"site\":\"" + site + "\"}", 201)
        .get("enroll_token")
        .asText();
  }

  static URI agentUrl() {
    return URI.create("https://127.0.0.1:" + rt.agentPort());
  }

  /** Lines of today, each with its own path, so they are not dropped by the retention. */
  static List<String> lines(String tag, int count) {
    String now = ZonedDateTime.now(ZoneOffset.UTC).format(CLF);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(
          "203.0.113."
              + (i % 200 + 1)
              + " - - ["
              + now
              + "] \"GET /"
              + tag
              + "/"
              + i
              + " HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"");
    }
    return out;
  }

  static Path log(String name, List<String> lines) throws Exception {
    Path f = dir.resolve(name);
    Files.write(f, lines, StandardCharsets.UTF_8);
    return f;
  }

  static AgentOptions options(Path state, String token, Path... logs) {
    return options(state, token, List.of(), logs);
  }

  static AgentOptions options(Path state, String token, List<Path> roots, Path... logs) {
    List<AgentConfig.WatchedLog> watched = new ArrayList<>();
    for (Path l : logs) {
      watched.add(new AgentConfig.WatchedLog(l.toString(), "combined"));
    }
    return new AgentOptions(
        agentUrl(),
        token,
        state,
        watched,
        16L * 1024 * 1024,
        DiskBuffer.FullPolicy.BLOCK,
        1,
        "test",
        roots);
  }

  static long stored(String tag) throws Exception {
    return rt.archive()
        .search("url.path:\\/" + tag + "\\/*", null, null, Set.of(TENANT), 10_000)
        .total();
  }

  static void awaitStored(String tag, long expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (stored(tag) < expected && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    rt.pipeline().flush(Duration.ofSeconds(5));
  }

  @Test
  void enrolledAgentShipsEveryLineOnce() throws Exception {
    Path log = log("once.log", lines("once", 2_500));
    try (Agent a = Agent.start(options(dir.resolve("s-once"), enrollToken(), log))) {
      awaitStored("once", 2_500);
      Thread.sleep(1_500); // a resend would show now
      assertThat(stored("once")).isEqualTo(2_500);
    }
  }

  @Test
  void agentLinesBelongToTheAgentsTenantAndSite() throws Exception {
    Path log = log("own.log", lines("own", 10));
    try (Agent a = Agent.start(options(dir.resolve("s-own"), enrollToken(), log))) {
      awaitStored("own", 10);
      var found = rt.archive().search("url.path:\\/own\\/*", null, null, null, 100).events().get(0);
      assertThat(found.tenant()).isEqualTo(TENANT);
    }
  }

  @Test
  void aUsedEnrollmentTokenIsRefused() throws Exception {
    String token = enrollToken();
    try (Agent a = Agent.start(options(dir.resolve("s-used1"), token))) {
      assertThatThrownBy(() -> Agent.start(options(dir.resolve("s-used2"), token)))
          .hasMessageContaining("used already");
    }
  }

  static HttpResponse<String> enrollRaw(String token, java.security.KeyPair key) throws Exception {
    String secret = token.substring(0, token.lastIndexOf('.'));
    var body = Protocol.json().createObjectNode();
    body.put("protocol", Protocol.VERSION);
    body.put("token", secret);
    body.put("csr", AgentIdentity.csr(key, "host"));
    body.put("name", "host");
    body.putObject("host");
    return send(
        AgentIdentity.trusting(rawCa()),
        "POST",
        Protocol.ENROLL,
        Protocol.json().writeValueAsString(body));
  }

  @Test
  void anAgentAskingAgainWithItsKeyGetsItsOwnAgentBack() throws Exception {
    String token = enrollToken();
    java.security.KeyPair key = AgentIdentity.newKeyPair();
    JsonNode first = TestHttp.JSON.readTree(enrollRaw(token, key).body());
    HttpResponse<String> again = enrollRaw(token, key);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(TestHttp.JSON.readTree(again.body()).get("agent").asText())
        .isEqualTo(first.get("agent").asText());
  }

  @Test
  void anotherKeyWithAUsedTokenIsRefused() throws Exception {
    String token = enrollToken();
    enrollRaw(token, AgentIdentity.newKeyPair());
    HttpResponse<String> other = enrollRaw(token, AgentIdentity.newKeyPair());
    assertThat(other.statusCode()).isEqualTo(401);
    assertThat(other.body()).contains("used already");
  }

  @Test
  void anExpiredEnrollmentTokenIsRefused() throws Exception {
    var t =
        rt.store()
            .agents()
            .issueToken(TenantScope.of(TENANT), site, "admin", Duration.ofMillis(1))
            .orElseThrow();
    Thread.sleep(20);
    String token = t.secret() + "." + pin();
    assertThatThrownBy(() -> Agent.start(options(dir.resolve("s-exp"), token)))
        .hasMessageContaining("expired");
  }

  @Test
  void aTokenNamingAnotherCaIsNeverSentToThisServer() throws Exception {
    String token = enrollToken();
    String wrong = token.substring(0, token.lastIndexOf('.') + 1) + "ab".repeat(32);
    assertThatThrownBy(() -> Agent.start(options(dir.resolve("s-pin"), wrong)))
        .hasMessageContaining("not the one the enrollment token names");
    assertThat(rt.store().agents().tokens(TenantScope.of(TENANT)))
        .filteredOn(x -> token.startsWith(x.id()))
        .isEmpty();
  }

  static String pin() {
    String t = enrollToken();
    return t.substring(t.lastIndexOf('.') + 1);
  }

  /** An agent enrolled for raw requests: its id and TLS with its certificate. */
  record Raw(String id, SSLContext tls) {}

  static Raw rawAgent(String name) throws Exception {
    Path state = dir.resolve("s-" + name);
    try (Agent a = Agent.start(options(state, enrollToken()))) {
      return new Raw(a.id(), AgentIdentity.load(state).sslContext());
    }
  }

  static HttpResponse<String> send(SSLContext tls, String method, String path, String body)
      throws Exception {
    HttpClient c =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
    HttpRequest.Builder b = HttpRequest.newBuilder(agentUrl().resolve(path));
    b =
        body == null
            ? b.GET()
            : b.method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
    return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String batch(String agent, long first, String tag, int count) throws Exception {
    var json = Protocol.json();
    var root = json.createObjectNode();
    root.put("protocol", Protocol.VERSION);
    root.put("agent", agent);
    root.put("first", first);
    root.put("last", first + count - 1);
    root.put("dropped", 0);
    root.put("tenant", "shop-a"); // what a batch says of its tenant is never believed
    var records = root.putArray("records");
    List<String> ls = lines(tag, count);
    long off = 0;
    for (int i = 0; i < count; i++) {
      var r = records.addObject();
      r.put("seq", first + i);
      r.put("path", "/var/log/nginx/" + tag + ".log");
      r.put("format", "combined");
      r.put("file_key", "(dev=1,ino=" + tag.hashCode() + ")");
      r.put("offset", off);
      off += ls.get(i).length() + 1;
      r.put("next", off);
      r.put("line", i + 1);
      r.put("text", ls.get(i));
      r.put("truncated", false);
    }
    return json.writeValueAsString(root);
  }

  @Test
  void aReplayedBatchIsAnsweredAsStoredAndNotStoredAgain() throws Exception {
    Raw a = rawAgent("replay");
    String b = batch(a.id(), 1, "replay", 5);
    assertThat(send(a.tls(), "POST", Protocol.BATCHES, b).statusCode()).isEqualTo(200);
    HttpResponse<String> again = send(a.tls(), "POST", Protocol.BATCHES, b);
    assertThat(again.statusCode()).isEqualTo(409);
    rt.pipeline().flush(Duration.ofSeconds(5));
    assertThat(stored("replay")).isEqualTo(5);
  }

  @Test
  void aReplayedBatchLeavesAnAuditEntry() throws Exception {
    Raw a = rawAgent("replay-audit");
    String b = batch(a.id(), 1, "replayaudit", 2);
    send(a.tls(), "POST", Protocol.BATCHES, b);
    send(a.tls(), "POST", Protocol.BATCHES, b);
    assertThat(
            rt.store()
                .audit()
                .list(
                    TenantScope.allTenants(),
                    java.time.Instant.EPOCH,
                    java.time.Instant.now().plusSeconds(60),
                    1000))
        .anySatisfy(
            e -> {
              assertThat(e.action()).isEqualTo("agent.batch");
              assertThat(e.outcome()).isEqualTo("replayed");
              assertThat(e.target()).isEqualTo(a.id());
            });
  }

  @Test
  void linesSentAgainUnderNewSequenceNumbersAreNotStoredTwice() throws Exception {
    Raw a = rawAgent("reseq");
    send(a.tls(), "POST", Protocol.BATCHES, batch(a.id(), 1, "reseq", 4));
    // The same lines of the same file (the agent lost its buffer and read them again).
    HttpResponse<String> r = send(a.tls(), "POST", Protocol.BATCHES, batch(a.id(), 5, "reseq", 4));
    assertThat(r.statusCode()).isEqualTo(200);
    rt.pipeline().flush(Duration.ofSeconds(5));
    assertThat(stored("reseq")).isEqualTo(4);
  }

  @Test
  void aBatchNamingAnotherAgentIsRefusedAsForged() throws Exception {
    Raw a = rawAgent("forge");
    HttpResponse<String> r =
        send(a.tls(), "POST", Protocol.BATCHES, batch("agt_someone_else", 1, "forge", 1));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("comes from agent " + a.id());
  }

  @Test
  void aBatchNamingAnotherTenantIsStoredUnderTheAgentsOwn() throws Exception {
    Raw a = rawAgent("tenant");
    // batch() writes "tenant":"shop-a" into the batch: an agent of agents-t claiming shop-a.
    assertThat(send(a.tls(), "POST", Protocol.BATCHES, batch(a.id(), 1, "claim", 3)).statusCode())
        .isEqualTo(200);
    rt.pipeline().flush(Duration.ofSeconds(5));
    assertThat(
            rt.archive().search("url.path:\\/claim\\/*", null, null, Set.of("shop-a"), 100).total())
        .isZero();
    assertThat(stored("claim")).isEqualTo(3);
  }

  @Test
  void aForgedBatchLeavesAnAuditEntry() throws Exception {
    Raw a = rawAgent("forge-audit");
    send(a.tls(), "POST", Protocol.BATCHES, batch("agt_nobody", 1, "forgeaudit", 1));
    assertThat(
            rt.store()
                .audit()
                .list(
                    TenantScope.allTenants(),
                    java.time.Instant.EPOCH,
                    java.time.Instant.now().plusSeconds(60),
                    1000))
        .anySatisfy(
            e -> {
              assertThat(e.action()).isEqualTo("agent.batch");
              assertThat(e.outcome()).isEqualTo("refused");
              assertThat(e.detail()).contains("agt_nobody");
            });
  }

  @Test
  void aMalformedBatchIsRefusedWithAClearError() throws Exception {
    Raw a = rawAgent("malformed");
    HttpResponse<String> r = send(a.tls(), "POST", Protocol.BATCHES, "{\"records\": [");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("malformed Batch document");
  }

  @Test
  void aBatchOfTooManyRecordsIsRefused() throws Exception {
    Raw a = rawAgent("big");
    HttpResponse<String> r =
        send(
            a.tls(),
            "POST",
            Protocol.BATCHES,
            batch(a.id(), 1, "big", Protocol.MAX_BATCH_RECORDS + 1));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("more than " + Protocol.MAX_BATCH_RECORDS + " records");
  }

  @Test
  void aBatchInAServerOnlyFormatIsRefused() throws Exception {
    Raw a = rawAgent("uptime");
    String b = batch(a.id(), 1, "up", 1).replace("\"combined\"", "\"uptime\"");
    HttpResponse<String> r = send(a.tls(), "POST", Protocol.BATCHES, b);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("written by the server only");
  }

  @Test
  void aRequestWithoutAClientCertificateIsRefused() throws Exception {
    var ca =
        AgentIdentity.certificate(
            send(AgentIdentity.trusting(rawCa()), "GET", Protocol.CA, null).body());
    HttpResponse<String> r = send(AgentIdentity.trusting(ca), "GET", Protocol.CONFIG, null);
    assertThat(r.statusCode()).isEqualTo(401);
  }

  static java.security.cert.X509Certificate rawCa() throws Exception {
    return AgentIdentity.certificate(
        Files.readString(dir.resolve("data").resolve("agent-ca").resolve("ca.crt")));
  }

  @Test
  void aRevokedAgentIsCutOffAtOnce() throws Exception {
    Raw a = rawAgent("revoked");
    assertThat(send(a.tls(), "GET", Protocol.CONFIG, null).statusCode()).isEqualTo(200);
    post("/api/v1/agents/" + a.id() + "/revoke", "{}", 200);
    HttpResponse<String> r = send(a.tls(), "GET", Protocol.CONFIG, null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("revoked");
  }

  @Test
  void agentRoutesAreNotAnsweredOnTheMainPort() {
    assertThat(http.get(Protocol.CA).statusCode()).isEqualTo(404);
  }

  @Test
  void theApiIsNotAnsweredOnTheAgentPort() throws Exception {
    HttpResponse<String> r =
        send(AgentIdentity.trusting(rawCa()), "GET", "/api/v1/incidents", null);
    assertThat(r.statusCode()).isEqualTo(404);
  }

  @Test
  void aNewCentralConfigurationIsAppliedWithoutARestart() throws Exception {
    Path later = log("later.log", lines("later", 7));
    try (Agent a = Agent.start(options(dir.resolve("s-config"), enrollToken()))) {
      HttpResponse<String> r =
          http.sendJson(
              "PUT",
              "/api/v1/sites/" + site + "/agent-config",
              "{\"logs\":[{\"path\":\""
                  + later
                  + "\",\"format\":\"combined\"}],\"heartbeat_seconds\":1}",
              "Authorization",
              "Bearer " + admin);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      awaitStored("later", 7);
      assertThat(stored("later")).isEqualTo(7);
    }
  }

  @Test
  void anActionNoAgentRunsIsRefusedInTheConfiguration() {
    HttpResponse<String> r =
        http.sendJson(
            "PUT",
            "/api/v1/sites/" + site + "/agent-config",
            "{\"actions\":[\"aws-waf-block\"]}",
            "Authorization",
            "Bearer " + admin);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("is not an action an agent runs");
  }

  @Test
  void aRelativeLogPathInTheConfigurationIsRefused() {
    HttpResponse<String> r =
        http.sendJson(
            "PUT",
            "/api/v1/sites/" + site + "/agent-config",
            "{\"logs\":[{\"path\":\"logs/x.log\"}]}",
            "Authorization",
            "Bearer " + admin);
    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void heartbeatsShowInTheApi() throws Exception {
    Path log = log("hb.log", lines("hb", 3));
    try (Agent a = Agent.start(options(dir.resolve("s-hb"), enrollToken(), log))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      JsonNode agent = null;
      while (System.nanoTime() < deadline) {
        agent =
            TestHttp.json(http.get("/api/v1/agents/" + a.id(), "Authorization", "Bearer " + admin));
        if (agent.path("health").path("sources").toString().contains(log.toString())) {
          break;
        }
        Thread.sleep(200);
      }
      // Other tests may have set the site's configuration: this log is one of the sources.
      List<String> paths = new ArrayList<>();
      agent.path("health").path("sources").forEach(x -> paths.add(x.path("path").asText()));
      assertThat(paths).contains(log.toString());
    }
  }

  static String consoleSession() {
    HttpResponse<String> page = http.get("/login");
    HttpResponse<String> login =
        http.postForm(
            "/login",
            "csrf="
                + ConsoleTest.hidden(page.body())
                + "&username=admin&password="
                + java.net.URLEncoder.encode(ServerFixture.ADMIN_PASSWORD, StandardCharsets.UTF_8),
            "Cookie",
            "mm_login_csrf=" + ConsoleTest.cookie(page, "mm_login_csrf"));
    return "mm_session=" + ConsoleTest.cookie(login, "mm_session");
  }

  @Test
  void theConsoleShowsEachAgentWithItsHealth() throws Exception {
    Path log = log("console.log", lines("console", 2));
    try (Agent a = Agent.start(options(dir.resolve("s-console"), enrollToken(), log))) {
      awaitStored("console", 2);
      Thread.sleep(1_500); // a heartbeat
      String body = http.get("/agents", "Cookie", consoleSession()).body();
      assertThat(body).contains(a.id()).contains("reporting");
    }
  }

  @Test
  void theConsoleShowsANewEnrollmentTokenOnce() throws Exception {
    String session = consoleSession();
    String csrf = ConsoleTest.hidden(http.get("/agents", "Cookie", session).body());
    HttpResponse<String> r =
        http.postForm(
            "/agents/enrollment-tokens", "csrf=" + csrf + "&site=" + site, "Cookie", session);
    assertThat(r.body()).containsPattern("mme_[A-Za-z0-9_-]+\\.[0-9a-f]{64}");
  }

  @Test
  void theConsoleSetsWhatASitesAgentsWatch() throws Exception {
    String session = consoleSession();
    String csrf = ConsoleTest.hidden(http.get("/agents", "Cookie", session).body());
    http.postForm(
        "/agents/config",
        "csrf="
            + csrf
            + "&site="
            + site
            + "&logs=%2Fnonexistent%2Fmimamori-test.log+combined&heartbeat_seconds=5",
        "Cookie",
        session);
    var c = rt.store().agents().config(TenantScope.of(TENANT), site).orElseThrow();
    assertThat(c.config())
        .contains("/nonexistent/mimamori-test.log")
        .contains("\"heartbeat_seconds\":5");
  }

  @Test
  void aWebShellDroppedInAWatchedRootBecomesAnAlertOfTheAgentsSite() throws Exception {
    Path root = dir.resolve("webroot");
    Files.createDirectories(root.resolve("html/user_data"));
    Files.writeString(root.resolve("index.php"), "<?php require 'app.php';\n");
    try (Agent a = Agent.start(options(dir.resolve("s-fim"), enrollToken(), List.of(root)))) {
      Thread.sleep(2_000); // the baseline
      Files.writeString(
          root.resolve("html/user_data/x.php"),
          "<?php @eval($_POST['cmd']); system($_GET['c']);\n");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      List<dev.mimamori.model.Alert> found = List.of();
      while (found.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(250);
        found =
            rt.store().incidents().alertsOfRules(TenantScope.of(TENANT), "mm-fim-", 10, 0).items();
      }
      assertThat(found).anySatisfy(al -> assertThat(al.title()).contains("html/user_data/x.php"));
    }
  }

  static boolean audited(String action, String outcome, String detailPart) {
    return rt
        .store()
        .audit()
        .list(
            TenantScope.allTenants(),
            java.time.Instant.EPOCH,
            java.time.Instant.now().plusSeconds(60),
            1000)
        .stream()
        .anyMatch(
            e ->
                e.action().equals(action)
                    && e.outcome().equals(outcome)
                    && e.detail() != null
                    && e.detail().contains(detailPart));
  }

  @Test
  void aMalformedBatchLeavesAnAuditEntry() throws Exception {
    Raw a = rawAgent("malformed-audit");
    send(a.tls(), "POST", Protocol.BATCHES, "{\"agent\": 7, \"records\": {}");
    assertThat(audited("agent.batch", "refused", "malformed Batch document")).isTrue();
  }

  @Test
  void aBatchTooLargeIsRefusedAndAudited() throws Exception {
    Raw a = rawAgent("too-large");
    byte[] body = new byte[Math.toIntExact(Protocol.MAX_BATCH_BYTES + 1)];
    java.util.Arrays.fill(body, (byte) ' ');
    HttpClient c =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(a.tls()).build();
    HttpRequest req =
        HttpRequest.newBuilder(agentUrl().resolve(Protocol.BATCHES))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json")
            .build();
    Integer status;
    try {
      status = c.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (java.io.IOException closedEarly) {
      status = null; // the server may close the connection without reading the rest
    }
    if (status != null) {
      assertThat(status).isEqualTo(413);
    }
    assertThat(audited("agent.request " + Protocol.BATCHES, "refused", "larger than")).isTrue();
  }

  @Test
  void aBatchInAnotherProtocolVersionIsRefused() throws Exception {
    Raw a = rawAgent("protocol");
    String b = batch(a.id(), 1, "proto", 1).replace("\"protocol\":1,", "\"protocol\":99,");
    HttpResponse<String> r = send(a.tls(), "POST", Protocol.BATCHES, b);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("protocol 99 is not spoken here");
  }

  @Test
  void aSourceFarBehindRaisesALagAlert() throws Exception {
    Raw a = rawAgent("lagging");
    String hb =
        "{\"version\":\"t\",\"protocol\":1,\"config_version\":0,"
            + "\"sources\":[{\"path\":\"/var/log/nginx/access.log\",\"format\":\"combined\","
            + "\"lag_bytes\":"
            + (200L * 1024 * 1024)
            + "}],\"buffer\":{\"bytes\":0,\"max_bytes\":1,\"pending\":0,\"dropped\":0,"
            + "\"full_policy\":\"block\"},\"host\":{},\"errors\":[]}";
    assertThat(send(a.tls(), "POST", Protocol.HEARTBEAT, hb).statusCode()).isEqualTo(200);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<dev.mimamori.model.Alert> found = List.of();
    while (found.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      found =
          rt.store()
              .incidents()
              .alertsOfRules(TenantScope.of(TENANT), "mm-agent-lagging", 50, 0)
              .items();
    }
    assertThat(found).anySatisfy(al -> assertThat(al.title()).contains("200 MiB behind"));
  }

  @Test
  void aLogTruncatedInPlaceIsReadAgainAsNewLines() throws Exception {
    Path log = log("ct.log", lines("ctbefore", 5));
    try (Agent a = Agent.start(options(dir.resolve("s-ct"), enrollToken(), log))) {
      awaitStored("ctbefore", 5);
      // copytruncate: the same inode, emptied, then written again (fewer bytes than before)
      Files.write(log, lines("ctafter", 3), StandardCharsets.UTF_8);
      awaitStored("ctafter", 3);
      assertThat(stored("ctafter")).isEqualTo(3);
    }
  }

  static String batchOfBuffer(String agent, long first, String tag, int count, String buffer)
      throws Exception {
    var node =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Protocol.json().readTree(batch(agent, first, tag, count));
    node.put("buffer", buffer);
    return Protocol.json().writeValueAsString(node);
  }

  @Test
  void aNewBufferStartsTheSequenceNumbersOver() throws Exception {
    Raw a = rawAgent("newbuffer");
    String b1 = java.util.UUID.randomUUID().toString();
    String b2 = java.util.UUID.randomUUID().toString();
    send(a.tls(), "POST", Protocol.BATCHES, batchOfBuffer(a.id(), 1, "bufold", 4, b1));
    // The agent lost its buffer: numbering starts at 1 again, for new lines.
    HttpResponse<String> r =
        send(a.tls(), "POST", Protocol.BATCHES, batchOfBuffer(a.id(), 1, "bufnew", 2, b2));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    rt.pipeline().flush(Duration.ofSeconds(5));
    assertThat(stored("bufnew")).isEqualTo(2);
  }

  @Test
  void aBatchWithAMalformedBufferIdIsRefused() throws Exception {
    Raw a = rawAgent("badbuffer");
    HttpResponse<String> r =
        send(a.tls(), "POST", Protocol.BATCHES, batchOfBuffer(a.id(), 1, "badbuf", 1, "../x"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("a buffer id is a UUID");
  }
}
