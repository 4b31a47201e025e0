DROP TABLE monitoring_quality_checks;
DROP TABLE monitoring_forms;

CREATE TABLE escalations_old (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    team_id TEXT NOT NULL REFERENCES org_units (id),
    source TEXT NOT NULL CHECK (source IN ('audit', 'monitoring_form', 'practice_alert', 'manual')),
    source_id TEXT,
    raised_by TEXT REFERENCES users (id),
    raised_to TEXT REFERENCES users (id),
    category TEXT,
    standards TEXT NOT NULL,
    concern TEXT NOT NULL,
    stage INTEGER NOT NULL CHECK (stage BETWEEN 1 AND 4),
    stage_due_on DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved', 'withdrawn')),
    resolution TEXT,
    resolved_by TEXT REFERENCES users (id),
    resolved_at TIMESTAMP,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users (id),
    UNIQUE (source, source_id)
);
INSERT INTO escalations_old SELECT id, case_id, team_id, source, source_id, raised_by, raised_to,
    category, standards, concern, MAX(stage, 1), stage_due_on, status, resolution, resolved_by,
    resolved_at, version, created_at, updated_at, created_by FROM escalations;
CREATE TABLE escalation_events_old (
    id TEXT PRIMARY KEY NOT NULL,
    escalation_id TEXT NOT NULL REFERENCES escalations (id),
    kind TEXT NOT NULL CHECK (kind IN ('raised', 'response', 'stage_change', 'resolved', 'withdrawn')),
    actor_id TEXT REFERENCES users (id),
    text TEXT,
    stage INTEGER,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO escalation_events_old SELECT * FROM escalation_events
    WHERE kind NOT IN ('accepted', 'cafcass_referral');
DROP TABLE escalation_events;
DROP TABLE escalations;
ALTER TABLE escalations_old RENAME TO escalations;
ALTER TABLE escalation_events_old RENAME TO escalation_events;
CREATE INDEX escalations_case_idx ON escalations (case_id);
CREATE INDEX escalations_created_idx ON escalations (created_at, id);
CREATE INDEX escalations_team_created_idx ON escalations (team_id, created_at, id);
CREATE INDEX escalations_raised_to_created_idx ON escalations (raised_to, created_at, id);
CREATE INDEX escalations_raised_by_created_idx ON escalations (raised_by, created_at, id);
CREATE INDEX escalation_events_escalation_idx ON escalation_events (escalation_id);

-- Columns in a foreign key cannot be dropped in SQLite: org_units is rebuilt without them.
CREATE TABLE org_units_old (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('directorate', 'service', 'team')),
    parent_id TEXT REFERENCES org_units (id),
    external_ref TEXT UNIQUE,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT
);
INSERT INTO org_units_old SELECT id, name, kind, parent_id, external_ref, version, created_at,
    updated_at, created_by FROM org_units;
DROP TABLE org_units;
ALTER TABLE org_units_old RENAME TO org_units;
CREATE INDEX org_units_parent_idx ON org_units (parent_id);

-- The rebuild runs with foreign keys off (SQLite cannot drop a table that others reference
-- otherwise; see db::migrate): prove nothing dangles before the transaction commits.
CREATE TEMP TABLE fk_violations (n INTEGER NOT NULL CHECK (n = 0));
INSERT INTO fk_violations SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE fk_violations;
