-- PostgreSQL only: the tenant-owned tables of V18 get V16's row-level security. Advisories and
-- their aliases are global (no tenant) and stay readable to every scope.
DO $$
DECLARE
  t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['site_software', 'vuln_findings', 'vuln_accepted_risks']
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
