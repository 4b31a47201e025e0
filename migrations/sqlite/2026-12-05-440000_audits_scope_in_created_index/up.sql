-- The audit list without a filter (what the caller's scope alone returns) walks the newest-first
-- index and keeps the rows in scope: a team manager's page passes over several hundred audits
-- of other teams to find fifty. With the columns a manager's scope tests (team, auditor,
-- practitioner) in the index, SQLite tests each entry there and reads from the table only the
-- rows it keeps, instead of every row it passes.
DROP INDEX audits_created_idx;
CREATE INDEX audits_created_idx ON audits (created_at, id, team_id, auditor_id, practitioner_id);
