package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.server.web.TlsMaterial;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a self-signed certificate made in the data directory, and HTTP redirected to it. */
class TlsTest {
  @TempDir static Path dir;
  static MimamoriRuntime rt;
  static int redirectPort;
  static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      redirectPort = s.getLocalPort();
    }
    ServerConfig config =
        ServerFixture.config(dir.resolve("data"), ServerFixture.writeLog(dir), null)
            .withTls(new ServerConfig.Tls(null, null, true, redirectPort));
    rt = MimamoriRuntime.start(config, Clock.systemUTC(), ServerFixture.ADMIN_PASSWORD);
    X509Certificate cert;
    try (InputStream in = Files.newInputStream(dir.resolve("data/tls/self-signed.crt"))) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("mimamori", cert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    client = HttpClient.newBuilder().sslContext(ctx).build();
  }

  @AfterAll
  static void stop() {
    rt.close();
  }

  static HttpResponse<String> get(String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesHttpsWithTheSelfSignedCertificate() throws Exception {
    assertThat(get("https://127.0.0.1:" + rt.port() + "/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void sendsHstsOverHttps() throws Exception {
    assertThat(
            get("https://127.0.0.1:" + rt.port() + "/healthz")
                .headers()
                .firstValue("Strict-Transport-Security"))
        .contains("max-age=31536000");
  }

  @Test
  void redirectsPlainHttpToHttps() throws Exception {
    HttpResponse<String> r = get("http://127.0.0.1:" + redirectPort + "/login?lang=ja");

    assertThat(r.statusCode()).isEqualTo(308);
    assertThat(r.headers().firstValue("Location"))
        .contains("https://127.0.0.1:" + rt.port() + "/login?lang=ja");
  }

  @Test
  void keepsTheSelfSignedKeyReadableByItsOwnerOnly() throws Exception {
    assertThat(Files.getPosixFilePermissions(dir.resolve("data/tls/self-signed.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void reusesTheSelfSignedCertificateAfterARestart() throws Exception {
    TlsMaterial again = TlsMaterial.selfSigned(dir.resolve("data/tls"), "127.0.0.1");
    X509Certificate first;
    try (InputStream in = Files.newInputStream(dir.resolve("data/tls/self-signed.crt"))) {
      first = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }

    assertThat(again.chain().get(0)).isEqualTo(first);
  }

  @Test
  void readsAPemCertificateAndKey() throws Exception {
    TlsMaterial m =
        TlsMaterial.fromPem(
            dir.resolve("data/tls/self-signed.crt"), dir.resolve("data/tls/self-signed.key"));

    assertThat(m.keyStore().isKeyEntry("mimamori")).isTrue();
  }

  @Test
  void refusesAFileThatIsNoCertificate() throws Exception {
    Path junk = dir.resolve("junk.pem");
    Files.writeString(
        junk, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> TlsMaterial.fromPem(junk, dir.resolve("data/tls/self-signed.key")))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void aHostileHostHeaderDoesNotChooseTheRedirect() {
    assertThat(HttpServerAccess.redirectHost("evil.example/x\"><script>")).isEqualTo("localhost");
  }

  @Test
  void settingsNeedEitherFilesOrSelfSigned() {
    assertThatThrownBy(() -> new ServerConfig.Tls(null, null, false, null))
        .hasMessageContaining("--tls-self-signed");
  }

  @Test
  void readsACertificateAndAnRsaKeyMadeByOpenssl() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/openssl")), "needs openssl");
    Path key = dir.resolve("rsa.key");
    Path crt = dir.resolve("rsa.crt");
    Process p =
        new ProcessBuilder(
                "/usr/bin/openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                crt.toString(),
                "-subj",
                "/CN=localhost",
                "-days",
                "1")
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();

    assertThat(TlsMaterial.fromPem(crt, key).chain().get(0).getSubjectX500Principal().getName())
        .isEqualTo("CN=localhost");
  }

  @Test
  void readsAnEcKeyThatOpensslWroteWithItsParameters() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/openssl")), "needs openssl");
    Path key = dir.resolve("ec.key");
    Path crt = dir.resolve("ec.crt");
    run("/usr/bin/openssl", "ecparam", "-name", "prime256v1", "-genkey", "-out", key.toString());
    run(
        "/usr/bin/openssl",
        "req",
        "-x509",
        "-key",
        key.toString(),
        "-out",
        crt.toString(),
        "-subj",
        "/CN=ec.localhost",
        "-days",
        "1");

    assertThat(TlsMaterial.fromPem(crt, key).keyStore().isKeyEntry("mimamori")).isTrue();
  }

  static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();
  }
}
