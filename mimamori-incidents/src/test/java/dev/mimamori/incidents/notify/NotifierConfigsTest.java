package dev.mimamori.incidents.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NotifierConfigsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void buildsTheLogChannelFromNoSettings() throws IOException {
    assertThat(NotifierConfigs.create("log", JSON.readTree("{\"type\":\"log\"}")).type())
        .isEqualTo("log");
  }

  @Test
  void refusesAnUnknownType() {
    assertThatThrownBy(() -> NotifierConfigs.create("fax", JSON.createObjectNode()))
        .hasMessageContaining("unknown channel type 'fax'");
  }

  @Test
  void refusesAnUnknownSettingWithoutQuotingValues() throws IOException {
    var settings =
        JSON.readTree("{\"webhook_url\":\"https://hooks.slack.com/services/SECRET\",\"x\":1}");

    assertThatThrownBy(() -> NotifierConfigs.create("slack", settings))
        .hasMessageContaining("unknown setting")
        .hasMessageNotContaining("SECRET");
  }

  @Test
  void readsDurations() throws IOException {
    assertThat(NotifierConfigs.duration("90s")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void refusesABadDuration() {
    assertThatThrownBy(() -> NotifierConfigs.duration("soon")).isInstanceOf(IOException.class);
  }
}
