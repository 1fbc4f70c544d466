package dev.mimamori.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fingerprints of rule definitions, so that a reload can tell a rule whose definition did not
 * change (it keeps its instance, and with it its windows and counts) from one that did. A
 * fingerprint covers what the rule says, not where it is written: moving a rule within its file
 * keeps it.
 */
public final class RuleDefinitions {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private RuleDefinitions() {}

  /** SHA-256 of a canonical text of a definition, in hex. */
  public static String fingerprint(String canonical) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The fingerprint of every rule in a mimamori rule file (a top-level {@code rules:} list), by
   * rule id. Read after the file loaded ({@link RuleLoader}), so it is known to be well-formed.
   */
  public static Map<String, String> ofRuleFile(InputStream in) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode rule : YAML.readTree(in).path("rules")) {
      String id = rule.path("id").asText("");
      if (!id.isEmpty()) {
        out.putIfAbsent(id, fingerprint(rule.toString()));
      }
    }
    return out;
  }
}
