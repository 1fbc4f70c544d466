-- Response actions run on a shop host through its agent (docs/AGENT.md, "Local response").
-- The server queues a command for each enrolled agent of the incident's site; the agent fetches
-- its own commands, runs the action only if its host permits it, and posts the result once.
-- late = 1: the server stopped waiting; the result, when it comes, goes on the timeline itself.
CREATE TABLE agent_commands (
  id            TEXT PRIMARY KEY,
  tenant_id     TEXT NOT NULL REFERENCES tenants(id),
  agent_id      TEXT NOT NULL,
  incident_id   TEXT NOT NULL,
  action_name   TEXT NOT NULL,
  run_type      TEXT NOT NULL,
  undo          INTEGER NOT NULL DEFAULT 0,
  target_type   TEXT NOT NULL,
  target_value  TEXT NOT NULL,
  ttl_ms        BIGINT,
  dry_run       INTEGER NOT NULL DEFAULT 0,
  requested_by  TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  delivered_at  BIGINT,
  late          INTEGER NOT NULL DEFAULT 0,
  finished_at   BIGINT,
  outcome       TEXT,
  changed       INTEGER NOT NULL DEFAULT 0,
  temporary     INTEGER NOT NULL DEFAULT 0,
  summary       TEXT
);
CREATE INDEX agent_commands_agent ON agent_commands (agent_id, finished_at);
CREATE INDEX agent_commands_tenant ON agent_commands (tenant_id);
