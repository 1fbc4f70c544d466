package dev.mimamori.scan.yara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mimamori.model.Severity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SeverityOverridesTest {
  private static SeverityOverrides parse(String text) throws IOException {
    return SeverityOverrides.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void phpMalwareFindersGenericHeuristicsAreMediumByDefault() {
    assertThat(
            SeverityOverrides.builtin()
                .of("DodgyPhp", Path.of("/x/php-malware-finder/data/php.yar")))
        .isEqualTo(Severity.MEDIUM);
  }

  @Test
  void otherRuleFilesKeepTheirOwnSeverity() {
    assertThat(
            SeverityOverrides.builtin()
                .of("WebShell_X", Path.of("/x/signature-base/yara/gen_webshells.yar")))
        .isNull();
  }

  @Test
  void aRuleNameOverrideWinsOverItsFile() throws IOException {
    SeverityOverrides o = parse("x/a.yar medium\nrule:Evil critical\n");
    assertThat(o.of("Evil", Path.of("/r/x/a.yar"))).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void aSuffixMatchesOnlyWholePathParts() throws IOException {
    assertThat(parse("a.yar low\n").of("R", Path.of("/r/xa.yar"))).isNull();
  }

  @Test
  void aLineWithoutSeverityIsRefusedWithItsNumber() {
    assertThatThrownBy(() -> parse("# c\nlonely\n")).hasMessageContaining(":2:");
  }
}
