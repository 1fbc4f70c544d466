package dev.mimamori.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A long-lived key a log shipper sends logs with. The key itself is shown once when it is issued;
 * this is what is kept of it.
 *
 * @param id unique id, used to revoke it
 * @param tenant the tenant every line sent with it belongs to
 * @param name what the key is for (e.g. "fluent-bit on web1")
 * @param asset the asset every line sent with it belongs to, or null to let the request say
 * @param createdBy who issued it (a user name, or {@code cli})
 * @param createdAt when it was issued
 * @param lastUsedAt when it last authenticated a request (updated at most once a minute)
 * @param revokedAt when it was revoked, or null while it works
 */
public record IngestKey(
    String id,
    String tenant,
    String name,
    @Nullable String asset,
    String createdBy,
    Instant createdAt,
    @Nullable Instant lastUsedAt,
    @Nullable Instant revokedAt) {

  public boolean revoked() {
    return revokedAt != null;
  }
}
