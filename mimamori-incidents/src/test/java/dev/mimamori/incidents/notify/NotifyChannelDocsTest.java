package dev.mimamori.incidents.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The settings examples in docs/NOTIFY-CHANNELS.md build working notifiers. */
class NotifyChannelDocsTest {
  private static final Path DOC = Path.of("..", "docs", "NOTIFY-CHANNELS.md");
  private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd])");

  /** Settings as a config file would hold them: snake_case, durations like {@code 5s}. */
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .registerModule(
              new SimpleModule()
                  .addDeserializer(
                      Duration.class,
                      new JsonDeserializer<>() {
                        @Override
                        public Duration deserialize(JsonParser p, DeserializationContext c)
                            throws IOException {
                          Matcher m = DURATION.matcher(p.getValueAsString());
                          if (!m.matches()) {
                            throw new IOException("bad duration");
                          }
                          long n = Long.parseLong(m.group(1));
                          return switch (m.group(2)) {
                            case "s" -> Duration.ofSeconds(n);
                            case "m" -> Duration.ofMinutes(n);
                            case "h" -> Duration.ofHours(n);
                            default -> Duration.ofDays(n);
                          };
                        }
                      }));

  /** Each example with a {@code type} naming a notifier, by that name. */
  private static Map<String, ObjectNode> examples() throws IOException {
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    Matcher m = JSON_BLOCK.matcher(Files.readString(DOC, StandardCharsets.UTF_8));
    while (m.find()) {
      JsonNode node = MAPPER.readTree(m.group(1));
      if (node.isObject() && Notifiers.names().contains(node.path("type").asText())) {
        out.put(node.get("type").asText(), (ObjectNode) node.deepCopy());
      }
    }
    return out;
  }

  static Stream<String> channels() {
    return Notifiers.names().stream().filter(n -> !n.equals("log"));
  }

  @Test
  void documentsEveryChannel() throws IOException {
    assertThat(examples().keySet()).containsExactlyInAnyOrderElementsOf(channels().toList());
  }

  @ParameterizedTest
  @MethodSource("channels")
  void exampleBuildsItsNotifier(String name) throws IOException {
    ObjectNode settings = examples().get(name);
    settings.remove("type");
    NotifierType<?> type = Notifiers.find(name).orElseThrow();

    Notifier notifier = type.create(MAPPER.treeToValue(settings, type.configClass()));

    assertThat(notifier.type()).isEqualTo(name);
  }
}
