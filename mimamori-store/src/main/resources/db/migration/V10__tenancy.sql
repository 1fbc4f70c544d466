-- Tenancy for a SOC and its customers: roles admin (the SOC), analyst (works the tenants assigned),
-- customer (their own tenant); users can be disabled; tenants have sites (shops).
UPDATE users SET role = 'analyst' WHERE role = 'operator';
ALTER TABLE users ADD COLUMN disabled_at BIGINT;
ALTER TABLE tenants ADD COLUMN disabled_at BIGINT;

CREATE TABLE user_tenants (
  user_id    TEXT NOT NULL REFERENCES users(id),
  tenant_id  TEXT NOT NULL REFERENCES tenants(id),
  PRIMARY KEY (user_id, tenant_id)
);

-- A shop: where its logs come from and what it runs.
CREATE TABLE sites (
  id          TEXT PRIMARY KEY,
  tenant_id   TEXT NOT NULL REFERENCES tenants(id),
  name        TEXT NOT NULL,
  urls        TEXT NOT NULL,
  hosts       TEXT NOT NULL,
  web_roots   TEXT NOT NULL,
  platform    TEXT,
  version     TEXT,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX sites_tenant_name ON sites (tenant_id, name);
