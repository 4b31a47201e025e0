-- Feedback (product.md §4.6, the feedback issue): compliments, complaints on the statutory or
-- corporate route with a row per stage (its clock, extension, people, outcome and timeliness),
-- survey responses imported in batches, participation with "you said, we did", advocacy
-- reports, staff and partner feedback.
CREATE TABLE feedback (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('compliment', 'complaint', 'survey_response', 'advocacy_report', 'staff_feedback', 'partner_feedback', 'participation')),
    source_role TEXT NOT NULL CHECK (source_role IN ('child', 'young_person', 'parent', 'carer', 'professional', 'staff', 'advocate', 'partner_agency')),
    channel TEXT NOT NULL CHECK (channel IN ('letter', 'email', 'phone', 'online', 'in_person', 'app', 'survey', 'forum', 'other')),
    received_on DATE NOT NULL,
    -- The team it is about (for a case, the case's team): whose managers see it.
    team_id TEXT REFERENCES org_units (id),
    case_id TEXT REFERENCES cases (id),
    summary TEXT NOT NULL,
    themes TEXT NOT NULL,
    standards TEXT NOT NULL,
    learning TEXT,
    status TEXT NOT NULL CHECK (status IN ('recorded', 'received', 'acknowledged', 'responded', 'closed', 'withdrawn')),
    route TEXT CHECK (route IN ('statutory', 'corporate')),
    stage INTEGER CHECK (stage BETWEEN 1 AND 3),
    -- When the current stage (or its next stage-3 step) is due: kept with the stage, for lists.
    stage_due_on DATE,
    acknowledge_by DATE,
    acknowledged_on DATE,
    ombudsman_referred_on DATE,
    ombudsman_outcome TEXT,
    withdrawn_reason TEXT,
    we_did TEXT,
    we_did_on DATE,
    ratings TEXT,
    batch_ref TEXT,
    advocacy TEXT,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users (id)
);
CREATE INDEX feedback_created_idx ON feedback (created_at, id);
CREATE INDEX feedback_team_created_idx ON feedback (team_id, created_at, id);
CREATE INDEX feedback_case_created_idx ON feedback (case_id, created_at, id);
CREATE INDEX feedback_creator_created_idx ON feedback (created_by, created_at, id);
CREATE INDEX feedback_updated_idx ON feedback (updated_at, id);
CREATE INDEX feedback_kind_received_idx ON feedback (kind, received_on);
CREATE INDEX feedback_batch_idx ON feedback (batch_ref);

CREATE TABLE complaint_stages (
    id TEXT PRIMARY KEY NOT NULL,
    feedback_id TEXT NOT NULL REFERENCES feedback (id),
    stage INTEGER NOT NULL CHECK (stage BETWEEN 1 AND 3),
    opened_on DATE NOT NULL,
    due_on DATE NOT NULL,
    standard_days INTEGER NOT NULL,
    extended_days INTEGER NOT NULL,
    max_days INTEGER NOT NULL,
    extension_reason TEXT,
    investigator TEXT,
    independent_person TEXT,
    panel_members TEXT,
    panel_on DATE,
    report_on DATE,
    responded_on DATE,
    outcome TEXT CHECK (outcome IN ('upheld', 'partially_upheld', 'not_upheld')),
    response_summary TEXT,
    responded_in_time BOOLEAN,
    request_window_ends DATE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (feedback_id, stage)
);

-- Survey imports by their reference: a replay answers the first import's result.
CREATE TABLE feedback_imports (
    batch_ref TEXT PRIMARY KEY NOT NULL,
    imported INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users (id)
);
