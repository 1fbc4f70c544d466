package dev.mimamori.vuln.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mimamori.vuln.advisory.AdvisoryReader;
import dev.mimamori.vuln.advisory.Merger;
import dev.mimamori.vuln.advisory.PackageRef;
import dev.mimamori.vuln.advisory.ReadResult;
import dev.mimamori.vuln.inventory.Component;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The EC-CUBE advisory table of {@code shared/corpus/README.md}, row by row, against every advisory
 * file of the corpus: each row's first and last affected versions are matched, each fix version is
 * not. Skipped when the corpus is absent.
 */
class CorpusAdvisoryTableTest {
  private static final Path CORPUS = Path.of("../../shared/corpus");
  private static final Pattern ROW =
      Pattern.compile("^\\| (JVN#\\d+) \\| (.+?) \\| (.+?) \\| (.+?) \\|$");
  private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d+");
  private static final Pattern RANGE =
      Pattern.compile("(\\d+\\.\\d+\\.\\d+(?:-p\\d+)?) – (\\d+\\.\\d+\\.\\d+(?:-p\\d+)?)");
  private static final Pattern SINGLE = Pattern.compile("\\d+\\.\\d+\\.\\d+(?:-p\\d+)?");

  /** The corpus's advisories, read once. */
  private static @org.jspecify.annotations.Nullable FindingMatcher corpus;

  @BeforeAll
  static void readCorpus() throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(CORPUS.resolve("advisories")), "corpus not present");
    ReadResult r = new AdvisoryReader().read(List.of(CORPUS.resolve("advisories")));
    corpus = new FindingMatcher(Merger.merge(r.advisories()));
  }

  static Stream<Arguments> rows() throws IOException {
    Path readme = CORPUS.resolve("README.md");
    if (!Files.isRegularFile(readme)) {
      return Stream.of(Arguments.of("corpus not present", "", "", false));
    }
    List<Arguments> out = new ArrayList<>();
    for (String line : Files.readAllLines(readme)) {
      java.util.regex.Matcher m = ROW.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String jvn = m.group(1);
      List<String> cves = all(CVE, m.group(2));
      String affected = m.group(3);
      String general = affected.replaceAll("\\(.*\\)", "");
      for (String cve : cves) {
        String mine = general + " " + parenthesisAbout(affected, cve);
        java.util.regex.Matcher r = RANGE.matcher(mine);
        while (r.find()) {
          out.add(Arguments.of(jvn, cve, r.group(1), true));
          out.add(Arguments.of(jvn, cve, r.group(2), true));
        }
        String rest = RANGE.matcher(mine).replaceAll("");
        for (String v : all(SINGLE, rest)) {
          out.add(Arguments.of(jvn, cve, v, true));
        }
        for (String v : all(SINGLE, m.group(4))) {
          out.add(Arguments.of(jvn, cve, v, false));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} applies to {2}: {3}")
  @MethodSource("rows")
  void everyRowOfTheTableHolds(String jvn, String cve, String version, boolean applies) {
    FindingMatcher m = corpus;
    Assumptions.assumeTrue(m != null, "corpus not present");

    List<Finding> findings =
        m.match(List.of(new Component(PackageRef.ECCUBE, version, "t")), n -> {});

    boolean found = findings.stream().anyMatch(f -> f.ids().contains(cve));
    assertThat(found).as("%s (%s) applies to %s", cve, jvn, version).isEqualTo(applies);
  }

  private static String parenthesisAbout(String affected, String cve) {
    java.util.regex.Matcher p = Pattern.compile("\\((\\d{5}) also ([^)]*)\\)").matcher(affected);
    return p.find() && cve.endsWith(p.group(1)) ? p.group(2) : "";
  }

  private static List<String> all(Pattern p, String s) {
    List<String> out = new ArrayList<>();
    java.util.regex.Matcher m = p.matcher(s);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
