package dev.mimamori.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContractTest {
  @TempDir Path dir;

  @Override
  DatabaseConfig newDatabase() {
    return DatabaseConfig.parse(null, dir);
  }

  @Test
  void usesOneFileInTheDataDirectoryInWalMode() {
    String mode =
        store
            .database()
            .jdbi()
            .withHandle(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());

    assertThat(dir.resolve("mimamori.db")).exists();
    assertThat(mode).isEqualToIgnoringCase("wal");
  }

  @Test
  void enforcesForeignKeys() {
    String on =
        store
            .database()
            .jdbi()
            .withHandle(h -> h.createQuery("PRAGMA foreign_keys").mapTo(String.class).one());

    assertThat(on).isEqualTo("1");
  }
}
