DROP TABLE revoked_access_tokens;
DROP INDEX refresh_tokens_user_idx;
ALTER TABLE refresh_tokens DROP COLUMN session_started_at;
ALTER TABLE users DROP COLUMN sessions_revoked_at;
ALTER TABLE users DROP COLUMN must_change_password;
