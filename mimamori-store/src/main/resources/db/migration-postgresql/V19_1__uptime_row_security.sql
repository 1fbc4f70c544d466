-- PostgreSQL only: the uptime tables under the same row-level security as V16's tables.
-- Written to run again: tests take the schema back and migrate it anew.
DO $$
DECLARE
  t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['uptime_monitors', 'uptime_status']
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
