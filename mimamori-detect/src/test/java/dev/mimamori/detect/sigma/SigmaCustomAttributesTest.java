package dev.mimamori.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SigmaCustomAttributesTest {
  private static String rule(String extra) {
    return """
        title: Adminer probe
        id: mm-test-adminer
        logsource:
          category: webserver
        detection:
          selection:
            cs-uri-stem|endswith: '/adminer.php'
          condition: selection
        level: high
        """
        + extra;
  }

  private static SigmaFile parse(String text) {
    return new SigmaLoader().parse("r.yml", text);
  }

  @Test
  void takesTheClassFromTheClassAttribute() {
    SigmaFile f = parse(rule("class: eccube.admin.code-write\n"));

    assertThat(((SigmaFile.Parsed) f).rules().get(0).meta().ruleClass())
        .isEqualTo("eccube.admin.code-write");
  }

  @Test
  void takesSuppressFromTheSuppressAttribute() {
    SigmaFile f = parse(rule("suppress: 1h\n"));

    assertThat(((SigmaFile.Parsed) f).rules().get(0).meta().suppress())
        .isEqualTo(Duration.ofHours(1));
  }

  @Test
  void refusesAClassThatIsNotLowerCaseWords() {
    SigmaFile f = parse(rule("class: Web XSS\n"));

    assertThat(((SigmaFile.Failed) f).error())
        .isEqualTo(
            new LoadError(
                "r.yml",
                10,
                "'class' must be lower-case words joined by dots or dashes, e.g. web.xss"));
  }

  @Test
  void refusesASuppressThatIsNotADuration() {
    SigmaFile f = parse(rule("suppress: soon\n"));

    assertThat(((SigmaFile.Failed) f).error().line()).isEqualTo(10);
  }

  @Test
  void ignoresTheTestsAttribute() {
    SigmaFile f = parse(rule("tests:\n  match:\n    - 'x'\n"));

    assertThat(f).isInstanceOf(SigmaFile.Parsed.class);
  }
}
