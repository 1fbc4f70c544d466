-- Storefront monitors: pages (and flows leading to them) a real browser checks on a schedule,
-- against a baseline inventory. flow_secret holds the flow's variables (a test account's password)
-- sealed with the server's secret key; nobody reads it back through the API.
CREATE TABLE page_monitors (
  id                TEXT PRIMARY KEY,
  tenant_id         TEXT NOT NULL REFERENCES tenants(id),
  site_id           TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  name              TEXT NOT NULL,
  url               TEXT NOT NULL,
  flow              TEXT,
  flow_secret       TEXT,
  interval_seconds  INTEGER NOT NULL,
  enabled           INTEGER NOT NULL,
  baseline          TEXT,
  baseline_at       BIGINT,
  next_check_at     BIGINT NOT NULL,
  last_check_at     BIGINT,
  last_status       TEXT,
  last_result       TEXT,
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL
);
CREATE INDEX page_monitors_due ON page_monitors (enabled, next_check_at);
CREATE INDEX page_monitors_site ON page_monitors (tenant_id, site_id);

-- The script inventory PCI DSS 6.4.3 asks for: every script a monitored page ran, by src (or
-- inline:<sha256>) and content hash, and whether someone authorized it, why, who and when.
CREATE TABLE page_scripts (
  monitor_id     TEXT NOT NULL REFERENCES page_monitors(id) ON DELETE CASCADE,
  tenant_id      TEXT NOT NULL REFERENCES tenants(id),
  script         TEXT NOT NULL,
  hash           TEXT NOT NULL,
  host           TEXT NOT NULL,
  first_seen     BIGINT NOT NULL,
  last_seen      BIGINT NOT NULL,
  decision       TEXT NOT NULL,
  justification  TEXT,
  decided_by     TEXT,
  decided_at     BIGINT,
  PRIMARY KEY (monitor_id, script, hash)
);

-- A site's host policy for its pages: payment_hosts may receive card data, allowed_hosts may be
-- contacted (JSON: {"payment_hosts": [...], "allowed_hosts": [...]}).
ALTER TABLE sites ADD COLUMN storefront_policy TEXT;
