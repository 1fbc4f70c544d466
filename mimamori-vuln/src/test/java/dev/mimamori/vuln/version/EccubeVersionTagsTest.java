package dev.mimamori.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code Constant::VERSION} that EC-CUBE ever shipped in a tag ({@code
 * shared/corpus/eccube-version-tags.tsv}) reads as a version, except the {@code 3.n-alphaN}
 * development names, which are a clear error. Skipped when the corpus is absent.
 */
class EccubeVersionTagsTest {
  private static final Path TAGS = Path.of("../../shared/corpus/eccube-version-tags.tsv");

  static Stream<String> constants() throws IOException {
    if (!Files.isRegularFile(TAGS)) {
      return Stream.of("corpus not present");
    }
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(TAGS).subList(1, Files.readAllLines(TAGS).size())) {
      String[] f = line.split("\t", -1);
      if (f.length > 3 && !f[3].isBlank()) {
        out.add(f[3]);
      }
    }
    return out.stream().distinct();
  }

  @ParameterizedTest
  @MethodSource("constants")
  void everyShippedVersionConstantReads(String constant) {
    Assumptions.assumeTrue(Files.isRegularFile(TAGS), "corpus not present");
    if (constant.startsWith("3.n-")) {
      assertThatThrownBy(() -> Version.parse(constant)).isInstanceOf(InvalidVersionException.class);
    } else {
      assertThat(Version.parse(constant).text()).isEqualTo(constant);
    }
  }
}
