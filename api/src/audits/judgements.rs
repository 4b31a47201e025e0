//! Judgements of the practice standards, saved one at a time as the auditor goes, and the
//! completeness rules a draft must meet before it is submitted.

use diesel::QueryResult;

use super::dto::JudgementInput;
use super::lifecycle::grade_error;
use super::model::{AuditRow, JudgementChanges, JudgementRow};
use super::repo;
use crate::auth::policy::{log_change, Authorized};
use crate::dates::now_utc;
use crate::db::types::JudgementId;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::standards::repo as standards_repo;

/// Whether the audit's framework has a standard with this number (404 otherwise).
pub fn check_standard(conn: &mut DbConn, row: &AuditRow, standard_number: i32) -> ApiResult<()> {
    let standards = standards_repo::standards_of(conn, row.framework_id)?;
    if standards.iter().any(|s| s.number == standard_number) {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

fn text(value: &Option<String>) -> Option<String> {
    value.clone().filter(|t| !t.trim().is_empty())
}

/// Saves one standard's judgement; answers it with the audit's new version. The audit's version
/// is claimed first, so two saves of one audit never interleave.
pub fn save(
    conn: &mut DbConn,
    audit: &Authorized<AuditRow>,
    standard_number: i32,
    input: &JudgementInput,
) -> ApiResult<(JudgementRow, i32)> {
    let row = audit.record();
    let mut errors = Vec::new();
    let grade = text(&input.grade);
    let not_applicable = text(&input.not_applicable_reason);
    if let Some(g) = &grade {
        let grades = standards_repo::grades_of(conn, row.grade_scale_id)?;
        if let Some(message) = grade_error(&grades, g) {
            errors.push(FieldError::new("grade", message));
        }
    }
    if grade.is_some() && not_applicable.is_some() {
        errors.push(FieldError::new(
            "not_applicable_reason",
            "give a grade or a reason it does not apply, not both",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let now = now_utc();
    if !repo::bump(conn, row.id, row.version, now)? {
        return Err(ApiError::Raced);
    }
    let changes = JudgementChanges {
        grade,
        not_applicable_reason: not_applicable,
        evidence: text(&input.evidence),
        strengths: text(&input.strengths),
        areas_for_development: text(&input.areas_for_development),
        updated_at: now,
    };
    let id = match repo::judgement_id(conn, row.id, standard_number)? {
        Some(id) => {
            repo::update_judgement(conn, id, &changes)?;
            id
        }
        None => {
            let id = JudgementId::new();
            repo::insert_judgement(
                conn,
                &JudgementRow {
                    id,
                    audit_id: row.id,
                    standard_number,
                    grade: changes.grade,
                    not_applicable_reason: changes.not_applicable_reason,
                    evidence: changes.evidence,
                    strengths: changes.strengths,
                    areas_for_development: changes.areas_for_development,
                    updated_at: now,
                },
            )?;
            id
        }
    };
    log_change(conn, audit.actor().id, "update", row)?;
    Ok((repo::find_judgement(conn, id)?, row.version + 1))
}

fn filled(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.trim().is_empty())
}

/// Everything that stops a draft being submitted, listed at once.
pub fn completeness_errors(conn: &mut DbConn, row: &AuditRow) -> QueryResult<Vec<FieldError>> {
    let standards = standards_repo::standards_of(conn, row.framework_id)?;
    let judgements = repo::judgements_of(conn, row.id)?;
    let mut errors = Vec::new();
    for standard in &standards {
        let judgement = judgements
            .iter()
            .find(|j| j.standard_number == standard.number);
        let graded = judgement.is_some_and(|j| filled(&j.grade));
        let not_applicable = judgement.is_some_and(|j| filled(&j.not_applicable_reason));
        if !graded && !not_applicable {
            errors.push(FieldError::new(
                format!("judgements.{}.grade", standard.number),
                format!(
                    "Grade standard {} ({}) or say why it does not apply",
                    standard.number, standard.title
                ),
            ));
        } else if graded && !judgement.is_some_and(|j| filled(&j.evidence)) {
            errors.push(FieldError::new(
                format!("judgements.{}.evidence", standard.number),
                format!(
                    "Give the evidence for the grade of standard {} ({})",
                    standard.number, standard.title
                ),
            ));
        }
    }
    if !filled(&row.overall_grade) {
        errors.push(FieldError::new("overall_grade", "Choose an overall grade"));
    }
    let reason = filled(&row.views_not_sought_reason);
    if !filled(&row.child_views) && !reason {
        errors.push(FieldError::new(
            "child_views",
            "Record the child's views, or why they were not sought",
        ));
    }
    if !filled(&row.family_views) && !reason {
        errors.push(FieldError::new(
            "family_views",
            "Record the family's views, or why they were not sought",
        ));
    }
    Ok(errors)
}
