package dev.mimamori.storefront;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.mimamori.model.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Inventories and check reports as JSON with snake_case fields (`after_input`). */
public final class InventoryJson {
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          // Baselines written by a later version may carry more fields.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .registerModule(
              new SimpleModule()
                  .addSerializer(
                      Severity.class,
                      new StdSerializer<Severity>(Severity.class) {
                        @Override
                        public void serialize(Severity s, JsonGenerator g, SerializerProvider p)
                            throws IOException {
                          g.writeString(s.label());
                        }
                      }));

  private InventoryJson() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A baseline saved from {@code page inventory --json}. */
  public static PageInventory read(Path file) throws IOException {
    return MAPPER.readValue(file.toFile(), PageInventory.class);
  }
}
