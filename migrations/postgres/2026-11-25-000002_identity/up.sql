CREATE TABLE org_units (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('directorate', 'service', 'team')),
    parent_id TEXT REFERENCES org_units (id),
    external_ref TEXT UNIQUE,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT
);
CREATE INDEX org_units_parent_idx ON org_units (parent_id);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    roles TEXT NOT NULL,
    team_id TEXT REFERENCES org_units (id),
    active BOOLEAN NOT NULL,
    password_hash TEXT,
    external_ref TEXT UNIQUE,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT
);
CREATE INDEX users_team_idx ON users (team_id);

CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY,
    family_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);

CREATE TABLE login_attempts (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    client_ip TEXT NOT NULL,
    succeeded BOOLEAN NOT NULL,
    attempted_at TIMESTAMP NOT NULL
);
CREATE INDEX login_attempts_email_idx ON login_attempts (email, attempted_at);
CREATE INDEX login_attempts_ip_idx ON login_attempts (client_ip, attempted_at);

CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    external_ref TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    birth_month TEXT,
    category TEXT NOT NULL CHECK (category IN ('early_help', 'child_in_need', 'child_protection', 'child_in_care', 'care_leaver', 'other')),
    team_id TEXT NOT NULL REFERENCES org_units (id),
    allocated_worker_id TEXT REFERENCES users (id),
    case_manager_id TEXT REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    closed_on DATE,
    retention_class TEXT NOT NULL,
    legal_hold BOOLEAN NOT NULL,
    version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    created_by TEXT
);
CREATE INDEX cases_team_idx ON cases (team_id, id);
CREATE INDEX cases_worker_idx ON cases (allocated_worker_id);
CREATE INDEX cases_updated_idx ON cases (updated_at);

CREATE TABLE access_log (
    id TEXT PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    user_id TEXT,
    action TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT,
    case_id TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied')),
    detail TEXT
);
CREATE INDEX access_log_case_idx ON access_log (case_id, at);
CREATE INDEX access_log_user_idx ON access_log (user_id, at);
