package dev.mimamori.incidents.notify;

import static dev.mimamori.incidents.notify.Fixtures.HOSTILE;
import static dev.mimamori.incidents.notify.Fixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {
  private static final String SECRET = "whsec_0123456789abcdef";
  private static final Instant NOW = Instant.parse("2026-11-19T18:06:00Z");

  private final Receiver receiver = Receiver.start();

  @AfterEach
  void stop() {
    receiver.close();
  }

  private WebhookNotifier notifier(Map<String, String> headers) {
    return new WebhookNotifier(
        new WebhookNotifier.Config(receiver.url("/hooks/mimamori"), SECRET, headers, null, null),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private Receiver.Request sent(Notification n) throws NotificationException {
    notifier(Map.of()).send(n);
    return receiver.take();
  }

  @Test
  void postsJsonToTheConfiguredPath() throws Exception {
    Receiver.Request r = sent(Fixtures.english(incident("Web shell")));

    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/hooks/mimamori");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void sendsTheStableDocument() throws Exception {
    JsonNode doc = sent(Fixtures.english(incident("Web shell"))).json();

    JsonNode expected =
        new ObjectMapper()
            .readTree(
                """
                {"id":"inc-1/3","kind":"incident_opened",
                 "incident":{"id":"inc-1","tenant":"acme","asset":"furusato-shop",
                   "title":"Web shell","status":"new","severity":"high","alert_count":3,
                   "first_seen":"2026-11-19T18:00:00Z","last_seen":"2026-11-19T18:05:30Z",
                   "observables":[{"type":"ip","value":"203.0.113.7"},
                     {"type":"url","value":"https://evil-cdn.example.com/skim.js"},
                     {"type":"file.path","value":"html/user_data/shell.php"}]},
                 "recipient":null,"ack_url":"https://mimamori.example.jp/ack/inc-1?t=abc&sig=def",
                 "note":null,"locale":"en","text":"TEXT"}
                """);
    ((ObjectNode) expected)
        .put("text", MessageText.of(Fixtures.english(incident("Web shell"))).body());
    assertThat(doc).isEqualTo(expected);
  }

  @Test
  void keepsFieldsInAFixedOrder() throws Exception {
    JsonNode doc = sent(Fixtures.english(incident("Web shell"))).json();

    assertThat(doc.fieldNames())
        .toIterable()
        .containsExactly(
            "id", "kind", "incident", "recipient", "ack_url", "note", "locale", "text");
  }

  @Test
  void sendsJapaneseTextForAJapaneseNotification() throws Exception {
    JsonNode doc = sent(Fixtures.japanese(incident("不正ログイン"))).json();

    assertThat(doc.get("text").asText()).startsWith("新しいインシデント\n\n重大度：高");
  }

  @Test
  void signsTimestampDotBodyWithHmacSha256() throws Exception {
    Receiver.Request r = sent(Fixtures.english(incident("Web shell")));

    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((NOW.getEpochSecond() + ".").getBytes(StandardCharsets.US_ASCII));
    String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body()));
    assertThat(r.header("X-Mimamori-Signature")).isEqualTo(expected);
  }

  @Test
  void sendsTheTimestampInUnixSeconds() throws Exception {
    assertThat(sent(Fixtures.english(incident("Web shell"))).header("X-Mimamori-Timestamp"))
        .isEqualTo("1795111560");
  }

  @Test
  void signatureVerifiesOnTheReceiversSide() throws Exception {
    Receiver.Request r = sent(Fixtures.english(incident("Web shell")));

    assertThat(
            WebhookSignature.verify(
                SECRET,
                r.header("X-Mimamori-Timestamp"),
                r.header("X-Mimamori-Signature"),
                r.body(),
                NOW.plusSeconds(3),
                WebhookSignature.DEFAULT_TOLERANCE))
        .isTrue();
  }

  @Test
  void sendsTheNotificationIdAsIdempotencyKey() throws Exception {
    assertThat(sent(Fixtures.english(incident("Web shell"))).header("Idempotency-Key"))
        .isEqualTo("inc-1/3");
  }

  @Test
  void sendsTheConfiguredExtraHeaders() throws Exception {
    notifier(Map.of("Authorization", "Bearer abc")).send(Fixtures.english(incident("x")));

    assertThat(receiver.take().header("Authorization")).isEqualTo("Bearer abc");
  }

  @Test
  void keepsAHostileTitleVerbatimInTheJsonField() throws Exception {
    JsonNode doc = sent(Fixtures.english(incident(HOSTILE))).json();

    assertThat(doc.at("/incident/title").asText()).isEqualTo(HOSTILE);
  }

  @Test
  void keepsAHostileTitleOnOneLineInTheText() throws Exception {
    JsonNode doc = sent(Fixtures.english(incident(HOSTILE))).json();

    assertThat(doc.get("text").asText())
        .contains("Title: <script>alert(1)</script> <!channel> [toall] *bold* ??Bcc: x@evil")
        .doesNotContain("\nBcc");
  }

  @Test
  void capsTheObservablesAtAHundred() throws Exception {
    JsonNode doc = sent(Fixtures.english(Fixtures.withObservables(150))).json();

    assertThat(doc.at("/incident/observables").size()).isEqualTo(100);
  }

  @Test
  void refusesAUrlThatIsNotHttp() {
    assertThatThrownBy(() -> new WebhookNotifier.Config("ftp://example.com/hook", SECRET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http or https");
  }

  @Test
  void refusesAUrlWithCredentials() {
    assertThatThrownBy(() -> new WebhookNotifier.Config("https://u:p@example.com/hook", SECRET))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void doesNotQuoteAnUnparsableUrlInTheError() {
    assertThatThrownBy(
            () -> new WebhookNotifier.Config("https://example.com/hook/s3cr3t path", SECRET))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("s3cr3t");
  }

  @Test
  void refusesAMissingSecret() {
    assertThatThrownBy(() -> new WebhookNotifier.Config("https://example.com/hook", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'secret' is required");
  }

  @Test
  void refusesAShortSecret() {
    assertThatThrownBy(() -> new WebhookNotifier.Config("https://example.com/hook", "short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 16");
  }

  @Test
  void refusesToOverrideTheSignatureHeader() {
    assertThatThrownBy(
            () ->
                new WebhookNotifier.Config(
                    "https://example.com/hook",
                    SECRET,
                    Map.of("X-Mimamori-Signature", "x"),
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAHeaderValueWithANewline() {
    assertThatThrownBy(
            () ->
                new WebhookNotifier.Config(
                    "https://example.com/hook",
                    SECRET,
                    Map.of("X-Team", "a\r\nX-Evil: 1"),
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAZeroTimeout() {
    assertThatThrownBy(
            () ->
                new WebhookNotifier.Config(
                    "https://example.com/hook", SECRET, null, Duration.ZERO, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultsTheTimeouts() {
    WebhookNotifier.Config c = new WebhookNotifier.Config("https://example.com/hook", SECRET);

    assertThat(List.of(c.connectTimeout(), c.requestTimeout()))
        .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(15));
  }

  @Test
  void toStringHidesTheSecretThePathAndHeaderValues() {
    String s =
        new WebhookNotifier.Config(
                "https://hooks.example.com/in/s3cr3tpath?token=t0k",
                SECRET,
                Map.of("Authorization", "Bearer b3arer"),
                null,
                null)
            .toString();

    assertThat(s)
        .contains("https://hooks.example.com/…", "Authorization")
        .doesNotContain(SECRET, "s3cr3tpath", "t0k", "b3arer");
  }
}
