package dev.mimamori.uptime;

import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A server certificate as seen in a TLS handshake.
 *
 * @param daysLeft whole days until the leaf certificate expires (negative when expired)
 * @param notAfter the leaf's expiry, null when no certificate was received
 * @param subject the leaf's subject, null when none
 * @param issuer the leaf's issuer, null when none
 * @param problems what is wrong; empty means a valid, trusted certificate for the host
 * @param detail the validator's message for a chain problem, or empty
 */
public record TlsResult(
    long daysLeft,
    @Nullable Instant notAfter,
    @Nullable String subject,
    @Nullable String issuer,
    Set<Problem> problems,
    String detail) {

  /** Certificate problems by name, as alerts show them. */
  public enum Problem {
    EXPIRED,
    NOT_YET_VALID,
    EXPIRES_SOON,
    SELF_SIGNED,
    UNTRUSTED_CHAIN,
    HOSTNAME_MISMATCH,
    HANDSHAKE_FAILED,
    TIMEOUT
  }

  public TlsResult {
    problems = Set.copyOf(problems);
  }

  /** A problem other than the expiry warning: the certificate is not valid for browsers now. */
  public boolean chainInvalid() {
    return problems.stream().anyMatch(p -> p != Problem.EXPIRES_SOON);
  }
}
