-- A site's CSP report token: browsers post violation reports to /csp/{token}, which names the site
-- (and so the tenant) without a bearer token. Only its SHA-256 is kept, like ingest keys.
ALTER TABLE sites ADD COLUMN csp_token_hash TEXT;
CREATE UNIQUE INDEX sites_csp_token ON sites (csp_token_hash);
