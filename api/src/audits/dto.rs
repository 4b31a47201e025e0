//! Audits as the API shows them. Narrative (free-text) fields are left out for callers limited
//! to structured fields (the performance analyst).

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::model::{AlertRow, AuditRow, JudgementRow, ModerationRow};
use crate::actions::dto::Action;
use crate::dates::{format_date, to_utc};
use crate::ids::{parse_id, parse_opt_id};
use crate::respond::double_option;

/// Longest narrative field accepted.
pub const MAX_NARRATIVE: u64 = 20_000;

/// The kind of audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// Monthly case file audit by managers and leaders.
    CaseFile,
    /// Themed audit from the audit programme.
    Themed,
    /// A narrow dip sample exploring a trend.
    DipSample,
    /// Multi-agency audit.
    MultiAgency,
}

impl AuditKind {
    /// Every kind's API value.
    pub const VALUES: [&'static str; 4] = ["case_file", "themed", "dip_sample", "multi_agency"];

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CaseFile => "case_file",
            Self::Themed => "themed",
            Self::DipSample => "dip_sample",
            Self::MultiAgency => "multi_agency",
        }
    }

    /// Whether the kind belongs to a theme.
    pub fn needs_theme(self) -> bool {
        matches!(self, Self::Themed | Self::DipSample)
    }
}

/// Where an audit is in its life: draft → submitted → (moderated) → closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditStatus {
    /// Being written by the auditor.
    Draft,
    /// Submitted: the worker is told, escalation opened if the grade calls for it.
    Submitted,
    /// Moderated by the QA unit, a senior leader or the head of service.
    Moderated,
    /// Closed.
    Closed,
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
        let keep = |v: Option<String>| v.filter(|_| narrative);
        Self {
            standard_number: row.standard_number,
            grade: row.grade,
            not_applicable: row.not_applicable_reason.is_some(),
            not_applicable_reason: keep(row.not_applicable_reason),
            evidence: keep(row.evidence),
            strengths: keep(row.strengths),
            areas_for_development: keep(row.areas_for_development),
            updated_at: to_utc(row.updated_at),
        }
    }
}

/// A safeguarding alert raised during an audit.
#[derive(Debug, Serialize, ToSchema)]
pub struct Alert {
    /// Identifier.
    pub id: Uuid,
    /// The concern (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concern: Option<String>,
    /// `low`, `medium` or `high`.
    pub severity: String,
    /// Raised by.
    pub raised_by: Uuid,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl Alert {
    /// From a row.
    pub fn from_row(row: AlertRow, narrative: bool) -> Self {
        Self {
            id: parse_id(&row.id),
            concern: Some(row.concern).filter(|_| narrative),
            severity: row.severity,
            raised_by: parse_id(&row.raised_by),
            created_at: to_utc(row.created_at),
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
            moderator_id: parse_id(&row.moderator_id),
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
    /// The auditor.
    pub auditor_id: Uuid,
    /// The case's worker when the audit began.
    pub practitioner_id: Option<Uuid>,
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
    /// When the practitioner replied (acknowledged).
    #[serde(with = "time::serde::rfc3339::option")]
    pub acknowledged_at: Option<OffsetDateTime>,
    /// When submitted.
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
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
}

impl Audit {
    /// The audit without its parts.
    pub fn from_row(row: AuditRow, moderated_grade: Option<String>, narrative: bool) -> Self {
        let keep = |v: Option<String>| v.filter(|_| narrative);
        let kind = serde_json::from_value(serde_json::Value::String(row.kind))
            .unwrap_or(AuditKind::CaseFile);
        let status = serde_json::from_value(serde_json::Value::String(row.status))
            .unwrap_or(AuditStatus::Draft);
        Self {
            id: parse_id(&row.id),
            kind,
            case_id: parse_id(&row.case_id),
            auditor_id: parse_id(&row.auditor_id),
            practitioner_id: parse_opt_id(&row.practitioner_id),
            team_id: parse_id(&row.team_id),
            theme_id: parse_opt_id(&row.theme_id),
            framework_id: parse_id(&row.framework_id),
            grade_scale_id: parse_id(&row.grade_scale_id),
            period_start: format_date(row.period_start),
            period_end: format_date(row.period_end),
            side_by_side: row.side_by_side,
            status,
            effective_grade: moderated_grade.or(row.overall_grade.clone()),
            overall_grade: row.overall_grade,
            summary: keep(row.summary),
            child_views: keep(row.child_views),
            family_views: keep(row.family_views),
            views_not_sought_reason: keep(row.views_not_sought_reason),
            practitioner_reflection: keep(row.practitioner_reflection),
            returned_reason: keep(row.returned_reason),
            response_reflection: keep(row.response_reflection),
            acknowledged_at: row.acknowledged_at.map(to_utc),
            submitted_at: row.submitted_at.map(to_utc),
            reaudit_of_id: parse_opt_id(&row.reaudit_of_id),
            version: row.version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
            judgements: None,
            remedial_actions: None,
            alerts: None,
            moderation: None,
            escalation_id: None,
        }
    }
}

/// A page of audits.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    /// The audits.
    pub items: Vec<Audit>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
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
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct AuditPatch {
    /// Summary.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub summary: Option<Option<String>>,
    /// Overall grade code from the audit's grade scale.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub overall_grade: Option<Option<String>>,
    /// The child's views.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub child_views: Option<Option<String>>,
    /// The family's views.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub family_views: Option<Option<String>>,
    /// Why views were not sought.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub views_not_sought_reason: Option<Option<String>>,
    /// The worker's reflection (side by side).
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub practitioner_reflection: Option<Option<String>>,
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

impl AuditPatch {
    /// Narrative fields too long to store.
    pub fn too_long(&self) -> Vec<&'static str> {
        let fields = [
            ("summary", &self.summary),
            ("child_views", &self.child_views),
            ("family_views", &self.family_views),
            ("views_not_sought_reason", &self.views_not_sought_reason),
            ("practitioner_reflection", &self.practitioner_reflection),
        ];
        fields
            .into_iter()
            .filter(|(_, v)| {
                v.as_ref()
                    .and_then(|v| v.as_ref())
                    .is_some_and(|t| t.chars().count() as u64 > MAX_NARRATIVE)
            })
            .map(|(name, _)| name)
            .collect()
    }
}

/// One standard's judgement, saved as the auditor goes.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct JudgementInput {
    /// A grade code from the audit's grade scale; leave out when not applicable.
    pub grade: Option<String>,
    /// Why the standard does not apply; leave out when graded.
    #[validate(length(min = 1, max = 5000))]
    pub not_applicable_reason: Option<String>,
    /// The evidence for the grade (required to submit).
    #[validate(length(max = 20000))]
    pub evidence: Option<String>,
    /// Strengths.
    #[validate(length(max = 20000))]
    pub strengths: Option<String>,
    /// Areas for development.
    #[validate(length(max = 20000))]
    pub areas_for_development: Option<String>,
}

/// Severity of a safeguarding alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High: the head of service is told too.
    High,
}

impl Severity {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

/// A safeguarding alert raised while auditing.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewAlert {
    /// The concern.
    #[validate(length(min = 1, max = 20000))]
    pub concern: String,
    /// Severity.
    pub severity: Severity,
}

/// Returning a submitted audit to its auditor.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ReturnAudit {
    /// Why.
    #[validate(length(min = 1, max = 5000))]
    pub reason: String,
}

/// The practitioner's reply.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct AuditReply {
    /// Their reflection on the audit.
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
    #[validate(length(min = 1, max = 20000))]
    pub rationale: String,
}
