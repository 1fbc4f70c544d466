package dev.mimamori.incidents.oncall;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads the on-call JSON document ({@code people}, {@code schedules}, {@code policies}, {@code
 * quiet_hours}, {@code page_budget}). Unknown and duplicate fields are errors. Every problem is an
 * {@link OnCallConfigException} naming the field, such as {@code policies[0].steps[1].targets[0]:
 * unknown person 'bob'}.
 */
public final class OnCallConfigLoader {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** The longest document read, in characters. */
  static final int MAX_CHARS = 1 << 20;

  private OnCallConfigLoader() {}

  /** Reads and checks a file. */
  public static OnCallConfig load(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file)) {
      return document(in).toConfig();
    }
  }

  /** Reads and checks a UTF-8 stream. */
  public static OnCallConfig read(InputStream in) throws IOException {
    return document(new InputStreamReader(in, StandardCharsets.UTF_8)).toConfig();
  }

  /** Reads and checks a document in a string. */
  public static OnCallConfig parse(String json) {
    try {
      return document(new StringReader(json)).toConfig();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a string does not fail to read
    }
  }

  /** The document as written, not yet checked (for an editor that shows it back). */
  public static OnCallDocument document(Reader in) throws IOException {
    String text = readAll(in);
    if (text.isBlank()) {
      throw new OnCallConfigException("", "the document is empty");
    }
    OnCallDocument doc;
    try {
      doc = JSON.readValue(text, OnCallDocument.class);
    } catch (StreamReadException e) {
      JsonParser parser = e.getProcessor();
      throw syntax(parser == null ? "" : path(parser.getParsingContext()), e);
    } catch (DatabindException e) {
      throw mapping(e);
    }
    if (doc == null) {
      throw new OnCallConfigException("", "the document is null");
    }
    return doc;
  }

  private static String readAll(Reader in) throws IOException {
    StringBuilder b = new StringBuilder();
    char[] buffer = new char[8192];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      b.append(buffer, 0, n);
      if (b.length() > MAX_CHARS) {
        throw new OnCallConfigException(
            "", "the document is longer than " + MAX_CHARS + " characters");
      }
    }
    return b.toString();
  }

  private static OnCallConfigException syntax(String path, StreamReadException e) {
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    return new OnCallConfigException(
        path, "not valid JSON" + where + ": " + e.getOriginalMessage(), e);
  }

  private static OnCallConfigException mapping(DatabindException e) {
    String path = "";
    String problem = e.getOriginalMessage();
    if (e instanceof JsonMappingException m) {
      path = path(m.getPath());
      if (m.getCause() instanceof StreamReadException syntax) {
        // A syntax error inside a nested value comes wrapped, with the path to it.
        return syntax(path, syntax);
      }
      if (m instanceof UnrecognizedPropertyException u) {
        problem = "unknown field (expected one of " + names(u.getKnownPropertyIds()) + ")";
      } else if (m instanceof MismatchedInputException mi && mi.getTargetType() != null) {
        problem = "expected " + describe(mi.getTargetType());
      }
    }
    return new OnCallConfigException(path, problem, e);
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String path(JsonStreamContext context) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.getCurrentName() != null) {
        parts.add(0, "." + c.getCurrentName());
      }
    }
    String p = String.join("", parts);
    return p.startsWith(".") ? p.substring(1) : p;
  }

  private static String names(Collection<Object> ids) {
    return String.join(", ", ids.stream().map(String::valueOf).sorted().toList());
  }

  private static String describe(Class<?> type) {
    if (type == String.class) {
      return "a string";
    }
    if (type == Integer.class || type == int.class) {
      return "a whole number";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type.isRecord()) {
      return "an object";
    }
    return type.getSimpleName();
  }
}
