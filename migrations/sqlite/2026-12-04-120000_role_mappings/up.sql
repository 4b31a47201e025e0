-- Roles given by the council's identity provider's groups at single sign-on, as an
-- administrator maps them: never administrator or data protection officer.
CREATE TABLE role_mappings (
    id TEXT PRIMARY KEY NOT NULL,
    group_name TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT,
    UNIQUE (group_name, role)
);
