package dev.mimamori.server.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.server.notify.NotifySettings;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class ReportSettingsTest {
  static final String CHANNELS =
      """
      "channels": [
        {"name": "mail", "type": "email", "host": "127.0.0.1", "port": 25, "tls": "none",
         "from": "mimamori <reports@example.jp>", "to": ["soc@example.jp"]},
        {"name": "hook", "type": "webhook", "url": "https://hooks.example.jp/x", "secret": "a-shared-secret-of-some-length"}
      ]
      """;

  static ReportSettings parse(String reports) {
    JsonNode root =
        NotifySettings.readRoot("{" + CHANNELS + ", \"reports\": " + reports + "}", n -> null);
    return ReportSettings.fromRoot(root, NotifySettings.fromRoot(root).channels());
  }

  @Test
  void readsTheDayTimeAndRecipients() {
    ReportSettings s =
        parse(
            """
            {"channel": "mail", "day": 2, "at": "07:30",
             "recipients": [{"tenant": "shop-a", "to": ["owner@shop-a.example.jp"], "locale": "en"}]}
            """);

    assertThat(s.day() + " " + s.at() + " " + s.recipientsOf("shop-a").orElseThrow().language())
        .isEqualTo("2 " + LocalTime.of(7, 30) + " EN");
  }

  @Test
  void refusesAChannelThatCannotCarryAPdf() {
    assertThatThrownBy(() -> parse("{\"channel\": \"hook\"}"))
        .hasMessageContaining("cannot carry a PDF");
  }

  @Test
  void refusesARecipientThatIsNoPlainAddress() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    {"channel": "mail", "recipients": [{"tenant": "shop-a", "to": "a@x.jp\\r\\nBcc: b@y.jp"}]}
                    """))
        .hasMessageContaining("not a plain e-mail address");
  }

  @Test
  void refusesADayThatSomeMonthsLack() {
    assertThatThrownBy(() -> parse("{\"channel\": \"mail\", \"day\": 31}"))
        .hasMessageContaining("between 1 and 28");
  }

  @Test
  void withoutTheSectionNothingIsEmailed() {
    assertThat(ReportSettings.fromRoot(null, java.util.Map.of()).channel()).isNull();
  }
}
