package dev.mimamori.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {
  @Test
  void defaultsToSqliteInTheDataDirectory() {
    DatabaseConfig c = DatabaseConfig.parse(null, Path.of("/srv/mimamori"));

    assertThat(c.dialect()).isEqualTo(DatabaseConfig.Dialect.SQLITE);
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:sqlite:/srv/mimamori/mimamori.db");
  }

  @Test
  void splitsCredentialsOutOfAPostgresqlUrl() {
    DatabaseConfig c =
        DatabaseConfig.parse(
            "postgresql://mm:s%40cret@db.internal:6432/mimamori?sslmode=require", Path.of("."));

    assertThat(c.dialect()).isEqualTo(DatabaseConfig.Dialect.POSTGRESQL);
    assertThat(c.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db.internal:6432/mimamori?sslmode=require");
    assertThat(c.user()).isEqualTo("mm");
    assertThat(c.password()).isEqualTo("s@cret");
  }

  @Test
  void usesPort5432WhenNoneIsGiven() {
    assertThat(DatabaseConfig.parse("postgres://db/x", Path.of(".")).jdbcUrl())
        .isEqualTo("jdbc:postgresql://db:5432/x");
  }

  @Test
  void keepsThePasswordOutOfItsErrorMessages() {
    assertThatThrownBy(() -> DatabaseConfig.parse("mysql://u:hunter2@h/db", Path.of(".")))
        .hasMessageContaining("unsupported")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void keepsThePasswordOutOfToString() {
    assertThat(DatabaseConfig.parse("postgresql://u:hunter2@h/db", Path.of(".")).toString())
        .doesNotContain("hunter2");
  }

  @Test
  void keepsAJdbcPasswordParameterOutOfToString() {
    DatabaseConfig c =
        DatabaseConfig.parse(
            "jdbc:postgresql://h/db?user=u&password=hunter2&ssl=true", Path.of("."));

    assertThat(c.toString()).doesNotContain("hunter2").contains("ssl=true");
  }
}
