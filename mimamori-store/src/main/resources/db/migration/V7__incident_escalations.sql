-- Where each incident's on-call escalation stands (the engine's state as JSON), so a restarted
-- server goes on where it stopped and never pages a step twice.
CREATE TABLE incident_escalations (
  incident_id  TEXT PRIMARY KEY REFERENCES incidents(id),
  tenant_id    TEXT NOT NULL REFERENCES tenants(id),
  policy       TEXT NOT NULL,
  state        TEXT NOT NULL,
  next_due     BIGINT NOT NULL,
  done         INTEGER NOT NULL,
  updated_at   BIGINT NOT NULL
);
CREATE INDEX incident_escalations_due ON incident_escalations (done, next_due);
