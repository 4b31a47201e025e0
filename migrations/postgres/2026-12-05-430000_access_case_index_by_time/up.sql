-- The case index keyed the way it is searched (a case, then time): the primary key serves the
-- search by case, and the second index is on time alone (append-only, for retention). Before,
-- the indexer wrote every row into two indexes at random places ((case, event) and (case, time)).
ALTER TABLE access_case_index DROP CONSTRAINT access_case_index_pkey;
ALTER TABLE access_case_index ADD PRIMARY KEY (case_id, at, event_id);
DROP INDEX access_case_index_at_idx;
CREATE INDEX access_case_index_at_idx ON access_case_index (at);
