-- The QA unit's moderation sample (the day-one issue): at submission an audit is drawn into
-- the sample (one in N of each auditor's audits, and every audit graded at an escalating
-- grade), so the moderation queue is the sampled audits still waiting.
ALTER TABLE audits ADD COLUMN moderation_sampled BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX audits_moderation_queue_idx ON audits (status, moderation_sampled, created_at, id);
