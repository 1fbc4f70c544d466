-- Grouping by shared entities and attack-chain stage, assignment, merging, observables with
-- first/last seen and counts, authors on the timeline, and the notification outbox.
ALTER TABLE incidents ADD COLUMN chain_stage INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN assignee TEXT;
ALTER TABLE incidents ADD COLUMN merged_into TEXT;
ALTER TABLE incidents ADD COLUMN entity_count INTEGER NOT NULL DEFAULT 0;
CREATE INDEX incidents_open_asset ON incidents (tenant_id, asset, status, last_seen);

ALTER TABLE incident_timeline ADD COLUMN actor TEXT;

-- What an incident is about, for grouping: 'ip:…', 'net:…/24', 'user:…', 'file:…', 'host:…',
-- 'url:…', 'hash:…', 'rule:…'. Capped per incident (incidents.entity_count).
CREATE TABLE incident_entities (
  incident_id  TEXT NOT NULL REFERENCES incidents(id),
  tenant_id    TEXT NOT NULL REFERENCES tenants(id),
  asset        TEXT NOT NULL,
  entity       TEXT NOT NULL,
  PRIMARY KEY (incident_id, entity)
);
CREATE INDEX incident_entities_lookup ON incident_entities (tenant_id, asset, entity);

CREATE TABLE incident_observables (
  incident_id  TEXT NOT NULL REFERENCES incidents(id),
  tenant_id    TEXT NOT NULL REFERENCES tenants(id),
  type         TEXT NOT NULL,
  value        TEXT NOT NULL,
  first_seen   BIGINT NOT NULL,
  last_seen    BIGINT NOT NULL,
  seen_count   BIGINT NOT NULL,
  PRIMARY KEY (incident_id, type, value)
);

-- Written in the same transaction as the incident change; delivered by the dispatcher.
-- status: pending (due at next_attempt_at), sending (leased until lease_until by a dispatcher),
-- sent, dead (permanent error or too many tries; last_error says why), dropped (moot: e.g. a
-- page for an incident acknowledged before it went out).
CREATE TABLE notification_outbox (
  id               TEXT PRIMARY KEY,
  tenant_id        TEXT NOT NULL REFERENCES tenants(id),
  incident_id      TEXT NOT NULL REFERENCES incidents(id),
  channel          TEXT NOT NULL,
  kind             TEXT NOT NULL,
  locale           TEXT NOT NULL,
  recipient        TEXT,
  ack_url          TEXT,
  note             TEXT,
  status           TEXT NOT NULL,
  attempts         INTEGER NOT NULL,
  next_attempt_at  BIGINT NOT NULL,
  lease_until      BIGINT,
  last_error       TEXT,
  created_at       BIGINT NOT NULL,
  sent_at          BIGINT
);
CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at);
CREATE INDEX notification_outbox_incident ON notification_outbox (incident_id);
