-- Who held the escalation after each event (the holder it was raised or moved to), so the
-- ladder shows who held each stage.
ALTER TABLE escalation_events ADD COLUMN holder_id TEXT REFERENCES users (id);
