package dev.mimamori.fim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DiffSummaryLinesTest {
  static DiffSummary diff(String before, String after) {
    return DiffSummary.of(
        before.getBytes(StandardCharsets.UTF_8), after.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void keepsRemovedLinesBeforeAddedOnes() {
    assertThat(diff("a\nold\n", "a\nnew\n").lines()).containsExactly("-old", "+new");
  }

  @Test
  void masksTheValueOfAPasswordLine() {
    assertThat(diff("", "$db_password = 'hunter2-secret';\n").lines())
        .containsExactly("+$db_password = ********");
  }

  @Test
  void masksAWordPressDatabasePassword() {
    assertThat(diff("", "define( 'DB_PASSWORD', 'hunter2' );\n").lines())
        .containsExactly("+define( 'DB_PASSWORD', ********");
  }

  @Test
  void masksAWordPressSalt() {
    assertThat(diff("", "define('SECURE_AUTH_SALT', 'x7$Qk');\n").lines())
        .containsExactly("+define('SECURE_AUTH_SALT', ********");
  }

  @Test
  void masksThePasswordInADatabaseUrl() {
    assertThat(diff("", "DATABASE_URL=mysql://eccube:s3cret@127.0.0.1/eccube\n").lines())
        .containsExactly("+DATABASE_URL=********");
  }

  @Test
  void masksThePasswordInAUrlOfAnyLine() {
    assertThat(diff("", "$dsn = \"pgsql://shop:s3cret@db/shop\";\n").lines().get(0))
        .doesNotContain("s3cret");
  }

  @Test
  void masksALaravelAppKey() {
    assertThat(diff("", "APP_KEY=base64:abcdefghijklmnop\n").lines())
        .containsExactly("+APP_KEY=********");
  }

  @Test
  void keepsNoLineOfAPrivateKey() {
    assertThat(
            diff(
                    "",
                    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n")
                .lines())
        .containsExactly(DiffSummary.PRIVATE_KEY_LINE);
  }

  @Test
  void cutsVeryLongLines() {
    assertThat(diff("", "x".repeat(5000)).lines().get(0)).hasSize(DiffSummary.MAX_LINE_CHARS + 2);
  }

  @Test
  void keepsAtMostTwoHundredLines() {
    assertThat(diff("", numbered(500)).lines()).hasSize(DiffSummary.MAX_LINES);
  }

  private static String numbered(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("line ").append(i).append('\n');
    }
    return b.toString();
  }
}
