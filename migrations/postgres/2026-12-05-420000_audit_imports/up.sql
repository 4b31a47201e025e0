-- Imports of past audits from a council's spreadsheets (qa-api import-audits, POST
-- /api/v1/audits/import), by the sender's reference: a repeat imports nothing.
CREATE TABLE audit_imports (
    batch_ref TEXT PRIMARY KEY,
    imported INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT REFERENCES users (id)
);
