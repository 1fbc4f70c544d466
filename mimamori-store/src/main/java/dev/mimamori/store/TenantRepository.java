package dev.mimamori.store;

import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Customers. */
public final class TenantRepository {
  private final Jdbi jdbi;
  private final Clock clock;

  TenantRepository(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Creates the tenant unless it exists. */
  public void ensure(String id, String name) {
    if (id.isBlank() || id.length() > 64) {
      throw new IllegalArgumentException("tenant id must be 1 to 64 characters");
    }
    jdbi.useTransaction(
        h -> {
          int n =
              h.createQuery("SELECT COUNT(*) FROM tenants WHERE id = :id")
                  .bind("id", id)
                  .mapTo(Integer.class)
                  .one();
          if (n == 0) {
            h.createUpdate("INSERT INTO tenants (id, name, created_at) VALUES (:id, :name, :now)")
                .bind("id", id)
                .bind("name", name)
                .bind("now", clock.millis())
                .execute();
          }
        });
  }

  public List<String> ids() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT id FROM tenants ORDER BY id").mapTo(String.class).list());
  }
}
