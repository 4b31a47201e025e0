-- Idempotency-Key on every POST (product.md §5): the first response to a caller's key is kept
-- for 24 hours and replayed; kept in the database so that every instance sees it.
CREATE TABLE idempotency_keys (
    -- "user:<id>" or "service:<id>": keys of two callers never meet.
    caller TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    -- SHA-256 of the method, path and body: the same key with another request is refused.
    fingerprint TEXT NOT NULL,
    -- NULL while the first request is in flight.
    status INTEGER,
    headers TEXT,
    body TEXT,
    -- An in-flight claim older than this was abandoned (its instance died) and may be taken over.
    locked_until TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    PRIMARY KEY (caller, idem_key)
);
CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);
