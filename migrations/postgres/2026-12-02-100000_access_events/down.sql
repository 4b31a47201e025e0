CREATE TABLE access_log (
    id TEXT PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    user_id TEXT,
    action TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT,
    case_id TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied')),
    detail TEXT
);
CREATE INDEX access_log_case_idx ON access_log (case_id, at);
CREATE INDEX access_log_user_idx ON access_log (user_id, at);
-- Events holding several records come back as one row each with their first record.
INSERT INTO access_log (id, at, user_id, action, record_type, record_id, case_id, outcome, detail)
SELECT id, at, user_id, action, record_type, NULL, NULL, outcome, detail FROM access_events;
DROP TABLE access_case_index;
DROP TABLE access_events;
