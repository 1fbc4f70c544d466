package dev.mimamori.uptime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One URL's monitor: runs the HTTP, TLS and DNS checks of its spec, remembers the last body hash,
 * DNS answers and certificate problems, and turns differences and confirmed state changes into
 * {@link UptimeEvent}s. One check at a time (the scheduler guarantees it).
 */
public final class Monitor {
  /** Certificates change rarely; checking one every 10 s would only load the shop. */
  public static final Duration TLS_EVERY = Duration.ofHours(1);

  private final String id;
  private final CheckSpec spec;
  private final HttpCheck http;
  private final TlsCheck tls;
  private final DnsCheck dns;
  private final Clock clock;
  private final MonitorState state;
  private final Map<DnsQuery, List<String>> lastDns = new HashMap<>();
  private @Nullable String lastHash;
  private @Nullable Instant lastTlsAt;
  private @Nullable TlsResult lastTls;

  public Monitor(
      String id, CheckSpec spec, HttpCheck http, TlsCheck tls, DnsCheck dns, Clock clock) {
    this.id = id;
    this.spec = spec;
    this.http = http;
    this.tls = tls;
    this.dns = dns;
    this.clock = clock;
    this.state = MonitorState.forSpec(id, spec, clock);
  }

  public String id() {
    return id;
  }

  public CheckSpec spec() {
    return spec;
  }

  /** Restores the last confirmed state (from the database after a restart or an edit). */
  public void rememberState(MonitorState.Status confirmed, @Nullable Instant downSince) {
    state.restore(confirmed, downSince);
  }

  /** Restores the last seen body hash (e.g. from the database after a restart). */
  public void rememberContent(@Nullable String sha256) {
    lastHash = sha256;
  }

  /** Restores the last seen DNS answer. */
  public void rememberDns(DnsQuery q, List<String> records) {
    lastDns.put(q, records.stream().sorted().toList());
  }

  public CheckReport check() {
    HttpResult h = http.run(spec);
    Instant now = clock.instant();
    List<UptimeEvent> events = new ArrayList<>();
    String reason =
        h.failure() == null ? "" : h.failure() + (h.detail().isEmpty() ? "" : ": " + h.detail());
    events.addAll(state.record(h.up(), reason));
    if (spec.watchContent() && h.bodySha256() != null && h.status() >= 200 && h.status() < 300) {
      if (lastHash != null && !lastHash.equals(h.bodySha256())) {
        events.add(new UptimeEvent.ContentChanged(id, now, lastHash, h.bodySha256()));
      }
      lastHash = h.bodySha256();
    }
    TlsResult t = null;
    // A refused target (re-pointed to metadata after configuration) gets no TLS connection either.
    if ("https".equals(spec.url().getScheme())
        && h.failure() != HttpResult.Failure.TARGET_REFUSED
        && (lastTlsAt == null || !now.isBefore(lastTlsAt.plus(TLS_EVERY)))) {
      int port = spec.url().getPort() < 0 ? 443 : spec.url().getPort();
      java.net.InetAddress address = policyChecked(spec.url().getHost(), port);
      if (address != null) {
        t = tls.run(spec.url().getHost(), address, port, spec.timeout(), spec.tlsWarnDays());
        lastTlsAt = now;
        events.addAll(tlsEvents(t, now));
        lastTls = t;
      }
    }
    List<DnsAnswer> answers = new ArrayList<>();
    for (DnsQuery q : spec.dns()) {
      DnsAnswer a = dns.lookup(q);
      answers.add(a);
      if (!a.answered()) {
        continue; // a resolver timeout is not a record change
      }
      List<String> before = lastDns.put(q, a.records());
      if (before != null && !before.equals(a.records())) {
        events.add(new UptimeEvent.DnsChanged(id, now, q, before, a.records()));
      }
    }
    return new CheckReport(id, now, h, t, answers, state.status(), state.flapping(), events);
  }

  /**
   * A certificate problem is announced when it first appears, and the expiry warning again when it
   * gets urgent (under 3 days): not on every hourly check.
   */
  /**
   * The address the TLS check connects to, resolved once and held to the target policy; null when
   * the name does not resolve or the policy refuses it (the HTTP check reports either).
   */
  private java.net.@Nullable InetAddress policyChecked(String host, int port) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    try {
      java.net.InetAddress a = java.net.InetAddress.getByName(h);
      http.policy().checkAddress(a, port, host);
      return a;
    } catch (java.net.UnknownHostException | TargetRefusedException e) {
      return null;
    }
  }

  private List<UptimeEvent> tlsEvents(TlsResult t, Instant now) {
    List<UptimeEvent> out = new ArrayList<>();
    Set<TlsResult.Problem> before = lastTls == null ? Set.of() : lastTls.problems();
    if (t.chainInvalid() && !t.problems().equals(before)) {
      out.add(new UptimeEvent.TlsInvalid(id, now, t.problems(), t.detail()));
    }
    if (t.problems().contains(TlsResult.Problem.EXPIRES_SOON) && t.notAfter() != null) {
      boolean wasWarned = before.contains(TlsResult.Problem.EXPIRES_SOON);
      boolean urgentNow = t.daysLeft() < 3 && (lastTls == null || lastTls.daysLeft() >= 3);
      if (!wasWarned || urgentNow) {
        out.add(new UptimeEvent.TlsExpiring(id, now, t.daysLeft(), t.notAfter()));
      }
    }
    return out;
  }
}
