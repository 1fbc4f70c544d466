package dev.mimamori.vuln.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** JSON answers parsed, or refused with a sentence naming the feed. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static JsonNode object(String feed, byte[] body) throws FeedException {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (IOException e) {
      throw new FeedException(feed + " answered something that is not JSON: " + FeedHttp.reason(e));
    }
    if (root == null || !root.isObject()) {
      throw new FeedException(feed + " answered JSON that is not an object");
    }
    return root;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("a parsed JSON tree always serialises", e);
    }
  }
}
