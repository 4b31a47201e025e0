-- Data protection (issue 19): subject access requests on their statutory clock, the DPO's
-- redactions, legal holds on cases, the retention schedule (as data, with documented defaults)
-- and the tombstones retention leaves behind.
CREATE TABLE subject_access_requests (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT,
    user_id TEXT,
    requester_role TEXT NOT NULL,
    received_on DATE NOT NULL,
    identity_verified_on DATE,
    clock_starts_on DATE,
    due_on DATE,
    status TEXT NOT NULL CHECK (status IN ('open', 'gathered', 'released')),
    paused_on DATE,
    pause_reason TEXT,
    paused_days INTEGER NOT NULL,
    extended BOOLEAN NOT NULL,
    extension_reason TEXT,
    gathering BOOLEAN NOT NULL,
    gathered_at TIMESTAMP,
    bundle TEXT,
    released_at TIMESTAMP,
    release_hash TEXT,
    released_json TEXT,
    released_html TEXT,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT
);
CREATE INDEX subject_access_requests_due_idx ON subject_access_requests (status, due_on);

CREATE TABLE sar_redactions (
    id TEXT PRIMARY KEY NOT NULL,
    request_id TEXT NOT NULL REFERENCES subject_access_requests (id),
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,
    start_at INTEGER,
    end_at INTEGER,
    reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT
);
CREATE INDEX sar_redactions_request_idx ON sar_redactions (request_id);

CREATE TABLE legal_holds (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    until DATE,
    placed_by TEXT,
    placed_at TIMESTAMP NOT NULL,
    released_at TIMESTAMP,
    released_by TEXT
);
CREATE INDEX legal_holds_case_idx ON legal_holds (case_id);

CREATE TABLE retention_classes (
    id TEXT PRIMARY KEY NOT NULL,
    case_category TEXT NOT NULL,
    record_kind TEXT NOT NULL CHECK (record_kind IN ('case', 'audit', 'observation', 'escalation', 'monitoring_form', 'feedback', 'action')),
    rule TEXT NOT NULL CHECK (rule IN ('years_after_closure', 'until_age', 'indefinite')),
    years INTEGER,
    age INTEGER,
    description TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT,
    UNIQUE (case_category, record_kind)
);

CREATE TABLE retention_tombstones (
    id TEXT PRIMARY KEY NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    case_external_ref TEXT,
    rule TEXT NOT NULL,
    deleted_on DATE NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX retention_tombstones_deleted_idx ON retention_tombstones (deleted_on);

-- The documented defaults: a council changes them with PATCH /api/v1/retention/classes/{id}.
INSERT INTO retention_classes (id, case_category, record_kind, rule, years, age, description, version, updated_at, updated_by) VALUES
    ('00000000-0000-7000-8000-000000000001', 'early_help', 'case', 'years_after_closure', 6, NULL, 'Early help: six years after the case closed (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000002', 'early_help', 'audit', 'years_after_closure', 6, NULL, 'Early help: six years after the case closed (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000003', 'early_help', 'observation', 'years_after_closure', 6, NULL, 'Early help: six years after the case closed (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000004', 'early_help', 'escalation', 'years_after_closure', 6, NULL, 'Early help: six years after the case closed (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000005', 'early_help', 'monitoring_form', 'years_after_closure', 6, NULL, 'Early help: six years after the case closed (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000006', 'early_help', 'feedback', 'years_after_closure', 6, NULL, 'Early help: six years after the case closed (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000007', 'early_help', 'action', 'years_after_closure', 6, NULL, 'Early help: six years after the case closed (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000008', 'child_in_need', 'case', 'until_age', NULL, 25, 'Child in need: until the child''s 25th birthday (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000009', 'child_in_need', 'audit', 'until_age', NULL, 25, 'Child in need: until the child''s 25th birthday (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000010', 'child_in_need', 'observation', 'until_age', NULL, 25, 'Child in need: until the child''s 25th birthday (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000011', 'child_in_need', 'escalation', 'until_age', NULL, 25, 'Child in need: until the child''s 25th birthday (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000012', 'child_in_need', 'monitoring_form', 'until_age', NULL, 25, 'Child in need: until the child''s 25th birthday (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000013', 'child_in_need', 'feedback', 'until_age', NULL, 25, 'Child in need: until the child''s 25th birthday (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000014', 'child_in_need', 'action', 'until_age', NULL, 25, 'Child in need: until the child''s 25th birthday (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000015', 'child_protection', 'case', 'until_age', NULL, 26, 'Child protection: until the child''s 26th birthday (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000016', 'child_protection', 'audit', 'until_age', NULL, 26, 'Child protection: until the child''s 26th birthday (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000017', 'child_protection', 'observation', 'until_age', NULL, 26, 'Child protection: until the child''s 26th birthday (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000018', 'child_protection', 'escalation', 'until_age', NULL, 26, 'Child protection: until the child''s 26th birthday (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000019', 'child_protection', 'monitoring_form', 'until_age', NULL, 26, 'Child protection: until the child''s 26th birthday (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000020', 'child_protection', 'feedback', 'until_age', NULL, 26, 'Child protection: until the child''s 26th birthday (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000021', 'child_protection', 'action', 'until_age', NULL, 26, 'Child protection: until the child''s 26th birthday (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000022', 'child_in_care', 'case', 'until_age', NULL, 75, 'Child in care: until the 75th birthday (Care Planning, Placement and Case Review Regulations 2010).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000023', 'child_in_care', 'audit', 'until_age', NULL, 75, 'Child in care: until the 75th birthday (Care Planning, Placement and Case Review Regulations 2010).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000024', 'child_in_care', 'observation', 'until_age', NULL, 75, 'Child in care: until the 75th birthday (Care Planning, Placement and Case Review Regulations 2010).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000025', 'child_in_care', 'escalation', 'until_age', NULL, 75, 'Child in care: until the 75th birthday (Care Planning, Placement and Case Review Regulations 2010).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000026', 'child_in_care', 'monitoring_form', 'until_age', NULL, 75, 'Child in care: until the 75th birthday (Care Planning, Placement and Case Review Regulations 2010).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000027', 'child_in_care', 'feedback', 'until_age', NULL, 75, 'Child in care: until the 75th birthday (Care Planning, Placement and Case Review Regulations 2010).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000028', 'child_in_care', 'action', 'until_age', NULL, 75, 'Child in care: until the 75th birthday (Care Planning, Placement and Case Review Regulations 2010).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000029', 'care_leaver', 'case', 'until_age', NULL, 75, 'Care leaver: until the 75th birthday (as for children in care).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000030', 'care_leaver', 'audit', 'until_age', NULL, 75, 'Care leaver: until the 75th birthday (as for children in care).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000031', 'care_leaver', 'observation', 'until_age', NULL, 75, 'Care leaver: until the 75th birthday (as for children in care).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000032', 'care_leaver', 'escalation', 'until_age', NULL, 75, 'Care leaver: until the 75th birthday (as for children in care).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000033', 'care_leaver', 'monitoring_form', 'until_age', NULL, 75, 'Care leaver: until the 75th birthday (as for children in care).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000034', 'care_leaver', 'feedback', 'until_age', NULL, 75, 'Care leaver: until the 75th birthday (as for children in care).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000035', 'care_leaver', 'action', 'until_age', NULL, 75, 'Care leaver: until the 75th birthday (as for children in care).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000036', 'other', 'case', 'years_after_closure', 6, NULL, 'Other involvement: six years after the case closed (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000037', 'other', 'audit', 'years_after_closure', 6, NULL, 'Other involvement: six years after the case closed (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000038', 'other', 'observation', 'years_after_closure', 6, NULL, 'Other involvement: six years after the case closed (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000039', 'other', 'escalation', 'years_after_closure', 6, NULL, 'Other involvement: six years after the case closed (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000040', 'other', 'monitoring_form', 'years_after_closure', 6, NULL, 'Other involvement: six years after the case closed (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000041', 'other', 'feedback', 'years_after_closure', 6, NULL, 'Other involvement: six years after the case closed (local default).', 1, '2026-12-05 10:00:00', NULL),
    ('00000000-0000-7000-8000-000000000042', 'other', 'action', 'years_after_closure', 6, NULL, 'Other involvement: six years after the case closed (local default).', 1, '2026-12-05 10:00:00', NULL);
