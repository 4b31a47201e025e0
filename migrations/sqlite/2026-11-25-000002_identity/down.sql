DROP TABLE access_log;
DROP TABLE cases;
DROP TABLE login_attempts;
DROP TABLE refresh_tokens;
DROP TABLE users;
DROP TABLE org_units;
