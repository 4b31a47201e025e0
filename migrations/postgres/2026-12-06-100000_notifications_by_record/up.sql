-- A record's notifications: the scheduler's check that a high safeguarding alert was read by the
-- case's worker or manager had only the index by recipient to find them (11 ms an alert at
-- 1,000,000 audits on PostgreSQL), and retention's removal of an erased record's notifications
-- had no index on the record at all.
CREATE INDEX notifications_record_idx ON notifications (record_id, kind);
