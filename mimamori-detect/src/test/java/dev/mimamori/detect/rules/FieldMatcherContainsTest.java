package dev.mimamori.detect.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.model.Event;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldMatcherContainsTest {
  static final Event SQLMAP =
      Event.builder()
          .timestamp(Instant.parse("2026-11-21T00:00:00Z"))
          .userAgent("sqlmap/1.7.2#stable (https://sqlmap.org)")
          .build();

  static FieldCondition contains(boolean decode, String... words) {
    return new FieldCondition(
        "user_agent.original", decode, null, List.of(words), null, null, null, null, null);
  }

  @Test
  void matchesAnyOfTheWords() {
    assertThat(FieldMatcher.compile(contains(false, "nikto", "sqlmap")).matches(SQLMAP)).isTrue();
  }

  @Test
  void ignoresCase() {
    assertThat(FieldMatcher.compile(contains(false, "SQLMap")).matches(SQLMAP)).isTrue();
  }

  @Test
  void matchesTheDecodedValue() {
    assertThat(FieldMatcher.compile(contains(true, "sqlmap/1.7.2#stable")).matches(SQLMAP))
        .isTrue();
  }

  @Test
  void doesNotMatchWhenNoWordOccurs() {
    assertThat(FieldMatcher.compile(contains(false, "nikto", "nmap")).matches(SQLMAP)).isFalse();
  }

  @Test
  void refusesAnEmptyWord() {
    assertThatThrownBy(() -> FieldMatcher.compile(contains(false, "")))
        .hasMessageContaining("non-empty");
  }

  @Test
  void refusesContainsTogetherWithRegex() {
    FieldCondition both =
        new FieldCondition(
            "user_agent.original", null, "x", List.of("y"), null, null, null, null, null);

    assertThatThrownBy(() -> FieldMatcher.compile(both)).hasMessageContaining("exactly one of");
  }
}
