package dev.mimamori.incidents.notify;

import static dev.mimamori.incidents.notify.Fixtures.HOSTILE;
import static dev.mimamori.incidents.notify.Fixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LineNotifierTest {
  private static final String TOKEN = "tok3n+Abc/def=";
  private static final String USER = "U0123456789abcdef0123456789abcdef";
  private static final String GROUP = "C0123456789abcdef0123456789abcdef";

  private final Receiver receiver = Receiver.start();
  private final LineNotifier notifier =
      new LineNotifier(new LineNotifier.Config(TOKEN, USER, receiver.base(), null, null));

  @AfterEach
  void stop() {
    receiver.close();
  }

  private Receiver.Request sent(Notification n) throws NotificationException {
    notifier.send(n);
    return receiver.take();
  }

  @Test
  void pushesToTheMessagingApiPath() throws Exception {
    Receiver.Request r = sent(Fixtures.english(incident("Web shell")));

    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v2/bot/message/push");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void sendsTheTokenAsBearer() throws Exception {
    assertThat(sent(Fixtures.english(incident("x"))).header("Authorization"))
        .isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void sendsOneTextMessageToTheConfiguredId() throws Exception {
    JsonNode body = sent(Fixtures.japanese(incident("不正ログイン"))).json();

    assertThat(body.get("to").asText()).isEqualTo(USER);
    assertThat(body.at("/messages/0/type").asText()).isEqualTo("text");
    assertThat(body.at("/messages/0/text").asText())
        .isEqualTo(MessageText.of(Fixtures.japanese(incident("不正ログイン"))).body().strip());
  }

  @Test
  void sendsARetryKeyDerivedFromTheNotificationId() throws Exception {
    String key = sent(Fixtures.english(incident("x"))).header("X-Line-Retry-Key");

    assertThat(key).isEqualTo(LineNotifier.retryKey("inc-1/3").toString());
  }

  @Test
  void retryKeyIsAUuid() {
    assertThat(UUID.fromString(LineNotifier.retryKey("inc-1/3").toString()))
        .isEqualTo(LineNotifier.retryKey("inc-1/3"));
  }

  @Test
  void retryKeyDiffersBetweenNotifications() {
    assertThat(LineNotifier.retryKey("inc-1/3")).isNotEqualTo(LineNotifier.retryKey("inc-1/4"));
  }

  @Test
  void retryKeyIsTheSameOnEveryTry() throws Exception {
    notifier.send(Fixtures.english(incident("x")));
    notifier.send(Fixtures.english(incident("x")));

    assertThat(receiver.take().header("X-Line-Retry-Key"))
        .isEqualTo(receiver.take().header("X-Line-Retry-Key"));
  }

  @Test
  void treatsConflictOnTheRetryKeyAsAlreadyDelivered() {
    receiver.answer(409, "x-line-accepted-request-id", "abc");

    assertThatCode(() -> notifier.send(Fixtures.english(incident("x")))).doesNotThrowAnyException();
  }

  @Test
  void pushesToTheRecipientOverride() throws Exception {
    JsonNode body = sent(Fixtures.to(GROUP)).json();

    assertThat(body.get("to").asText()).isEqualTo(GROUP);
  }

  @Test
  void refusesAnInvalidRecipientOverrideAsPermanent() {
    NotificationException e =
        catchThrowableOfType(
            NotificationException.class, () -> notifier.send(Fixtures.to("U123\",\"x\":\"")));

    assertThat(e.temporary()).isFalse();
    assertThat(receiver.received()).isZero();
  }

  @Test
  void keepsAHostileTitleAsPlainTextOnOneLine() throws Exception {
    String text = sent(Fixtures.english(incident(HOSTILE))).json().at("/messages/0/text").asText();

    assertThat(text)
        .contains("Title: <script>alert(1)</script> <!channel> [toall] *bold* ??Bcc: x@evil")
        .doesNotContain("\nBcc");
  }

  /** A notification whose text is far over 5,000 characters, emoji (surrogate pairs) at the cut. */
  private static Notification huge() {
    return Fixtures.notification(
        Notification.Kind.INCIDENT_OPENED,
        incident("x"),
        Locale.ENGLISH,
        null,
        "https://m.example/ack/" + "😀".repeat(3000),
        null);
  }

  @Test
  void cutsTextToFiveThousandCharacters() {
    String text = LineNotifier.body(USER, huge()).at("/messages/0/text").asText();

    assertThat(text).hasSizeBetween(LineNotifier.MAX_TEXT - 1, LineNotifier.MAX_TEXT).endsWith("…");
  }

  @Test
  void neverSplitsASurrogatePairWhenCutting() {
    String text = LineNotifier.body(USER, huge()).at("/messages/0/text").asText();

    assertThat(text.codePoints())
        .noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
  }

  @Test
  void refusesAMissingToken() {
    assertThatThrownBy(() -> new LineNotifier.Config("", USER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'channel_access_token' is required");
  }

  @Test
  void refusesAnInvalidDefaultRecipient() {
    assertThatThrownBy(() -> new LineNotifier.Config(TOKEN, "someone"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAPlainHttpBaseUrlToAnotherHost() {
    assertThatThrownBy(() -> new LineNotifier.Config(TOKEN, USER, "http://api.line.me", null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultsToTheLineApi() {
    assertThat(new LineNotifier.Config(TOKEN, USER).baseUrl()).isEqualTo("https://api.line.me");
  }

  @Test
  void toStringHidesTheToken() {
    assertThat(new LineNotifier.Config(TOKEN, USER).toString()).doesNotContain("tok3n");
  }

  @Test
  void errorDoesNotRevealTheToken() {
    receiver.answer(401);

    assertThatThrownBy(() -> notifier.send(Fixtures.english(incident("x"))))
        .isInstanceOf(NotificationException.class)
        .message()
        .doesNotContain("tok3n");
  }
}
