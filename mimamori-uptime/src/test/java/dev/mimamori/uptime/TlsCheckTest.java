package dev.mimamori.uptime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.uptime.TlsResult.Problem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TlsCheckTest {
  static TestCerts certs;
  static TlsCheck check;
  static final ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeAll
  static void setUp() throws Exception {
    certs = new TestCerts();
    check = TlsCheck.trusting(certs.trustStore(), Clock.systemUTC());
  }

  @AfterAll
  static void tearDown() {
    pool.shutdownNow();
  }

  /** A TLS server on loopback that completes handshakes with the given key store. */
  static ServerSocket tlsServer(KeyStore ks) throws Exception {
    SSLServerSocket s =
        (SSLServerSocket)
            TestCerts.serverContext(ks)
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.submit(
        () -> {
          while (!s.isClosed()) {
            try (SSLSocket c = (SSLSocket) s.accept()) {
              c.startHandshake();
            } catch (IOException e) {
              // the client hangs up after the handshake
            }
          }
        });
    return s;
  }

  private static TlsResult check(KeyStore ks, int warnDays) throws Exception {
    try (ServerSocket s = tlsServer(ks)) {
      return check.run("localhost", s.getLocalPort(), Duration.ofSeconds(5), warnDays);
    }
  }

  private static final Instant NOW = Instant.now();

  @Test
  void certificateFromTheTrustedCaHasNoProblem() throws Exception {
    KeyStore ks =
        certs.server("localhost", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90)));

    assertThat(check(ks, 14).problems()).isEmpty();
  }

  @Test
  void daysLeftCountsWholeDaysToExpiry() throws Exception {
    KeyStore ks =
        certs.server(
            "localhost",
            NOW.minus(Duration.ofDays(1)),
            NOW.plus(Duration.ofDays(90)).plusSeconds(60));

    assertThat(check(ks, 14).daysLeft()).isEqualTo(90);
  }

  @Test
  void certificateExpiringWithinTheWarningIsExpiresSoon() throws Exception {
    KeyStore ks =
        certs.server("localhost", NOW.minus(Duration.ofDays(80)), NOW.plus(Duration.ofDays(5)));

    assertThat(check(ks, 14).problems()).containsExactly(Problem.EXPIRES_SOON);
  }

  @Test
  void expiredCertificateIsExpired() throws Exception {
    KeyStore ks =
        certs.server("localhost", NOW.minus(Duration.ofDays(100)), NOW.minus(Duration.ofDays(2)));

    assertThat(check(ks, 14).problems()).containsExactly(Problem.EXPIRED);
  }

  @Test
  void selfSignedCertificateIsSelfSigned() throws Exception {
    assertThat(check(TestCerts.selfSigned("localhost"), 14).problems())
        .containsExactly(Problem.SELF_SIGNED);
  }

  @Test
  void certificateFromAnUnknownCaIsUntrustedChain() throws Exception {
    KeyStore ks =
        new TestCerts()
            .server("localhost", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90)));

    assertThat(check(ks, 14).problems()).containsExactly(Problem.UNTRUSTED_CHAIN);
  }

  @Test
  void certificateForAnotherHostIsHostnameMismatch() throws Exception {
    KeyStore ks =
        certs.server("shop.example", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90)));

    assertThat(check(ks, 14).problems()).containsExactly(Problem.HOSTNAME_MISMATCH);
  }

  @Test
  void handshakeThatStallsEndsAtTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      pool.submit(
          () -> {
            try (Socket c = silent.accept()) {
              Thread.sleep(30_000); // accepts, then never answers the ClientHello
            }
            return null;
          });
      long start = System.nanoTime();

      TlsResult r = check.run("localhost", silent.getLocalPort(), Duration.ofSeconds(1), 14);

      assertThat(r.problems()).containsExactly(Problem.TIMEOUT);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void httpsCheckIsUpWithATrustedCertificate() throws Exception {
    KeyStore ks =
        certs.server("localhost", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90)));
    try (LoopbackHttp https = LoopbackHttp.https(TestCerts.serverContext(ks))) {
      HttpClient client = HttpCheck.newClient(certs.clientContext(), pool);

      HttpResult r =
          new HttpCheck(client, TargetPolicy.lab(Set.of())).run(CheckSpec.of(https.url("/")));

      assertThat(r.up()).isTrue();
    }
  }

  @Test
  void httpsCheckWithASelfSignedCertificateIsTlsFailed() throws Exception {
    try (LoopbackHttp https =
        LoopbackHttp.https(TestCerts.serverContext(TestCerts.selfSigned("localhost")))) {
      HttpClient client = HttpCheck.newClient(certs.clientContext(), pool);

      HttpResult r =
          new HttpCheck(client, TargetPolicy.lab(Set.of())).run(CheckSpec.of(https.url("/")));

      assertThat(r.failure()).isEqualTo(HttpResult.Failure.TLS_FAILED);
    }
  }

  @Test
  void httpsHandshakeThatStallsEndsAtTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      pool.submit(
          () -> {
            try (Socket c = silent.accept()) {
              Thread.sleep(30_000);
            }
            return null;
          });
      HttpClient client = HttpCheck.newClient(certs.clientContext(), pool);
      CheckSpec spec =
          CheckSpec.of(java.net.URI.create("https://localhost:" + silent.getLocalPort() + "/"))
              .withTimeout(Duration.ofSeconds(1));

      HttpResult r = new HttpCheck(client, TargetPolicy.lab(Set.of())).run(spec);

      assertThat(r.failure()).isEqualTo(HttpResult.Failure.TIMEOUT);
    }
  }
}
