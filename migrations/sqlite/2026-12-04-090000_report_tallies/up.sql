-- Reports read counts, not rows: how many audits were submitted and how many judgements were
-- given each grade, per Europe/London day and team. Kept in the same transaction as the submit
-- or return that changes them, so a report never disagrees with the audit list; a year of a
-- large council is a few hundred thousand rows here instead of millions of judgements.
CREATE TABLE report_audit_tallies (
    day DATE NOT NULL,
    team_id TEXT NOT NULL REFERENCES org_units (id),
    kind TEXT NOT NULL,
    overall_grade TEXT NOT NULL,
    audits BIGINT NOT NULL,
    PRIMARY KEY (day, team_id, kind, overall_grade)
);

CREATE TABLE report_judgement_tallies (
    day DATE NOT NULL,
    team_id TEXT NOT NULL REFERENCES org_units (id),
    standard_number INTEGER NOT NULL,
    grade TEXT NOT NULL,
    judgements BIGINT NOT NULL,
    PRIMARY KEY (day, team_id, standard_number, grade)
);

-- Moderations are found by when they were made, for calibration.
CREATE INDEX audit_moderations_created_idx ON audit_moderations (created_at);
-- Alerts are counted by when they were raised.
CREATE INDEX safeguarding_alerts_created_idx ON safeguarding_alerts (created_at);

-- What is already submitted, counted once. SQLite has no time zones: British Summer Time runs
-- from 01:00 UTC on the last Sunday in March to 01:00 UTC on the last Sunday in October
-- (the same rule as dates.rs).
INSERT INTO report_audit_tallies (day, team_id, kind, overall_grade, audits)
SELECT date(submitted_at, CASE
         WHEN submitted_at >= date(strftime('%Y', submitted_at) || '-03-31', '-6 days', 'weekday 0') || ' 01:00:00'
          AND submitted_at < date(strftime('%Y', submitted_at) || '-10-31', '-6 days', 'weekday 0') || ' 01:00:00'
         THEN '+1 hours' ELSE '+0 hours' END) AS day,
       team_id, kind, COALESCE(overall_grade, ''), COUNT(*)
FROM audits
WHERE status IN ('submitted', 'moderated') AND submitted_at IS NOT NULL
GROUP BY 1, 2, 3, 4;

INSERT INTO report_judgement_tallies (day, team_id, standard_number, grade, judgements)
SELECT date(a.submitted_at, CASE
         WHEN a.submitted_at >= date(strftime('%Y', a.submitted_at) || '-03-31', '-6 days', 'weekday 0') || ' 01:00:00'
          AND a.submitted_at < date(strftime('%Y', a.submitted_at) || '-10-31', '-6 days', 'weekday 0') || ' 01:00:00'
         THEN '+1 hours' ELSE '+0 hours' END) AS day,
       a.team_id, j.standard_number, j.grade, COUNT(*)
FROM audit_judgements j JOIN audits a ON a.id = j.audit_id
WHERE a.status IN ('submitted', 'moderated') AND a.submitted_at IS NOT NULL AND j.grade IS NOT NULL
GROUP BY 1, 2, 3, 4;
