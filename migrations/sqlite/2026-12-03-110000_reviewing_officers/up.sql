-- Reviewing officers (product.md §4.5): monitoring forms after every review and conference,
-- practice alerts (stage 0, informal) and the dispute resolution process in full.

-- Who holds each stage of the dispute resolution process comes from the org tree: a service's
-- lead (its head of service) and assistant director, the directorate's lead (the director).
ALTER TABLE org_units ADD COLUMN lead_user_id TEXT REFERENCES users (id);
ALTER TABLE org_units ADD COLUMN assistant_director_id TEXT REFERENCES users (id);

-- SQLite cannot change a CHECK in place: the escalation tables are rebuilt with the new stage
-- range and timeline kinds (SQLite's documented procedure, with foreign keys off while the
-- migrations run and checked below before commit).

CREATE TABLE escalations_new (
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
    stage INTEGER NOT NULL CHECK (stage BETWEEN 0 AND 4),
    stage_due_on DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved', 'withdrawn')),
    resolution TEXT,
    resolved_by TEXT REFERENCES users (id),
    resolved_at TIMESTAMP,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users (id),
    -- When the holder first answered (a practice alert's reply stops its clock).
    replied_at TIMESTAMP,
    -- The day the formal process (stage 1 or above) began: its 20 working days count from here.
    formal_started_on DATE,
    -- 20 working days after it began (IRO Handbook), computed by the calendar when it begins.
    formal_due_on DATE,
    -- The raiser accepted the resolution.
    accepted_at TIMESTAMP,
    -- A reviewing officer referred the child's case to Cafcass.
    cafcass_referred_on DATE,
    withdrawn_reason TEXT,
    -- One escalation per source record (an audit opens at most one, however often it is
    -- submitted or moderated); manual escalations and practice alerts have none.
    UNIQUE (source, source_id)
);
INSERT INTO escalations_new (id, case_id, team_id, source, source_id, raised_by, raised_to, category,
    standards, concern, stage, stage_due_on, status, resolution, resolved_by, resolved_at, version,
    created_at, updated_at, created_by, formal_started_on)
SELECT id, case_id, team_id, source, source_id, raised_by, raised_to, category, standards, concern,
    stage, stage_due_on, status, resolution, resolved_by, resolved_at, version, created_at,
    updated_at, created_by, date(created_at)
FROM escalations;

CREATE TABLE escalation_events_new (
    id TEXT PRIMARY KEY NOT NULL,
    escalation_id TEXT NOT NULL REFERENCES escalations (id),
    kind TEXT NOT NULL CHECK (kind IN ('raised', 'response', 'stage_change', 'resolved', 'withdrawn', 'accepted', 'cafcass_referral')),
    actor_id TEXT REFERENCES users (id),
    text TEXT,
    stage INTEGER,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO escalation_events_new (id, escalation_id, kind, actor_id, text, stage, created_at)
SELECT id, escalation_id, kind, actor_id, text, stage, created_at FROM escalation_events;

DROP TABLE escalation_events;
DROP TABLE escalations;
ALTER TABLE escalations_new RENAME TO escalations;
ALTER TABLE escalation_events_new RENAME TO escalation_events;
CREATE INDEX escalations_case_idx ON escalations (case_id);
CREATE INDEX escalations_created_idx ON escalations (created_at, id);
CREATE INDEX escalations_team_created_idx ON escalations (team_id, created_at, id);
CREATE INDEX escalations_raised_to_created_idx ON escalations (raised_to, created_at, id);
CREATE INDEX escalations_raised_by_created_idx ON escalations (raised_by, created_at, id);
CREATE INDEX escalation_events_escalation_idx ON escalation_events (escalation_id);

-- The rebuild runs with foreign keys off (SQLite cannot drop a table that others reference
-- otherwise; see db::migrate): prove nothing dangles before the transaction commits.
CREATE TEMP TABLE fk_violations (n INTEGER NOT NULL CHECK (n = 0));
INSERT INTO fk_violations SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE fk_violations;

CREATE TABLE monitoring_forms (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    team_id TEXT NOT NULL REFERENCES org_units (id),
    officer_id TEXT NOT NULL REFERENCES users (id),
    meeting_type TEXT NOT NULL CHECK (meeting_type IN ('cla_review', 'icpc', 'rcpc')),
    meeting_on DATE NOT NULL,
    held_in_timescale BOOLEAN,
    timescale_reason TEXT,
    child_participated TEXT CHECK (child_participated IN ('attended', 'views_shared', 'advocate', 'not_participated')),
    child_participation_notes TEXT,
    plan_progressing TEXT CHECK (plan_progressing IN ('yes', 'partly', 'no')),
    concerns TEXT,
    good_practice TEXT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    submitted_at TIMESTAMP,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users (id)
);
CREATE INDEX monitoring_forms_created_idx ON monitoring_forms (created_at, id);
CREATE INDEX monitoring_forms_team_created_idx ON monitoring_forms (team_id, created_at, id);
CREATE INDEX monitoring_forms_case_created_idx ON monitoring_forms (case_id, created_at, id);
CREATE INDEX monitoring_forms_officer_created_idx ON monitoring_forms (officer_id, created_at, id);
CREATE INDEX monitoring_forms_updated_idx ON monitoring_forms (updated_at, id);

CREATE TABLE monitoring_quality_checks (
    id TEXT PRIMARY KEY NOT NULL,
    form_id TEXT NOT NULL REFERENCES monitoring_forms (id),
    standard_number INTEGER NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('good', 'adequate', 'concern')),
    comment TEXT,
    UNIQUE (form_id, standard_number)
);
CREATE INDEX monitoring_quality_checks_rating_idx ON monitoring_quality_checks (rating, form_id);
