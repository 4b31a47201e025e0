-- SQLite's copy of this index now also holds the scope's columns, so that its audit list
-- without a filter tests them in the index. PostgreSQL's index scan reads each row it passes
-- from the table whatever the index holds, so here the index stays as it is; this migration
-- keeps the two backends' migration histories the same.
COMMENT ON INDEX audits_created_idx IS 'The audit list''s newest-first order.';
