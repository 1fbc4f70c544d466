package dev.mimamori.incidents.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDeliveryTest {
  private static final Instant NOW = Instant.parse("2026-11-19T18:00:00Z");
  private static final String SECRET_PATH = "/services/T000/B000/s3cr3tXYZ";

  private final Receiver receiver = Receiver.start();
  private final HttpDelivery delivery =
      new HttpDelivery(
          "test", Duration.ofSeconds(2), Duration.ofMillis(500), Clock.fixed(NOW, ZoneOffset.UTC));

  @AfterEach
  void stop() {
    receiver.close();
  }

  private NotificationException failure() {
    return catchThrowableOfType(
        NotificationException.class,
        () ->
            delivery.post(
                URI.create(receiver.url(SECRET_PATH)), "application/json", "{}", Map.of()));
  }

  @Test
  void treatsTwoHundredAsDelivered() {
    assertThatCode(
            () -> delivery.post(URI.create(receiver.url("/x")), "application/json", "{}", Map.of()))
        .doesNotThrowAnyException();
  }

  @Test
  void treatsNoContentAsDelivered() {
    receiver.answer(204);

    assertThatCode(
            () -> delivery.post(URI.create(receiver.url("/x")), "application/json", "{}", Map.of()))
        .doesNotThrowAnyException();
  }

  @Test
  void sendsTheBodyAsUtf8WithTheGivenHeaders() throws Exception {
    delivery.post(
        URI.create(receiver.url("/hook")),
        "application/json",
        "{\"t\":\"重大度\"}",
        Map.of("X-Extra", "1"));

    Receiver.Request r = receiver.take();
    assertThat(r.text()).isEqualTo("{\"t\":\"重大度\"}");
    assertThat(r.header("X-Extra")).isEqualTo("1");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("User-Agent")).isEqualTo("mimamori");
  }

  @Test
  void serverErrorIsTemporary() {
    receiver.answer(500);

    assertThat(failure().temporary()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 425, 429, 502, 503, 504})
  void busyAndTimeoutStatusesAreTemporary(int status) {
    receiver.answer(status);

    assertThat(failure().temporary()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 410, 413, 422})
  void otherClientErrorsArePermanent(int status) {
    receiver.answer(status);

    assertThat(failure().temporary()).isFalse();
  }

  @Test
  void redirectIsPermanentAndNotFollowed() {
    receiver.answer(302, "Location", "http://127.0.0.1:1/elsewhere");

    assertThat(failure().temporary()).isFalse();
  }

  @Test
  void tooManyRequestsCarriesRetryAfterSeconds() {
    receiver.answer(429, "Retry-After", "7");

    assertThat(failure().retryAfter()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void unavailableCarriesRetryAfterAsHttpDate() {
    receiver.answer(503, "Retry-After", "Thu, 19 Nov 2026 18:02:00 GMT");

    assertThat(failure().retryAfter()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void capsRetryAfterAtAnHour() {
    receiver.answer(429, "Retry-After", "86400");

    assertThat(failure().retryAfter()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void ignoresRetryAfterOnAPermanentError() {
    receiver.answer(400, "Retry-After", "7");

    assertThat(failure().retryAfter()).isNull();
  }

  @Test
  void ignoresAnUnreadableRetryAfter() {
    assertThat(HttpDelivery.retryAfter("soon", NOW)).isNull();
  }

  @Test
  void readsAPastHttpDateAsNoWait() {
    assertThat(HttpDelivery.retryAfter("Thu, 19 Nov 2026 17:00:00 GMT", NOW))
        .isEqualTo(Duration.ZERO);
  }

  @Test
  void refusedConnectionIsTemporary() {
    NotificationException e =
        catchThrowableOfType(
            NotificationException.class,
            () ->
                delivery.post(
                    URI.create("http://127.0.0.1:" + Receiver.closedPort() + SECRET_PATH),
                    "application/json",
                    "{}",
                    Map.of()));

    assertThat(e.temporary()).isTrue();
  }

  @Test
  void stalledReceiverTimesOutAsTemporary() {
    receiver.stall();

    assertThat(failure().temporary()).isTrue();
  }

  @Test
  void failureNamesTheStatusAndHostButNotThePath() {
    receiver.answer(500);

    assertThat(failure().getMessage())
        .contains("HTTP 500", "127.0.0.1")
        .doesNotContain("s3cr3t", "/services");
  }

  @Test
  void timeoutMessageDoesNotNameThePath() {
    receiver.stall();

    assertThat(failure().getMessage()).contains("127.0.0.1").doesNotContain("s3cr3t");
  }

  @Test
  void headerValueKeepsPrintableAscii() {
    assertThat(HttpDelivery.headerValue("inc-1/3")).isEqualTo("inc-1/3");
  }

  @Test
  void headerValuePercentEncodesControlsAndNonAscii() {
    assertThat(HttpDelivery.headerValue("a\r\nb é")).isEqualTo("a%0D%0Ab%20%C3%A9");
  }
}
