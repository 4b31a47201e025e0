-- A second factor for local accounts: one authenticator-app secret (RFC 6238) per person, the
-- one being set up until its first code confirms it, and the counters that lock it after
-- repeated wrong codes. A code's time step is remembered so a code answers once.
CREATE TABLE second_factors (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    secret TEXT,
    enabled_at TIMESTAMP,
    pending_secret TEXT,
    pending_since TIMESTAMP,
    last_used_step BIGINT,
    failures INTEGER NOT NULL,
    locked_until TIMESTAMP,
    updated_at TIMESTAMP NOT NULL
);

-- Single-use recovery codes, stored only as a SHA-256 hash (each has 80 random bits, so a fast
-- hash cannot be reversed by guessing).
CREATE TABLE recovery_codes (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX recovery_codes_user_idx ON recovery_codes (user_id, code_hash);
