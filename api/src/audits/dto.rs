//! Audits as the API shows them. Narrative (free-text) fields are left out for callers limited
//! to structured fields (the performance analyst).

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::model::{AuditRow, JudgementRow, ModerationRow};
use super::policy::AuditOperation;
use crate::actions::dto::Action;
pub use crate::actions::dto::{Alert, NewAlert, Severity};
use crate::dates::{format_date, to_utc};
use crate::db::types::{AuditId, CaseId, ThemeId, UserId};
use crate::extract::Patch;
use crate::labels::Labels;

crate::text_enum! {
    /// The kind of audit.
    pub enum AuditKind {
        /// Monthly case file audit by managers and leaders.
        CaseFile = "case_file",
        /// Themed audit from the audit programme.
        Themed = "themed",
        /// A narrow dip sample exploring a trend.
        DipSample = "dip_sample",
        /// Multi-agency audit.
        MultiAgency = "multi_agency",
    }
}

impl AuditKind {
    /// Whether the kind belongs to a theme.
    pub fn needs_theme(self) -> bool {
        matches!(self, Self::Themed | Self::DipSample)
    }
}

crate::text_enum! {
    /// Where an audit is in its life: draft → submitted → (moderated) → closed.
    pub enum AuditStatus {
        /// Being written by the auditor.
        Draft = "draft",
        /// Submitted: the worker is told, escalation opened if the grade calls for it.
        Submitted = "submitted",
        /// Moderated by the QA unit, a senior leader or the head of service.
        Moderated = "moderated",
        /// Closed.
        Closed = "closed",
    }
}

/// One practice standard's judgement.
#[derive(Debug, Serialize, ToSchema)]
pub struct Judgement {
    /// The standard's number.
    pub standard_number: i32,
    /// Grade code, or null when not applicable or not yet graded.
    pub grade: Option<String>,
    /// Why the standard does not apply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_applicable_reason: Option<String>,
    /// The evidence for the grade.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Strengths.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strengths: Option<String>,
    /// Areas for development.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub areas_for_development: Option<String>,
    /// Whether it is marked not applicable (kept for structured-only callers).
    pub not_applicable: bool,
    /// Last saved.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Judgement {
    /// From a row.
    pub fn from_row(row: JudgementRow, narrative: bool) -> Self {
        Self::new(
            row.standard_number,
            row.grade,
            row.not_applicable_reason,
            row.evidence,
            row.strengths,
            row.areas_for_development,
            row.updated_at,
            narrative,
        )
    }

    /// From a saved judgement's fields (an audit's or an observation's); its texts only when
    /// `narrative`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        standard_number: i32,
        grade: Option<String>,
        not_applicable_reason: Option<String>,
        evidence: Option<String>,
        strengths: Option<String>,
        areas_for_development: Option<String>,
        updated_at: time::PrimitiveDateTime,
        narrative: bool,
    ) -> Self {
        let keep = |v: Option<String>| v.filter(|_| narrative);
        Self {
            standard_number,
            grade,
            not_applicable: not_applicable_reason.is_some(),
            not_applicable_reason: keep(not_applicable_reason),
            evidence: keep(evidence),
            strengths: keep(strengths),
            areas_for_development: keep(areas_for_development),
            updated_at: to_utc(updated_at),
        }
    }
}

/// A moderation of an audit's grade.
#[derive(Debug, Serialize, ToSchema)]
pub struct Moderation {
    /// The moderator.
    pub moderator_id: Uuid,
    /// Whether they agreed with the auditor's grade.
    pub agreed: bool,
    /// The auditor's grade.
    pub original_grade: String,
    /// The grade after moderation.
    pub moderated_grade: String,
    /// Why (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl Moderation {
    /// From a row.
    pub fn from_row(row: ModerationRow, narrative: bool) -> Self {
        Self {
            moderator_id: row.moderator_id.uuid(),
            agreed: row.agreed,
            original_grade: row.original_grade,
            moderated_grade: row.moderated_grade,
            rationale: Some(row.rationale).filter(|_| narrative),
            created_at: to_utc(row.created_at),
        }
    }
}

/// A case audit. Lists carry the audit itself; the single read adds its judgements, remedial
/// actions, alerts, moderation and escalation.
#[derive(Debug, Serialize, ToSchema)]
pub struct Audit {
    /// Identifier.
    pub id: Uuid,
    /// Kind.
    pub kind: AuditKind,
    /// The case audited.
    pub case_id: Uuid,
    /// The case's initials or pseudonym.
    pub case_display_name: Option<String>,
    /// The case's reference in the case management system.
    pub case_external_ref: Option<String>,
    /// The auditor.
    pub auditor_id: Uuid,
    /// The auditor's name.
    pub auditor_name: Option<String>,
    /// The case's worker when the audit began.
    pub practitioner_id: Option<Uuid>,
    /// The practitioner's name.
    pub practitioner_name: Option<String>,
    /// The case's team when the audit began.
    pub team_id: Uuid,
    /// Theme (themed audits and dip samples).
    pub theme_id: Option<Uuid>,
    /// The framework graded against.
    pub framework_id: Uuid,
    /// The grade scale used.
    pub grade_scale_id: Uuid,
    /// Start of the period reviewed.
    #[schema(format = Date)]
    pub period_start: String,
    /// End of the period reviewed.
    #[schema(format = Date)]
    pub period_end: String,
    /// Done side by side with the worker.
    pub side_by_side: bool,
    /// Status.
    pub status: AuditStatus,
    /// The auditor's overall grade.
    pub overall_grade: Option<String>,
    /// The grade that stands: the moderated grade when moderated, else the overall grade.
    pub effective_grade: Option<String>,
    /// Summary (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The child's views (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_views: Option<String>,
    /// The family's views (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_views: Option<String>,
    /// Why views were not sought (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub views_not_sought_reason: Option<String>,
    /// The worker's reflection in a side-by-side audit (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub practitioner_reflection: Option<String>,
    /// Why a QA officer returned it to draft (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub returned_reason: Option<String>,
    /// The practitioner's reply (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_reflection: Option<String>,
    /// The date the practitioner's reply is due: the setting's working days
    /// (`QA_REPLY_WORKING_DAYS`, default 10) after submission; null for drafts and audits with
    /// no practitioner.
    #[schema(format = Date)]
    pub reply_due_on: Option<String>,
    /// The reply is due and has not come.
    pub reply_overdue: bool,
    /// When the practitioner replied (acknowledged).
    #[serde(with = "time::serde::rfc3339::option")]
    pub acknowledged_at: Option<OffsetDateTime>,
    /// When submitted.
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
    /// Drawn into the QA unit's moderation sample at submission.
    pub moderation_sampled: bool,
    /// The audit this one re-audits.
    pub reaudit_of_id: Option<Uuid>,
    /// Version, also the `ETag`.
    pub version: i32,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Judgements saved so far, by standard number (single read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judgements: Option<Vec<Judgement>>,
    /// Remedial actions raised (single read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remedial_actions: Option<Vec<Action>>,
    /// Safeguarding alerts raised (single read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alerts: Option<Vec<Alert>>,
    /// The moderation, if any (single read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moderation: Option<Moderation>,
    /// The escalation the audit opened, if any (single read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalation_id: Option<Uuid>,
    /// What the caller may do to it now.
    pub allowed_operations: Vec<AuditOperation>,
}

impl Audit {
    /// The audit without its parts.
    pub fn new(
        row: AuditRow,
        moderated_grade: Option<String>,
        narrative: bool,
        allowed_operations: Vec<AuditOperation>,
    ) -> Self {
        let keep = |v: Option<String>| v.filter(|_| narrative);
        Self {
            id: row.id.uuid(),
            kind: row.kind,
            case_id: row.case_id.uuid(),
            case_display_name: None,
            case_external_ref: None,
            auditor_id: row.auditor_id.uuid(),
            auditor_name: None,
            practitioner_id: row.practitioner_id.map(UserId::uuid),
            practitioner_name: None,
            team_id: row.team_id.uuid(),
            theme_id: row.theme_id.map(ThemeId::uuid),
            framework_id: row.framework_id.uuid(),
            grade_scale_id: row.grade_scale_id.uuid(),
            period_start: format_date(row.period_start),
            period_end: format_date(row.period_end),
            side_by_side: row.side_by_side,
            status: row.status,
            effective_grade: moderated_grade.or(row.overall_grade.clone()),
            overall_grade: row.overall_grade,
            summary: keep(row.summary),
            child_views: keep(row.child_views),
            family_views: keep(row.family_views),
            views_not_sought_reason: keep(row.views_not_sought_reason),
            practitioner_reflection: keep(row.practitioner_reflection),
            returned_reason: keep(row.returned_reason),
            response_reflection: keep(row.response_reflection),
            reply_due_on: None,
            reply_overdue: false,
            acknowledged_at: row.acknowledged_at.map(to_utc),
            submitted_at: row.submitted_at.map(to_utc),
            moderation_sampled: row.moderation_sampled,
            reaudit_of_id: row.reaudit_of_id.map(AuditId::uuid),
            version: row.version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
            judgements: None,
            remedial_actions: None,
            alerts: None,
            moderation: None,
            escalation_id: None,
            allowed_operations,
        }
    }
}

impl Audit {
    /// Adds the reply deadline: `working_days` after the day of submission, by the calendar of
    /// England and Wales; overdue while no reply has come after that day.
    pub fn with_reply_deadline(
        mut self,
        calendar: &crate::calendar::Calendar,
        working_days: i32,
        today: time::Date,
    ) -> Self {
        let Some(submitted) = self.submitted_at else {
            return self;
        };
        if self.practitioner_id.is_none() || self.status == AuditStatus::Draft {
            return self;
        }
        let submitted_day = crate::dates::london_date(submitted);
        if let Some(due) = calendar.add_working_days(submitted_day, working_days) {
            self.reply_due_on = Some(format_date(due));
            self.reply_overdue =
                self.acknowledged_at.is_none() && self.status != AuditStatus::Closed && today > due;
        }
        self
    }

    /// Adds the names screens show: the case's and the people's.
    pub fn named(mut self, labels: &Labels) -> Self {
        let case = Some(CaseId::from(self.case_id));
        self.case_display_name = labels.case_name(case);
        self.case_external_ref = labels.case_ref(case);
        self.auditor_name = labels.person(Some(UserId::from(self.auditor_id)));
        self.practitioner_name = labels.person(self.practitioner_id.map(UserId::from));
        self
    }
}

/// A page of audits.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    /// The audits.
    pub items: Vec<Audit>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    /// Pass as `cursor` for the previous page; null on the first.
    pub prev_cursor: Option<String>,
    /// How many the whole list holds, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

/// Starting an audit.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewAudit {
    /// Kind; themed audits and dip samples need `theme_id`.
    pub kind: AuditKind,
    /// The case to audit.
    pub case_id: Uuid,
    /// Done side by side with the case's worker.
    #[serde(default)]
    pub side_by_side: bool,
    /// The theme (themed audits and dip samples).
    pub theme_id: Option<Uuid>,
    /// Start of the period reviewed (default: six months before today).
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default, with = "crate::dates::serde_date::option")]
    pub period_start: Option<Date>,
    /// End of the period reviewed (default: today).
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default, with = "crate::dates::serde_date::option")]
    pub period_end: Option<Date>,
    /// An earlier audit of the same case that this one re-audits.
    pub reaudit_of_id: Option<Uuid>,
}

/// Changes to a draft audit (JSON merge patch; `null` clears a field).
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
pub struct AuditPatch {
    /// Summary.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub summary: Patch<String>,
    /// Overall grade code from the audit's grade scale.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub overall_grade: Patch<String>,
    /// The child's views.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub child_views: Patch<String>,
    /// The family's views.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub family_views: Patch<String>,
    /// Why views were not sought.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub views_not_sought_reason: Patch<String>,
    /// The worker's reflection (side by side).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub practitioner_reflection: Patch<String>,
    /// Done side by side.
    pub side_by_side: Option<bool>,
    /// Start of the period reviewed.
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default, with = "crate::dates::serde_date::option")]
    pub period_start: Option<Date>,
    /// End of the period reviewed.
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default, with = "crate::dates::serde_date::option")]
    pub period_end: Option<Date>,
}

/// One standard's judgement, saved as the auditor goes.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct JudgementInput {
    /// A grade code from the audit's grade scale; leave out when not applicable.
    pub grade: Option<String>,
    /// Why the standard does not apply; leave out when graded.
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(length(min = 1, max = 5000))]
    pub not_applicable_reason: Option<String>,
    /// The evidence for the grade (required to submit).
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub evidence: Option<String>,
    /// Strengths.
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub strengths: Option<String>,
    /// Areas for development.
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub areas_for_development: Option<String>,
}

/// Returning a submitted audit to its auditor.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ReturnAudit {
    /// Why.
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(length(min = 1, max = 5000))]
    pub reason: String,
}

/// The practitioner's reply.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct AuditReply {
    /// Their reflection on the audit.
    #[schema(min_length = 1, max_length = 20000)]
    #[validate(length(min = 1, max = 20000))]
    pub reflection: String,
}

/// A moderation.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewModeration {
    /// Whether the moderator agrees with the auditor's grade.
    pub agreed: bool,
    /// The grade the moderator gives (required when not agreed).
    pub moderated_grade: Option<String>,
    /// Why.
    #[schema(min_length = 1, max_length = 20000)]
    #[validate(length(min = 1, max = 20000))]
    pub rationale: String,
}
