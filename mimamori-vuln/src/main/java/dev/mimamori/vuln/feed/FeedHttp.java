package dev.mimamori.vuln.feed;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;

/**
 * The HTTP side of every feed: connect and answer timeouts, a cap on the answer's size, and
 * failures turned into one clear sentence (never a stack trace).
 */
public final class FeedHttp {
  /** NVD pages of 2,000 CVEs stay well below this. */
  public static final long DEFAULT_MAX_BYTES = 32L << 20;

  /** Feeds ask clients to say who they are (NVD and Packagist ask for it). */
  static final String USER_AGENT = "mimamori (advisory feeds)";

  private final HttpClient client;
  private final Duration readTimeout;
  private final long maxBytes;

  public FeedHttp(Duration connectTimeout, Duration readTimeout, long maxBytes) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.readTimeout = readTimeout;
    this.maxBytes = maxBytes;
  }

  public static FeedHttp defaults() {
    return new FeedHttp(Duration.ofSeconds(15), Duration.ofSeconds(120), DEFAULT_MAX_BYTES);
  }

  /** GET with the given headers; the body, or why there is none. */
  public byte[] get(String feed, URI uri, Map<String, String> headers) throws FeedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).timeout(readTimeout).header("User-Agent", USER_AGENT).GET();
    headers.forEach(b::header);
    return send(feed, b.build());
  }

  /** POST of a JSON body; the answer, or why there is none. */
  public byte[] postJson(String feed, URI uri, String json) throws FeedException {
    return send(
        feed,
        HttpRequest.newBuilder(uri)
            .timeout(readTimeout)
            .header("User-Agent", USER_AGENT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private byte[] send(String feed, HttpRequest request) throws FeedException {
    String where =
        feed + " (" + request.uri().getScheme() + "://" + request.uri().getAuthority() + ")";
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FeedException(where + ": interrupted");
    } catch (IOException | RuntimeException e) {
      throw new FeedException(where + " unreachable: " + reason(e));
    }
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new FeedException(
            where + " answered HTTP " + response.statusCode() + hint(response.statusCode()));
      }
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (body.length > maxBytes) {
        throw new FeedException(where + " answered more than " + maxBytes + " bytes (refused)");
      }
      return body;
    } catch (IOException e) {
      throw new FeedException(where + ": answer broken off: " + reason(e));
    }
  }

  private static String hint(int status) {
    return switch (status) {
      case 403, 429 -> " (rate limit or API key refused: wait, or set an API key)";
      case 404 -> " (wrong URL?)";
      default -> "";
    };
  }

  static String reason(Exception e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection within the connect timeout";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer within the read timeout";
    }
    if (e instanceof ConnectException) {
      return e.getCause() instanceof UnresolvedAddressException
          ? "unknown host"
          : "connection refused or network unreachable";
    }
    String m = e.getMessage();
    return m == null || m.isBlank()
        ? e.getClass().getSimpleName()
        : m.lines().findFirst().orElse(m);
  }
}
