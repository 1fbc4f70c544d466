-- API tokens carry a scope: 'write' (everything the user may do) or 'read' (GET only).
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write';
