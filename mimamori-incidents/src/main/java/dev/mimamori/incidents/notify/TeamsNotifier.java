package dev.mimamori.incidents.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mimamori.model.Severity;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Posts an Adaptive Card to a Microsoft Teams incoming webhook or a Workflows ("When a Teams
 * webhook request is received") URL: {@code {"type":"message","attachments":[{"contentType":
 * "application/vnd.microsoft.card.adaptive","content":{...}}]}}.
 *
 * <p>Escaping: a {@code TextBlock} (and a {@code FactSet}'s facts) render a Markdown subset, links
 * included, and backslash escapes are not honoured alike by every Teams client (desktop, web, iOS,
 * Android). So attacker text never goes into a {@code TextBlock}: each value is a {@code TextRun}
 * in a {@code RichTextBlock}, which the Adaptive Card schema (1.2 and later) renders with no
 * Markdown at all. Only mimamori's own words are in {@code TextBlock}s. The card's {@code
 * fallbackText} (for clients that cannot show the card) is Markdown, so the title in it has every
 * Markdown character backslash-escaped. The acknowledge link is an {@code Action.OpenUrl} button.
 */
public final class TeamsNotifier implements Notifier {

  static final String CARD_VERSION = "1.4";

  /** The characters the Adaptive Card Markdown subset (CommonMark) may act on. */
  private static final String MARKDOWN_SPECIALS = "\\`*_{}[]()<>#+-.!|~&";

  /**
   * Settings.
   *
   * @param webhookUrl the webhook's or workflow's URL (https; its path and query are the
   *     credential)
   * @param connectTimeout default 5 s
   * @param requestTimeout default 15 s
   */
  public record Config(
      String webhookUrl, @Nullable Duration connectTimeout, @Nullable Duration requestTimeout) {

    public Config {
      ConfigChecks.url("webhook_url", webhookUrl, true);
      connectTimeout =
          ConfigChecks.timeout(
              "connect_timeout", connectTimeout, ConfigChecks.DEFAULT_CONNECT_TIMEOUT);
      requestTimeout =
          ConfigChecks.timeout(
              "request_timeout", requestTimeout, ConfigChecks.DEFAULT_REQUEST_TIMEOUT);
    }

    public Config(String webhookUrl) {
      this(webhookUrl, null, null);
    }

    /** Shows only the webhook's host: its path and signature are the secret. */
    @Override
    public String toString() {
      return "TeamsNotifier.Config[webhookUrl="
          + ConfigChecks.redact(URI.create(webhookUrl.strip()))
          + ", connectTimeout="
          + connectTimeout
          + ", requestTimeout="
          + requestTimeout
          + "]";
    }
  }

  private final URI url;
  private final HttpDelivery delivery;

  public TeamsNotifier(Config config) {
    this.url = URI.create(config.webhookUrl().strip());
    this.delivery =
        new HttpDelivery(
            type(), config.connectTimeout(), config.requestTimeout(), Clock.systemUTC());
  }

  @Override
  public String type() {
    return "teams";
  }

  @Override
  public void send(Notification n) throws NotificationException {
    MessageText t = MessageText.of(n);
    delivery.post(
        url, "application/json", Json.write(message(t, n.incident().severity())), Map.of());
  }

  /** The message with its one Adaptive Card. */
  static ObjectNode message(MessageText t, Severity severity) {
    ObjectNode msg = Json.object().put("type", "message");
    ObjectNode attachment = msg.putArray("attachments").addObject();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.putNull("contentUrl");
    attachment.set("content", card(t, severity));
    return msg;
  }

  static ObjectNode card(MessageText t, Severity severity) {
    ObjectNode card = Json.object();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", CARD_VERSION);
    card.put("fallbackText", escapeMarkdown(t.headline() + t.separator() + t.title()));
    card.putObject("msteams").put("width", "Full");
    ArrayNode body = card.putArray("body");
    body.addObject()
        .put("type", "TextBlock")
        .put("text", t.headline())
        .put("weight", "Bolder")
        .put("size", "Medium")
        .put("color", color(severity))
        .put("wrap", true);
    for (MessageText.Field f : t.fields()) {
      labelled(body, f.label(), f.value(), false);
    }
    if (!t.observables().isEmpty()) {
      body.addObject()
          .put("type", "TextBlock")
          .put("text", t.observablesLabel())
          .put("weight", "Bolder")
          .put("spacing", "Medium")
          .put("wrap", true);
      for (MessageText.Field o : t.observables()) {
        labelled(body, o.label(), o.value(), true);
      }
      if (t.moreObservables() != null) {
        body.addObject()
            .put("type", "TextBlock")
            .put("text", t.moreObservables())
            .put("isSubtle", true)
            .put("wrap", true);
      }
    }
    if (t.note() != null) {
      labelled(body, t.note().label(), t.note().value(), false).put("spacing", "Medium");
    }
    if (t.ack() != null) {
      card.putArray("actions")
          .addObject()
          .put("type", "Action.OpenUrl")
          .put("title", t.ack().label())
          .put("url", t.ack().value());
    }
    return card;
  }

  /** {@code label: value} as two TextRuns: no Markdown is applied to either. */
  private static ObjectNode labelled(
      ArrayNode body, String label, String value, boolean monospace) {
    ObjectNode block = body.addObject().put("type", "RichTextBlock");
    ArrayNode inlines = block.putArray("inlines");
    inlines.addObject().put("type", "TextRun").put("text", label + ": ").put("weight", "Bolder");
    ObjectNode run = inlines.addObject().put("type", "TextRun").put("text", value);
    if (monospace) {
      run.put("fontType", "Monospace");
    }
    return block;
  }

  private static String color(Severity s) {
    return switch (s) {
      case CRITICAL, HIGH -> "Attention";
      case MEDIUM -> "Warning";
      case LOW, INFO -> "Default";
    };
  }

  /** Backslash before every character the Markdown subset could act on. */
  static String escapeMarkdown(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (MARKDOWN_SPECIALS.indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
