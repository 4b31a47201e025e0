//! Audit rows.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use crate::db::schema::{audit_judgements, audit_moderations, audits, safeguarding_alerts};

/// An audit row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audits)]
pub struct AuditRow {
    /// Identifier.
    pub id: String,
    /// `case_file`, `themed`, `dip_sample`, `multi_agency`.
    pub kind: String,
    /// The case audited.
    pub case_id: String,
    /// The auditor (creator).
    pub auditor_id: String,
    /// The case's worker at the time.
    pub practitioner_id: Option<String>,
    /// The case's team at the time.
    pub team_id: String,
    /// Theme (themed audits and dip samples).
    pub theme_id: Option<String>,
    /// Framework graded against.
    pub framework_id: String,
    /// Grade scale used.
    pub grade_scale_id: String,
    /// Start of the period reviewed.
    pub period_start: Date,
    /// End of the period reviewed.
    pub period_end: Date,
    /// Done side by side with the worker.
    pub side_by_side: bool,
    /// `draft`, `submitted`, `moderated`, `closed`.
    pub status: String,
    /// Overall grade code.
    pub overall_grade: Option<String>,
    /// Summary.
    pub summary: Option<String>,
    /// The child's views.
    pub child_views: Option<String>,
    /// The family's views.
    pub family_views: Option<String>,
    /// Why views were not sought.
    pub views_not_sought_reason: Option<String>,
    /// The worker's reflection during a side-by-side audit.
    pub practitioner_reflection: Option<String>,
    /// The audit this one re-audits.
    pub reaudit_of_id: Option<String>,
    /// When submitted.
    pub submitted_at: Option<PrimitiveDateTime>,
    /// Why a QA officer returned it.
    pub returned_reason: Option<String>,
    /// The practitioner's reply.
    pub response_reflection: Option<String>,
    /// When the practitioner acknowledged it.
    pub acknowledged_at: Option<PrimitiveDateTime>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Updated.
    pub updated_at: PrimitiveDateTime,
    /// Creator.
    pub created_by: Option<String>,
}

/// A judgement row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_judgements)]
pub struct JudgementRow {
    /// Identifier.
    pub id: String,
    /// Audit.
    pub audit_id: String,
    /// Standard number.
    pub standard_number: i32,
    /// Grade code.
    pub grade: Option<String>,
    /// Why not applicable.
    pub not_applicable_reason: Option<String>,
    /// Evidence.
    pub evidence: Option<String>,
    /// Strengths.
    pub strengths: Option<String>,
    /// Areas for development.
    pub areas_for_development: Option<String>,
    /// Last saved.
    pub updated_at: PrimitiveDateTime,
}

/// A moderation row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_moderations)]
pub struct ModerationRow {
    /// Identifier.
    pub id: String,
    /// Audit.
    pub audit_id: String,
    /// Moderator.
    pub moderator_id: String,
    /// Whether the moderator agreed with the auditor's grade.
    pub agreed: bool,
    /// The auditor's grade.
    pub original_grade: String,
    /// The grade after moderation.
    pub moderated_grade: String,
    /// Why.
    pub rationale: String,
    /// When.
    pub created_at: PrimitiveDateTime,
}

/// A safeguarding alert row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = safeguarding_alerts)]
pub struct AlertRow {
    /// Identifier.
    pub id: String,
    /// Audit.
    pub audit_id: String,
    /// Case.
    pub case_id: String,
    /// The concern.
    pub concern: String,
    /// `low`, `medium`, `high`.
    pub severity: String,
    /// Raised by.
    pub raised_by: String,
    /// When.
    pub created_at: PrimitiveDateTime,
}
