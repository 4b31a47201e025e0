ALTER TABLE escalation_events DROP COLUMN holder_id;
