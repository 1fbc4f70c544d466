-- One schema for SQLite and PostgreSQL: portable types only (TEXT, INTEGER, BIGINT).
-- Times are epoch milliseconds (BIGINT); JSON is TEXT. Every customer row carries tenant_id.

CREATE TABLE tenants (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  created_at  BIGINT NOT NULL
);

CREATE TABLE users (
  id             TEXT PRIMARY KEY,
  tenant_id      TEXT NOT NULL REFERENCES tenants(id),
  username       TEXT NOT NULL UNIQUE,
  password_hash  TEXT NOT NULL,
  role           TEXT NOT NULL,
  created_at     BIGINT NOT NULL
);

CREATE TABLE api_tokens (
  token_hash  TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users(id),
  tenant_id   TEXT NOT NULL REFERENCES tenants(id),
  created_at  BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL
);

CREATE TABLE incidents (
  id               TEXT PRIMARY KEY,
  tenant_id        TEXT NOT NULL REFERENCES tenants(id),
  asset            TEXT NOT NULL,
  title            TEXT NOT NULL,
  status           TEXT NOT NULL,
  severity         TEXT NOT NULL,
  severity_rank    INTEGER NOT NULL,
  alert_count      INTEGER NOT NULL,
  first_seen       BIGINT NOT NULL,
  last_seen        BIGINT NOT NULL,
  correlation_key  TEXT NOT NULL,
  observables      TEXT NOT NULL,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL
);
CREATE INDEX incidents_tenant_last_seen ON incidents (tenant_id, last_seen);
CREATE INDEX incidents_open_key ON incidents (tenant_id, correlation_key, status);

CREATE TABLE alerts (
  id           TEXT PRIMARY KEY,
  tenant_id    TEXT NOT NULL REFERENCES tenants(id),
  incident_id  TEXT REFERENCES incidents(id),
  asset        TEXT NOT NULL,
  rule_id      TEXT NOT NULL,
  title        TEXT NOT NULL,
  rule_class   TEXT NOT NULL,
  severity     TEXT NOT NULL,
  ts           BIGINT NOT NULL,
  source_ip    TEXT,
  evidence     TEXT NOT NULL,
  observables  TEXT NOT NULL,
  created_at   BIGINT NOT NULL
);
CREATE INDEX alerts_tenant_ts ON alerts (tenant_id, ts);
CREATE INDEX alerts_incident ON alerts (incident_id);

CREATE TABLE incident_timeline (
  id           TEXT PRIMARY KEY,
  tenant_id    TEXT NOT NULL REFERENCES tenants(id),
  incident_id  TEXT NOT NULL REFERENCES incidents(id),
  seq          BIGINT NOT NULL,
  ts           BIGINT NOT NULL,
  kind         TEXT NOT NULL,
  text         TEXT NOT NULL,
  alert_id     TEXT
);
CREATE INDEX incident_timeline_incident ON incident_timeline (incident_id, seq);

CREATE TABLE source_checkpoints (
  source_id    TEXT PRIMARY KEY,
  tenant_id    TEXT NOT NULL REFERENCES tenants(id),
  byte_offset  BIGINT NOT NULL,
  line_number  BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL
);
