-- PostgreSQL only: agent commands get the same tenant isolation as V16's.
ALTER TABLE agent_commands ENABLE ROW LEVEL SECURITY;
ALTER TABLE agent_commands FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON agent_commands;
CREATE POLICY tenant_isolation ON agent_commands USING (mimamori_scope_allows(tenant_id))
  WITH CHECK (mimamori_scope_allows(tenant_id));
