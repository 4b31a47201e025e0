DROP INDEX audits_created_idx;
CREATE INDEX audits_created_idx ON audits (created_at, id);
