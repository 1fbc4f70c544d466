-- PostgreSQL only (SQLite has no row-level security; there the scope clause of every query is the
-- isolation). Defence in depth under those clauses: every row of a tenant is visible and writable
-- only to a session whose setting mimamori.tenants names its tenant: '*' (every tenant: system
-- work, the SOC's admins), an array literal such as {"shop-a","shop-b"}, or empty or unset (none:
-- what a handle nobody scoped gets). FORCE applies the policies to the tables' owner too, which is
-- the role mimamori runs as; a superuser or a BYPASSRLS role skips them (the server warns).
-- Written to run again: tests take the schema back and migrate it anew.

CREATE OR REPLACE FUNCTION mimamori_scope_allows(tenant TEXT) RETURNS BOOLEAN
  LANGUAGE sql STABLE AS $$
  SELECT CASE COALESCE(current_setting('mimamori.tenants', true), '')
    WHEN '' THEN false
    WHEN '*' THEN true
    ELSE COALESCE(tenant = ANY (current_setting('mimamori.tenants', true)::text[]), false)
  END
$$;

-- Whether the session has any scope at all (rows for every tenant are readable to any scope).
CREATE OR REPLACE FUNCTION mimamori_scope_set() RETURNS BOOLEAN
  LANGUAGE sql STABLE AS $$
  SELECT COALESCE(current_setting('mimamori.tenants', true), '') <> ''
$$;

-- Tables whose rows carry their tenant in tenant_id. audit_log's rows without one (sign-ins by
-- unknown names) are the SOC's: only '*' sees them.
DO $$
DECLARE
  t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'users', 'user_tenants', 'api_tokens', 'sites', 'source_checkpoints', 'ingest_keys',
    'incidents', 'alerts', 'incident_timeline', 'incident_entities', 'incident_observables',
    'incident_escalations', 'notification_outbox', 'response_actions', 'rule_tenant_settings',
    'audit_log', 'reports']
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

-- A tenant's own row.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON tenants;
CREATE POLICY tenant_isolation ON tenants
  USING (mimamori_scope_allows(id)) WITH CHECK (mimamori_scope_allows(id));

-- Exceptions without a tenant apply to every tenant: every scope reads them, only '*' writes them.
ALTER TABLE rule_exceptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE rule_exceptions FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON rule_exceptions;
CREATE POLICY tenant_isolation ON rule_exceptions
  USING (mimamori_scope_allows(tenant_id)) WITH CHECK (mimamori_scope_allows(tenant_id));
DROP POLICY IF EXISTS every_tenant_read ON rule_exceptions;
CREATE POLICY every_tenant_read ON rule_exceptions FOR SELECT
  USING (tenant_id IS NULL AND mimamori_scope_set());

-- A user's second factor belongs to the user's tenant (sign-in reads it as system work).
ALTER TABLE user_totp ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_totp FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON user_totp;
CREATE POLICY tenant_isolation ON user_totp
  USING (EXISTS (SELECT 1 FROM users u WHERE u.id = user_totp.user_id
                 AND mimamori_scope_allows(u.tenant_id)))
  WITH CHECK (EXISTS (SELECT 1 FROM users u WHERE u.id = user_totp.user_id
                      AND mimamori_scope_allows(u.tenant_id)));
