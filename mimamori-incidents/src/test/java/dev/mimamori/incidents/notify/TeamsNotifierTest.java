package dev.mimamori.incidents.notify;

import static dev.mimamori.incidents.notify.Fixtures.HOSTILE;
import static dev.mimamori.incidents.notify.Fixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TeamsNotifierTest {
  private static final String HOOK_PATH =
      "/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=s3cr3tSig";

  private final Receiver receiver = Receiver.start();
  private final TeamsNotifier notifier =
      new TeamsNotifier(new TeamsNotifier.Config(receiver.url(HOOK_PATH)));

  @AfterEach
  void stop() {
    receiver.close();
  }

  private JsonNode sent(Notification n) throws NotificationException {
    notifier.send(n);
    return receiver.take().json();
  }

  private static JsonNode card(JsonNode msg) {
    return msg.at("/attachments/0/content");
  }

  /** Every string under TextBlocks and facts: the places Markdown is rendered. */
  private static List<String> markdownTexts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isObject()) {
      if ("TextBlock".equals(node.path("type").asText())) {
        out.add(node.get("text").asText());
      }
      if (node.has("facts")) {
        node.get("facts").forEach(f -> out.add(f.get("value").asText()));
      }
      node.forEach(child -> out.addAll(markdownTexts(child)));
    } else if (node.isArray()) {
      node.forEach(child -> out.addAll(markdownTexts(child)));
    }
    return out;
  }

  @Test
  void postsToTheWorkflowUrlWithItsQuery() throws Exception {
    notifier.send(Fixtures.english(incident("Web shell")));

    Receiver.Request r = receiver.take();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/workflows/abc/triggers/manual/paths/invoke");
    assertThat(r.query()).isEqualTo("api-version=1&sig=s3cr3tSig");
  }

  @Test
  void sendsAMessageWithOneAdaptiveCard() throws Exception {
    JsonNode msg = sent(Fixtures.english(incident("Web shell")));

    assertThat(msg.get("type").asText()).isEqualTo("message");
    assertThat(msg.at("/attachments/0/contentType").asText())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(card(msg).get("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card(msg).get("version").asText()).isEqualTo("1.4");
  }

  @Test
  void startsWithTheHeadlineInBold() throws Exception {
    JsonNode first = card(sent(Fixtures.english(incident("Web shell")))).at("/body/0");

    assertThat(first.get("text").asText()).isEqualTo("New incident");
    assertThat(first.get("weight").asText()).isEqualTo("Bolder");
  }

  @Test
  void putsEachValueInATextRunAfterItsLabel() throws Exception {
    JsonNode title = card(sent(Fixtures.english(incident("Web shell")))).at("/body/3");

    assertThat(title.toString())
        .isEqualTo(
            "{\"type\":\"RichTextBlock\",\"inlines\":["
                + "{\"type\":\"TextRun\",\"text\":\"Title: \",\"weight\":\"Bolder\"},"
                + "{\"type\":\"TextRun\",\"text\":\"Web shell\"}]}");
  }

  @Test
  void keepsAttackerTextOutOfMarkdownBlocks() throws Exception {
    List<String> markdown = markdownTexts(card(sent(Fixtures.english(incident(HOSTILE)))));

    assertThat(markdown).noneMatch(t -> t.contains("script") || t.contains("toall"));
  }

  @Test
  void showsAHostileTitleAsPlainTextInATextRun() throws Exception {
    JsonNode run = card(sent(Fixtures.english(incident(HOSTILE)))).at("/body/3/inlines/1");

    assertThat(run.get("text").asText())
        .isEqualTo("<script>alert(1)</script> <!channel> [toall] *bold* ??Bcc: x@evil.example");
  }

  @Test
  void escapesMarkdownInTheFallbackText() throws Exception {
    JsonNode card = card(sent(Fixtures.english(incident("*bold* [x](https://evil)"))));

    assertThat(card.get("fallbackText").asText())
        .isEqualTo("New incident: \\*bold\\* \\[x\\]\\(https://evil\\)");
  }

  @Test
  void offersTheAckLinkAsAButton() throws Exception {
    JsonNode action = card(sent(Fixtures.english(incident("x")))).at("/actions/0");

    assertThat(action.get("type").asText()).isEqualTo("Action.OpenUrl");
    assertThat(action.get("url").asText()).isEqualTo(Fixtures.ACK);
  }

  @Test
  void labelsTheAckButtonInJapanese() throws Exception {
    assertThat(card(sent(Fixtures.japanese(incident("x")))).at("/actions/0/title").asText())
        .isEqualTo("確認（アクノリッジ）する");
  }

  @Test
  void refusesPlainHttpToAnotherHost() {
    assertThatThrownBy(() -> new TeamsNotifier.Config("http://example.webhook.office.com/x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringHidesThePathAndSignature() {
    assertThat(
            new TeamsNotifier.Config("https://prod.westus.logic.azure.com:443" + HOOK_PATH)
                .toString())
        .contains("https://prod.westus.logic.azure.com:443/…")
        .doesNotContain("s3cr3t", "workflows");
  }
}
