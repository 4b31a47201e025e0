DROP INDEX audits_submitted_idx;
