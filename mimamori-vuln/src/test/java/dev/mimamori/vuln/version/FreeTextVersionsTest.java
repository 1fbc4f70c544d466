package dev.mimamori.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FreeTextVersionsTest {
  @ParameterizedTest(name = "{0} / {1} contains {2}: {3}")
  @CsvSource(
      delimiter = ';',
      value = {
        "EC-CUBE 4.0.0 to 4.0.6-p2, EC-CUBE 4.1.0 to 4.1.2-p1, and EC-CUBE 4.2.0; EC-CUBE 4 series; 4.0.6-p2; true",
        "EC-CUBE 4.0.0 to 4.0.6-p2, EC-CUBE 4.1.0 to 4.1.2-p1, and EC-CUBE 4.2.0; EC-CUBE 4 series; 4.0.6-p3; false",
        "EC-CUBE 4.0.0 to 4.0.6-p2, EC-CUBE 4.1.0 to 4.1.2-p1, and EC-CUBE 4.2.0; EC-CUBE 4 series; 4.2.0; true",
        "EC-CUBE 4.0.0 to 4.0.6-p2, EC-CUBE 4.1.0 to 4.1.2-p1, and EC-CUBE 4.2.0; EC-CUBE 4 series; 4.2.1; false",
        "4.0.0 から 4.0.6-p2 (EC-CUBE 4系); EC-CUBE; 4.0.6-p1; true",
        "prior to 4.1.2-p5; EC-CUBE 4.1 series; 4.1.2-p4; true",
        "prior to 4.1.2-p5; EC-CUBE 4.1 series; 4.1.2-p5; false",
        "prior to 4.1.2-p5; EC-CUBE 4.1 series; 4.0.6; false",
        "2.4.3 およびそれ以前; EC-CUBE; 2.4.3; true",
        "2.4.3 およびそれ以前; EC-CUBE; 2.4.4; false",
        " and 4.2.0 to 4.2.2; EC-CUBE 4 series; 4.2.2; true"
      })
  void proseRanges(String text, String product, String version, boolean contains) {
    assertThat(FreeTextVersions.parse(text, product).orElseThrow().contains(Version.parse(version)))
        .isEqualTo(contains);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {"すべてのバージョン; EC-CUBE", "v6 R4 およびそれ以前のバージョン; x", "unspecified; EC-CUBE"})
  void proseWithoutVersionsGivesNoRange(String text, String product) {
    assertThat(FreeTextVersions.parse(text, product)).isEmpty();
  }
}
