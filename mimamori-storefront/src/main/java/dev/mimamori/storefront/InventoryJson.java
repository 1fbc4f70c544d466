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

  /**
   * A baseline saved from {@code page inventory --json}; a file that is not one (not JSON, or
   * without the lists a comparison reads) is refused with the reason, rather than compared as if it
   * were empty.
   */
  public static PageInventory read(Path file) throws IOException {
    return read(java.nio.file.Files.readString(file), file.toString());
  }

  /** An inventory stored as text (a monitor's baseline). */
  public static PageInventory read(String json) throws IOException {
    return read(json, "inventory");
  }

  private static PageInventory read(String json, String file) throws IOException {
    PageInventory p;
    try {
      p = MAPPER.readValue(json, PageInventory.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + ": not a page inventory (" + e.getOriginalMessage() + ")", e);
    }
    if (p == null
        || p.url() == null
        || p.host() == null
        || p.scripts() == null
        || p.requests() == null
        || p.afterInput() == null) {
      throw new IOException(
          file
              + ": not a page inventory (needs url, host, scripts, requests and after_input, as page inventory"
              + " --json writes them)");
    }
    if (p.scripts().stream().anyMatch(x -> x == null || x.hash() == null)
        || java.util.stream.Stream.concat(p.requests().stream(), p.afterInput().stream())
            .anyMatch(r -> r == null || r.url() == null || r.host() == null)) {
      throw new IOException(
          file
              + ": not a page inventory (a script without hash or a request"
              + " without url and host)");
    }
    return p;
  }
}
