DROP INDEX audits_moderation_queue_idx;
ALTER TABLE audits DROP COLUMN moderation_sampled;
