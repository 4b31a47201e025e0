-- Service accounts: the council's other systems (the case management system, the Performance
-- Team's scripts) calling the API with scoped, expiring tokens. A token is shown once and kept
-- only as its SHA-256 hash; a rotation leaves the old token working until valid_until.
CREATE TABLE service_accounts (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    -- Comma-separated scopes: cases:write, staff:write, teams:write, events:read, ...
    scopes TEXT NOT NULL,
    expires_on DATE NOT NULL,
    revoked_at TIMESTAMP,
    revoked_by TEXT,
    last_used_at TIMESTAMP,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE service_account_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES service_accounts (id),
    token_hash TEXT NOT NULL UNIQUE,
    -- The token's first characters, to tell tokens apart on screen.
    hint TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    -- NULL while it is the current token; set by a rotation (the overlap) or a revocation.
    valid_until TIMESTAMP,
    last_used_at TIMESTAMP
);
CREATE INDEX service_account_tokens_account_idx ON service_account_tokens (account_id);
