-- PostgreSQL only: the agent tables get the same tenant isolation as V16's.
DO $$
DECLARE
  t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['agent_enrollment_tokens', 'agents', 'agent_configs']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (mimamori_scope_allows(tenant_id))'
      ' WITH CHECK (mimamori_scope_allows(tenant_id))', t);
  END LOOP;
END
$$;
