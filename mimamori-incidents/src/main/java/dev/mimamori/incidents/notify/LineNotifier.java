package dev.mimamori.incidents.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Pushes a text message with the LINE Messaging API: {@code POST /v2/bot/message/push} with the
 * channel access token as a bearer token. LINE shows text as typed (no markup, mentions need
 * explicit objects), so no escaping is needed; the text is cut to LINE's 5,000 characters without
 * splitting a surrogate pair. {@code X-Line-Retry-Key} is a UUID derived from the notification id,
 * so a retry of the same message is recognised by LINE, which answers 409 when it already accepted
 * it: that counts as delivered.
 */
public final class LineNotifier implements Notifier {
  static final String DEFAULT_BASE_URL = "https://api.line.me";
  static final int MAX_TEXT = 5000;

  /** A user ({@code U…}), group ({@code C…}) or room ({@code R…}) id: a letter and 32 hex. */
  private static final Pattern LINE_ID = Pattern.compile("[UCR][0-9a-f]{32}");

  /**
   * Settings.
   *
   * @param channelAccessToken the Messaging API channel's long-lived access token
   * @param to the user, group or room id to push to, unless a notification names one
   * @param baseUrl the API's base URL (default {@code https://api.line.me})
   * @param connectTimeout default 5 s
   * @param requestTimeout default 15 s
   */
  public record Config(
      String channelAccessToken,
      String to,
      @Nullable String baseUrl,
      @Nullable Duration connectTimeout,
      @Nullable Duration requestTimeout) {

    public Config {
      ConfigChecks.token("channel_access_token", channelAccessToken);
      checkId("to", to);
      baseUrl = ConfigChecks.baseUrl("base_url", baseUrl, DEFAULT_BASE_URL).toString();
      connectTimeout =
          ConfigChecks.timeout(
              "connect_timeout", connectTimeout, ConfigChecks.DEFAULT_CONNECT_TIMEOUT);
      requestTimeout =
          ConfigChecks.timeout(
              "request_timeout", requestTimeout, ConfigChecks.DEFAULT_REQUEST_TIMEOUT);
    }

    public Config(String channelAccessToken, String to) {
      this(channelAccessToken, to, null, null, null);
    }

    /** Hides the token. */
    @Override
    public String toString() {
      return "LineNotifier.Config[channelAccessToken="
          + ConfigChecks.masked(channelAccessToken)
          + ", to="
          + to
          + ", baseUrl="
          + baseUrl
          + ", connectTimeout="
          + connectTimeout
          + ", requestTimeout="
          + requestTimeout
          + "]";
    }
  }

  private final URI pushUrl;
  private final String token;
  private final String to;
  private final HttpDelivery delivery;

  public LineNotifier(Config config) {
    this.pushUrl = URI.create(config.baseUrl() + "/v2/bot/message/push");
    this.token = config.channelAccessToken();
    this.to = config.to();
    this.delivery =
        new HttpDelivery(
            type(), config.connectTimeout(), config.requestTimeout(), Clock.systemUTC());
  }

  @Override
  public String type() {
    return "line";
  }

  @Override
  public void send(Notification n) throws NotificationException {
    String target = n.recipient() == null ? to : n.recipient();
    if (!LINE_ID.matcher(target).matches()) {
      throw new NotificationException(
          "line: the recipient is not a LINE user, group or room id", false);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + token);
    headers.put("X-Line-Retry-Key", retryKey(n.id()).toString());
    // 409: LINE already accepted a request with this retry key.
    delivery.post(pushUrl, "application/json", Json.write(body(target, n)), headers, s -> s == 409);
  }

  static ObjectNode body(String to, Notification n) {
    ObjectNode body = Json.object().put("to", to);
    body.putArray("messages")
        .addObject()
        .put("type", "text")
        .put("text", Sanitize.clip(MessageText.of(n).body().strip(), MAX_TEXT));
    return body;
  }

  /** The same UUID for the same notification id, on every try and every restart. */
  static UUID retryKey(String notificationId) {
    return UUID.nameUUIDFromBytes(
        ("mimamori-notification:" + notificationId).getBytes(StandardCharsets.UTF_8));
  }

  private static void checkId(String field, @Nullable String id) {
    if (id == null || !LINE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "'" + field + "' must be a LINE user, group or room id (U, C or R and 32 hex digits)");
    }
  }
}
