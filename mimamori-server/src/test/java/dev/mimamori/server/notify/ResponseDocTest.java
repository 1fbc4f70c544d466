package dev.mimamori.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mimamori.incidents.respond.DecisionList;
import dev.mimamori.server.respond.ResponseSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The response file shown in docs/RESPONSE.md loads, so the example cannot go stale. */
class ResponseDocTest {
  static JsonNode example() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "RESPONSE.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(m.find()).isTrue();
    return NotifySettings.readRoot(
        m.group(1),
        name ->
            name.contains("WEBHOOK")
                ? "https://hooks.slack.com/services/T0/B0/x"
                : "value-of-" + name + "-0123456789abcdef");
  }

  @Test
  void theDocumentedNotificationSettingsLoad() throws IOException {
    NotifySettings s = NotifySettings.fromRoot(example());

    assertThat(s.channels()).containsOnlyKeys("soc-slack", "mail", "line");
  }

  @Test
  void theDocumentedResponseSettingsLoad() throws IOException {
    ResponseSettings s = ResponseSettings.parse(example(), new DecisionList(Clock.systemUTC()));

    assertThat(s.actions()).containsOnlyKeys("block", "ban", "maintenance");
  }
}
