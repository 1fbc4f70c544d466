package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.server.web.LoginThrottle;
import dev.mimamori.store.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginThrottleTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T00:00:00Z"));
  final LoginThrottle throttle = new LoginThrottle(clock, 3, Duration.ofMinutes(5));

  @Test
  void allowsAttemptsBelowTheLimit() {
    throttle.begin("192.0.2.1", "admin");
    throttle.begin("192.0.2.1", "admin");

    assertThat(throttle.begin("192.0.2.1", "admin")).isZero();
  }

  @Test
  void refusesAfterTooManyAttemptsFromOneAddress() {
    for (int i = 0; i < 3; i++) {
      throttle.begin("192.0.2.1", "user" + i);
    }

    assertThat(throttle.begin("192.0.2.1", "someone-else")).isEqualTo(300);
  }

  @Test
  void doesNotCountSuccessfulAttempts() {
    for (int i = 0; i < 5; i++) {
      assertThat(throttle.begin("192.0.2.1", "admin")).isZero();
      throttle.succeeded("192.0.2.1", "admin");
    }
  }

  @Test
  void letsOneAddressNotLockAnAccountOutForOthers() {
    for (int i = 0; i < 10; i++) {
      throttle.begin("203.0.113.9", "admin");
    }

    assertThat(throttle.begin("198.51.100.1", "admin")).isZero();
  }

  @Test
  void slowsADistributedGuessAtOneAccount() {
    for (int i = 0; i < 30; i++) {
      throttle.begin("192.0.2." + i, "admin");
    }

    assertThat(throttle.begin("198.51.100.1", "admin")).isPositive();
  }

  @Test
  void groupsIpv6AddressesByTheirSlash64() {
    for (int i = 1; i <= 3; i++) {
      throttle.begin("2001:db8:1:2::" + i, "user" + i);
    }

    assertThat(throttle.begin("2001:db8:1:2:ffff::9", "other")).isPositive();
    assertThat(throttle.begin("2001:db8:1:3::1", "other")).isZero();
  }

  @Test
  void allowsAgainOnceTheWindowHasPassed() {
    for (int i = 0; i < 3; i++) {
      throttle.begin("192.0.2.1", "admin");
    }
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));

    assertThat(throttle.begin("192.0.2.1", "admin")).isZero();
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

  @Test
  void parallelGuessesCannotSlipPastTheLimit(@TempDir Path dir) throws Exception {
    try (MimamoriRuntime rt =
        ServerFixture.start(dir.resolve("data"), ServerFixture.writeLog(dir))) {
      TestHttp http = new TestHttp(rt.port());
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Callable<Integer>> guesses = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String body = "{\"username\":\"admin\",\"password\":\"guess" + i + "\"}";
        guesses.add(() -> http.postJson("/api/v1/tokens", body).statusCode());
      }
      List<Integer> codes = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(guesses)) {
        codes.add(f.get());
      }
      pool.shutdown();

      assertThat(codes.stream().filter(c -> c == 401).count()).isLessThanOrEqualTo(10);
      assertThat(codes).allMatch(c -> c == 401 || c == 429 || c == 503);
    }
  }
}
