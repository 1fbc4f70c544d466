package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mimamori.detect.EventView;
import dev.mimamori.model.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The data-driven cases in {@code src/test/resources/testdata/sigma/cases/}: each document holds
 * one Sigma rule ({@code rule}, as text) and cases, each an event ({@code event}, ECS fields) and
 * whether the rule fires on it ({@code fires}). One dynamic test per case.
 */
class SigmaCasesTest {
  private static final Path CASES = Path.of("src/test/resources/testdata/sigma/cases");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TestFactory
  Stream<DynamicTest> everyCase() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(CASES)) {
      for (Path f : files.sorted().toList()) {
        try (MappingIterator<JsonNode> docs =
            YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
          int doc = 0;
          while (docs.hasNext()) {
            JsonNode d = docs.next();
            doc++;
            String ruleText = d.path("rule").asText();
            String where = f.getFileName() + "#" + doc;
            for (JsonNode c : d.path("cases")) {
              tests.add(test(where, ruleText, c));
            }
          }
        }
      }
    }
    assertThat(tests).hasSizeGreaterThan(50);
    return tests.stream();
  }

  private static DynamicTest test(String where, String ruleText, JsonNode c) {
    String name = where + ": " + c.path("name").asText();
    boolean expected = c.path("fires").asBoolean();
    Map<String, String> fields = new LinkedHashMap<>();
    c.path("event").properties().forEach(e -> fields.put(e.getKey(), e.getValue().asText()));
    return DynamicTest.dynamicTest(
        name,
        () -> {
          SigmaLoad load = new SigmaLoader().load(where, ruleText);
          assertThat(load.errors()).as("load errors").isEmpty();
          Event event = Events.fromFields(fields);

          boolean fired = !load.ruleSet().evaluate(new EventView(event)).isEmpty();

          assertThat(fired).as(name).isEqualTo(expected);
        });
  }
}
