-- A column in a foreign key cannot be dropped in SQLite: the table is rebuilt without it.
CREATE TABLE escalation_events_old (
    id TEXT PRIMARY KEY NOT NULL,
    escalation_id TEXT NOT NULL REFERENCES escalations (id),
    kind TEXT NOT NULL CHECK (kind IN ('raised', 'response', 'stage_change', 'resolved', 'withdrawn', 'accepted', 'cafcass_referral')),
    actor_id TEXT REFERENCES users (id),
    text TEXT,
    stage INTEGER,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO escalation_events_old SELECT id, escalation_id, kind, actor_id, text, stage, created_at
    FROM escalation_events;
DROP TABLE escalation_events;
ALTER TABLE escalation_events_old RENAME TO escalation_events;
CREATE INDEX escalation_events_escalation_idx ON escalation_events (escalation_id);
