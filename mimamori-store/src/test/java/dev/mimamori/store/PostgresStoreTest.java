package dev.mimamori.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresStoreTest extends StoreContractTest {
  @Override
  DatabaseConfig newDatabase() {
    return DatabaseConfig.parse(
        PostgresTestServer.get().newMigratedDatabaseUrl(), java.nio.file.Path.of("."));
  }

  @Test
  void runsOnPostgresql() {
    String version =
        store
            .database()
            .jdbi()
            .withHandle(h -> h.createQuery("SELECT version()").mapTo(String.class).one());

    assertThat(config.dialect()).isEqualTo(DatabaseConfig.Dialect.POSTGRESQL);
    assertThat(version).startsWith("PostgreSQL");
  }
}
