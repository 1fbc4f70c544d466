package dev.mimamori.server.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver on loopback that can be told to fail, stall or accept; it records the
 * idempotency key of every request it accepted.
 */
final class WebhookReceiver implements AutoCloseable {
  enum Mode {
    ACCEPT,
    FAIL_503,
    RATE_LIMITED,
    STALL,
    GONE_404
  }

  private final HttpServer server;
  volatile Mode mode = Mode.ACCEPT;
  final List<String> accepted = new CopyOnWriteArrayList<>();
  final List<String> bodies = new CopyOnWriteArrayList<>();

  /** The idempotency key of every request, whatever the answer. */
  final List<String> seen = new CopyOnWriteArrayList<>();

  final AtomicInteger requests = new AtomicInteger();
  final CountDownLatch stalled = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  WebhookReceiver(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext(
        "/hook",
        ex -> {
          requests.incrementAndGet();
          seen.add(String.valueOf(ex.getRequestHeaders().getFirst("Idempotency-Key")));
          String body;
          try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
          }
          Mode m = mode;
          int status;
          switch (m) {
            case FAIL_503 -> status = 503;
            case GONE_404 -> status = 404;
            case RATE_LIMITED -> {
              ex.getResponseHeaders().add("Retry-After", "3");
              status = 429;
            }
            case STALL -> {
              stalled.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              status = 503;
            }
            default -> {
              accepted.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
              bodies.add(body);
              status = 200;
            }
          }
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port() + "/hook";
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
