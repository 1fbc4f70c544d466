package dev.mimamori.incidents.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** A real HTTP server on 127.0.0.1 that records each request and answers as told. */
final class Receiver implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One request as received. Header names are lower-case. */
  record Request(
      String method,
      String path,
      @Nullable String query,
      Map<String, List<String>> headers,
      byte[] body) {

    @Nullable String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile int status = 200;
  private volatile Map<String, String> responseHeaders = Map.of();
  private volatile boolean stall;

  private Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  static Receiver start() {
    try {
      return new Receiver();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answer every request with this status and these headers (name, value, name, value...). */
  Receiver answer(int status, String... headers) {
    Map<String, String> h = new LinkedHashMap<>();
    for (int k = 0; k + 1 < headers.length; k += 2) {
      h.put(headers[k], headers[k + 1]);
    }
    this.status = status;
    this.responseHeaders = h;
    return this;
  }

  /** Take requests but never answer (until closed). */
  Receiver stall() {
    this.stall = true;
    return this;
  }

  /** {@code http://127.0.0.1:PORT} with no trailing slash. */
  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String url(String path) {
    return base() + path;
  }

  /** The next request, waiting up to 5 seconds. */
  Request take() {
    try {
      Request r = requests.poll(5, TimeUnit.SECONDS);
      if (r == null) {
        throw new AssertionError("no request arrived");
      }
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  int received() {
    return requests.size();
  }

  /** A loopback port where nothing listens: connections are refused. */
  static int closedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      Map<String, List<String>> headers = new LinkedHashMap<>();
      ex.getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      requests.add(
          new Request(
              ex.getRequestMethod(),
              ex.getRequestURI().getRawPath(),
              ex.getRequestURI().getRawQuery(),
              headers,
              body));
      if (stall) {
        released.await(30, TimeUnit.SECONDS);
        return;
      }
      responseHeaders.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      byte[] out = "{}".getBytes(StandardCharsets.UTF_8);
      if (status == 204) {
        ex.sendResponseHeaders(status, -1);
      } else {
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
