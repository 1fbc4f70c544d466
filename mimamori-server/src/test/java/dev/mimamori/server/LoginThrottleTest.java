package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.server.web.LoginThrottle;
import dev.mimamori.store.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginThrottleTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T00:00:00Z"));
  final LoginThrottle throttle = new LoginThrottle(clock, 3, Duration.ofMinutes(5));

  @Test
  void allowsAttemptsBelowTheLimit() {
    throttle.failed("192.0.2.1", "admin");
    throttle.failed("192.0.2.1", "admin");

    assertThat(throttle.retryAfterSeconds("192.0.2.1", "admin")).isZero();
  }

  @Test
  void refusesAfterTooManyFailuresFromOneAddress() {
    for (int i = 0; i < 3; i++) {
      throttle.failed("192.0.2.1", "user" + i);
    }

    assertThat(throttle.retryAfterSeconds("192.0.2.1", "someone-else")).isEqualTo(300);
  }

  @Test
  void refusesAfterTooManyFailuresForOneUserFromManyAddresses() {
    for (int i = 0; i < 3; i++) {
      throttle.failed("192.0.2." + i, "admin");
    }

    assertThat(throttle.retryAfterSeconds("198.51.100.1", "admin")).isPositive();
  }

  @Test
  void allowsAgainOnceTheWindowHasPassed() {
    for (int i = 0; i < 3; i++) {
      throttle.failed("192.0.2.1", "admin");
    }
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));

    assertThat(throttle.retryAfterSeconds("192.0.2.1", "admin")).isZero();
  }

  @Test
  void answersTheApiWith429AfterTenFailures(@TempDir Path dir) throws Exception {
    try (MimamoriRuntime rt =
        ServerFixture.start(dir.resolve("data"), ServerFixture.writeLog(dir))) {
      TestHttp http = new TestHttp(rt.port());
      for (int i = 0; i < 10; i++) {
        assertThat(
                http.postJson(
                        "/api/v1/tokens",
                        "{\"username\":\"admin\",\"password\":\"guess" + i + "\"}")
                    .statusCode())
            .isEqualTo(401);
      }

      HttpResponse<String> r =
          http.postJson(
              "/api/v1/tokens",
              "{\"username\":\"admin\",\"password\":\"" + ServerFixture.ADMIN_PASSWORD + "\"}");

      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
    }
  }
}
