package dev.mimamori.detect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mimamori.detect.rules.RuleType;
import dev.mimamori.detect.rules.RuleTypes;
import dev.mimamori.detect.sigma.SigmaFile;
import dev.mimamori.detect.sigma.SigmaLoad;
import dev.mimamori.detect.sigma.SigmaLoader;
import dev.mimamori.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads mimamori rule files (YAML, a top-level {@code rules:} list) and compiles every rule. Any
 * problem is a {@link RuleLoadException} naming the file, the line and the rule.
 */
public final class RuleLoader {
  /** The rules shipped with mimamori. */
  public static final String BUILTIN = "/dev/mimamori/detect/builtin-web.yml";

  /**
   * The bundled rule pack's Sigma files (EC-CUBE admin routes, files a shop never serves, attack
   * tools). The web-attack analyzers and the behaviour rules, which Sigma cannot say, are in {@link
   * #BUILTIN}.
   */
  public static final List<String> PACK =
      List.of(
          "/dev/mimamori/detect/pack/eccube-admin.yml",
          "/dev/mimamori/detect/pack/web-files.yml",
          "/dev/mimamori/detect/pack/csp-reports.yml",
          "/dev/mimamori/detect/pack/storefront-monitor.yml",
          "/dev/mimamori/detect/pack/uptime.yml");

  private static final Set<String> META_KEYS =
      Set.of(
          "id",
          "title",
          "title_ja",
          "class",
          "severity",
          "type",
          "suppress",
          "description",
          "tests");

  private final ObjectMapper yaml;

  public RuleLoader() {
    SimpleModule durations = new SimpleModule();
    durations.addDeserializer(
        Duration.class,
        new JsonDeserializer<>() {
          @Override
          public Duration deserialize(JsonParser p, DeserializationContext ctxt)
              throws IOException {
            return Durations.parse(p.getValueAsString());
          }
        });
    this.yaml =
        new ObjectMapper(new YAMLFactory())
            .registerModule(durations)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  /** The rules shipped with mimamori: {@link #BUILTIN}'s, then the Sigma rule pack's. */
  public List<CompiledRule> loadBuiltin() {
    List<CompiledRule> out = new ArrayList<>(loadOwnBuiltin());
    out.addAll(loadPack(out).ruleSet().rules());
    return out;
  }

  /**
   * The shipped rules as the engine runs them: {@link #BUILTIN}'s in one set, the Sigma pack's in a
   * compiled Sigma set (one literal prefilter for all its rules).
   */
  public Detector builtinDetector() {
    List<CompiledRule> own = loadOwnBuiltin();
    return Detector.ofRuleSets(List.of(RuleSet.of(own), loadPack(own).ruleSet()), null);
  }

  /** The rules of {@link #BUILTIN} only. */
  public List<CompiledRule> loadOwnBuiltin() {
    try (InputStream in = RuleLoader.class.getResourceAsStream(BUILTIN)) {
      if (in == null) {
        throw new RuleLoadException("built-in rules missing from the classpath: " + BUILTIN);
      }
      return load(in, "builtin:" + BUILTIN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Sigma rule pack's files, parsed (to be linked with other Sigma files). */
  public List<SigmaFile.Parsed> packFiles() {
    SigmaLoader sigma = new SigmaLoader();
    List<SigmaFile.Parsed> files = new ArrayList<>();
    for (String resource : PACK) {
      SigmaFile f = sigma.parse("builtin:" + resource, resource(resource));
      if (f instanceof SigmaFile.Failed failed) {
        throw new RuleLoadException(failed.error().toString());
      }
      files.add((SigmaFile.Parsed) f);
    }
    return files;
  }

  /** The Sigma rule pack, compiled; its ids must not repeat those of {@code own}. */
  public SigmaLoad loadPack(List<CompiledRule> own) {
    return loadPack(own, packFiles());
  }

  /** {@link #packFiles()}, already parsed, linked; its ids must not repeat those of {@code own}. */
  public SigmaLoad loadPack(List<CompiledRule> own, List<SigmaFile.Parsed> files) {
    SigmaLoad load = new SigmaLoader().link(List.copyOf(files));
    if (!load.errors().isEmpty()) {
      throw new RuleLoadException(load.errors().get(0).toString());
    }
    Set<String> ids = new HashSet<>();
    own.forEach(r -> ids.add(r.meta().id()));
    for (CompiledRule r : load.ruleSet().rules()) {
      if (!ids.add(r.meta().id())) {
        throw new RuleLoadException("rule pack: duplicate rule id '" + r.meta().id() + "'");
      }
    }
    return load;
  }

  /** A bundled file's text. */
  public static String resource(String name) {
    try (InputStream in = RuleLoader.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new RuleLoadException("built-in rules missing from the classpath: " + name);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The Japanese titles of the built-in rules ({@code title_ja}), by English title: the console
   * shows rule and incident titles in the reader's language.
   */
  public java.util.Map<String, String> builtinJapaneseTitles() {
    try (InputStream in = RuleLoader.class.getResourceAsStream(BUILTIN)) {
      if (in == null) {
        throw new RuleLoadException("built-in rules missing from the classpath: " + BUILTIN);
      }
      java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
      for (JsonNode rule : yaml.readTree(in).path("rules")) {
        if (rule.hasNonNull("title") && rule.hasNonNull("title_ja")) {
          out.put(rule.get("title").asText(), rule.get("title_ja").asText());
        }
      }
      for (String resource : PACK) {
        try (var docs = yaml.readerFor(JsonNode.class).<JsonNode>readValues(resource(resource))) {
          while (docs.hasNext()) {
            JsonNode rule = docs.next();
            if (rule.hasNonNull("title") && rule.hasNonNull("title_ja")) {
              out.put(rule.get("title").asText(), rule.get("title_ja").asText());
            }
          }
        }
      }
      return java.util.Collections.unmodifiableMap(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<CompiledRule> load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in, file.toString());
    } catch (IOException e) {
      throw new RuleLoadException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  public List<CompiledRule> load(InputStream in, String name) {
    List<CompiledRule> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    try (JsonParser p = yaml.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new RuleLoadException(name + ": expected a mapping with a 'rules' list");
      }
      boolean sawRules = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken t = p.nextToken();
        if (!"rules".equals(key)) {
          p.skipChildren();
          continue;
        }
        sawRules = true;
        if (t != JsonToken.START_ARRAY) {
          throw new RuleLoadException(name + ":" + line(p) + ": 'rules' must be a list");
        }
        JsonToken entry;
        while ((entry = p.nextToken()) == JsonToken.START_OBJECT) {
          int line = line(p);
          JsonNode node = yaml.readTree(p);
          CompiledRule rule = compile((ObjectNode) node, name, line);
          if (!ids.add(rule.meta().id())) {
            throw new RuleLoadException(
                name + ":" + line + ": duplicate rule id '" + rule.meta().id() + "'");
          }
          out.add(rule);
        }
        if (entry != JsonToken.END_ARRAY) {
          // Without this, the rest of the list would be dropped without a word.
          throw new RuleLoadException(
              name + ":" + line(p) + ": every entry under 'rules' must be a rule (a mapping)");
        }
      }
      if (!sawRules) {
        throw new RuleLoadException(name + ": no 'rules' list");
      }
    } catch (IOException e) {
      throw new RuleLoadException(name + ": not valid YAML: " + e.getMessage(), e);
    }
    return out;
  }

  private static int line(JsonParser p) {
    return p.currentLocation().getLineNr();
  }

  private CompiledRule compile(ObjectNode node, String file, int line) {
    String id = node.path("id").asText("");
    String where = file + ":" + line + ": rule '" + id + "': ";
    try {
      String typeName = required(node, "type");
      RuleType<?> type =
          RuleTypes.find(typeName)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown type '"
                              + typeName
                              + "' (known: "
                              + String.join(", ", RuleTypes.names())
                              + ")"));
      RuleMeta meta =
          new RuleMeta(
              required(node, "id"),
              required(node, "title"),
              required(node, "class"),
              Severity.parse(required(node, "severity")),
              node.has("suppress")
                  ? Durations.parse(node.get("suppress").asText())
                  : Duration.ZERO);
      ObjectNode settings = node.deepCopy();
      settings.remove(META_KEYS);
      Object config = yaml.treeToValue(settings, type.configClass());
      return type.compile(meta, config);
    } catch (IllegalArgumentException | IOException e) {
      throw new RuleLoadException(where + e.getMessage(), e);
    }
  }

  private static String required(ObjectNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull() || v.asText().isBlank()) {
      throw new IllegalArgumentException("missing '" + key + "'");
    }
    return v.asText();
  }
}
