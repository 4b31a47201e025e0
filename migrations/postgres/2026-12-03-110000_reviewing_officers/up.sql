-- Reviewing officers (product.md §4.5): monitoring forms after every review and conference,
-- practice alerts (stage 0, informal) and the dispute resolution process in full.

-- Who holds each stage of the dispute resolution process comes from the org tree: a service's
-- lead (its head of service) and assistant director, the directorate's lead (the director).
ALTER TABLE org_units ADD COLUMN lead_user_id TEXT REFERENCES users (id);
ALTER TABLE org_units ADD COLUMN assistant_director_id TEXT REFERENCES users (id);

ALTER TABLE escalations DROP CONSTRAINT escalations_stage_check;
ALTER TABLE escalations ADD CONSTRAINT escalations_stage_check CHECK (stage BETWEEN 0 AND 4);
-- When the holder first answered (a practice alert's reply stops its clock).
ALTER TABLE escalations ADD COLUMN replied_at TIMESTAMP;
-- The day the formal process (stage 1 or above) began: its 20 working days count from here.
ALTER TABLE escalations ADD COLUMN formal_started_on DATE;
-- 20 working days after it began (IRO Handbook), computed by the calendar when it begins.
ALTER TABLE escalations ADD COLUMN formal_due_on DATE;
-- The raiser accepted the resolution.
ALTER TABLE escalations ADD COLUMN accepted_at TIMESTAMP;
-- A reviewing officer referred the child's case to Cafcass.
ALTER TABLE escalations ADD COLUMN cafcass_referred_on DATE;
ALTER TABLE escalations ADD COLUMN withdrawn_reason TEXT;
UPDATE escalations SET formal_started_on = CAST(created_at AS DATE);

ALTER TABLE escalation_events DROP CONSTRAINT escalation_events_kind_check;
ALTER TABLE escalation_events ADD CONSTRAINT escalation_events_kind_check
    CHECK (kind IN ('raised', 'response', 'stage_change', 'resolved', 'withdrawn', 'accepted', 'cafcass_referral'));

CREATE TABLE monitoring_forms (
    id TEXT PRIMARY KEY,
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
    id TEXT PRIMARY KEY,
    form_id TEXT NOT NULL REFERENCES monitoring_forms (id),
    standard_number INTEGER NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('good', 'adequate', 'concern')),
    comment TEXT,
    UNIQUE (form_id, standard_number)
);
CREATE INDEX monitoring_quality_checks_rating_idx ON monitoring_quality_checks (rating, form_id);
