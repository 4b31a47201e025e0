//! Audit rows, read and written whole, and what the record policy knows of an audit.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::dto::{AuditKind, AuditStatus};
use crate::auth::policy::CaseRecord;
use crate::db::schema::{audit_judgements, audit_moderations, audits};
use crate::db::types::{
    AuditId, CaseId, FrameworkId, GradeScaleId, JudgementId, ModerationId, ThemeId, UnitId, UserId,
};

/// An audit row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audits)]
#[diesel(treat_none_as_default_value = false)]
pub struct AuditRow {
    /// Identifier.
    pub id: AuditId,
    /// Kind.
    pub kind: AuditKind,
    /// The case audited.
    pub case_id: CaseId,
    /// The auditor (creator).
    pub auditor_id: UserId,
    /// The case's worker at the time.
    pub practitioner_id: Option<UserId>,
    /// The case's team at the time.
    pub team_id: UnitId,
    /// Theme (themed audits and dip samples).
    pub theme_id: Option<ThemeId>,
    /// Framework graded against.
    pub framework_id: FrameworkId,
    /// Grade scale used.
    pub grade_scale_id: GradeScaleId,
    /// Start of the period reviewed.
    pub period_start: Date,
    /// End of the period reviewed.
    pub period_end: Date,
    /// Done side by side with the worker.
    pub side_by_side: bool,
    /// Status.
    pub status: AuditStatus,
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
    pub reaudit_of_id: Option<AuditId>,
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
    pub created_by: Option<UserId>,
    /// Drawn into the QA unit's moderation sample at submission.
    pub moderation_sampled: bool,
}

impl CaseRecord for AuditRow {
    const KIND: &'static str = "audit";

    fn record_id(&self) -> uuid::Uuid {
        self.id.uuid()
    }

    fn case_id(&self) -> Option<CaseId> {
        Some(self.case_id)
    }

    fn team_id(&self) -> Option<UnitId> {
        Some(self.team_id)
    }

    fn participants(&self) -> Vec<UserId> {
        let mut named = vec![self.auditor_id];
        if self.visible_to_case_worker() {
            named.extend(self.practitioner_id);
        }
        named
    }

    fn version(&self) -> i32 {
        self.version
    }

    /// The audited practitioner and the case's worker read an audit once it is submitted; a
    /// side-by-side audit, written with the practitioner, from its draft.
    fn visible_to_case_worker(&self) -> bool {
        self.side_by_side || self.status != AuditStatus::Draft
    }
}

crate::scoped_table!(audits {
    team: team_id,
    case: case_id,
    names: [auditor_id],
    worker_names: [practitioner_id],
    shown_to_worker: audits::side_by_side
        .eq(true)
        .or(audits::status.ne(AuditStatus::Draft))
        .nullable()
});

/// The draft fields a `PATCH` rewrites.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = audits)]
#[diesel(treat_none_as_null = true)]
pub struct DraftChanges {
    /// Summary.
    pub summary: Option<String>,
    /// Overall grade code.
    pub overall_grade: Option<String>,
    /// The child's views.
    pub child_views: Option<String>,
    /// The family's views.
    pub family_views: Option<String>,
    /// Why views were not sought.
    pub views_not_sought_reason: Option<String>,
    /// The worker's reflection (side by side).
    pub practitioner_reflection: Option<String>,
    /// Done side by side.
    pub side_by_side: bool,
    /// Start of the period reviewed.
    pub period_start: Date,
    /// End of the period reviewed.
    pub period_end: Date,
    /// The new version.
    pub version: i32,
    /// Now.
    pub updated_at: PrimitiveDateTime,
}

/// What a step of an audit's life changes; members left `None` are not touched, `Some(None)`
/// clears a column.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = audits)]
pub struct AuditStep {
    /// The new status.
    pub status: Option<AuditStatus>,
    /// When submitted.
    pub submitted_at: Option<Option<PrimitiveDateTime>>,
    /// Why returned.
    pub returned_reason: Option<Option<String>>,
    /// The practitioner's reply.
    pub response_reflection: Option<Option<String>>,
    /// When acknowledged.
    pub acknowledged_at: Option<Option<PrimitiveDateTime>>,
    /// Drawn into the moderation sample.
    pub moderation_sampled: Option<bool>,
    /// The new version.
    pub version: i32,
    /// Now.
    pub updated_at: PrimitiveDateTime,
}

impl AuditStep {
    /// A step that changes nothing but the version and the time.
    pub fn new(version: i32, updated_at: PrimitiveDateTime) -> Self {
        Self {
            status: None,
            submitted_at: None,
            returned_reason: None,
            response_reflection: None,
            acknowledged_at: None,
            moderation_sampled: None,
            version,
            updated_at,
        }
    }
}

/// A judgement row (also read from JSON: an audit's read gathers its judgements in its one
/// query).
#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Deserialize)]
#[diesel(table_name = audit_judgements)]
#[diesel(treat_none_as_default_value = false)]
pub struct JudgementRow {
    /// Identifier.
    pub id: JudgementId,
    /// Audit.
    pub audit_id: AuditId,
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
    #[serde(deserialize_with = "crate::db::stored::timestamp")]
    pub updated_at: PrimitiveDateTime,
}

/// The fields a judgement's save rewrites.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = audit_judgements)]
#[diesel(treat_none_as_null = true)]
pub struct JudgementChanges {
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
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_moderations)]
pub struct ModerationRow {
    /// Identifier.
    pub id: ModerationId,
    /// Audit.
    pub audit_id: AuditId,
    /// Moderator.
    pub moderator_id: UserId,
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
