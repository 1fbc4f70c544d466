package dev.mimamori.storefront;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A web server on a loopback address whose pages a test sets; unknown paths are 404. */
final class Shop implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, String[]> pages = new ConcurrentHashMap<>();

  Shop(String address) throws IOException {
    server = HttpServer.create(new InetSocketAddress(address, 0), 0);
    server.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          String[] page = pages.get(ex.getRequestURI().getPath());
          if (page != null && page[0].equals("redirect")) {
            ex.getResponseHeaders().add("Location", page[1]);
            ex.sendResponseHeaders(302, -1);
            ex.close();
            return;
          }
          byte[] body = (page == null ? "not found" : page[1]).getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders()
              .add("Content-Type", page == null ? "text/plain" : page[0] + "; charset=utf-8");
          ex.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
          if (page != null && page.length > 2) {
            ex.getResponseHeaders().add("Content-Security-Policy", page[2]);
          }
          ex.sendResponseHeaders(page == null ? 404 : 200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
  }

  Shop page(String path, String html) {
    pages.put(path, new String[] {"text/html", html});
    return this;
  }

  Shop page(String path, String html, String csp) {
    pages.put(path, new String[] {"text/html", html, csp});
    return this;
  }

  Shop redirect(String path, String location) {
    pages.put(path, new String[] {"redirect", location});
    return this;
  }

  Shop script(String path, String js) {
    pages.put(path, new String[] {"text/javascript", js});
    return this;
  }

  String origin() {
    return "http://"
        + server.getAddress().getAddress().getHostAddress()
        + ":"
        + server.getAddress().getPort();
  }

  String host() {
    return server.getAddress().getAddress().getHostAddress();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
