package dev.mimamori.server.csp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.sensors.csp.CspReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Deduplication and rate limits of the CSP report endpoint, with a clock the test moves. */
class ReportLimitsTest {
  /** A clock the test moves. */
  static final class StepClock extends Clock {
    Instant now = Instant.parse("2026-11-26T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static CspReport report(String page) {
    return new CspReport(
        page,
        "https://evil.example/a.js",
        "script-src-elem",
        "enforce",
        null,
        null,
        null,
        null,
        null);
  }

  final StepClock clock = new StepClock();
  final ReportDeduplicator dedup = new ReportDeduplicator(clock, Duration.ofMinutes(10).toMillis());

  @Test
  void aRepeatWithinTheWindowIsOnlyCounted() {
    dedup.admit("s", report("https://shop.example.jp/cart"));

    assertThat(dedup.admit("s", report("https://shop.example.jp/cart?x=2"))).isEqualTo(-1);
  }

  @Test
  void theFirstReportAfterTheWindowCarriesTheRepeatsCounted() {
    dedup.admit("s", report("https://shop.example.jp/cart"));
    dedup.admit("s", report("https://shop.example.jp/cart"));
    dedup.admit("s", report("https://shop.example.jp/cart"));
    clock.now = clock.now.plus(Duration.ofMinutes(11));

    assertThat(dedup.admit("s", report("https://shop.example.jp/cart"))).isEqualTo(2);
  }

  @Test
  void anotherPageIsAnotherReport() {
    dedup.admit("s", report("https://shop.example.jp/cart"));

    assertThat(dedup.admit("s", report("https://shop.example.jp/shopping"))).isZero();
  }

  @Test
  void theLimiterRefusesTheHitOverItsLimitUntilTheWindowEnds() {
    FixedWindowLimiter limiter = new FixedWindowLimiter(clock, 2, 60_000);
    limiter.tryHit("a");
    limiter.tryHit("a");

    assertThat(limiter.tryHit("a")).isFalse();
  }

  @Test
  void theLimiterStartsAgainInTheNextWindow() {
    FixedWindowLimiter limiter = new FixedWindowLimiter(clock, 1, 60_000);
    limiter.tryHit("a");
    clock.now = clock.now.plusSeconds(61);

    assertThat(limiter.tryHit("a")).isTrue();
  }
}
