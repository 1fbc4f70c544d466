package dev.mimamori.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
  @Test
  void readsCommasAndDoubledQuotesInsideQuotedFields() {
    assertThat(Csv.parse("\"a,b\",\"say \"\"hi\"\"\",c\n"))
        .containsExactly(List.of("a,b", "say \"hi\"", "c"));
  }

  @Test
  void readsALineBreakInsideAQuotedField() {
    assertThat(Csv.parse("\"1\n2\",x\r\ny,z"))
        .containsExactly(List.of("1\n2", "x"), List.of("y", "z"));
  }
}
