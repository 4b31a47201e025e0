-- Reports count actions, plans and escalations in the database, per period and team: each
-- count reads one of these indexes and never the rows.
CREATE INDEX actions_created_team_idx ON actions (created_at, team_id);
CREATE INDEX actions_completed_team_idx ON actions (completed_at, team_id);
CREATE INDEX actions_verified_team_idx ON actions (verified_at, team_id);
CREATE INDEX actions_status_due_team_idx ON actions (status, due_on, team_id);
CREATE INDEX action_plans_status_team_idx ON action_plans (status, team_id);
CREATE INDEX escalations_created_team_source_idx ON escalations (created_at, team_id, source, case_id, category);
CREATE INDEX escalations_resolved_team_idx ON escalations (resolved_at, team_id);
CREATE INDEX escalations_status_stage_idx ON escalations (status, team_id, stage, stage_due_on);
CREATE INDEX audit_moderations_created_audit_idx ON audit_moderations (created_at, audit_id, original_grade, moderated_grade);
-- The moderation index above covers what this one did.
DROP INDEX audit_moderations_created_idx;
