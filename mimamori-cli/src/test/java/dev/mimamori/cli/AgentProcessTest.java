package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.archive.ArchivedEvent;
import dev.mimamori.archive.EventArchive;
import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, nothing doubled, with real processes: a server and an agent in child JVMs on
 * loopback, killed with SIGKILL while a shop's log grows, the server away for a while, the agent's
 * buffer full; in the end the archive holds every line written exactly once (or, under the
 * drop-oldest policy, every line not counted as dropped).
 */
class AgentProcessTest {
  @TempDir Path dir;

  static final String PASSWORD = "agent-process-test-password";
  static final ObjectMapper JSON = new ObjectMapper();
  static final DateTimeFormatter CLF =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

  final List<Process> processes = new ArrayList<>();
  int port;
  int agentPort;
  Path data;
  String token;
  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void killAll() {
    processes.forEach(Process::destroyForcibly);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  Process java(List<String> args, String log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log).toFile()));
    pb.environment().put("MIMAMORI_ADMIN_PASSWORD", PASSWORD);
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  Process startServer() throws Exception {
    Process p =
        java(
            List.of(
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--agent-port",
                Integer.toString(agentPort),
                "--data-dir",
                data.toString(),
                "--allow-single-factor",
                "--page-monitor-workers",
                "0"),
            "server.log");
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (get("/healthz", null).statusCode() == 200) {
          return p;
        }
      } catch (IOException e) {
        // not up yet
      }
      assertThat(p.isAlive())
          .as("server died: " + Files.readString(dir.resolve("server.log")))
          .isTrue();
      Thread.sleep(200);
    }
    throw new AssertionError("server did not start");
  }

  Process startAgent(Path state, String... extra) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "agent",
                "run",
                "--server",
                "https://127.0.0.1:" + agentPort,
                "--enroll-token",
                token,
                "--state-dir",
                state.toString(),
                "--heartbeat",
                "1"));
    args.addAll(List.of(extra));
    return java(args, "agent.log");
  }

  HttpResponse<String> get(String path, String bearer) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode post(String path, String body, String bearer) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isBetween(200, 201);
    return JSON.readTree(r.body());
  }

  String apiToken() throws Exception {
    return post(
            "/api/v1/tokens", "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}", null)
        .get("token")
        .asText();
  }

  /** A server with a tenant, a site and an enrollment token for it. */
  void setUp() throws Exception {
    port = freePort();
    agentPort = freePort();
    data = dir.resolve("data");
    startServer();
    String api = apiToken();
    post("/api/v1/tenants", "{\"name\":\"Shop\",\"id\":\"shop\"}", api);
    String site =
        post("/api/v1/tenants/shop/sites", "{\"name\":\"shop\",\"hosts\":[\"shop.example\"]}", api)
            .get("id")
            .asText();
    token =
        post("/api/v1/agents/enrollment-tokens", "{\"site\":\"" + site + "\"}", api)
            .get("enroll_token")
            .asText();
  }

  /** Appends lines {@code from} to {@code to - 1}, each with its own path and today's time. */
  static void write(Path log, int from, int to) throws IOException {
    String now = ZonedDateTime.now(ZoneOffset.UTC).format(CLF);
    try (Writer w =
        Files.newBufferedWriter(
            log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      for (int i = from; i < to; i++) {
        w.write(
            "198.51.100."
                + (i % 250 + 1)
                + " - - ["
                + now
                + "] \"GET /w/"
                + i
                + " HTTP/1.1\" 200 1234 \"-\" \"Mozilla/5.0 (X11; Linux x86_64) agent-process-test\"\n");
      }
    }
  }

  /** Events stored so far (through the API: the server is running). */
  long storedNow(String api) throws Exception {
    HttpResponse<String> r = get("/api/v1/events?q=*:*&tenant=shop&limit=1", api);
    return r.statusCode() == 200 ? JSON.readTree(r.body()).path("total").asLong() : -1;
  }

  void awaitStored(long expected) throws Exception {
    String api = apiToken();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    long n = 0;
    while (System.nanoTime() < deadline && (n = storedNow(api)) < expected) {
      Thread.sleep(250);
    }
    assertThat(n)
        .as(
            "stored before the deadline; agent log:\n"
                + tail("agent.log")
                + "\nserver log:\n"
                + tail("server.log"))
        .isGreaterThanOrEqualTo(expected);
  }

  String tail(String name) throws IOException {
    Path f = dir.resolve(name);
    if (!Files.exists(f)) {
      return "";
    }
    List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
    return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
  }

  /** Stops the server cleanly and reads the archive: each stored line's number, with repeats. */
  List<Integer> storedLines(Process server) throws Exception {
    server.destroy();
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    List<Integer> out = new ArrayList<>();
    try (EventArchive archive = new EventArchive(data.resolve("archive"))) {
      for (ArchivedEvent e : archive.search("*:*", null, null, Set.of("shop"), 10_000).events()) {
        String o = e.original();
        int at = o.indexOf("GET /w/");
        out.add(Integer.parseInt(o.substring(at + 7, o.indexOf(' ', at + 7))));
      }
    }
    return out;
  }

  static void assertEachOnce(List<Integer> stored, int lines) {
    assertThat(new HashSet<>(stored)).as("distinct lines").hasSize(lines);
    assertThat(stored).as("no line twice").hasSize(lines);
  }

  @Test
  void killingTheAgentAndTheServerLosesAndDoublesNothing() throws Exception {
    setUp();
    Path log = dir.resolve("access.log");
    Path state = dir.resolve("agent");
    Process agent = startAgent(state, "--watch-log", log + ":combined");
    Random random = new Random(20211229);
    int written = 0;
    int agentKills = 0;
    int serverKills = 0;
    Process server = null;
    for (int round = 0; round < 4; round++) {
      for (int step = 0; step < 10; step++) {
        write(log, written, written + 100);
        written += 100;
        Thread.sleep(20 + random.nextInt(60));
      }
      if (round % 2 == 0) {
        agent.destroyForcibly(); // SIGKILL
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        agentKills++;
        agent = startAgent(state, "--watch-log", log + ":combined");
      } else {
        for (Process p : List.copyOf(processes)) {
          if (p != agent && p.isAlive()) {
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
          }
        }
        serverKills++;
        server = startServer();
      }
    }
    awaitStored(written);
    Thread.sleep(2_000); // anything sent twice would arrive now
    List<Integer> stored = storedLines(server);
    assertThat(agentKills).isEqualTo(2);
    assertThat(serverKills).isEqualTo(2);
    assertEachOnce(stored, written);
  }

  @Test
  void aServerAwayWhileTheBufferFillsGetsEveryLineAfterwards() throws Exception {
    setUp();
    Path log = dir.resolve("access.log");
    Path state = dir.resolve("agent");
    write(log, 0, 100);
    startAgent(state, "--watch-log", log + ":combined", "--buffer-max", "1m");
    awaitStored(100);
    for (Process p : List.copyOf(processes)) {
      if (p.info().commandLine().orElse("").contains(" serve ")) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
    // Away: more lines than the buffer holds (a buffered line takes about 300 bytes); the agent
    // blocks, the file holds
    // the rest, nothing is dropped.
    int written = 100;
    for (int i = 0; i < 8; i++) {
      write(log, written, written + 1_000);
      written += 1_000;
      Thread.sleep(400);
    }
    Process server = startServer();
    awaitStored(written);
    Thread.sleep(1_500);
    assertEachOnce(storedLines(server), written);
  }

  @Test
  void dropOldestDropsOnlyWhatItCountsAndAlerts() throws Exception {
    setUp();
    Path log = dir.resolve("access.log");
    Path state = dir.resolve("agent");
    write(log, 0, 10);
    startAgent(
        state,
        "--watch-log",
        log + ":combined",
        "--buffer-max",
        "1m",
        "--buffer-full",
        "drop-oldest");
    awaitStored(10);
    for (Process p : List.copyOf(processes)) {
      if (p.info().commandLine().orElse("").contains(" serve ")) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
    int written = 10;
    write(log, written, written + 9_000);
    written += 9_000;
    Thread.sleep(3_000); // the agent reads it all into its buffer, dropping the oldest
    Process server = startServer();
    String api = apiToken();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode agent = null;
    long dropped = 0;
    long pending = -1;
    while (System.nanoTime() < deadline) {
      agent = JSON.readTree(get("/api/v1/agents", api).body()).path("items").get(0);
      dropped = agent.path("health").path("buffer").path("dropped").asLong();
      pending = agent.path("health").path("buffer").path("pending").asLong(-1);
      if (dropped > 0 && pending == 0 && storedNow(api) + dropped >= written) {
        break;
      }
      Thread.sleep(250);
    }
    assertThat(dropped).as("lines dropped").isPositive();
    JsonNode alerts = JSON.readTree(get("/api/v1/alerts?rule=mm-agent-buffer-dropped", api).body());
    assertThat(alerts.path("items").size()).as("alert of the drop").isPositive();
    List<Integer> stored = storedLines(server);
    assertThat(new HashSet<>(stored)).as("no line twice").hasSize(stored.size());
    assertThat(stored.size() + dropped).isEqualTo(written);
  }
}
