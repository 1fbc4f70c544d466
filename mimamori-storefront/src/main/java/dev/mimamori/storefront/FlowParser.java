package dev.mimamori.storefront;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a flow from YAML:
 *
 * <pre>
 * vars: { login: shop-test@example.jp }
 * steps:
 *   - open: /products/detail/1
 *   - click: "button.add-cart"
 *   - open: /cart
 *   - type: { into: "#login_email", text: "${login}" }
 *   - type: { into: "#login_pass", text: "${password}" }
 *   - click: "button[type=submit]"
 *   - wait_for: "#shopping-form"
 * </pre>
 *
 * Every error names the step; a variable the flow uses and nobody sets is an error, not an empty
 * string typed into a login form.
 */
public final class FlowParser {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]{0,40})}");
  private static final int MAX_TEXT = 4096;

  private FlowParser() {}

  /**
   * The flow in {@code yaml}; {@code extraVars} (command line, stored secrets) win over the file's.
   */
  public static Flow parse(String yaml, Map<String, String> extraVars) {
    if (yaml.length() > 256 * 1024) {
      throw new IllegalArgumentException("flow: larger than 256 KiB");
    }
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("flow: not YAML (" + e.getOriginalMessage() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("flow: expected a mapping with steps");
    }
    Map<String, String> vars = new LinkedHashMap<>();
    JsonNode v = root.path("vars");
    if (!v.isMissingNode() && !v.isObject()) {
      throw new IllegalArgumentException("flow: vars must be a mapping");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isValueNode()) {
        throw new IllegalArgumentException("flow: vars." + e.getKey() + " must be a value");
      }
      vars.put(e.getKey(), e.getValue().asText());
    }
    vars.putAll(extraVars);
    JsonNode steps = root.path("steps");
    if (!steps.isArray() || steps.isEmpty()) {
      throw new IllegalArgumentException("flow: steps must be a non-empty list");
    }
    if (steps.size() > Flow.MAX_STEPS) {
      throw new IllegalArgumentException("flow: more than " + Flow.MAX_STEPS + " steps");
    }
    List<Flow.Step> out = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    int n = 0;
    for (JsonNode s : steps) {
      n++;
      out.add(step(s, n, vars));
      labels.add(label(s));
    }
    return new Flow(out, labels);
  }

  private static Flow.Step step(JsonNode s, int n, Map<String, String> vars) {
    if (!s.isObject() || s.size() != 1) {
      throw new IllegalArgumentException(
          "flow step " + n + ": expected one of open, click, type, select, wait_for, pause");
    }
    Map.Entry<String, JsonNode> e = s.fields().next();
    JsonNode a = e.getValue();
    return switch (e.getKey()) {
      case "open" -> new Flow.Open(text(a, n, "open", vars));
      case "click" -> new Flow.Click(text(a, n, "click", vars));
      case "wait_for" -> new Flow.WaitFor(text(a, n, "wait_for", vars));
      case "type" ->
          new Flow.Type(field(a, "into", n, "type", vars), field(a, "text", n, "type", vars));
      case "select" ->
          new Flow.Select(
              field(a, "from", n, "select", vars), field(a, "value", n, "select", vars));
      case "pause" -> {
        if (!a.canConvertToLong() || a.asLong() < 0 || a.asLong() > 60_000) {
          throw new IllegalArgumentException("flow step " + n + ": pause takes 0..60000 ms");
        }
        yield new Flow.Pause(a.asLong());
      }
      default ->
          throw new IllegalArgumentException(
              "flow step " + n + ": unknown step '" + e.getKey() + "'");
    };
  }

  /** The step as written, variables unexpanded and clipped: what error messages may show. */
  private static String label(JsonNode s) {
    java.util.Map.Entry<String, JsonNode> e = s.fields().next();
    JsonNode a = e.getValue();
    String what =
        switch (e.getKey()) {
          case "type" -> "into " + a.path("into").asText();
          case "select" -> "in " + a.path("from").asText();
          default -> a.asText();
        };
    String l = e.getKey() + " " + what;
    return l.length() > 200 ? l.substring(0, 200) + "…" : l;
  }

  private static String field(
      JsonNode a, String name, int n, String kind, Map<String, String> vars) {
    if (!a.isObject() || !a.has(name)) {
      throw new IllegalArgumentException("flow step " + n + ": " + kind + " needs " + name);
    }
    return text(a.get(name), n, kind + "." + name, vars);
  }

  private static String text(JsonNode a, int n, String what, Map<String, String> vars) {
    if (!a.isValueNode() || a.isNull()) {
      throw new IllegalArgumentException("flow step " + n + ": " + what + " must be text");
    }
    String raw = a.asText();
    if (raw.length() > MAX_TEXT) {
      throw new IllegalArgumentException("flow step " + n + ": " + what + " is too long");
    }
    Matcher m = VAR.matcher(raw);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String value = vars.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "flow step " + n + ": variable ${" + m.group(1) + "} is not set");
      }
      m.appendReplacement(b, Matcher.quoteReplacement(value));
    }
    m.appendTail(b);
    return b.toString();
  }
}
