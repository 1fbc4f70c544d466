package dev.mimamori.store;

import dev.mimamori.pipeline.CheckpointStore;
import dev.mimamori.pipeline.SourceSpec;
import java.time.Clock;
import java.util.Optional;

/** Read positions of log sources, so a restart neither loses nor doubles lines. */
public final class CheckpointRepository implements CheckpointStore {
  private final Database db;
  private final Clock clock;

  CheckpointRepository(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public Optional<Checkpoint> load(SourceSpec source) {
    return db.withHandle(
        TenantScope.of(source.tenant()),
        h ->
            h.createQuery(
                    "SELECT byte_offset, line_number, file_key FROM source_checkpoints"
                        + " WHERE source_id = :s AND tenant_id = :t")
                .bind("s", source.id())
                .bind("t", source.tenant())
                .map((rs, ctx) -> new Checkpoint(rs.getLong(1), rs.getLong(2), rs.getString(3)))
                .findOne());
  }

  @Override
  public void save(SourceSpec source, Checkpoint c) {
    db.useTransaction(
        TenantScope.of(source.tenant()),
        h -> {
          int n =
              h.createUpdate(
                      "UPDATE source_checkpoints SET byte_offset = :o, line_number = :l, file_key = :k,"
                          + " updated_at = :now"
                          + " WHERE source_id = :s AND tenant_id = :t")
                  .bind("o", c.offset())
                  .bind("l", c.lineNumber())
                  .bind("k", c.fileKey())
                  .bind("now", clock.millis())
                  .bind("s", source.id())
                  .bind("t", source.tenant())
                  .execute();
          if (n == 0) {
            h.createUpdate(
                    "INSERT INTO source_checkpoints (source_id, tenant_id, byte_offset, line_number,"
                        + " file_key, updated_at) VALUES (:s, :t, :o, :l, :k, :now)")
                .bind("o", c.offset())
                .bind("l", c.lineNumber())
                .bind("k", c.fileKey())
                .bind("now", clock.millis())
                .bind("s", source.id())
                .bind("t", source.tenant())
                .execute();
          }
        });
  }
}
