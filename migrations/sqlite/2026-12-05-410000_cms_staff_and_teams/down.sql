DROP TABLE job_title_roles;
ALTER TABLE org_units DROP COLUMN active;
