package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product as a user starts it: {@code mimamori demo} in its own JVM, the API reached over
 * HTTP, SIGTERM, and a restart on the same data directory.
 */
class DemoTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  record Running(Process process, int port, String password) {}

  Running startDemo(Path dataDir) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of("demo", "--port", "0", "--data-dir", dataDir.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().remove("MIMAMORI_ADMIN_PASSWORD");
    Process p = pb.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                  lines.add(l);
                }
              } catch (java.io.IOException e) {
                // process ended
              }
            });
    reader.setDaemon(true);
    reader.start();
    Pattern url = Pattern.compile("console: http://127\\.0\\.0\\.1:(\\d+)/");
    Pattern pw = Pattern.compile("password: (\\S+)");
    int port = -1;
    String password = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while ((port < 0 || password == null) && System.nanoTime() < deadline) {
      String l = lines.poll(1, TimeUnit.SECONDS);
      if (l == null) {
        continue;
      }
      Matcher m = url.matcher(l);
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
      }
      Matcher m2 = pw.matcher(l);
      if (m2.find()) {
        password = m2.group(1);
      }
      if (l.contains("printed on first start")) {
        password = "";
      }
    }
    assertThat(port).as("demo printed its URL").isPositive();
    return new Running(p, port, password);
  }

  HttpResponse<String> post(int port, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A token for the demo's admin, who must first enroll a second factor as on any server: the
   * secret from the API, confirmed with its current code, then the next step's code for the token.
   */
  String token(int port, String password) throws Exception {
    String login = "\"username\":\"admin\",\"password\":\"" + password + "\"";
    assertThat(post(port, "/api/v1/tokens", "{" + login + "}").statusCode())
        .as("an admin without a second factor gets no token")
        .isEqualTo(403);
    HttpResponse<String> begun = post(port, "/api/v1/account/totp", "{" + login + "}");
    assertThat(begun.statusCode()).isEqualTo(201);
    byte[] secret =
        dev.mimamori.server.account.Base32.decode(
            JSON.readTree(begun.body()).get("secret").asText());
    java.time.Instant now = java.time.Instant.now();
    String confirm = dev.mimamori.server.account.Totp.codeAt(secret, now);
    assertThat(
            post(
                    port,
                    "/api/v1/account/totp/confirm",
                    "{" + login + ",\"totp\":\"" + confirm + "\"}")
                .statusCode())
        .isEqualTo(200);
    String next = dev.mimamori.server.account.Totp.codeAt(secret, now.plusSeconds(30));
    HttpResponse<String> r =
        post(port, "/api/v1/tokens", "{" + login + ",\"totp\":\"" + next + "\"}");
    assertThat(r.statusCode()).isEqualTo(201);
    return JSON.readTree(r.body()).get("token").asText();
  }

  JsonNode incidents(int port, String token) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/incidents"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  static int maxAlerts(JsonNode page) {
    int max = 0;
    for (JsonNode i : page.get("items")) {
      max = Math.max(max, i.get("alert_count").asInt());
    }
    return max;
  }

  @Test
  void showsAnIncidentOfThreeOrMoreAlertsWithinAMinuteAndSurvivesARestart() throws Exception {
    Path data = dir.resolve("demo-data");
    long started = System.nanoTime();
    Running first = startDemo(data);
    JsonNode before;
    String token;
    try {
      assertThat(first.password()).isNotEmpty();
      token = token(first.port(), first.password());
      JsonNode page = incidents(first.port(), token);
      while (maxAlerts(page) < 3
          && System.nanoTime() - started < Duration.ofSeconds(60).toNanos()) {
        Thread.sleep(200);
        page = incidents(first.port(), token);
      }
      assertThat(maxAlerts(page))
          .as("an incident with 3 or more alerts within 60 s")
          .isGreaterThanOrEqualTo(3);
      Thread.sleep(1000); // let the replay finish before comparing across the restart
      before = incidents(first.port(), token);
    } finally {
      first.process().destroy(); // SIGTERM
    }
    long stopStart = System.nanoTime();
    assertThat(first.process().waitFor(10, TimeUnit.SECONDS))
        .as("exits within 10 s of SIGTERM")
        .isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - stopStart)).isLessThan(Duration.ofSeconds(10));

    Running second = startDemo(data);
    try {
      assertThat(second.password()).as("no new password on a restart").isEmpty();
      // The token issued before the restart still opens the API: tokens are stored.
      JsonNode after = incidents(second.port(), token);
      assertThat(after.get("items")).isEqualTo(before.get("items"));
    } finally {
      second.process().destroy();
      second.process().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
