-- Vulnerabilities: advisories (global: every tenant's shops are matched against the same records),
-- what each site runs, the findings already seen (a new one raises an alert once) and the risks a
-- tenant accepted with a reason and an expiry.
CREATE TABLE vuln_advisories (
  source       TEXT NOT NULL,
  id           TEXT NOT NULL,
  document     TEXT NOT NULL,
  imported_at  BIGINT NOT NULL,
  PRIMARY KEY (source, id)
);

-- Every id a record names (CVE, JVN#, JVNDB, GHSA), for lookups and merging.
CREATE TABLE vuln_advisory_aliases (
  alias   TEXT NOT NULL,
  source  TEXT NOT NULL,
  id      TEXT NOT NULL,
  PRIMARY KEY (alias, source, id)
);

CREATE TABLE site_software (
  tenant_id    TEXT NOT NULL REFERENCES tenants(id),
  site_id      TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  ecosystem    TEXT NOT NULL,
  name         TEXT NOT NULL,
  version      TEXT NOT NULL,
  found_in     TEXT NOT NULL,
  reported_at  BIGINT NOT NULL,
  PRIMARY KEY (site_id, ecosystem, name, version, found_in)
);
CREATE INDEX site_software_tenant ON site_software (tenant_id, site_id);

CREATE TABLE vuln_findings (
  tenant_id    TEXT NOT NULL REFERENCES tenants(id),
  site_id      TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  advisory_id  TEXT NOT NULL,
  ecosystem    TEXT NOT NULL,
  name         TEXT NOT NULL,
  version      TEXT NOT NULL,
  first_seen   BIGINT NOT NULL,
  PRIMARY KEY (site_id, advisory_id, ecosystem, name, version)
);

CREATE TABLE vuln_accepted_risks (
  id           TEXT PRIMARY KEY,
  tenant_id    TEXT NOT NULL REFERENCES tenants(id),
  site_id      TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  advisory_id  TEXT NOT NULL,
  reason       TEXT NOT NULL,
  expires_at   BIGINT NOT NULL,
  created_by   TEXT,
  created_at   BIGINT NOT NULL
);
CREATE INDEX vuln_accepted_risks_site ON vuln_accepted_risks (tenant_id, site_id);
