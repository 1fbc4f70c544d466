package dev.mimamori.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Pages that do on purpose what the console must never do, served on loopback, so the browser probe
 * is shown to catch each of them: a test that finds nothing is only worth something when the same
 * probe finds these.
 */
final class ControlPages implements AutoCloseable {
  /** Path → page; {@code /csp} alone is served with a strict Content-Security-Policy. */
  static final Map<String, String> PAGES =
      Map.of(
          "/unsafe",
          "<!DOCTYPE html><title>c</title><p>control</p><img src=x onerror=alert(1)>",
          "/csp",
          "<!DOCTYPE html><title>c</title><p>control</p><script>alert(2)</script>",
          "/foreign",
          "<!DOCTYPE html><title>c</title><img src=\"http://attacker.example/pixel.png\">",
          "/dom",
          "<!DOCTYPE html><title>c</title><a href=\"https://attacker.example/\">x</a>"
              + "<div onclick=\"void 0\">y</div>");

  private final HttpServer server;

  ControlPages() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext(
        "/",
        ex -> {
          String page = PAGES.getOrDefault(ex.getRequestURI().getPath(), "");
          byte[] body = page.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          if (ex.getRequestURI().getPath().equals("/csp")) {
            ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'");
          }
          ex.sendResponseHeaders(page.isEmpty() ? 404 : 200, body.length == 0 ? -1 : body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
