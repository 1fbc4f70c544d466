package dev.mimamori.sensors.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * One JSON object per log line, read once under hard limits: a length, a nesting depth, and strict
 * duplicate keys (a repeated key means a value broke out of its string, so the line is refused).
 * Every way a line can fail comes back as a {@link Refused} with a reason fit for a rejection.
 */
public final class BoundedJson {
  private final int maxChars;
  private final int maxDepth;
  private final ObjectMapper mapper;

  public BoundedJson(int maxChars, int maxDepth) {
    this.maxChars = maxChars;
    this.maxDepth = maxDepth;
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(maxDepth)
                    .maxStringLength(maxChars)
                    .maxNameLength(1024)
                    .maxNumberLength(64)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.mapper = new ObjectMapper(factory);
  }

  /** A line that is not one JSON object within the limits; the message says why. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason);
    }
  }

  /** The line's one JSON object. */
  public JsonNode readObject(String line) throws Refused {
    if (line.length() > maxChars) {
      throw new Refused("line longer than " + maxChars + " characters");
    }
    try (JsonParser p = mapper.getFactory().createParser(line)) {
      JsonNode root = mapper.readTree(p);
      if (root == null || !root.isObject()) {
        throw new Refused("not a JSON object: expected '{' at the start of the line");
      }
      if (p.nextToken() != null) {
        throw new Refused("text after the JSON object");
      }
      return root;
    } catch (StreamConstraintsException e) {
      throw new Refused(
          "JSON over the parser's limits (nesting depth "
              + maxDepth
              + ", "
              + maxChars / 1024
              + " KiB): "
              + clip(e.getOriginalMessage()));
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
      throw new Refused("not valid JSON: " + clip(why));
    }
  }

  private static String clip(String v) {
    if (v == null) {
      return "";
    }
    return v.length() > 60 ? v.substring(0, 60) + "..." : v;
  }
}
