DROP INDEX safeguarding_alerts_created_idx;
DROP INDEX audit_moderations_created_idx;
DROP TABLE report_judgement_tallies;
DROP TABLE report_audit_tallies;
