package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.server.syslog.SyslogConfig;
import dev.mimamori.server.syslog.SyslogListener;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogTest {
  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static SyslogListener syslog;
  static TestHttp http;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    ServerConfig config =
        ServerFixture.config(dir.resolve("data"), ServerFixture.writeLog(dir), null)
            .withSyslog(new SyslogConfig("127.0.0.1", 0, 0, "shop-s", "syslog-shop"));
    rt = MimamoriRuntime.start(config, Clock.systemUTC(), ServerFixture.ADMIN_PASSWORD);
    syslog = rt.syslog().orElseThrow();
    http = new TestHttp(rt.port());
    token = http.token("admin", ServerFixture.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  static long found(String query) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    long total = 0;
    while (System.nanoTime() < deadline) {
      JsonNode r =
          TestHttp.json(
              http.get(
                  "/api/v1/events?q=" + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8),
                  "Authorization",
                  "Bearer " + token));
      total = r.get("total").asLong();
      if (total > 0) {
        return total;
      }
      Thread.sleep(100);
    }
    return total;
  }

  @Test
  void receivesAnRfc5424MessageOverUdp() throws Exception {
    byte[] msg =
        "<38>1 2026-11-21T01:02:03Z shop-db sshd 4242 - - Failed password for root from 203.0.113.13 port 1 ssh2"
            .getBytes(StandardCharsets.UTF_8);
    try (DatagramSocket s = new DatagramSocket()) {
      s.send(
          new DatagramPacket(msg, msg.length, InetAddress.getLoopbackAddress(), syslog.udpPort()));
    }

    assertThat(found("log.file.path:\"/syslog/syslog-shop\" AND event.dataset:syslog"))
        .isEqualTo(1);
  }

  @Test
  void receivesOctetCountedAndNewlineFramedMessagesOverTcp() throws Exception {
    String nginx =
        "<190>1 2026-11-21T10:02:20+09:00 web1 nginx - - - 198.51.100.77 - - [21/Nov/2026:10:02:20 +0900] \"GET /html/user_data/x.php HTTP/1.1\" 200 5 \"-\" \"y\"";
    String bsd = "<86>Nov 21 10:00:00 web1 sudo: deploy : COMMAND=/usr/bin/id";
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), syslog.tcpPort());
        OutputStream out = s.getOutputStream()) {
      byte[] framed = nginx.getBytes(StandardCharsets.UTF_8);
      out.write((framed.length + " ").getBytes(StandardCharsets.US_ASCII));
      out.write(framed);
      out.write((bsd + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    assertThat(found("source.ip:198.51.100.77")).isEqualTo(1);
    assertThat(found("event.dataset:syslog AND log.file.path:\"/syslog/syslog-shop\""))
        .isPositive();
  }

  @Test
  void raisesAlertsFromAccessLinesSentOverSyslog() throws Exception {
    String line =
        "<190>1 2026-11-21T10:05:00+09:00 web1 nginx - - - 198.51.100.78 - - [21/Nov/2026:10:05:00 +0900] \"POST /html/user_data/collector.php HTTP/1.1\" 200 0 \"-\" \"y\"\n";
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), syslog.tcpPort());
        OutputStream out = s.getOutputStream()) {
      out.write(line.getBytes(StandardCharsets.UTF_8));
    }
    found("source.ip:198.51.100.78");

    JsonNode alerts =
        TestHttp.json(http.get("/api/v1/alerts?limit=500", "Authorization", "Bearer " + token));
    boolean seen = false;
    for (JsonNode a : alerts.get("items")) {
      seen |=
          a.get("tenant").asText().equals("shop-s")
              && a.get("rule_id").asText().equals("mm-web-php-in-user-data");
    }
    assertThat(seen).isTrue();
  }
}
