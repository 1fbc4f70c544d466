-- Response actions that changed something, so their expiry and undo survive a restart, and
-- decisions served to CrowdSec bouncers are served again after one.
CREATE TABLE response_actions (
  id            TEXT PRIMARY KEY,
  tenant_id     TEXT NOT NULL REFERENCES tenants(id),
  incident_id   TEXT NOT NULL REFERENCES incidents(id),
  action        TEXT NOT NULL,
  target_type   TEXT NOT NULL,
  target_value  TEXT NOT NULL,
  ttl_ms        BIGINT,
  expires_at    BIGINT,
  actor         TEXT,
  created_at    BIGINT NOT NULL,
  undone_at     BIGINT,
  undo_note     TEXT
);
CREATE INDEX response_actions_open ON response_actions (undone_at, expires_at);
