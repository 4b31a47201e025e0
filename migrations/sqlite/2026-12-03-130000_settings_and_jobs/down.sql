DROP TABLE reminders_sent;
DROP TABLE settings;
