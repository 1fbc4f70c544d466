package dev.mimamori.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
  void reportsThatSqliteHasNoRowLevelSecurity() {
    assertThat(store.database().rowSecurity()).isEqualTo(RowSecurity.NOT_SUPPORTED);
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

  @Test
  void readThenWriteTransactionsWaitForOtherWritersInsteadOfFailing() throws Exception {
    // Regression: begun deferred, ensure's SELECT-then-INSERT failed at once with SQLITE_BUSY
    // when another connection committed between the two (seen in CI beside the pipeline).
    java.util.concurrent.atomic.AtomicReference<Throwable> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < 300; i++) {
                  store.tenants().ensure("w" + i, "w" + i);
                }
              } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
              }
            });
    writer.start();
    try {
      for (int i = 0; i < 300; i++) {
        store.tenants().ensure("r" + i, "r" + i);
      }
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
    writer.join();

    assertThat(failure.get()).isNull();
  }

  @Test
  void createsItsDataDirectoryForItsOwnUserOnly() {
    Path fresh = dir.resolve("fresh");
    try (Store s = Store.open(DatabaseConfig.parse(null, fresh), clock)) {
      assertThat(s.tenants().ids()).isEmpty();
    }

    assertThat(PosixFilePermissions.toString(uncheckedPermissions(fresh))).isEqualTo("rwx------");
  }

  static java.util.Set<java.nio.file.attribute.PosixFilePermission> uncheckedPermissions(Path p) {
    try {
      return java.nio.file.Files.getPosixFilePermissions(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
