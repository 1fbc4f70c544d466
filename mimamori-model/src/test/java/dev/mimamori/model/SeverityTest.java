package dev.mimamori.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeverityTest {

  @Test
  void parsesLowerCaseLabel() {
    assertThat(Severity.parse("high")).isEqualTo(Severity.HIGH);
  }

  @Test
  void parsesAnyCaseWithSurroundingSpace() {
    assertThat(Severity.parse("  CriTical ")).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void refusesUnknownSeverityNamingItAndTheChoices() {
    assertThatThrownBy(() -> Severity.parse("urgent"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'urgent'")
        .hasMessageContaining("info, low, medium, high or critical");
  }

  @Test
  void refusesEmptySeverity() {
    assertThatThrownBy(() -> Severity.parse("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void labelIsTheLowerCaseName() {
    assertThat(Severity.MEDIUM.label()).isEqualTo("medium");
  }

  @Test
  void labelParsesBackToTheSameSeverity() {
    for (Severity s : Severity.values()) {
      assertThat(Severity.parse(s.label())).isEqualTo(s);
    }
  }

  @Test
  void maxPicksTheMoreUrgent() {
    assertThat(Severity.LOW.max(Severity.HIGH)).isEqualTo(Severity.HIGH);
    assertThat(Severity.CRITICAL.max(Severity.INFO)).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void maxOfEqualSeveritiesIsThatSeverity() {
    assertThat(Severity.MEDIUM.max(Severity.MEDIUM)).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void isOrderedFromLeastToMostUrgent() {
    assertThat(Severity.values())
        .containsExactly(
            Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL);
  }
}
