package dev.mimamori.incidents.notify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a notifier from its settings as a configuration file holds them: snake_case names,
 * durations like {@code 5s}, {@code 2m}, {@code 1h}, unknown names refused.
 */
public final class NotifierConfigs {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|[smhd])");

  static final ObjectMapper MAPPER =
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
                          return duration(p.getValueAsString());
                        }
                      }));

  private NotifierConfigs() {}

  /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}. */
  public static Duration duration(String text) throws IOException {
    Matcher m = DURATION.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IOException("expected a duration such as 5s, 2m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /**
   * The notifier of {@code type} with {@code settings}; the message of the exception names the
   * setting at fault but never quotes a value (values hold tokens and webhook URLs).
   */
  public static Notifier create(String type, JsonNode settings) {
    NotifierType<?> t =
        Notifiers.find(type)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown channel type '" + type + "' (known: " + Notifiers.names() + ")"));
    ObjectNode copy =
        settings.isObject() ? ((ObjectNode) settings).deepCopy() : MAPPER.createObjectNode();
    copy.remove("type");
    copy.remove("name");
    try {
      return t.create(MAPPER.treeToValue(copy, t.configClass()));
    } catch (JsonMappingException e) {
      String at = path(e);
      String where = at.isEmpty() ? "" : " at " + at;
      throw new IllegalArgumentException(
          "channel type '" + type + "': bad settings" + where + ": " + reason(e), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("channel type '" + type + "': bad settings", e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("channel type '" + type + "': " + e.getMessage(), e);
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  /** Jackson's reason without the value it could not read. */
  private static String reason(JsonMappingException e) {
    Throwable c = e.getCause();
    if (c instanceof IllegalArgumentException || c instanceof NullPointerException) {
      return String.valueOf(c.getMessage());
    }
    String m = e.getOriginalMessage();
    if (m == null) {
      return "unreadable";
    }
    if (m.startsWith("Unrecognized field")) {
      return "unknown setting";
    }
    return m.contains("duration")
        ? "expected a duration such as 5s, 2m or 1h"
        : "wrong type or missing";
  }
}
