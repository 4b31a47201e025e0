DROP TABLE measure_readings;
DROP TABLE plan_measures;
DROP INDEX action_plans_created_idx;
DROP INDEX action_plans_owner_created_idx;
DROP INDEX action_plans_team_created_idx;
ALTER TABLE action_plans DROP COLUMN due_on;
