package dev.mimamori.incidents.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Posts to a Slack incoming webhook: {@code text} (the notification preview) and Block Kit blocks.
 *
 * <p>Escaping: Slack's mrkdwn turns {@code <...>} into links and mentions ({@code <!channel>},
 * {@code <@U123>}) and {@code & < >} are its control characters, so attacker text has them replaced
 * by {@code &amp; &lt; &gt;} (Slack's documented rule). Every attacker value is also put in an
 * inline code span, where {@code *bold*}, {@code _italic_}, {@code ~strike~}, emoji codes and bare
 * URLs are shown as typed; a backtick, the only character that could close the span, becomes {@code
 * ˋ} (U+02CB). Only mimamori's own words (labels, headline) are outside code spans.
 */
public final class SlackNotifier implements Notifier {

  /** Slack's limits: a section's text, a field's text, a header's text. */
  static final int SECTION_MAX = 3000;

  static final int FIELD_MAX = 2000;
  static final int HEADER_MAX = 150;
  static final int OBSERVABLE_MAX = 250;

  /**
   * Settings.
   *
   * @param webhookUrl the incoming webhook's URL (https; it is the credential)
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

    /** Shows only the webhook's host: its path is the secret. */
    @Override
    public String toString() {
      return "SlackNotifier.Config[webhookUrl="
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

  public SlackNotifier(Config config) {
    this.url = URI.create(config.webhookUrl().strip());
    this.delivery =
        new HttpDelivery(
            type(), config.connectTimeout(), config.requestTimeout(), Clock.systemUTC());
  }

  @Override
  public String type() {
    return "slack";
  }

  @Override
  public void send(Notification n) throws NotificationException {
    delivery.post(url, "application/json", Json.write(payload(MessageText.of(n))), Map.of());
  }

  /** The message: {@code text} for notifications and previews, blocks for the channel. */
  static ObjectNode payload(MessageText t) {
    ObjectNode msg = Json.object();
    msg.put("text", escape(t.headline()) + t.separator() + code(t.title(), FIELD_MAX));
    ArrayNode blocks = msg.putArray("blocks");

    ObjectNode header = blocks.addObject().put("type", "header");
    header
        .putObject("text")
        .put("type", "plain_text")
        .put("text", Sanitize.clip(t.headline(), HEADER_MAX))
        .put("emoji", false);

    ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
    for (MessageText.Field f : t.fields()) {
      String label = "*" + escape(f.label()) + "*\n";
      fields
          .addObject()
          .put("type", "mrkdwn")
          .put("text", label + code(f.value(), FIELD_MAX - label.length()));
    }

    if (!t.observables().isEmpty()) {
      StringBuilder b = new StringBuilder("*").append(escape(t.observablesLabel())).append('*');
      for (MessageText.Field o : t.observables()) {
        b.append("\n• ")
            .append(escape(o.label()))
            .append(' ')
            .append(code(o.value(), OBSERVABLE_MAX));
      }
      if (t.moreObservables() != null) {
        b.append('\n').append(escape(t.moreObservables()));
      }
      section(blocks, b.toString());
    }
    if (t.note() != null) {
      String label = "*" + escape(t.note().label()) + "* ";
      section(blocks, label + code(t.note().value(), SECTION_MAX - label.length()));
    }
    if (t.ack() != null) {
      section(blocks, "<" + linkTarget(t.ack().value()) + "|" + escape(t.ack().label()) + ">");
    }
    return msg;
  }

  private static void section(ArrayNode blocks, String mrkdwn) {
    blocks
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", mrkdwn);
  }

  /** Slack's escaping of its control characters: {@code & < >}. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.chars().forEach(c -> appendEscaped(b, (char) c));
    return b.toString();
  }

  /**
   * Attacker text as an inline code span of at most {@code max} characters: escaped, backticks
   * replaced, cut (with "…") before a character whose escape would not fit.
   */
  static String code(String s, int max) {
    if (s.isEmpty()) {
      return "` `";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length() + 2, max)).append('`');
    int limit = max - 2; // the closing backtick and a possible "…"
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int before = b.length();
      if (c == '`') {
        b.append('ˋ');
      } else {
        appendEscaped(b, c);
      }
      boolean pairStart = Character.isHighSurrogate(c) && i + 1 < s.length();
      if (b.length() > limit || (pairStart && b.length() + 1 > limit)) {
        b.setLength(before);
        b.append('…');
        break;
      }
    }
    return b.append('`').toString();
  }

  private static void appendEscaped(StringBuilder b, char c) {
    switch (c) {
      case '&' -> b.append("&amp;");
      case '<' -> b.append("&lt;");
      case '>' -> b.append("&gt;");
      default -> b.append(c);
    }
  }

  /** A link's URL in {@code <url|label>}: escaped, and {@code |} (the label separator) encoded. */
  private static String linkTarget(String url) {
    return escape(url.replace("|", "%7C"));
  }
}
