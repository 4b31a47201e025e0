DROP INDEX notifications_record_idx;
