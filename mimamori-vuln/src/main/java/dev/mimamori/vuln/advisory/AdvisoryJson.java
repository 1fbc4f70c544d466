package dev.mimamori.vuln.advisory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mimamori.vuln.version.Constraints;
import dev.mimamori.vuln.version.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An advisory as one JSON document, for the database: ranges are written in Composer syntax and
 * read back with {@link Constraints}, so a stored record matches exactly as the read one did.
 */
public final class AdvisoryJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AdvisoryJson() {}

  public static String write(Advisory a) {
    ObjectNode o = JSON.createObjectNode();
    o.put("source", a.source().name());
    o.put("id", a.id());
    strings(o.putArray("ids"), a.ids());
    o.put("title", a.title());
    o.put("description", a.description());
    o.put("severity", a.severity().name());
    o.put("cvss", a.cvss());
    o.put("published", a.published());
    strings(o.putArray("urls"), a.urls());
    strings(o.putArray("notes"), a.notes());
    ArrayNode affected = o.putArray("affected");
    for (Affected x : a.affected()) {
      ObjectNode n = affected.addObject();
      n.put("ecosystem", x.pkg().ecosystem());
      n.put("name", x.pkg().name());
      n.put("range", x.range().toString());
      n.put("range_text", x.rangeText());
      strings(n.putArray("fixed"), x.fixed().stream().map(Version::text).toList());
      strings(n.putArray("only"), x.only());
    }
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Advisory read(String json) {
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("stored advisory is not JSON", e);
    }
    List<Affected> affected = new ArrayList<>();
    for (JsonNode n : o.path("affected")) {
      List<Version> fixed = new ArrayList<>();
      n.path("fixed").forEach(f -> fixed.add(Version.parse(f.asText())));
      affected.add(
          new Affected(
              new PackageRef(n.path("ecosystem").asText(), n.path("name").asText()),
              Constraints.parse(n.path("range").asText()),
              n.path("range_text").asText(),
              fixed,
              strings(n.path("only"))));
    }
    return new Advisory(
        Source.valueOf(o.path("source").asText()),
        o.path("id").asText(),
        strings(o.path("ids")),
        o.path("title").asText(),
        o.path("description").asText(),
        Severity.valueOf(o.path("severity").asText("UNKNOWN")),
        o.path("cvss").isTextual() ? o.path("cvss").asText() : null,
        affected,
        strings(o.path("urls")),
        o.path("published").isTextual() ? o.path("published").asText() : null,
        strings(o.path("notes")));
  }

  private static void strings(ArrayNode arr, List<String> values) {
    values.forEach(arr::add);
  }

  private static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.asText()));
    return out;
  }
}
