-- The report tallies counted again from the audits (reports::tallies::rebuild); the same
-- statements as the migration that made the tables (sqlite).
DELETE FROM report_audit_tallies;
DELETE FROM report_judgement_tallies;
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
