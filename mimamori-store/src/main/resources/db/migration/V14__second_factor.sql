-- TOTP second factor per user. The secret is sealed (AES-GCM) by the server before it is written:
-- a copy of the database alone does not let anyone produce codes. last_step is the time step of the
-- last code accepted, so a code is accepted once (RFC 6238, section 5.2).
CREATE TABLE user_totp (
  user_id      TEXT PRIMARY KEY REFERENCES users(id),
  secret       TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  confirmed_at BIGINT,
  last_step    BIGINT NOT NULL DEFAULT 0
);
