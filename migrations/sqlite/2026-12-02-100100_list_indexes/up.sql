-- Indexes that serve every list's default order (newest first, the id breaking ties) within
-- each scope the record policy filters by: a team's records, a person's records, a case's.
-- With them a page of any list, filtered or not, is read from the index in order.
DROP INDEX audits_team_idx;
DROP INDEX audits_case_idx;
DROP INDEX audits_auditor_idx;
DROP INDEX audits_practitioner_idx;
DROP INDEX audits_updated_idx;
CREATE INDEX audits_created_idx ON audits (created_at, id);
CREATE INDEX audits_team_created_idx ON audits (team_id, created_at, id);
CREATE INDEX audits_case_created_idx ON audits (case_id, created_at, id);
CREATE INDEX audits_auditor_created_idx ON audits (auditor_id, created_at, id);
CREATE INDEX audits_practitioner_created_idx ON audits (practitioner_id, created_at, id);
CREATE INDEX audits_updated_idx ON audits (updated_at, id);
CREATE INDEX audits_status_created_idx ON audits (status, created_at, id);

DROP INDEX cases_team_idx;
DROP INDEX cases_worker_idx;
CREATE INDEX cases_created_idx ON cases (created_at, id);
CREATE INDEX cases_team_created_idx ON cases (team_id, created_at, id);
CREATE INDEX cases_worker_created_idx ON cases (allocated_worker_id, created_at, id);

DROP INDEX actions_owner_idx;
DROP INDEX actions_team_idx;
CREATE INDEX actions_created_idx ON actions (created_at, id);
CREATE INDEX actions_owner_created_idx ON actions (owner_id, created_at, id);
CREATE INDEX actions_team_created_idx ON actions (team_id, created_at, id);
CREATE INDEX actions_case_idx ON actions (case_id);
CREATE INDEX actions_due_idx ON actions (due_on, status);

DROP INDEX escalations_raised_to_idx;
CREATE INDEX escalations_created_idx ON escalations (created_at, id);
CREATE INDEX escalations_team_created_idx ON escalations (team_id, created_at, id);
CREATE INDEX escalations_raised_to_created_idx ON escalations (raised_to, created_at, id);
CREATE INDEX escalations_raised_by_created_idx ON escalations (raised_by, created_at, id);

DROP INDEX notifications_user_idx;
CREATE INDEX notifications_user_created_idx ON notifications (user_id, created_at, id);
