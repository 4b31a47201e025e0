-- Reports count the audits submitted in a period: find them by submission time, not by a scan.
CREATE INDEX audits_submitted_idx ON audits (submitted_at, team_id);
