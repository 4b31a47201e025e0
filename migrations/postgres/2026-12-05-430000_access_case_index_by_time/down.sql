ALTER TABLE access_case_index DROP CONSTRAINT access_case_index_pkey;
ALTER TABLE access_case_index ADD PRIMARY KEY (case_id, event_id);
DROP INDEX access_case_index_at_idx;
CREATE INDEX access_case_index_at_idx ON access_case_index (case_id, at);
