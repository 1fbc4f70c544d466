package dev.mimamori.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.store.User;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong codes are throttled per account: guessing six digits is slowed to a crawl. */
class SecondFactorThrottleTest {
  @TempDir static java.nio.file.Path dir;

  @BeforeAll
  static void start() throws Exception {
    SecondFactorTest.rt =
        MimamoriRuntime.start(
            ServerFixture.config(dir.resolve("data"), ServerFixture.writeLog(dir), null)
                .withSingleFactorAllowed(false),
            Clock.systemUTC(),
            ServerFixture.ADMIN_PASSWORD);
    SecondFactorTest.http = new TestHttp(SecondFactorTest.rt.port());
  }

  @AfterAll
  static void stop() {
    SecondFactorTest.rt.close();
  }

  @Test
  void throttlesTheEleventhWrongCodeOfAnAccount() {
    User u = SecondFactorTest.user(User.ADMIN);
    byte[] secret = SecondFactorTest.enroll(u);
    for (int i = 0; i < 10; i++) {
      assertThat(SecondFactorTest.token(u, SecondFactorTest.wrongCode(secret)).statusCode())
          .isEqualTo(401);
    }

    assertThat(SecondFactorTest.token(u, SecondFactorTest.nextCode(secret)).statusCode())
        .isEqualTo(429);
  }
}
