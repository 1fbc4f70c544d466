package dev.mimamori.uptime;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one HTTP(S) check.
 *
 * @param up status as expected and keyword (if any) found
 * @param status the last response's status, 0 when there was none
 * @param latency from the first request to the end of the body read
 * @param failure why the check failed, null when up
 * @param detail a short human explanation of the failure, or empty
 * @param bodySha256 SHA-256 (hex) of the normalized body read, null when no body was read
 * @param bodyBytes bytes read, at most {@link HttpCheck#BODY_CAP}
 * @param truncated the body was longer than the cap and reading stopped there
 * @param finalUrl the URL answered after redirects
 */
public record HttpResult(
    boolean up,
    int status,
    Duration latency,
    @Nullable Failure failure,
    String detail,
    @Nullable String bodySha256,
    long bodyBytes,
    boolean truncated,
    URI finalUrl) {

  /** Why a check counts as down, with names a responder reads in an alert. */
  public enum Failure {
    TIMEOUT,
    DNS_FAILED,
    CONNECT_FAILED,
    TLS_FAILED,
    TOO_MANY_REDIRECTS,
    REDIRECT_REFUSED,
    UNEXPECTED_STATUS,
    KEYWORD_MISSING,
    TARGET_REFUSED,
    IO_ERROR
  }

  static HttpResult failed(Failure f, String detail, int status, Duration latency, URI at) {
    return new HttpResult(false, status, latency, f, detail, null, 0, false, at);
  }
}
