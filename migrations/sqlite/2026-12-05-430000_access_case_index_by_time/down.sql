CREATE TABLE access_case_index_by_event (
    case_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, event_id)
);
INSERT INTO access_case_index_by_event (case_id, event_id, at)
SELECT case_id, event_id, at FROM access_case_index;
DROP TABLE access_case_index;
ALTER TABLE access_case_index_by_event RENAME TO access_case_index;
CREATE INDEX access_case_index_at_idx ON access_case_index (case_id, at);
