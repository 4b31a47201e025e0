-- The events feed (the integration issue): what happened here, with record ids and no
-- narrative, written in the same transaction as the change. A row is written without its
-- place in the feed (`seq` null); the feed's relay numbers committed rows in one serialised
-- step, so a poller reading `seq > after` never skips a row that commits late.
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    seq BIGINT,
    event_type TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    case_id TEXT,
    team_id TEXT,
    occurred_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX events_seq_idx ON events (seq);
CREATE INDEX events_unnumbered_idx ON events (id) WHERE seq IS NULL;
