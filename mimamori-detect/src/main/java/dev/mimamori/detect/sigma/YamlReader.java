package dev.mimamori.detect.sigma;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads the documents of one YAML file into {@link YNode} trees with line numbers. Bounded, so a
 * hostile file cannot exhaust memory: nesting depth, items per list or mapping, nodes per file,
 * documents per file and scalar length are all capped, and aliases are refused (Sigma rules do not
 * use them, and expanding them is how "billion laughs" files blow up).
 */
final class YamlReader {
  static final int MAX_DEPTH = 24;
  static final int MAX_ITEMS = 10_000;
  static final int MAX_NODES = 200_000;
  static final int MAX_DOCUMENTS = 1_000;
  static final int MAX_SCALAR_CHARS = 64 * 1024;

  private static final YAMLFactory FACTORY = factory();

  private int nodes;

  private YamlReader() {}

  private static YAMLFactory factory() {
    LoaderOptions lo = new LoaderOptions();
    lo.setNestingDepthLimit(MAX_DEPTH + 8);
    lo.setMaxAliasesForCollections(0);
    lo.setAllowDuplicateKeys(true); // refused below, with the line
    lo.setCodePointLimit(SigmaLoader.MAX_FILE_BYTES + 1);
    return YAMLFactory.builder()
        .loaderOptions(lo)
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH + 8)
                .maxStringLength(MAX_SCALAR_CHARS)
                .maxNumberLength(64)
                .build())
        .build();
  }

  /** Every document of {@code text}, each a mapping. */
  static List<YNode.Mapping> readAll(String text) {
    YamlReader r = new YamlReader();
    List<YNode.Mapping> docs = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        int line = line(p);
        if (docs.size() >= MAX_DOCUMENTS) {
          throw new RuleError(line, "more than " + MAX_DOCUMENTS + " YAML documents in one file");
        }
        YNode doc = r.read(p, t, 0);
        if (!(doc instanceof YNode.Mapping m)) {
          throw new RuleError(
              line, "a Sigma rule document must be a mapping, not " + YNode.describe(doc));
        }
        docs.add(m);
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
      throw new RuleError(line, "not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new RuleError(0, "cannot read YAML: " + e.getMessage());
    } catch (RuntimeException e) {
      if (e instanceof RuleError) {
        throw e;
      }
      // SnakeYAML reports some limits (nesting, size) as its own unchecked exceptions.
      throw new RuleError(0, "not valid YAML: " + e.getMessage());
    }
    return docs;
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }

  private YNode read(JsonParser p, JsonToken t, int depth) throws IOException {
    int line = line(p);
    if (++nodes > MAX_NODES) {
      throw new RuleError(line, "more than " + MAX_NODES + " YAML values in one file");
    }
    if (depth > MAX_DEPTH) {
      throw new RuleError(line, "YAML nested deeper than " + MAX_DEPTH + " levels");
    }
    if (p instanceof YAMLParser yp && yp.isCurrentAlias()) {
      throw new RuleError(line, "YAML aliases (*name) are not supported in Sigma rules");
    }
    switch (t) {
      case START_OBJECT:
        return readMapping(p, line, depth);
      case START_ARRAY:
        {
          List<YNode> items = new ArrayList<>();
          JsonToken n;
          while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
            if (items.size() >= MAX_ITEMS) {
              throw new RuleError(line(p), "a list longer than " + MAX_ITEMS + " items");
            }
            items.add(read(p, n, depth + 1));
          }
          return new YNode.Seq(List.copyOf(items), line);
        }
      case VALUE_STRING:
        return new YNode.Scalar(p.getText(), YNode.Kind.STRING, line);
      case VALUE_NUMBER_INT:
        return new YNode.Scalar(p.getText(), YNode.Kind.INT, line);
      case VALUE_NUMBER_FLOAT:
        return new YNode.Scalar(p.getText(), YNode.Kind.FLOAT, line);
      case VALUE_TRUE:
        return new YNode.Scalar("true", YNode.Kind.BOOL, line);
      case VALUE_FALSE:
        return new YNode.Scalar("false", YNode.Kind.BOOL, line);
      case VALUE_NULL:
        return new YNode.Scalar(null, YNode.Kind.NULL, line);
      default:
        throw new RuleError(line, "unsupported YAML value (" + t + ")");
    }
  }

  private YNode readMapping(JsonParser p, int line, int depth) throws IOException {
    Map<String, YNode> entries = new LinkedHashMap<>();
    Map<String, Integer> keyLines = new LinkedHashMap<>();
    JsonToken n;
    while ((n = p.nextToken()) == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      int keyLine = line(p);
      if (entries.size() >= MAX_ITEMS) {
        throw new RuleError(keyLine, "a mapping with more than " + MAX_ITEMS + " keys");
      }
      if (entries.containsKey(key)) {
        throw new RuleError(
            keyLine, "duplicate key '" + key + "' (first on line " + keyLines.get(key) + ")");
      }
      YNode v = read(p, p.nextToken(), depth + 1);
      entries.put(key, v);
      keyLines.put(key, keyLine);
    }
    if (n != JsonToken.END_OBJECT) {
      throw new RuleError(line(p), "malformed YAML mapping");
    }
    return new YNode.Mapping(
        java.util.Collections.unmodifiableMap(entries),
        java.util.Collections.unmodifiableMap(keyLines),
        line);
  }
}
