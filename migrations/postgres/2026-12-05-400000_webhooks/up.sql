-- Webhooks (the integration issue): a service account's subscriptions to event types, and one
-- delivery per (subscription, event) with its attempts. The signing secret is a shared HMAC key:
-- the service must compute the signature with it, so it is stored as issued (not hashed).
CREATE TABLE webhook_subscriptions (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES service_accounts (id),
    url TEXT NOT NULL,
    -- Comma-separated event types: audit.submitted, escalation.raised, ...
    types TEXT NOT NULL,
    -- whsec_ and the base64 of 32 random bytes.
    secret TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX webhook_subscriptions_account_idx ON webhook_subscriptions (account_id);

-- Written in the feed relay's transaction as it numbers events, so no event is missed.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id),
    event_seq BIGINT NOT NULL,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    -- pending, delivered or failed.
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    -- When a pending delivery is next due; while one is being sent, the end of its lease.
    next_attempt_at TIMESTAMP NOT NULL,
    last_status_code INTEGER,
    last_error TEXT,
    delivered_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX webhook_deliveries_event_idx ON webhook_deliveries (subscription_id, event_seq);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (status, next_attempt_at);
