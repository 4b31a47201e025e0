-- Sessions on shared computers and the separation of administrators from case records.
-- A password an administrator set (a reset, a printed first password) must be changed by its
-- owner at their next sign-in.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
-- Access tokens issued before this instant are refused (a password change or reset ends every
-- session at once, not when the tokens expire).
ALTER TABLE users ADD COLUMN sessions_revoked_at TIMESTAMP;
-- When the sign-in that began a token family happened, for the absolute session limit. Empty
-- for tokens an older version issued: their family's start is the token's own created_at.
ALTER TABLE refresh_tokens ADD COLUMN session_started_at TIMESTAMP;
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- Access tokens signed out before they expire; rows are useless once expires_at has passed.
CREATE TABLE revoked_access_tokens (
    jti TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX revoked_access_tokens_expiry_idx ON revoked_access_tokens (expires_at);
