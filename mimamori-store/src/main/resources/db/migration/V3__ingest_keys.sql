-- Long-lived keys for log shippers. Only the SHA-256 digest of a key is kept; a key sends logs
-- for its tenant (and its asset, when it names one) and does nothing else. A revoked key stays
-- listed, with the time it was revoked.
CREATE TABLE ingest_keys (
  id            TEXT PRIMARY KEY,
  tenant_id     TEXT NOT NULL REFERENCES tenants(id),
  name          TEXT NOT NULL,
  asset         TEXT,
  key_hash      TEXT NOT NULL UNIQUE,
  created_by    TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  last_used_at  BIGINT,
  revoked_at    BIGINT
);
CREATE INDEX ingest_keys_tenant ON ingest_keys (tenant_id, created_at);
