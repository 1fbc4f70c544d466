package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UptimeCommandTest {
  static HttpServer shop;

  @BeforeAll
  static void start() throws Exception {
    shop = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    shop.createContext(
        "/",
        ex -> {
          byte[] b = "<html>Welcome to the shop</html>".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    shop.start();
  }

  @AfterAll
  static void stop() {
    shop.stop(0);
  }

  private static String url() {
    return "http://127.0.0.1:" + shop.getAddress().getPort() + "/";
  }

  @Test
  void pageThatAnswersIsUpWithExitCode0() {
    assertThat(MainTest.run("uptime", "check", "--lab", url()).code()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void missingKeywordIsDownWithExitCode1() {
    assertThat(MainTest.run("uptime", "check", "--lab", "--keyword", "Add to cart", url()).code())
        .isEqualTo(ExitCodes.FINDINGS);
  }

  @Test
  void jsonOutputHasStatusAndBodyHash() {
    assertThat(MainTest.run("uptime", "check", "--lab", "--json", url()).out())
        .contains("\"status\":200", "\"body_sha256\":\"");
  }

  @Test
  void loopbackWithoutLabIsAUsageError() {
    MainTest.Result r = MainTest.run("uptime", "check", url());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void metadataAddressIsRefusedWithAClearMessage() {
    assertThat(MainTest.run("uptime", "check", "--lab", "http://169.254.169.254/").err())
        .contains("cloud metadata");
  }
}
