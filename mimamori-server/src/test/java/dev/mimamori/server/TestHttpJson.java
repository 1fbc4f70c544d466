package dev.mimamori.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** Parses one JSON document in a test. */
final class TestHttpJson {
  private TestHttpJson() {}

  static JsonNode parse(String s) {
    try {
      return TestHttp.JSON.readTree(s);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }
}
