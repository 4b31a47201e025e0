-- Action plans to verified impact (the action-plans issue): plans from every source with a due
-- date, measures with a baseline and a target, and dated readings (entered, or computed from
-- re-audits). A plan's team_id names the unit whose managers see it: a team, or a service
-- for a service-wide plan.
ALTER TABLE action_plans ADD COLUMN due_on DATE;
CREATE INDEX action_plans_team_created_idx ON action_plans (team_id, created_at, id);
CREATE INDEX action_plans_owner_created_idx ON action_plans (owner_id, created_at, id);
CREATE INDEX action_plans_created_idx ON action_plans (created_at, id);

CREATE TABLE plan_measures (
    id TEXT PRIMARY KEY NOT NULL,
    plan_id TEXT NOT NULL REFERENCES action_plans (id),
    description TEXT NOT NULL,
    standard_number INTEGER,
    method TEXT NOT NULL CHECK (method IN ('reaudit', 'observation', 'feedback', 'performance_indicator', 'other')),
    baseline_value REAL NOT NULL,
    baseline_on DATE NOT NULL,
    target_value REAL NOT NULL,
    target_on DATE NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users (id)
);
CREATE INDEX plan_measures_plan_idx ON plan_measures (plan_id);

CREATE TABLE measure_readings (
    id TEXT PRIMARY KEY NOT NULL,
    measure_id TEXT NOT NULL REFERENCES plan_measures (id),
    value REAL NOT NULL,
    read_on DATE NOT NULL,
    note TEXT,
    -- The verified action whose verification recorded it, if any.
    action_id TEXT REFERENCES actions (id),
    created_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users (id)
);
CREATE INDEX measure_readings_measure_idx ON measure_readings (measure_id, read_on);
