DROP TABLE outbox;
DROP TABLE notification_preferences;
