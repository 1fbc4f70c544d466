-- Agents: mimamori running beside a shop, shipping to this server (docs/AGENT.md).
-- An enrollment token is single-use and expiring; only its SHA-256 is kept. An agent's identity is
-- the client certificate the server's agent CA issued it: its fingerprint is looked up on every
-- request, so revoking an agent cuts it off at once. The tenant and site an agent ships for are
-- these rows', never what a batch says. An agent that crashed after its token was taken, before it
-- kept its certificate, asks again with the same token and key: it gets its own agent back.
CREATE TABLE agent_enrollment_tokens (
  id          TEXT PRIMARY KEY,
  tenant_id   TEXT NOT NULL REFERENCES tenants(id),
  site_id     TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  token_hash  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,
  used_at     BIGINT,
  agent_id    TEXT
);
CREATE UNIQUE INDEX agent_enrollment_tokens_hash ON agent_enrollment_tokens (token_hash);
CREATE INDEX agent_enrollment_tokens_tenant ON agent_enrollment_tokens (tenant_id);

CREATE TABLE agents (
  id               TEXT PRIMARY KEY,
  tenant_id        TEXT NOT NULL REFERENCES tenants(id),
  site_id          TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  name             TEXT NOT NULL,
  cert_sha256      TEXT NOT NULL,
  key_sha256       TEXT NOT NULL,
  cert_not_after   BIGINT NOT NULL,
  enrolled_at      BIGINT NOT NULL,
  revoked_at       BIGINT,
  acked_seq        BIGINT NOT NULL DEFAULT 0,
  buffer_id        TEXT,
  last_seen_at     BIGINT,
  version          TEXT,
  protocol         INTEGER,
  config_version   BIGINT,
  health           TEXT,
  silent_alerted   INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX agents_cert ON agents (cert_sha256);
CREATE INDEX agents_tenant ON agents (tenant_id);
CREATE INDEX agents_site ON agents (site_id);

-- What the agents of a site watch, versioned: agents pull it and apply a newer version.
CREATE TABLE agent_configs (
  site_id     TEXT PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
  tenant_id   TEXT NOT NULL REFERENCES tenants(id),
  version     BIGINT NOT NULL,
  config      TEXT NOT NULL,
  updated_by  TEXT NOT NULL,
  updated_at  BIGINT NOT NULL
);
CREATE INDEX agent_configs_tenant ON agent_configs (tenant_id);
