package dev.mimamori.detect.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlInjectionTest {

  @Test
  void readsATautologyAfterASingleQuote() {
    assertThat(SqlInjection.analyze("x' or '1'='1").context()).isEqualTo("quote '");
  }

  @Test
  void readsATautologyAfterADoubleQuote() {
    assertThat(SqlInjection.analyze("x\" or \"1\"=\"1").context()).isEqualTo("quote \"");
  }

  @Test
  void readsANumericInjectionAsWritten() {
    assertThat(SqlInjection.analyze("1 or 1=1").context()).isEqualTo("as-is");
  }

  @Test
  void fingerprintsTheFoldedTokenStream() {
    assertThat(SqlInjection.analyze("1' or 1=1--").fingerprint()).isEqualTo("s&1=1c");
  }

  @Test
  void foldsArithmeticIntoOneValue() {
    assertThat(SqlInjection.fingerprint("1+2*3-4", (char) 0)).isEqualTo("1");
  }

  @Test
  void foldsCommentsInsideTheStream() {
    assertThat(SqlInjection.fingerprint("union/**/all/**/select", (char) 0)).isEqualTo("US");
  }

  @Test
  void keepsATrailingComment() {
    assertThat(SqlInjection.fingerprint("x'--", '\'')).isEqualTo("sc");
  }

  @Test
  void readsMysqlExecutableCommentsAsCode() {
    assertThat(SqlInjection.fingerprint("/*!50000union*/ select", (char) 0)).isEqualTo("US");
  }

  @Test
  void hexLiteralsAreNumbers() {
    assertThat(SqlInjection.fingerprint("0x414243", (char) 0)).isEqualTo("1");
  }

  @Test
  void variablesAreTheirOwnKind() {
    assertThat(SqlInjection.fingerprint("@@version", (char) 0)).isEqualTo("v");
  }

  @Test
  void backtickNamesAreWords() {
    assertThat(SqlInjection.fingerprint("`users`", (char) 0)).isEqualTo("w");
  }

  @Test
  void reportsUnionSelect() {
    assertThat(SqlInjection.analyze("-1 union all select 1,2").reason()).isEqualTo("UNION SELECT");
  }

  @Test
  void reportsStackedQueries() {
    assertThat(SqlInjection.analyze("1; drop table users").reason())
        .isEqualTo("stacked query: DROP");
  }

  @Test
  void reportsCommentTruncationAfterAQuote() {
    assertThat(SqlInjection.analyze("admin'--").reason())
        .isEqualTo("comment cuts off the query after the closing quote");
  }

  @Test
  void reportsTimeDelays() {
    assertThat(SqlInjection.analyze("1;waitfor delay '0:0:5'").reason()).contains("WAITFOR");
  }

  @Test
  void reportsErrorBasedFunctions() {
    assertThat(SqlInjection.analyze("1 and updatexml(1,concat(0x7e,user()),1)")).isNotNull();
  }

  @Test
  void apostropheInANameIsData() {
    assertThat(SqlInjection.analyze("O'Reilly")).isNull();
  }

  @Test
  void selectInASentenceIsData() {
    assertThat(SqlInjection.analyze("select a size")).isNull();
  }

  @Test
  void subtractionIsData() {
    assertThat(SqlInjection.analyze("1-2")).isNull();
  }

  @Test
  void hashAfterAnInchMarkIsData() {
    assertThat(SqlInjection.analyze("12\" #2 pencil")).isNull();
  }

  @Test
  void andBetweenWordsIsData() {
    assertThat(SqlInjection.analyze("salt and pepper")).isNull();
  }

  @Test
  void semicolonBeforeAnEnglishDropIsData() {
    assertThat(SqlInjection.analyze("Fred; drop me a line")).isNull();
  }

  @Test
  void parenthesesWithWordsAreData() {
    assertThat(SqlInjection.analyze("(select one)")).isNull();
  }
}
