-- When a password last changed: console sessions older than that end (a reset locks out whoever
-- held the old one). 0: never changed since this column came.
ALTER TABLE users ADD COLUMN password_changed_at BIGINT NOT NULL DEFAULT 0;
