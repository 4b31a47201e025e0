-- The council's settings (timescales and limits with documented defaults; only the ones
-- changed are stored), and the scheduler's record of every reminder sent, so each event is
-- reminded of once however many schedulers run.
CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value INTEGER NOT NULL,
    version INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT REFERENCES users (id)
);

CREATE TABLE reminders_sent (
    event_key TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    sent_at TIMESTAMP NOT NULL
);
