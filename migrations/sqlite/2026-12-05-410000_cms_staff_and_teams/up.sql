-- Staff and team upserts by the case management system (the integration issue).
-- A team the CMS closes stays, with its cases and audits, marked inactive.
ALTER TABLE org_units ADD COLUMN active BOOLEAN NOT NULL DEFAULT 1;
-- The roles a person new to this product gets from their job title in the CMS, as an
-- administrator maps them: practitioner, team manager or head of service only. An existing
-- person's roles are the administrators' and never change by an upsert.
CREATE TABLE job_title_roles (
    id TEXT PRIMARY KEY NOT NULL,
    job_title TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT,
    UNIQUE (job_title, role)
);
