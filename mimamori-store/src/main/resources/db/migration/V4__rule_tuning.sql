-- Rule tuning. A rule is on unless switched off: per tenant (rule_tenant_settings) or by default
-- for every tenant (rule_default_settings); a tenant's own setting wins. Rule ids are not foreign
-- keys: rules live in files, and a setting outlives a rule file removed for a while.
CREATE TABLE rule_tenant_settings (
  tenant_id   TEXT NOT NULL REFERENCES tenants(id),
  rule_id     TEXT NOT NULL,
  enabled     INTEGER NOT NULL,
  updated_by  TEXT NOT NULL,
  updated_at  BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, rule_id)
);

CREATE TABLE rule_default_settings (
  rule_id     TEXT PRIMARY KEY,
  enabled     INTEGER NOT NULL,
  updated_by  TEXT NOT NULL,
  updated_at  BIGINT NOT NULL
);

-- Exceptions suppress a rule's alerts (rule_id '*': every rule) whose event has field = value
-- (match 'equals') or an address in the network value (match 'cidr'), until expires_at.
-- tenant_id NULL: every tenant (operators only). Expired ones stay listed.
CREATE TABLE rule_exceptions (
  id          TEXT PRIMARY KEY,
  tenant_id   TEXT REFERENCES tenants(id),
  rule_id     TEXT NOT NULL,
  field       TEXT NOT NULL,
  match_kind  TEXT NOT NULL,
  value       TEXT NOT NULL,
  expires_at  BIGINT NOT NULL,
  reason      TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  BIGINT NOT NULL
);
CREATE INDEX rule_exceptions_tenant ON rule_exceptions (tenant_id, created_at);
