-- Uptime, TLS and DNS monitors of a site's URLs (mimamori-uptime). The check settings are one JSON
-- document (interval, timeout, expected statuses, keyword, DNS names, ...), validated by the server
-- before they are written; the last result of each monitor is kept for the console and for the
-- content and DNS comparison after a restart.
CREATE TABLE uptime_monitors (
  id          TEXT PRIMARY KEY,
  tenant_id   TEXT NOT NULL REFERENCES tenants(id),
  site_id     TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  url         TEXT NOT NULL,
  spec        TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL
);
CREATE INDEX uptime_monitors_site ON uptime_monitors (site_id);
CREATE INDEX uptime_monitors_tenant ON uptime_monitors (tenant_id);

CREATE TABLE uptime_status (
  monitor_id  TEXT PRIMARY KEY REFERENCES uptime_monitors(id) ON DELETE CASCADE,
  tenant_id   TEXT NOT NULL REFERENCES tenants(id),
  state       TEXT NOT NULL,
  checked_at  BIGINT NOT NULL,
  result      TEXT NOT NULL
);
