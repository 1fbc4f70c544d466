package dev.mimamori.uptime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Something an operator is told about: a confirmed state change or a detected change. */
public sealed interface UptimeEvent {
  /** The monitor's id (the URL for one-shot checks). */
  String target();

  Instant at();

  /** Down, confirmed by {@code failures} consecutive failed checks. */
  record WentDown(String target, Instant at, String reason, int failures) implements UptimeEvent {}

  /** Up again after being down, confirmed by consecutive good checks. */
  record CameUp(String target, Instant at, Duration downFor) implements UptimeEvent {}

  /** Too many state changes in a window: further changes are not announced until stable. */
  record Flapping(String target, Instant at, int changes, Duration window) implements UptimeEvent {}

  /** No state change for a whole window after flapping; {@code up} is the state it settled in. */
  record Stable(String target, Instant at, boolean up) implements UptimeEvent {}

  /** The certificate expires within the warning period. */
  record TlsExpiring(String target, Instant at, long daysLeft, Instant notAfter)
      implements UptimeEvent {}

  /** The certificate is not valid: expired, self-signed, untrusted chain, wrong host name. */
  record TlsInvalid(String target, Instant at, Set<TlsResult.Problem> problems, String detail)
      implements UptimeEvent {
    public TlsInvalid {
      problems = Set.copyOf(problems);
    }
  }

  /** A DNS answer differs from the last one seen. */
  record DnsChanged(
      String target, Instant at, DnsQuery query, List<String> before, List<String> after)
      implements UptimeEvent {
    public DnsChanged {
      before = List.copyOf(before);
      after = List.copyOf(after);
    }
  }

  /** The normalized body's hash differs from the last one seen. */
  record ContentChanged(String target, Instant at, String beforeSha256, String afterSha256)
      implements UptimeEvent {}
}
