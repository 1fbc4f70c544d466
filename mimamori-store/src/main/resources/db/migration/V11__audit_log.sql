-- Every sign-in and every change: who, what, when, from where. tenant_id is the actor's tenant
-- (NULL for a sign-in by an unknown name: only the SOC's admins see those).
CREATE TABLE audit_log (
  id         TEXT PRIMARY KEY,
  at         BIGINT NOT NULL,
  tenant_id  TEXT,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  target     TEXT,
  outcome    TEXT NOT NULL,
  source_ip  TEXT,
  detail     TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at);
