package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that do not load: each error names the file, the line and why, and nothing loads. */
class SigmaLoadErrorTest {
  private static final String HEAD =
      """
      title: Test rule
      id: 6f9c2d1e-0000-4000-8000-000000000001
      logsource:
          category: webserver
      detection:
      """;

  @TempDir Path dir;

  private static LoadError errorOf(String text) {
    SigmaFile f = new SigmaLoader().parse("bad.yml", text);
    assertThat(f).isInstanceOf(SigmaFile.Failed.class);
    return ((SigmaFile.Failed) f).error();
  }

  /** A rule whose detection section (from line 6) is {@code detection}. */
  private static LoadError detectionError(String detection) {
    return errorOf(HEAD + detection);
  }

  @Test
  void reportsTheLineOfMalformedYaml() {
    LoadError e =
        detectionError("    selection:\n      cs-method: 'GET\n    condition: selection\n");

    assertThat(e.file()).isEqualTo("bad.yml");
    assertThat(e.line()).isBetween(7, 8);
    assertThat(e.reason()).startsWith("not valid YAML");
  }

  @Test
  void reportsAMissingTitle() {
    LoadError e = errorOf("logsource: {category: webserver}\ndetection: {}\n");

    assertThat(e).isEqualTo(new LoadError("bad.yml", 1, "a rule needs a 'title'"));
  }

  @Test
  void refusesABlankName() {
    LoadError e = errorOf("title: t\nname: ''\nlogsource: {category: webserver}\ndetection: {}\n");

    assertThat(e)
        .isEqualTo(
            new LoadError(
                "bad.yml", 2, "'name' must be a non-empty text of at most 256 characters"));
  }

  @Test
  void reportsAMissingCondition() {
    LoadError e = detectionError("    selection:\n        cs-method: GET\n");

    assertThat(e).isEqualTo(new LoadError("bad.yml", 5, "detection has no 'condition'"));
  }

  @Test
  void reportsAConditionNamingNoSearchIdentifier() {
    LoadError e =
        detectionError(
            "    selection:\n        cs-method: GET\n    condition: selection and sel2\n");

    assertThat(e)
        .isEqualTo(new LoadError("bad.yml", 8, "condition: no search identifier named 'sel2'"));
  }

  @Test
  void reportsAPatternMatchingNoSearchIdentifier() {
    LoadError e =
        detectionError(
            "    selection:\n        cs-method: GET\n    condition: selection and not 1 of filter*\n");

    assertThat(e.line()).isEqualTo(8);
    assertThat(e.reason()).isEqualTo("condition: '1 of filter*' matches no search identifier");
  }

  @Test
  void reportsAnUnknownModifierOnItsLine() {
    LoadError e =
        detectionError(
            "    selection:\n        cs-method: GET\n        cs-uri|sounds_like: x\n"
                + "    condition: selection\n");

    assertThat(e).isEqualTo(new LoadError("bad.yml", 8, "unknown modifier 'sounds_like'"));
  }

  @Test
  void refusesABackreferenceWithAClearReason() {
    LoadError e =
        detectionError("    selection:\n        cs-uri|re: '(a+)\\1'\n    condition: selection\n");

    assertThat(e.line()).isEqualTo(7);
    assertThat(e.reason())
        .isEqualTo(
            "regular expression refused: backreference \\1 (RE2, which keeps matching linear in"
                + " time, has none)");
  }

  @Test
  void refusesLookahead() {
    LoadError e =
        detectionError(
            "    selection:\n        cs-uri|re: 'admin(?!/login)'\n    condition: selection\n");

    assertThat(e.line()).isEqualTo(7);
    assertThat(e.reason()).startsWith("regular expression refused: lookahead (?!");
  }

  @Test
  void refusesLookbehind() {
    LoadError e =
        detectionError("    selection:\n        cs-uri|re: '(?<=a)b'\n    condition: selection\n");

    assertThat(e.reason()).startsWith("regular expression refused: lookbehind (?<=");
  }

  @Test
  void refusesARegexRe2CannotParse() {
    LoadError e =
        detectionError(
            "    selection:\n        cs-uri|re: '(unclosed'\n    condition: selection\n");

    assertThat(e.line()).isEqualTo(7);
    assertThat(e.reason()).startsWith("regular expression refused: not valid for RE2");
  }

  @Test
  void refusesARegexWhoseNestedRepetitionsWouldBeHuge() {
    LoadError e =
        detectionError(
            "    selection:\n        cs-uri|re: '((a{1000}){1000}){1000}'\n"
                + "    condition: selection\n");

    assertThat(e.reason())
        .isEqualTo(
            "regular expression refused: its counted repetitions make it too large to compile");
  }

  @Test
  void refusesACaseInsensitiveRegexRe2CannotFold() {
    LoadError e =
        detectionError(
            "    selection:\n        cs-uri|re|i: 'x\u1c80'\n    condition: selection\n");

    assertThat(e.reason())
        .isEqualTo(
            "regular expression refused: case-insensitive matching of U+1C80, which RE2/J cannot"
                + " case-fold (it would never finish compiling)");
  }

  @Test
  void refusesACaseInsensitiveRangeOverAnUnfoldableCharacter() {
    LoadError e =
        detectionError(
            "    selection:\n        cs-uri|re: '(?i)[i-\\x{FFFD}]'\n    condition: selection\n");

    assertThat(e.reason()).contains("U+1C80");
  }

  @Test
  void refusesAFileWhoseRegexesFoldTooManyClasses() {
    StringBuilder sb = new StringBuilder(HEAD + "    selection:\n        cs-uri|re|i:\n");
    for (int i = 0; i < 200; i++) {
      sb.append("            - '[^a]").append(i).append("'\n");
    }
    sb.append("    condition: selection\n");

    LoadError e = errorOf(sb.toString());

    assertThat(e.reason())
        .isEqualTo(
            "more than 128 case-insensitive character classes in the file's regular expressions"
                + " (RE2 folds each one)");
  }

  @Test
  void refusesADuplicateKey() {
    LoadError e =
        detectionError(
            "    selection:\n        cs-method: GET\n        cs-method: POST\n"
                + "    condition: selection\n");

    assertThat(e)
        .isEqualTo(new LoadError("bad.yml", 8, "duplicate key 'cs-method' (first on line 7)"));
  }

  @Test
  void refusesYamlAliases() {
    LoadError e =
        detectionError(
            "    selection: &sel\n        cs-method: GET\n    other: *sel\n"
                + "    condition: selection\n");

    assertThat(e.line()).isEqualTo(8);
    assertThat(e.reason()).isEqualTo("YAML aliases (*name) are not supported in Sigma rules");
  }

  @Test
  void refusesALogSourceMimamoriHasNoEventsFor() {
    LoadError e =
        errorOf(
            "title: t\nlogsource:\n    category: process_creation\n    product: windows\n"
                + "detection:\n    selection:\n        Image|endswith: '\\\\whoami.exe'\n"
                + "    condition: selection\n");

    assertThat(e.line()).isEqualTo(3);
    assertThat(e.reason())
        .endsWith("is not a web server or proxy log: mimamori has no such events");
  }

  @Test
  void refusesNullInAListOfValues() {
    LoadError e =
        detectionError(
            "    selection:\n        cs-referer:\n            - ''\n            - null\n"
                + "    condition: selection\n");

    assertThat(e.line()).isEqualTo(9);
    assertThat(e.reason()).startsWith("null cannot be one of a list of values");
  }

  @Test
  void refusesAllWithASingleValue() {
    LoadError e =
        detectionError(
            "    selection:\n        cs-uri|contains|all: 'x'\n    condition: selection\n");

    assertThat(e)
        .isEqualTo(new LoadError("bad.yml", 7, "'all' needs a list of at least two values"));
  }

  @Test
  void refusesAPlaceholderWithoutConfiguredValues() {
    LoadError e =
        detectionError(
            "    selection:\n        c-ip|expand: '%Servers%'\n    condition: selection\n");

    assertThat(e.line()).isEqualTo(7);
    assertThat(e.reason()).startsWith("placeholder %Servers% has no configured values");
  }

  @Test
  void refusesSigmaOneAggregations() {
    LoadError e =
        detectionError(
            "    selection:\n        cs-method: GET\n    condition: selection | count() by c-ip > 5\n");

    assertThat(e.line()).isEqualTo(8);
    assertThat(e.reason()).startsWith("aggregations in the condition");
  }

  @Test
  void refusesAComparisonWithText() {
    LoadError e =
        detectionError("    selection:\n        sc-status|gte: abc\n    condition: selection\n");

    assertThat(e).isEqualTo(new LoadError("bad.yml", 7, "a comparison needs a number, not 'abc'"));
  }

  @Test
  void refusesAContainsOnARegex() {
    LoadError e =
        detectionError(
            "    selection:\n        cs-uri|re|contains: 'a.b'\n    condition: selection\n");

    assertThat(e.reason()).isEqualTo("'re' cannot be combined with 'contains'");
  }

  @Test
  void refusesAnUnsupportedCorrelationType() {
    LoadError e =
        errorOf("title: c\ncorrelation:\n    type: value_sum\n    rules: [a]\n    timespan: 1h\n");

    assertThat(e.line()).isEqualTo(3);
    assertThat(e.reason()).startsWith("correlation type 'value_sum' is not supported");
  }

  @Test
  void reportsACorrelationReferenceThatNamesNoRule() {
    SigmaLoad load =
        new SigmaLoader()
            .load(
                "corr.yml",
                """
                title: Many probes
                correlation:
                    type: event_count
                    rules:
                        - probe
                    group-by: [c-ip]
                    timespan: 1m
                    condition:
                        gte: 3
                """);

    assertThat(load.errors())
        .containsExactly(
            new LoadError(
                "corr.yml",
                5,
                "correlation refers to 'probe', which is no loaded rule's name or id"));
  }

  @Test
  void refusesCorrelationsThatReferToEachOther() {
    SigmaLoad load =
        new SigmaLoader()
            .load(
                "cycle.yml",
                """
                title: A
                name: a
                correlation: {type: event_count, rules: [b], timespan: 1m, condition: {gte: 2}}
                ---
                title: B
                name: b
                correlation: {type: event_count, rules: [a], timespan: 1m, condition: {gte: 2}}
                """);

    assertThat(load.errors())
        .extracting(LoadError::reason)
        .containsExactly("correlations refer to each other in a cycle");
  }

  @Test
  void refusesTheSecondFileWithAnIdAlreadyLoaded() {
    SigmaLoader loader = new SigmaLoader();
    String rule = HEAD + "    selection:\n        cs-method: GET\n    condition: selection\n";

    SigmaLoad load =
        loader.link(List.of(loader.parse("one.yml", rule), loader.parse("two.yml", rule)));

    assertThat(load.filesLoaded()).isEqualTo(1);
    assertThat(load.errors())
        .containsExactly(
            new LoadError(
                "two.yml",
                1,
                "rule id '6f9c2d1e-0000-4000-8000-000000000001' is already used in one.yml"));
  }

  @Test
  void loadsNothingOfAFileWithOneBadRule() {
    SigmaLoad load =
        new SigmaLoader()
            .load(
                "half.yml",
                HEAD
                    + "    selection:\n        cs-method: GET\n    condition: selection\n"
                    + "---\n"
                    + "title: Broken\nlogsource: {category: webserver}\ndetection:\n"
                    + "    selection:\n        cs-method: GET\n    condition: nothing\n");

    assertThat(load.ruleSet().rules()).isEmpty();
    assertThat(load.errors())
        .containsExactly(
            new LoadError("half.yml", 15, "condition: no search identifier named 'nothing'"));
  }

  @Test
  void aFailedFileDoesNotStopTheOthers() {
    SigmaLoader loader = new SigmaLoader();
    String good = HEAD + "    selection:\n        cs-method: GET\n    condition: selection\n";

    SigmaLoad load =
        loader.link(List.of(loader.parse("bad.yml", "title: [\n"), loader.parse("good.yml", good)));

    assertThat(load.ruleSet().rules()).hasSize(1);
    assertThat(load.errors()).extracting(LoadError::file).containsExactly("bad.yml");
  }

  @Test
  void refusesAFileLargerThanTheLimit() throws IOException {
    Path big = dir.resolve("big.yml");
    Files.writeString(big, "title: x\n# " + "a".repeat(SigmaLoader.MAX_FILE_BYTES) + "\n");

    SigmaFile f = new SigmaLoader().parse(big);

    assertThat(((SigmaFile.Failed) f).error())
        .isEqualTo(new LoadError(big.toString(), 0, "larger than 1048576 bytes"));
  }

  @Test
  void refusesAFileThatIsNotUtf8() throws IOException {
    Path latin1 = dir.resolve("latin1.yml");
    Files.write(latin1, "title: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    SigmaFile f = new SigmaLoader().parse(latin1);

    assertThat(((SigmaFile.Failed) f).error().reason()).isEqualTo("not UTF-8 text");
  }

  @Test
  void refusesNestingDeeperThanTheLimit() {
    String deep = "title: t\nx: " + "[".repeat(200) + "]".repeat(200) + "\n";

    LoadError e = errorOf(deep);

    assertThat(e.reason()).containsAnyOf("nested deeper", "not valid YAML");
  }

  @Test
  void refusesAListLongerThanTheLimit() {
    StringBuilder sb = new StringBuilder(HEAD + "    keywords:\n");
    for (int i = 0; i <= YamlReader.MAX_ITEMS; i++) {
      sb.append("        - k").append(i).append('\n');
    }
    sb.append("    condition: keywords\n");

    LoadError e = errorOf(sb.toString());

    assertThat(e.reason()).isEqualTo("a list longer than 10000 items");
  }

  @Test
  void refusesAnEmptyFile() {
    LoadError e = errorOf("# nothing here\n");

    assertThat(e).isEqualTo(new LoadError("bad.yml", 0, "no Sigma rule in the file"));
  }
}
