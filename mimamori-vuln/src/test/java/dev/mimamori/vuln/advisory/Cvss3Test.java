package dev.mimamori.vuln.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Cvss3Test {
  @ParameterizedTest(name = "{0} scores {1}")
  @CsvSource({
    "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N, 5.4",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 9.8",
    "CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:U/C:N/I:H/A:N, 4.9",
    "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:L, 6.7",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N, 0.0"
  })
  void baseScoreMatchesTheSpecification(String vector, double score) {
    assertThat(Cvss3.baseScore(vector)).hasValue(score);
  }

  @ParameterizedTest
  @CsvSource({"AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", "CVSS:3.1/AV:X", "CVSS:3.1/AV:N/AC:L/PR:N"})
  void aVectorThatIsNotCvss3HasNoScore(String vector) {
    assertThat(Cvss3.baseScore(vector)).isEmpty();
  }
}
