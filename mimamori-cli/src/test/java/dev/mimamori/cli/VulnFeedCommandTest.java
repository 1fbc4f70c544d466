package dev.mimamori.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VulnFeedCommandTest {
  /** One OSV query answer in the API's shape: an invented advisory about EC-CUBE 4.2.0. */
  private static final String OSV_ANSWER =
      "{\"vulns\":[{\"id\":\"GHSA-7777-8888-9999\",\"modified\":\"2099-05-02T00:00:00Z\","
          + "\"aliases\":[\"CVE-2099-2001\"],\"summary\":\"Example: EC-CUBE open redirect\","
          + "\"affected\":[{\"package\":{\"ecosystem\":\"Packagist\",\"name\":\"ec-cube/ec-cube\"},"
          + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"4.2.0\"},"
          + "{\"fixed\":\"4.2.1\"}]}]}]}]}";

  @TempDir Path dir;
  private HttpServer osv;

  @BeforeEach
  void startOsv() throws IOException {
    osv = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    osv.createContext(
        "/v1/query",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body = OSV_ANSWER.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    osv.start();
  }

  @AfterEach
  void stopOsv() {
    osv.stop(0);
  }

  private String osvUrl() {
    return "osv=http://127.0.0.1:" + osv.getAddress().getPort() + "/v1/query";
  }

  private Path advisoryFile() throws IOException {
    Path f = dir.resolve("adv/CVE-2099-2002.yml");
    Files.createDirectories(f.getParent());
    Files.writeString(
        f,
        "identifier: \"CVE-2099-2002\"\n"
            + "package_slug: \"packagist/ec-cube/ec-cube\"\n"
            + "title: \"XSS in the product list\"\n"
            + "affected_range: \">=4.0.0,<4.0.6-p3\"\n"
            + "fixed_versions: [\"4.0.6-p3\"]\n");
    return f;
  }

  private Path shop(String version) throws IOException {
    Path constant = dir.resolve("www/src/Eccube/Common/Constant.php");
    Files.createDirectories(constant.getParent());
    Files.writeString(
        constant, "<?php\nclass Constant\n{\n    const VERSION = '" + version + "';\n}\n");
    return dir.resolve("www");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void importFromAFeedLoadsItsRecordsIntoTheDatabase() {
    MainTest.Result r =
        MainTest.run(
            "vuln",
            "import",
            "--feed",
            "osv",
            "--feed-url",
            osvUrl(),
            "--data-dir",
            dir.resolve("data").toString());

    assertThat(r.err())
        .contains(
            "feed osv: 1 advisory records from 1 answers, 0 refused",
            "1 advisory records imported, 0 refused");
  }

  @Test
  void anUnreachableFeedExitsWithThreeAndTheFilesAndOtherFeedsAreStillImported()
      throws IOException {
    int port = closedPort();

    MainTest.Result r =
        MainTest.run(
            "vuln",
            "import",
            advisoryFile().toString(),
            "--feed",
            "nvd",
            "--feed-url",
            "nvd=http://127.0.0.1:" + port + "/rest/json/cves/2.0",
            "--feed",
            "osv",
            "--feed-url",
            osvUrl(),
            "--data-dir",
            dir.resolve("data").toString());

    assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err())
        .contains(
            "feed nvd failed: nvd (http://127.0.0.1:" + port + ") unreachable: connection refused",
            "2 advisory records imported, 0 refused");
  }

  @Test
  void scanWithAFeedUsesItForThatRun() throws IOException {
    MainTest.Result r =
        MainTest.run(
            "vuln",
            "scan",
            shop("4.2.0").toString(),
            "--feed",
            "osv",
            "--feed-url",
            osvUrl(),
            "--json",
            "--data-dir",
            dir.resolve("none").toString());

    assertThat(r.out()).contains("\"GHSA-7777-8888-9999\"");
  }

  @Test
  void anUnknownFeedIsAUsageError() {
    MainTest.Result r =
        MainTest.run(
            "vuln", "import", "--feed", "rss", "--data-dir", dir.resolve("data").toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void aFeedUrlForAFeedNotAskedForIsAUsageError() {
    MainTest.Result r =
        MainTest.run(
            "vuln",
            "import",
            "--feed",
            "nvd",
            "--feed-url",
            osvUrl(),
            "--data-dir",
            dir.resolve("data").toString());

    assertThat(r.err()).contains("--feed-url osv without --feed osv");
  }

  @Test
  void sinceMustBeADay() {
    MainTest.Result r =
        MainTest.run(
            "vuln",
            "import",
            "--feed",
            "osv",
            "--feed-url",
            osvUrl(),
            "--since",
            "last week",
            "--data-dir",
            dir.resolve("data").toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void importWithoutPathsOrFeedsIsAUsageError() {
    MainTest.Result r =
        MainTest.run("vuln", "import", "--data-dir", dir.resolve("data").toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
  }
}
