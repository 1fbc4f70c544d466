package dev.mimamori.vuln.feed;

import com.sun.net.httpserver.HttpServer;
import dev.mimamori.vuln.advisory.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A feed on loopback: answers each request with what {@code answer} gives for it (a fixture of
 * {@code testdata/feeds/} in the feed's real shape) and records what was asked.
 */
final class FeedServer implements AutoCloseable {
  /** One request as the feed saw it. */
  record Request(String method, String query, String body, String apiKey) {}

  /** The answer: HTTP status and body. */
  record Answer(int status, byte[] body) {
    static Answer fixture(String name) {
      return new Answer(200, Fixtures.bytes("feeds/" + name));
    }

    static Answer text(int status, String body) {
      return new Answer(status, body.getBytes(StandardCharsets.UTF_8));
    }
  }

  final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final HttpServer server;

  FeedServer(Function<Request, Answer> answer) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String query = exchange.getRequestURI().getRawQuery();
          String key = exchange.getRequestHeaders().getFirst("apiKey");
          Request r =
              new Request(
                  exchange.getRequestMethod(),
                  query == null ? "" : query,
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                  key == null ? "" : key);
          requests.add(r);
          Answer a = answer.apply(r);
          exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(a.body());
          }
        });
    server.start();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  static FeedHttp http() {
    return new FeedHttp(Duration.ofSeconds(5), Duration.ofSeconds(10), FeedHttp.DEFAULT_MAX_BYTES);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
