DROP TABLE monitoring_quality_checks;
DROP TABLE monitoring_forms;
DELETE FROM escalation_events WHERE kind IN ('accepted', 'cafcass_referral');
ALTER TABLE escalation_events DROP CONSTRAINT escalation_events_kind_check;
ALTER TABLE escalation_events ADD CONSTRAINT escalation_events_kind_check
    CHECK (kind IN ('raised', 'response', 'stage_change', 'resolved', 'withdrawn'));
ALTER TABLE escalations DROP COLUMN withdrawn_reason;
ALTER TABLE escalations DROP COLUMN cafcass_referred_on;
ALTER TABLE escalations DROP COLUMN accepted_at;
ALTER TABLE escalations DROP COLUMN formal_due_on;
ALTER TABLE escalations DROP COLUMN formal_started_on;
ALTER TABLE escalations DROP COLUMN replied_at;
UPDATE escalations SET stage = 1 WHERE stage = 0;
ALTER TABLE escalations DROP CONSTRAINT escalations_stage_check;
ALTER TABLE escalations ADD CONSTRAINT escalations_stage_check CHECK (stage BETWEEN 1 AND 4);
ALTER TABLE org_units DROP COLUMN assistant_director_id;
ALTER TABLE org_units DROP COLUMN lead_user_id;
