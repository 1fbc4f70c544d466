-- Monthly tenant reports: one row per report queued for e-mail. A scheduled report's id is made
-- from its tenant and month ('schedule:<tenant>:<yyyy-MM>'), so a second tick, a second server or
-- a restart cannot queue it twice.
CREATE TABLE reports (
  id            TEXT PRIMARY KEY,
  tenant_id     TEXT NOT NULL REFERENCES tenants(id),
  month         TEXT NOT NULL,
  origin        TEXT NOT NULL,
  requested_by  TEXT,
  created_at    BIGINT NOT NULL
);
CREATE INDEX reports_tenant_month ON reports (tenant_id, month);

-- The outbox also carries reports: a message is about an incident or about a report. SQLite cannot
-- drop a NOT NULL constraint, so the table is made again (portable for both databases).
CREATE TABLE notification_outbox_v15 (
  id               TEXT PRIMARY KEY,
  tenant_id        TEXT NOT NULL REFERENCES tenants(id),
  incident_id      TEXT REFERENCES incidents(id),
  report_id        TEXT REFERENCES reports(id),
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
  sent_at          BIGINT,
  CHECK ((incident_id IS NULL) <> (report_id IS NULL))
);
INSERT INTO notification_outbox_v15 (id, tenant_id, incident_id, report_id, channel, kind, locale,
  recipient, ack_url, note, status, attempts, next_attempt_at, lease_until, last_error, created_at,
  sent_at)
SELECT id, tenant_id, incident_id, NULL, channel, kind, locale, recipient, ack_url, note, status,
  attempts, next_attempt_at, lease_until, last_error, created_at, sent_at
FROM notification_outbox;
DROP TABLE notification_outbox;
ALTER TABLE notification_outbox_v15 RENAME TO notification_outbox;
CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at);
CREATE INDEX notification_outbox_incident ON notification_outbox (incident_id);
CREATE INDEX notification_outbox_report ON notification_outbox (report_id);
