package dev.mimamori.uptime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.uptime.HttpResult.Failure;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpCheckTest {
  static LoopbackHttp server;
  static ExecutorService pool;
  static HttpCheck check;

  @BeforeAll
  static void start() throws Exception {
    server = LoopbackHttp.http();
    pool = Executors.newCachedThreadPool();
    HttpClient client = HttpCheck.newClient(SSLContext.getDefault(), pool);
    check = new HttpCheck(client, TargetPolicy.lab(Set.of()));
  }

  @AfterAll
  static void stop() {
    server.close();
    pool.shutdownNow();
  }

  private static CheckSpec spec(String path) {
    return CheckSpec.of(server.url(path)).withTimeout(Duration.ofSeconds(3));
  }

  @Test
  void pageWithStatus200IsUp() {
    assertThat(check.run(spec("/")).up()).isTrue();
  }

  @Test
  void status503IsDownWithUnexpectedStatus() {
    assertThat(check.run(spec("/status/503")).failure()).isEqualTo(Failure.UNEXPECTED_STATUS);
  }

  @Test
  void status503IsUpWhenExpected() {
    assertThat(check.run(spec("/status/503").withExpectedStatus(Set.of(503))).up()).isTrue();
  }

  @Test
  void missingKeywordIsDown() {
    assertThat(check.run(spec("/").withKeyword("Add to cart")).failure())
        .isEqualTo(Failure.KEYWORD_MISSING);
  }

  @Test
  void presentKeywordIsUp() {
    assertThat(check.run(spec("/").withKeyword("Welcome")).up()).isTrue();
  }

  @Test
  void whitespaceOnlyChangeKeepsTheContentHash() {
    String before = check.run(spec("/")).bodySha256();
    server.page.set("<html>\n  <body>Welcome to the shop</body>\r\n</html>");
    try {
      assertThat(check.run(spec("/")).bodySha256()).isEqualTo(before);
    } finally {
      server.page.set("<html><body>Welcome to the shop</body></html>");
    }
  }

  @Test
  void endlessRedirectsStopAfterFive() {
    assertThat(check.run(spec("/loop")).failure()).isEqualTo(Failure.TOO_MANY_REDIRECTS);
  }

  @Test
  void redirectToAFileUrlIsNotFollowed() {
    assertThat(check.run(spec("/to-file")).failure()).isEqualTo(Failure.REDIRECT_REFUSED);
  }

  @Test
  void gigabyteBodyIsReadOnlyUpToTheCap() {
    HttpResult r = check.run(spec("/gigabyte"));

    assertThat(r.bodyBytes()).isEqualTo(HttpCheck.BODY_CAP);
  }

  @Test
  void slowlorisBodyEndsAtTheTimeout() {
    long start = System.nanoTime();

    HttpResult r = check.run(spec("/slowloris").withTimeout(Duration.ofSeconds(2)));

    assertThat(r.failure()).isEqualTo(Failure.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void closedPortIsConnectFailed() throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }

    HttpResult r = check.run(CheckSpec.of(URI.create("http://127.0.0.1:" + port + "/")));

    assertThat(r.failure()).isEqualTo(Failure.CONNECT_FAILED);
  }

  @Test
  void redirectToTheMetadataAddressIsRefused() {
    HttpCheck strict =
        new HttpCheck(HttpCheck.newClient(sslDefault(), pool), TargetPolicy.lab(Set.of()));

    HttpResult r = strict.run(CheckSpec.of(URI.create("http://169.254.169.254/latest/meta-data/")));

    assertThat(r.failure()).isEqualTo(Failure.TARGET_REFUSED);
  }

  private static SSLContext sslDefault() {
    try {
      return SSLContext.getDefault();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
