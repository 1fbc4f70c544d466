package dev.mimamori.uptime;

import dev.mimamori.uptime.HttpResult.Failure;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * One HTTP(S) check: status, latency, keyword and a hash of the normalized body. Redirects are
 * followed by hand (at most {@link #MAX_REDIRECTS}, http(s) only, each target checked against the
 * {@link TargetPolicy}), the body is read up to {@link #BODY_CAP}, and the whole check ends at the
 * spec's timeout however slowly the server answers.
 */
public final class HttpCheck {
  public static final int MAX_REDIRECTS = 5;
  public static final int BODY_CAP = 2 * 1024 * 1024;

  private final HttpClient client;
  private final TargetPolicy policy;

  /** The policy every request is held to. */
  public TargetPolicy policy() {
    return policy;
  }

  public HttpCheck(HttpClient client, TargetPolicy policy) {
    this.client = client;
    this.policy = policy;
  }

  /** A client for checks: no automatic redirects, HTTP/1.1, the given TLS trust. */
  public static HttpClient newClient(SSLContext tls, Executor executor) {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .sslContext(tls)
        .executor(executor)
        .build();
  }

  public HttpResult run(CheckSpec spec) {
    long start = System.nanoTime();
    long deadline = start + spec.timeout().toNanos();
    URI at = spec.url();
    for (int hop = 0; ; hop++) {
      try {
        policy.check(at);
      } catch (TargetRefusedException e) {
        return HttpResult.failed(Failure.TARGET_REFUSED, e.getMessage(), 0, since(start), at);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return HttpResult.failed(Failure.TIMEOUT, "timed out", 0, since(start), at);
      }
      CappedBody body = new CappedBody(BODY_CAP);
      HttpRequest request =
          HttpRequest.newBuilder(at)
              .timeout(Duration.ofNanos(left))
              .header("User-Agent", "mimamori-uptime/1")
              .header("Accept-Encoding", "identity")
              .GET()
              .build();
      CompletableFuture<HttpResponse<CappedBody.Body>> pending =
          client.sendAsync(request, info -> body);
      HttpResponse<CappedBody.Body> response;
      try {
        response = pending.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        body.abort();
        pending.cancel(true);
        return HttpResult.failed(Failure.TIMEOUT, "timed out", 0, since(start), at);
      } catch (InterruptedException e) {
        body.abort();
        pending.cancel(true);
        Thread.currentThread().interrupt();
        return HttpResult.failed(Failure.TIMEOUT, "interrupted", 0, since(start), at);
      } catch (ExecutionException e) {
        return classify(e.getCause(), since(start), at);
      }
      int status = response.statusCode();
      if (status >= 300
          && status < 400
          && status != 304
          && response.headers().firstValue("Location").isPresent()) {
        if (hop >= MAX_REDIRECTS) {
          return HttpResult.failed(
              Failure.TOO_MANY_REDIRECTS,
              "more than " + MAX_REDIRECTS + " redirects",
              status,
              since(start),
              at);
        }
        URI next;
        try {
          next = at.resolve(response.headers().firstValue("Location").orElseThrow().trim());
        } catch (IllegalArgumentException e) {
          return HttpResult.failed(
              Failure.REDIRECT_REFUSED, "redirect to an invalid URL", status, since(start), at);
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
          return HttpResult.failed(
              Failure.REDIRECT_REFUSED,
              "redirect to a " + scheme + ": URL is not followed",
              status,
              since(start),
              at);
        }
        at = next;
        continue;
      }
      return judge(spec, response.body(), status, since(start), at);
    }
  }

  private static HttpResult judge(
      CheckSpec spec, CappedBody.Body body, int status, Duration latency, URI at) {
    String text = new String(body.bytes(), StandardCharsets.UTF_8);
    String hash = sha256(normalize(text));
    Failure failure = null;
    String detail = "";
    if (!spec.statusOk(status)) {
      failure = Failure.UNEXPECTED_STATUS;
      detail = "status " + status;
    } else if (spec.keyword() != null && !text.contains(spec.keyword())) {
      failure = Failure.KEYWORD_MISSING;
      detail = "keyword not found in the first " + body.bytes().length + " bytes";
    }
    return new HttpResult(
        failure == null,
        status,
        latency,
        failure,
        detail,
        hash,
        body.bytes().length,
        body.truncated(),
        at);
  }

  private static HttpResult classify(Throwable t, Duration latency, URI at) {
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    if (t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException) {
      return HttpResult.failed(Failure.TIMEOUT, "timed out", 0, latency, at);
    }
    if (t instanceof TimeoutException) {
      return HttpResult.failed(Failure.TIMEOUT, "body read timed out", 0, latency, at);
    }
    if (t instanceof SSLException) {
      return HttpResult.failed(Failure.TLS_FAILED, msg, 0, latency, at);
    }
    if (t instanceof UnknownHostException || hasCause(t, UnknownHostException.class)) {
      return HttpResult.failed(Failure.DNS_FAILED, "name does not resolve", 0, latency, at);
    }
    if (t instanceof ConnectException || hasCause(t, ConnectException.class)) {
      return HttpResult.failed(Failure.CONNECT_FAILED, "connection refused", 0, latency, at);
    }
    if (hasCause(t, SSLException.class)) {
      return HttpResult.failed(Failure.TLS_FAILED, msg, 0, latency, at);
    }
    return HttpResult.failed(Failure.IO_ERROR, msg, 0, latency, at);
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whitespace runs collapse to one space and vanish between tags, so that re-indentation or a
   * changed line ending is no content change; anything else (a new script tag) is.
   */
  static String normalize(String body) {
    return body.replaceAll("\\s+", " ").replace("> <", "><").trim();
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
