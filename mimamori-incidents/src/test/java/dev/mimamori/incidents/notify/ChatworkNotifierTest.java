package dev.mimamori.incidents.notify;

import static dev.mimamori.incidents.notify.Fixtures.HOSTILE;
import static dev.mimamori.incidents.notify.Fixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatworkNotifierTest {
  private static final String TOKEN = "0123456789abcdefs3cr3t";

  private final Receiver receiver = Receiver.start();
  private final ChatworkNotifier notifier =
      new ChatworkNotifier(
          new ChatworkNotifier.Config(TOKEN, "123456", receiver.base(), null, null));

  @AfterEach
  void stop() {
    receiver.close();
  }

  private Receiver.Request sent(Notification n) throws NotificationException {
    notifier.send(n);
    return receiver.take();
  }

  /** The form's single field, decoded. */
  private static String body(Receiver.Request r) {
    String form = r.text();
    assertThat(form).startsWith("body=").doesNotContain("&");
    return URLDecoder.decode(form.substring("body=".length()), StandardCharsets.UTF_8);
  }

  @Test
  void postsToTheRoomsMessagesPath() throws Exception {
    Receiver.Request r = sent(Fixtures.english(incident("Web shell")));

    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v2/rooms/123456/messages");
  }

  @Test
  void sendsAFormBody() throws Exception {
    assertThat(sent(Fixtures.english(incident("x"))).header("Content-Type"))
        .isEqualTo("application/x-www-form-urlencoded");
  }

  @Test
  void sendsTheTokenHeader() throws Exception {
    assertThat(sent(Fixtures.english(incident("x"))).header("X-ChatWorkToken")).isEqualTo(TOKEN);
  }

  @Test
  void wrapsTheMessageInAnInfoBlockWithTitle() throws Exception {
    String body = body(sent(Fixtures.japanese(incident("不正ログイン"))));

    assertThat(body)
        .startsWith("[info][title]新しいインシデント：不正ログイン（重大度：高、furusato-shop）[/title]重大度：高")
        .endsWith("[/info]");
  }

  @Test
  void neutralisesTagsInAttackerText() throws Exception {
    String body = body(sent(Fixtures.english(incident(HOSTILE))));

    assertThat(body).contains("［toall]").doesNotContain("[toall]");
  }

  @Test
  void leavesOnlyMimamorisOwnTags() throws Exception {
    String body =
        body(sent(Fixtures.english(incident("[To:1] [code]x[/code] [/info][info][title]fake"))));

    assertThat(body.split("\\[", -1)).hasSize(5); // [info] [title] [/title] [/info]
  }

  @Test
  void postsToTheRecipientRoom() throws Exception {
    assertThat(sent(Fixtures.to("987")).path()).isEqualTo("/v2/rooms/987/messages");
  }

  @Test
  void refusesARecipientThatIsNotDigitsAsPermanent() {
    NotificationException e =
        catchThrowableOfType(
            NotificationException.class, () -> notifier.send(Fixtures.to("1/../../me")));

    assertThat(e.temporary()).isFalse();
    assertThat(receiver.received()).isZero();
  }

  @Test
  void refusesARoomIdThatIsNotDigits() {
    assertThatThrownBy(() -> new ChatworkNotifier.Config(TOKEN, "room-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("digits only");
  }

  @Test
  void refusesAMissingToken() {
    assertThatThrownBy(() -> new ChatworkNotifier.Config(" ", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'api_token' is required");
  }

  @Test
  void toStringHidesTheToken() {
    assertThat(new ChatworkNotifier.Config(TOKEN, "1").toString()).doesNotContain("s3cr3t");
  }

  @Test
  void defaultsToTheChatworkApi() {
    assertThat(new ChatworkNotifier.Config(TOKEN, "1").baseUrl())
        .isEqualTo("https://api.chatwork.com");
  }
}
