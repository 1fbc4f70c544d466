package dev.mimamori.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mimamori.agent.protocol.Protocol;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/** HTTP to the server's agent listener: JSON in, JSON out, a status and a clear error otherwise. */
final class ServerLink {
  private final URI server;
  private final HttpClient http;
  private final ObjectMapper json = Protocol.json();

  ServerLink(URI server, SSLContext tls) {
    this.server = server;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(tls)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** What the server answered. */
  record Answer(int status, String body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /** A problem reaching the server, with whether trying again may help. */
  static final class LinkException extends IOException {
    private static final long serialVersionUID = 1L;
    final int status;

    LinkException(int status, String message) {
      super(message);
      this.status = status;
    }

    /** 401 and 403: this agent is refused (revoked, unknown); no retry will help. */
    boolean refused() {
      return status == 401 || status == 403;
    }
  }

  Answer post(String path, Object body) throws IOException, InterruptedException {
    byte[] bytes = json.writeValueAsBytes(body);
    HttpRequest req =
        HttpRequest.newBuilder(server.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header(Protocol.VERSION_HEADER, Integer.toString(Protocol.VERSION))
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }

  Answer get(String path) throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(server.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header(Protocol.VERSION_HEADER, Integer.toString(Protocol.VERSION))
            .GET()
            .build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }

  <T> T read(Answer a, Class<T> type) throws IOException {
    return json.readValue(a.body(), type);
  }

  /** The problem text of an error answer ({@code detail} of a problem document), for messages. */
  String problem(Answer a) {
    try {
      var n = json.readTree(a.body());
      if (n != null && n.hasNonNull("detail")) {
        return n.get("detail").asText();
      }
    } catch (IOException e) {
      // not JSON: the status says enough
    }
    return "HTTP " + a.status();
  }

  /**
   * Fetches the server's agent CA without trusting anything yet, and keeps it only when its SHA-256
   * is the pin the enrollment token carries: the token never travels to an unverified server.
   */
  static X509Certificate pinnedCa(URI server, String pin) throws IOException, InterruptedException {
    ServerLink link = new ServerLink(server, trustAnything());
    Answer a = link.get(Protocol.CA);
    if (!a.ok()) {
      throw new LinkException(
          a.status, "the server did not hand out its agent CA: " + link.problem(a));
    }
    X509Certificate ca = AgentIdentity.certificate(a.body());
    String got = AgentIdentity.sha256(ca);
    if (!got.equalsIgnoreCase(pin)) {
      throw new IOException(
          "the server's agent CA is not the one the enrollment token names (got sha256 "
              + got
              + "): refusing to enroll");
    }
    return ca;
  }

  /** Only for reading the public CA certificate, which is then checked against the pin. */
  private static SSLContext trustAnything() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new javax.net.ssl.TrustManager[] {new AnyCertificate()}, new SecureRandom());
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class AnyCertificate extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] c, String a) {}

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, java.net.Socket s) {}

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, java.net.Socket s) {}

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, @Nullable SSLEngine e) {}
  }
}
