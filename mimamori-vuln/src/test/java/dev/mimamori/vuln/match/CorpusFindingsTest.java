package dev.mimamori.vuln.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.vuln.advisory.AdvisoryReader;
import dev.mimamori.vuln.advisory.Merger;
import dev.mimamori.vuln.advisory.PackageRef;
import dev.mimamori.vuln.inventory.Component;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a shop on each EC-CUBE release is told about JVN#04785663 by the corpus's advisories. */
class CorpusFindingsTest {
  private static final Path ADVISORIES = Path.of("../../shared/corpus/advisories");

  @ParameterizedTest(name = "{0} is fixed in {1}")
  @CsvSource({"4.0.6-p2, 4.0.6-p3", "4.1.2-p1, 4.1.2-p2", "4.2.0, 4.2.1", "4.0.0, 4.0.6-p3"})
  void jvn04785663NamesTheFixOfTheInstalledBranch(String installed, String fixed)
      throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(ADVISORIES), "corpus not present");
    FindingMatcher m =
        new FindingMatcher(
            Merger.merge(new AdvisoryReader().read(List.of(ADVISORIES)).advisories()));

    List<Finding> f = m.match(List.of(new Component(PackageRef.ECCUBE, installed, "t")), n -> {});

    assertThat(f)
        .filteredOn(x -> x.primaryId().equals("JVN#04785663"))
        .singleElement()
        .satisfies(x -> assertThat(x.fixedIn()).isEqualTo(fixed));
  }
}
