package dev.mimamori.incidents.notify;

import static dev.mimamori.incidents.notify.Fixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every HTTP channel against a real receiver: which failures are retried, and after how long. */
class ChannelClassificationTest {
  private static final Duration CONNECT = Duration.ofSeconds(2);
  private static final Duration REQUEST = Duration.ofSeconds(1);
  private static final String LINE_USER = "U0123456789abcdef0123456789abcdef";

  /** A channel, built against a base URL such as {@code http://127.0.0.1:PORT}. */
  record Channel(String name, BiFunction<String, Duration, Notifier> make) {
    Notifier at(String base) {
      return make.apply(base, REQUEST);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Channel> channels() {
    return Stream.of(
        new Channel(
            "webhook",
            (base, t) ->
                new WebhookNotifier(
                    new WebhookNotifier.Config(
                        base + "/hook", "0123456789abcdef", Map.of(), CONNECT, t))),
        new Channel(
            "slack",
            (base, t) ->
                new SlackNotifier(new SlackNotifier.Config(base + "/services/x", CONNECT, t))),
        new Channel(
            "teams",
            (base, t) -> new TeamsNotifier(new TeamsNotifier.Config(base + "/wf", CONNECT, t))),
        new Channel(
            "line",
            (base, t) ->
                new LineNotifier(new LineNotifier.Config("tok", LINE_USER, base, CONNECT, t))),
        new Channel(
            "chatwork",
            (base, t) ->
                new ChatworkNotifier(new ChatworkNotifier.Config("tok", "1", base, CONNECT, t))),
        new Channel(
            "pagerduty",
            (base, t) ->
                new PagerDutyNotifier(new PagerDutyNotifier.Config("key", base, CONNECT, t))));
  }

  static Stream<Arguments> channelsAndClientErrors() {
    return channels()
        .flatMap(c -> Stream.of(400, 401, 403, 404).map(status -> Arguments.of(c, status)));
  }

  private final Receiver receiver = Receiver.start();

  @AfterEach
  void stop() {
    receiver.close();
  }

  private NotificationException failure(Channel channel, String base) {
    NotificationException e =
        catchThrowableOfType(
            NotificationException.class,
            () -> channel.at(base).send(Fixtures.english(incident("x"))));
    assertThat(e).as("%s should fail", channel).isNotNull();
    return e;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void serverErrorIsTemporary(Channel channel) {
    receiver.answer(500);

    assertThat(failure(channel, receiver.base()).temporary()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void tooManyRequestsIsTemporary(Channel channel) {
    receiver.answer(429, "Retry-After", "7");

    assertThat(failure(channel, receiver.base()).temporary()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void tooManyRequestsWaitsAsAsked(Channel channel) {
    receiver.answer(429, "Retry-After", "7");

    assertThat(failure(channel, receiver.base()).retryAfter()).isEqualTo(Duration.ofSeconds(7));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("channelsAndClientErrors")
  void clientErrorIsPermanent(Channel channel, int status) {
    receiver.answer(status);

    assertThat(failure(channel, receiver.base()).temporary()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void refusedConnectionIsTemporary(Channel channel) {
    String nowhere = "http://127.0.0.1:" + Receiver.closedPort();

    assertThat(failure(channel, nowhere).temporary()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void stalledReceiverIsTemporary(Channel channel) {
    receiver.stall();

    assertThat(failure(channel, receiver.base()).temporary()).isTrue();
  }
}
