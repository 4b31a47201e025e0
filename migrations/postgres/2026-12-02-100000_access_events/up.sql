-- The access log as one row per request (an access event) holding every record it touched,
-- instead of one indexed row per record: a list of 50 audits costs one insert, not 50 random
-- index writes. The case index is built in batches behind the log (access_case_index), and
-- the events not yet indexed are few and marked, so a search by case reads both.
CREATE TABLE access_events (
    id TEXT PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    user_id TEXT,
    action TEXT NOT NULL,
    record_type TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied')),
    detail TEXT,
    -- "record_id:case_id" pairs separated by ";" (either side empty when there is none).
    records TEXT NOT NULL,
    record_count INTEGER NOT NULL,
    indexed BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX access_events_user_idx ON access_events (user_id, at);
CREATE INDEX access_events_at_idx ON access_events (at);
CREATE INDEX access_events_unindexed_idx ON access_events (id) WHERE NOT indexed;

CREATE TABLE access_case_index (
    case_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, event_id)
);
CREATE INDEX access_case_index_at_idx ON access_case_index (case_id, at);

INSERT INTO access_events (id, at, user_id, action, record_type, outcome, detail, records, record_count, indexed)
SELECT id, at, user_id, action, record_type, outcome, detail,
       COALESCE(record_id, '') || ':' || COALESCE(case_id, ''), 1, FALSE
FROM access_log;

DROP TABLE access_log;
