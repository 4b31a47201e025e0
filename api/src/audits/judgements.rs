//! Judgements of the practice standards, saved one at a time as the auditor goes, and the
//! completeness rules a draft must meet before it is submitted.

use diesel::QueryResult;

use super::dto::JudgementInput;
use super::lifecycle::grade_error;
use super::model::{AuditRow, JudgementChanges, JudgementRow};
use super::repo;
use crate::auth::policy::{log_change, Authorized};
use crate::dates::now_utc;
use crate::db::types::{FrameworkId, GradeScaleId, JudgementId};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::standards::model::StandardRow;
use crate::standards::repo as standards_repo;

/// Whether the audit's framework has a standard with this number (404 otherwise).
pub fn check_standard(conn: &mut DbConn, row: &AuditRow, standard_number: i32) -> ApiResult<()> {
    check_standard_of(conn, row.framework_id, standard_number)
}

/// Whether a framework has a standard with this number (404 otherwise: the judgement's path
/// names no resource).
pub fn check_standard_of(
    conn: &mut DbConn,
    framework: FrameworkId,
    standard_number: i32,
) -> ApiResult<()> {
    let standards = standards_repo::standards_of(conn, framework)?;
    if standards.iter().any(|s| s.number == standard_number) {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

fn text(value: &Option<String>) -> Option<String> {
    value.clone().filter(|t| !t.trim().is_empty())
}

/// A standard's judgement as saved, checked against its grade scale: a known grade or a reason
/// it does not apply (not both), blank texts left out. Audits and observations judge alike.
#[derive(Debug, Clone)]
pub struct CheckedJudgement {
    /// Grade code.
    pub grade: Option<String>,
    /// Why it does not apply.
    pub not_applicable_reason: Option<String>,
    /// Evidence.
    pub evidence: Option<String>,
    /// Strengths.
    pub strengths: Option<String>,
    /// Areas for development.
    pub areas_for_development: Option<String>,
}

/// Checks a judgement's input against the grade scale; 422 listing what is wrong.
pub fn check_input(
    conn: &mut DbConn,
    scale: GradeScaleId,
    input: &JudgementInput,
) -> ApiResult<CheckedJudgement> {
    let mut errors = Vec::new();
    let grade = text(&input.grade);
    let not_applicable = text(&input.not_applicable_reason);
    if let Some(g) = &grade {
        let grades = standards_repo::grades_of(conn, scale)?;
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
    Ok(CheckedJudgement {
        grade,
        not_applicable_reason: not_applicable,
        evidence: text(&input.evidence),
        strengths: text(&input.strengths),
        areas_for_development: text(&input.areas_for_development),
    })
}

/// What a saved judgement still lacks before submission: a grade or a reason it does not
/// apply, and evidence for a grade.
pub fn judgement_gap(
    standard: &StandardRow,
    grade: &Option<String>,
    not_applicable_reason: &Option<String>,
    evidence: &Option<String>,
) -> Option<FieldError> {
    let graded = filled(grade);
    if !graded && !filled(not_applicable_reason) {
        Some(FieldError::new(
            format!("judgements.{}.grade", standard.number),
            format!(
                "Grade standard {} ({}) or say why it does not apply",
                standard.number, standard.title
            ),
        ))
    } else if graded && !filled(evidence) {
        Some(FieldError::new(
            format!("judgements.{}.evidence", standard.number),
            format!(
                "Give the evidence for the grade of standard {} ({})",
                standard.number, standard.title
            ),
        ))
    } else {
        None
    }
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
    let checked = check_input(conn, row.grade_scale_id, input)?;
    let now = now_utc();
    if !repo::bump(conn, row.id, row.version, now)? {
        return Err(ApiError::Raced);
    }
    let changes = JudgementChanges {
        grade: checked.grade,
        not_applicable_reason: checked.not_applicable_reason,
        evidence: checked.evidence,
        strengths: checked.strengths,
        areas_for_development: checked.areas_for_development,
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

/// Whether optional text holds something other than blanks.
pub fn filled(value: &Option<String>) -> bool {
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
        let gap = match judgement {
            Some(j) => judgement_gap(standard, &j.grade, &j.not_applicable_reason, &j.evidence),
            None => judgement_gap(standard, &None, &None, &None),
        };
        errors.extend(gap);
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
