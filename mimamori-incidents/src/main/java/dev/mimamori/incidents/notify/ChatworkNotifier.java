package dev.mimamori.incidents.notify;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Posts a message to a Chatwork room with API v2: {@code POST /v2/rooms/{room_id}/messages}, the
 * token in {@code X-ChatWorkToken}, a form body {@code body=...}. The message is {@code
 * [info][title]summary[/title]details[/info]}.
 *
 * <p>Escaping: Chatwork acts on tags in square brackets ({@code [To:123]}, {@code [toall]}, {@code
 * [info]}, {@code [code]}, {@code [qt]}, {@code [hr]}, ...). In all text that is not mimamori's own
 * tags, every {@code [} is replaced by the full-width {@code ［} (U+FF3B), so no attacker text can
 * mention anyone, forge a block or close mimamori's. The full-width bracket was chosen over an
 * invisible zero-width character: it reads the same to a person, it survives copy and paste, and it
 * cannot be stripped by a client that normalises invisible characters.
 */
public final class ChatworkNotifier implements Notifier {
  static final String DEFAULT_BASE_URL = "https://api.chatwork.com";

  /** Chatwork's limit on a message is 65,535 characters; mimamori's are far shorter. */
  static final int MAX_BODY = 60_000;

  private static final Pattern ROOM_ID = Pattern.compile("[0-9]{1,19}");

  /**
   * Settings.
   *
   * @param apiToken the API token of the account that posts
   * @param roomId the room to post to, unless a notification names one (digits only)
   * @param baseUrl the API's base URL (default {@code https://api.chatwork.com})
   * @param connectTimeout default 5 s
   * @param requestTimeout default 15 s
   */
  public record Config(
      String apiToken,
      String roomId,
      @Nullable String baseUrl,
      @Nullable Duration connectTimeout,
      @Nullable Duration requestTimeout) {

    public Config {
      ConfigChecks.token("api_token", apiToken);
      if (roomId == null || !ROOM_ID.matcher(roomId).matches()) {
        throw new IllegalArgumentException("'room_id' must be a Chatwork room id (digits only)");
      }
      baseUrl = ConfigChecks.baseUrl("base_url", baseUrl, DEFAULT_BASE_URL).toString();
      connectTimeout =
          ConfigChecks.timeout(
              "connect_timeout", connectTimeout, ConfigChecks.DEFAULT_CONNECT_TIMEOUT);
      requestTimeout =
          ConfigChecks.timeout(
              "request_timeout", requestTimeout, ConfigChecks.DEFAULT_REQUEST_TIMEOUT);
    }

    public Config(String apiToken, String roomId) {
      this(apiToken, roomId, null, null, null);
    }

    /** Hides the token. */
    @Override
    public String toString() {
      return "ChatworkNotifier.Config[apiToken="
          + ConfigChecks.masked(apiToken)
          + ", roomId="
          + roomId
          + ", baseUrl="
          + baseUrl
          + ", connectTimeout="
          + connectTimeout
          + ", requestTimeout="
          + requestTimeout
          + "]";
    }
  }

  private final String baseUrl;
  private final String token;
  private final String roomId;
  private final HttpDelivery delivery;

  public ChatworkNotifier(Config config) {
    this.baseUrl = config.baseUrl();
    this.token = config.apiToken();
    this.roomId = config.roomId();
    this.delivery =
        new HttpDelivery(
            type(), config.connectTimeout(), config.requestTimeout(), Clock.systemUTC());
  }

  @Override
  public String type() {
    return "chatwork";
  }

  @Override
  public void send(Notification n) throws NotificationException {
    String room = n.recipient() == null ? roomId : n.recipient();
    if (!ROOM_ID.matcher(room).matches()) {
      throw new NotificationException("chatwork: the recipient is not a room id (digits)", false);
    }
    String form = "body=" + URLEncoder.encode(message(MessageText.of(n)), StandardCharsets.UTF_8);
    delivery.post(
        URI.create(baseUrl + "/v2/rooms/" + room + "/messages"),
        "application/x-www-form-urlencoded",
        form,
        Map.of("X-ChatWorkToken", token));
  }

  /** The message in Chatwork notation: mimamori's tags around neutralised text. */
  static String message(MessageText t) {
    return "[info][title]"
        + neutralise(t.summary())
        + "[/title]"
        + Sanitize.clip(neutralise(t.details().strip()), MAX_BODY)
        + "[/info]";
  }

  /** Every {@code [} becomes {@code ［}, so no tag can start. */
  static String neutralise(String s) {
    return s.replace('[', '［');
  }
}
