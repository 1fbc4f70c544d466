package dev.mimamori.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConstraintsTest {
  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        ">=4.0.0,<=4.0.6||>=4.1.0,<=4.1.2||=4.2.0; 4.0.6; true",
        ">=4.0.0,<=4.0.6||>=4.1.0,<=4.1.2||=4.2.0; 4.0.6-p2; false",
        ">=4.0.0,<4.0.6-p3||>=4.1.0,<4.1.2-p2||>=4.2.0,<4.2.1; 4.0.6-p2; true",
        ">=4.0.0,<4.0.6-p3||>=4.1.0,<4.1.2-p2||>=4.2.0,<4.2.1; 4.0.6-p3; false",
        ">=4.0.0,<4.0.6-p3||>=4.1.0,<4.1.2-p2||>=4.2.0,<4.2.1; 4.1.2-p1; true",
        ">=4.0.0,<4.0.6-p3||>=4.1.0,<4.1.2-p2||>=4.2.0,<4.2.1; 4.2.1; false",
        ">=2.11.0 <2.12.2; 2.12.1; true",
        ">=2.11.0 <2.12.2; 2.12.2; false",
        ">= 4.1.0 <= 4.3.1; 4.3.1; true",
        ">=4.1.0 <=4.3.1; 4.3.1-p1; false",
        "<2.4.4; 2.4.3; true",
        "=4.0.6; 4.0.6-p1; false",
        "4.0.6; 4.0.6; true",
        "^4.1.2; 4.9.0; true",
        "^4.1.2; 5.0.0-beta; false",
        "^0.3.1; 0.4.0; false",
        "~4.1.2; 4.1.9; true",
        "~4.1.2; 4.2.0; false",
        "~4.1; 4.9.0; true",
        "4.0.*; 4.0.6-p4; true",
        "4.0.*; 4.1.0-beta; false",
        "1.0 - 2.0; 2.0.5; true",
        "1.0 - 2.0; 2.1.0; false",
        "1.0.0 - 2.0.0; 2.0.1; false",
        "*; 0.0.1; true",
        "!=4.0.6; 4.0.6; false",
        ">4.0.6; 4.0.6-p1; true",
        "^4.0@dev; 4.2.0; true",
        "1.2.3 | 1.2.4; 1.2.4; true"
      })
  void composerRanges(String range, String version, boolean contains) {
    assertThat(Constraints.parse(range).contains(Version.parse(version))).isEqualTo(contains);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "||", ">=4.0.0,,||", ">=", "<=abc", "^", ">=4.0.0 || ", "4.0.* - 5"})
  void brokenRangesAreAClearError(String range) {
    assertThatThrownBy(() -> Constraints.parse(range)).isInstanceOf(InvalidVersionException.class);
  }

  @org.junit.jupiter.api.Test
  void writtenRangeReadsBackToTheSameSet() {
    Constraint c = Constraints.parse("^4.1.2 || 4.0.* || 1.0 - 2.0");

    Constraint back = Constraints.parse(c.toString());

    for (String v : new String[] {"4.1.2", "4.9.9", "5.0.0", "4.0.6-p3", "2.0.9", "2.1.0", "0.9"}) {
      assertThat(back.contains(Version.parse(v))).as(v).isEqualTo(c.contains(Version.parse(v)));
    }
  }
}
