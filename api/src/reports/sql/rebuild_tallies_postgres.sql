-- The report tallies counted again from the audits (reports::tallies::rebuild); the same
-- statements as the migration that made the tables (postgres).
DELETE FROM report_audit_tallies;
DELETE FROM report_judgement_tallies;
INSERT INTO report_audit_tallies (day, team_id, kind, overall_grade, audits)
SELECT (submitted_at AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/London')::date,
       team_id, kind, COALESCE(overall_grade, ''), COUNT(*)
FROM audits
WHERE status IN ('submitted', 'moderated') AND submitted_at IS NOT NULL
GROUP BY 1, 2, 3, 4;

INSERT INTO report_judgement_tallies (day, team_id, standard_number, grade, judgements)
SELECT (a.submitted_at AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/London')::date,
       a.team_id, j.standard_number, j.grade, COUNT(*)
FROM audit_judgements j JOIN audits a ON a.id = j.audit_id
WHERE a.status IN ('submitted', 'moderated') AND a.submitted_at IS NOT NULL AND j.grade IS NOT NULL
GROUP BY 1, 2, 3, 4;
