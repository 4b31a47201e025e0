CREATE TABLE audit_programmes (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    year INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users (id)
);

CREATE TABLE themes (
    id TEXT PRIMARY KEY,
    programme_id TEXT REFERENCES audit_programmes (id),
    title TEXT NOT NULL,
    rationale TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('qa_activity', 'performance_data', 'safeguarding_partnership', 'inspection', 'peer_review', 'senior_management')),
    planned_month TEXT,
    lead_id TEXT REFERENCES users (id),
    sample_size INTEGER,
    status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'closed')),
    findings TEXT,
    recommendations TEXT,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users (id)
);
CREATE INDEX themes_programme_idx ON themes (programme_id);

CREATE TABLE audits (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('case_file', 'themed', 'dip_sample', 'multi_agency')),
    case_id TEXT NOT NULL REFERENCES cases (id),
    auditor_id TEXT NOT NULL REFERENCES users (id),
    practitioner_id TEXT REFERENCES users (id),
    team_id TEXT NOT NULL REFERENCES org_units (id),
    theme_id TEXT REFERENCES themes (id),
    framework_id TEXT NOT NULL REFERENCES frameworks (id),
    grade_scale_id TEXT NOT NULL REFERENCES grade_scales (id),
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    side_by_side BOOLEAN NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'moderated', 'closed')),
    overall_grade TEXT,
    summary TEXT,
    child_views TEXT,
    family_views TEXT,
    views_not_sought_reason TEXT,
    practitioner_reflection TEXT,
    reaudit_of_id TEXT REFERENCES audits (id),
    submitted_at TIMESTAMP,
    returned_reason TEXT,
    response_reflection TEXT,
    acknowledged_at TIMESTAMP,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users (id)
);
CREATE INDEX audits_team_idx ON audits (team_id, id);
CREATE INDEX audits_case_idx ON audits (case_id);
CREATE INDEX audits_auditor_idx ON audits (auditor_id);
CREATE INDEX audits_practitioner_idx ON audits (practitioner_id);
CREATE INDEX audits_updated_idx ON audits (updated_at);

CREATE TABLE audit_judgements (
    id TEXT PRIMARY KEY,
    audit_id TEXT NOT NULL REFERENCES audits (id),
    standard_number INTEGER NOT NULL,
    grade TEXT,
    not_applicable_reason TEXT,
    evidence TEXT,
    strengths TEXT,
    areas_for_development TEXT,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (audit_id, standard_number)
);

CREATE TABLE audit_moderations (
    id TEXT PRIMARY KEY,
    audit_id TEXT NOT NULL UNIQUE REFERENCES audits (id),
    moderator_id TEXT NOT NULL REFERENCES users (id),
    agreed BOOLEAN NOT NULL,
    original_grade TEXT NOT NULL,
    moderated_grade TEXT NOT NULL,
    rationale TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE safeguarding_alerts (
    id TEXT PRIMARY KEY,
    audit_id TEXT NOT NULL REFERENCES audits (id),
    case_id TEXT NOT NULL REFERENCES cases (id),
    concern TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    raised_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX safeguarding_alerts_audit_idx ON safeguarding_alerts (audit_id);

CREATE TABLE action_plans (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL CHECK (source IN ('audit', 'themed_audit', 'inspection', 'peer_review', 'case_review', 'complaint', 'escalation', 'self_evaluation')),
    source_id TEXT,
    title TEXT NOT NULL,
    owner_id TEXT REFERENCES users (id),
    case_id TEXT REFERENCES cases (id),
    team_id TEXT REFERENCES org_units (id),
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users (id),
    UNIQUE (source, source_id)
);

CREATE TABLE actions (
    id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES action_plans (id),
    audit_id TEXT REFERENCES audits (id),
    case_id TEXT REFERENCES cases (id),
    team_id TEXT REFERENCES org_units (id),
    description TEXT NOT NULL,
    owner_id TEXT REFERENCES users (id),
    due_on DATE NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('remedial', 'practice_development', 'service_improvement', 'training')),
    standard_number INTEGER,
    status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'completed', 'verified', 'cancelled')),
    evidence TEXT,
    impact TEXT,
    cancel_reason TEXT,
    completed_at TIMESTAMP,
    verified_at TIMESTAMP,
    verified_by TEXT REFERENCES users (id),
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users (id)
);
CREATE INDEX actions_plan_idx ON actions (plan_id);
CREATE INDEX actions_audit_idx ON actions (audit_id);
CREATE INDEX actions_owner_idx ON actions (owner_id, status);
CREATE INDEX actions_team_idx ON actions (team_id);

CREATE TABLE escalations (
    id TEXT PRIMARY KEY,
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
    -- One escalation per source record (an audit opens at most one, however often it is
    -- submitted or moderated); manual escalations have no source record.
    UNIQUE (source, source_id)
);
CREATE INDEX escalations_case_idx ON escalations (case_id);
CREATE INDEX escalations_raised_to_idx ON escalations (raised_to, status);

CREATE TABLE escalation_events (
    id TEXT PRIMARY KEY,
    escalation_id TEXT NOT NULL REFERENCES escalations (id),
    kind TEXT NOT NULL CHECK (kind IN ('raised', 'response', 'stage_change', 'resolved', 'withdrawn')),
    actor_id TEXT REFERENCES users (id),
    text TEXT,
    stage INTEGER,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX escalation_events_escalation_idx ON escalation_events (escalation_id);

CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    case_id TEXT,
    read_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id);
