package dev.mimamori.incidents.notify;

import static dev.mimamori.incidents.notify.Fixtures.HOSTILE;
import static dev.mimamori.incidents.notify.Fixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.model.Incident;
import dev.mimamori.model.Observable;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackNotifierTest {
  private static final String HOOK_PATH = "/services/T0001/B0001/s3cr3tS3cr3t";

  private final Receiver receiver = Receiver.start();
  private final SlackNotifier notifier =
      new SlackNotifier(new SlackNotifier.Config(receiver.url(HOOK_PATH)));

  @AfterEach
  void stop() {
    receiver.close();
  }

  private JsonNode sent(Notification n) throws NotificationException {
    notifier.send(n);
    return receiver.take().json();
  }

  /** The mrkdwn text of the fields section's field with this label. */
  private static String field(JsonNode msg, String label) {
    for (JsonNode f : msg.at("/blocks/1/fields")) {
      if (f.get("text").asText().startsWith("*" + label + "*\n")) {
        return f.get("text").asText().substring(label.length() + 3);
      }
    }
    throw new AssertionError("no field " + label);
  }

  @Test
  void postsJsonToTheWebhookPath() throws Exception {
    notifier.send(Fixtures.english(incident("Web shell")));

    Receiver.Request r = receiver.take();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo(HOOK_PATH);
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void putsTheHeadlineAndTitleInTheNotificationText() throws Exception {
    assertThat(sent(Fixtures.english(incident("Web shell"))).get("text").asText())
        .isEqualTo("New incident: `Web shell`");
  }

  @Test
  void putsTheHeadlineInAPlainTextHeader() throws Exception {
    JsonNode header = sent(Fixtures.english(incident("Web shell"))).at("/blocks/0");

    assertThat(header.toString())
        .isEqualTo(
            "{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"New incident\","
                + "\"emoji\":false}}");
  }

  @Test
  void showsEachFactAsALabelAndACodeSpan() throws Exception {
    assertThat(field(sent(Fixtures.english(incident("Web shell"))), "Severity"))
        .isEqualTo("`high`");
  }

  @Test
  void writesJapaneseLabels() throws Exception {
    assertThat(field(sent(Fixtures.japanese(incident("不正ログイン"))), "タイトル")).isEqualTo("`不正ログイン`");
  }

  @Test
  void escapesAttackerMarkupInSlackText() throws Exception {
    assertThat(field(sent(Fixtures.english(incident(HOSTILE))), "Title"))
        .isEqualTo(
            "`&lt;script&gt;alert(1)&lt;/script&gt; &lt;!channel&gt; [toall] *bold* ??Bcc:"
                + " x@evil.example`");
  }

  @Test
  void leavesNoRawMentionAnywhereInTheMessage() throws Exception {
    assertThat(sent(Fixtures.english(incident(HOSTILE))).toString())
        .doesNotContain("<!channel>", "<script>", "\\r", "\\nBcc");
  }

  @Test
  void replacesBackticksSoTheCodeSpanCannotBeClosed() {
    assertThat(SlackNotifier.code("a`*b*`<@U1>", 100)).isEqualTo("`aˋ*b*ˋ&lt;@U1&gt;`");
  }

  @Test
  void cutsALongCodeSpanWithoutBreakingAnEntity() {
    assertThat(SlackNotifier.code("<<<<", 12)).isEqualTo("`&lt;&lt;…`");
  }

  @Test
  void keepsSectionsWithinSlacksLimitForHostileObservables() throws Exception {
    Set<Observable> many = new TreeSet<>();
    for (int k = 0; k < 20; k++) {
      many.add(Observable.url("https://x/" + k + "&".repeat(500)));
    }
    Incident i = incident("x");
    Incident big =
        new Incident(
            i.id(),
            i.tenant(),
            i.asset(),
            i.title(),
            i.status(),
            i.severity(),
            1,
            i.firstSeen(),
            i.lastSeen(),
            i.timeline(),
            many);

    String observables = sent(Fixtures.english(big)).at("/blocks/2/text/text").asText();

    assertThat(observables.length()).isLessThanOrEqualTo(SlackNotifier.SECTION_MAX);
  }

  @Test
  void linksTheAckUrlWithEscapedAmpersands() throws Exception {
    JsonNode blocks = sent(Fixtures.english(incident("x"))).get("blocks");

    assertThat(blocks.get(blocks.size() - 1).at("/text/text").asText())
        .isEqualTo("<https://mimamori.example.jp/ack/inc-1?t=abc&amp;sig=def|Acknowledge>");
  }

  @Test
  void refusesPlainHttpToAnotherHost() {
    assertThatThrownBy(() -> new SlackNotifier.Config("http://hooks.slack.com" + HOOK_PATH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be https");
  }

  @Test
  void refusesAMissingUrl() {
    assertThatThrownBy(() -> new SlackNotifier.Config(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'webhook_url' is required");
  }

  @Test
  void toStringHidesTheWebhookPath() {
    assertThat(new SlackNotifier.Config("https://hooks.slack.com" + HOOK_PATH).toString())
        .contains("https://hooks.slack.com/…")
        .doesNotContain("s3cr3t", "T0001");
  }

  @Test
  void errorDoesNotRevealTheWebhookPath() {
    receiver.answer(404);

    assertThatThrownBy(() -> notifier.send(Fixtures.english(incident("x"))))
        .isInstanceOf(NotificationException.class)
        .message()
        .doesNotContain("s3cr3t");
  }
}
