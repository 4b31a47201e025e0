-- Observations of practice (product.md §4.4): an observer watches a worker's practice, with the
-- worker's consent (and the child's and family's where present), records it against the
-- practice standards and a short list of practice skills, takes the family's feedback, and the
-- worker reflects; learning needs feed workforce development.

-- The practice skills an observation rates (1-5 with evidence): data, so a council can change
-- the list. Retired skills keep their ratings but are not asked for again.
CREATE TABLE practice_skills (
    code TEXT PRIMARY KEY NOT NULL,
    label TEXT NOT NULL,
    description TEXT NOT NULL,
    position INTEGER NOT NULL,
    active BOOLEAN NOT NULL
);
INSERT INTO practice_skills (code, label, description, position, active) VALUES
    ('child_focus', 'Child focus', 'Keeps the child at the centre: their experience, wishes and feelings shape the conversation.', 1, TRUE),
    ('purposefulness', 'Purposefulness', 'The visit or meeting has a clear purpose that progresses the plan.', 2, TRUE),
    ('clarity_about_concerns', 'Clarity about concerns', 'Concerns and what needs to change are explained honestly and clearly.', 3, TRUE),
    ('collaboration', 'Collaboration', 'Works with the family and other professionals as partners.', 4, TRUE),
    ('empathy', 'Empathy', 'Shows warmth, respect and understanding of the family''s situation.', 5, TRUE);

CREATE TABLE observations (
    id TEXT PRIMARY KEY NOT NULL,
    observer_id TEXT NOT NULL REFERENCES users (id),
    observed_id TEXT NOT NULL REFERENCES users (id),
    -- The observed worker's team when the observation was planned: whose managers see it.
    team_id TEXT NOT NULL REFERENCES org_units (id),
    case_id TEXT REFERENCES cases (id),
    framework_id TEXT NOT NULL REFERENCES frameworks (id),
    grade_scale_id TEXT NOT NULL REFERENCES grade_scales (id),
    observed_on DATE NOT NULL,
    setting TEXT NOT NULL CHECK (setting IN ('home_visit', 'child_protection_conference', 'core_group', 'review', 'supervision', 'direct_work', 'team_meeting', 'court', 'other')),
    focus TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'draft', 'submitted', 'acknowledged', 'cancelled')),
    worker_consented BOOLEAN,
    child_consented BOOLEAN,
    family_consented BOOLEAN,
    consent_notes TEXT,
    consent_recorded_at TIMESTAMP,
    summary TEXT,
    strengths TEXT,
    areas_for_development TEXT,
    impact_on_child TEXT,
    overall_grade TEXT,
    submitted_at TIMESTAMP,
    reflection TEXT,
    acknowledged_at TIMESTAMP,
    cancel_reason TEXT,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users (id)
);
CREATE INDEX observations_created_idx ON observations (created_at, id);
CREATE INDEX observations_team_created_idx ON observations (team_id, created_at, id);
CREATE INDEX observations_observer_created_idx ON observations (observer_id, created_at, id);
CREATE INDEX observations_observed_created_idx ON observations (observed_id, created_at, id);
CREATE INDEX observations_case_created_idx ON observations (case_id, created_at, id);
CREATE INDEX observations_updated_idx ON observations (updated_at, id);

CREATE TABLE observation_judgements (
    id TEXT PRIMARY KEY NOT NULL,
    observation_id TEXT NOT NULL REFERENCES observations (id),
    standard_number INTEGER NOT NULL,
    grade TEXT,
    not_applicable_reason TEXT,
    evidence TEXT,
    strengths TEXT,
    areas_for_development TEXT,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (observation_id, standard_number)
);

CREATE TABLE observation_skill_ratings (
    id TEXT PRIMARY KEY NOT NULL,
    observation_id TEXT NOT NULL REFERENCES observations (id),
    skill_code TEXT NOT NULL REFERENCES practice_skills (code),
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    evidence TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (observation_id, skill_code)
);

CREATE TABLE observation_feedback (
    id TEXT PRIMARY KEY NOT NULL,
    observation_id TEXT NOT NULL REFERENCES observations (id),
    from_role TEXT NOT NULL CHECK (from_role IN ('child', 'young_person', 'parent', 'carer', 'other')),
    feedback TEXT NOT NULL,
    would_recommend BOOLEAN,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users (id)
);
CREATE INDEX observation_feedback_observation_idx ON observation_feedback (observation_id);

-- Learning needs agreed from an observation; denormalised team and worker so the workforce
-- development report counts them by team and standard without joining every observation.
CREATE TABLE learning_needs (
    id TEXT PRIMARY KEY NOT NULL,
    observation_id TEXT NOT NULL REFERENCES observations (id),
    worker_id TEXT NOT NULL REFERENCES users (id),
    team_id TEXT NOT NULL REFERENCES org_units (id),
    need TEXT NOT NULL,
    standard_number INTEGER,
    agreed_by_worker BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users (id)
);
CREATE INDEX learning_needs_observation_idx ON learning_needs (observation_id);
CREATE INDEX learning_needs_team_created_idx ON learning_needs (team_id, created_at, id);
CREATE INDEX learning_needs_created_idx ON learning_needs (created_at, id);
