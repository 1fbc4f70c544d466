package dev.mimamori.uptime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP(S) server on loopback with the hostile pages the checks must survive: endless
 * redirects, a 1 GB body, a body that trickles forever, a redirect to {@code file:}.
 */
final class LoopbackHttp implements AutoCloseable {
  final HttpServer server;
  final AtomicReference<String> page =
      new AtomicReference<>("<html><body>Welcome to the shop</body></html>");
  private final ExecutorService pool = Executors.newCachedThreadPool();

  private LoopbackHttp(HttpServer server) {
    this.server = server;
    server.setExecutor(pool);
    server.createContext("/", this::page);
    server.createContext("/loop", ex -> redirect(ex, "/loop?" + System.nanoTime()));
    server.createContext("/to-file", ex -> redirect(ex, "file:///etc/passwd"));
    server.createContext("/status/503", ex -> send(ex, 503, "down for maintenance"));
    server.createContext("/gigabyte", LoopbackHttp::gigabyte);
    server.createContext("/slowloris", LoopbackHttp::slowloris);
    server.start();
  }

  static LoopbackHttp http() throws IOException {
    return new LoopbackHttp(
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50));
  }

  static LoopbackHttp https(SSLContext tls) throws IOException {
    HttpsServer s =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    s.setHttpsConfigurator(new HttpsConfigurator(tls));
    return new LoopbackHttp(s);
  }

  URI url(String path) {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return URI.create(scheme + "://localhost:" + server.getAddress().getPort() + path);
  }

  private void page(HttpExchange ex) throws IOException {
    send(ex, 200, page.get());
  }

  private static void redirect(HttpExchange ex, String to) throws IOException {
    ex.getResponseHeaders().add("Location", to);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }

  /** 1 GB announced and streamed; the server stops when the client hangs up. */
  private static void gigabyte(HttpExchange ex) throws IOException {
    long size = 1L << 30;
    ex.sendResponseHeaders(200, size);
    byte[] chunk = new byte[64 * 1024];
    java.util.Arrays.fill(chunk, (byte) 'x');
    try (OutputStream o = ex.getResponseBody()) {
      for (long sent = 0; sent < size; sent += chunk.length) {
        o.write(chunk);
      }
    } catch (IOException clientGone) {
      // expected: the check stops reading at its cap
    }
  }

  /** Headers at once, then one byte every second, forever. */
  private static void slowloris(HttpExchange ex) throws IOException {
    ex.sendResponseHeaders(200, 0);
    try (OutputStream o = ex.getResponseBody()) {
      while (true) {
        o.write('.');
        o.flush();
        Thread.sleep(1000);
      }
    } catch (IOException | InterruptedException clientGone) {
      // expected: the check gives up at its timeout
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
