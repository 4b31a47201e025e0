//! Actions as the API shows them.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::model::{ActionRow, AlertRow};
use super::policy::ActionOperation;
use crate::dates::{format_date, to_utc};
use crate::db::types::{AuditId, CaseId, UnitId, UserId};
use crate::labels::Labels;

crate::text_enum! {
    /// Where an action is in its life.
    pub enum ActionStatus {
        /// Not started.
        Open = "open",
        /// Under way.
        InProgress = "in_progress",
        /// Done, with evidence.
        Completed = "completed",
        /// Checked by the QA unit, impact noted.
        Verified = "verified",
        /// Cancelled with a reason.
        Cancelled = "cancelled",
    }
}

impl ActionStatus {
    /// Not finished: open or under way.
    pub fn is_active(self) -> bool {
        matches!(self, Self::Open | Self::InProgress)
    }

    /// The status in words.
    pub fn words(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "in progress",
            Self::Completed => "completed",
            Self::Verified => "verified",
            Self::Cancelled => "cancelled",
        }
    }
}

crate::text_enum! {
    /// The kind of action.
    pub enum ActionKind {
        /// Put right something an audit found on a child's case.
        Remedial = "remedial",
        /// Develop a worker's or team's practice.
        PracticeDevelopment = "practice_development",
        /// Improve a service.
        ServiceImprovement = "service_improvement",
        /// Training.
        Training = "training",
    }
}

crate::text_enum! {
    /// What an action plan answers.
    pub enum PlanSource {
        /// A case file audit's remedial actions.
        Audit = "audit",
        /// A themed audit's findings.
        ThemedAudit = "themed_audit",
        /// An inspection.
        Inspection = "inspection",
        /// A peer review.
        PeerReview = "peer_review",
        /// A case review.
        CaseReview = "case_review",
        /// A complaint.
        Complaint = "complaint",
        /// An escalation.
        Escalation = "escalation",
        /// Self-evaluation.
        SelfEvaluation = "self_evaluation",
    }
}

crate::text_enum! {
    /// Severity of a safeguarding alert.
    pub enum Severity {
        /// Low.
        Low = "low",
        /// Medium.
        Medium = "medium",
        /// High: the head of service is told too.
        High = "high",
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
    /// Severity.
    pub severity: Severity,
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
            id: row.id.uuid(),
            concern: Some(row.concern).filter(|_| narrative),
            severity: row.severity,
            raised_by: row.raised_by.uuid(),
            created_at: to_utc(row.created_at),
        }
    }
}

/// A safeguarding alert raised while auditing.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewAlert {
    /// The concern.
    #[schema(min_length = 1, max_length = 20000)]
    #[validate(length(min = 1, max = 20000))]
    pub concern: String,
    /// Severity.
    pub severity: Severity,
}

/// An action.
#[derive(Debug, Serialize, ToSchema)]
pub struct Action {
    /// Identifier.
    pub id: Uuid,
    /// The action plan it belongs to.
    pub plan_id: Uuid,
    /// The audit that raised it.
    pub audit_id: Option<Uuid>,
    /// The case it concerns.
    pub case_id: Option<Uuid>,
    /// The case's initials or pseudonym.
    pub case_display_name: Option<String>,
    /// The case's reference in the case management system.
    pub case_external_ref: Option<String>,
    /// The team it concerns.
    pub team_id: Option<Uuid>,
    /// What must be done (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Who does it.
    pub owner_id: Option<Uuid>,
    /// The owner's name.
    pub owner_name: Option<String>,
    /// By when, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub due_on: String,
    /// Whether it is past due and unfinished.
    pub overdue: bool,
    /// Kind.
    pub kind: ActionKind,
    /// Related practice standard.
    pub standard_number: Option<i32>,
    /// Status.
    pub status: ActionStatus,
    /// Evidence of completion (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Impact noted on verification (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<String>,
    /// Why cancelled (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_reason: Option<String>,
    /// When completed.
    #[serde(with = "time::serde::rfc3339::option")]
    pub completed_at: Option<OffsetDateTime>,
    /// When verified.
    #[serde(with = "time::serde::rfc3339::option")]
    pub verified_at: Option<OffsetDateTime>,
    /// Who verified.
    pub verified_by: Option<Uuid>,
    /// Version, also the `ETag`.
    pub version: i32,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// What the caller may do to it now.
    pub allowed_operations: Vec<ActionOperation>,
}

impl Action {
    /// The representation; narrative fields only for callers who read narrative.
    pub fn new(
        row: ActionRow,
        today: Date,
        narrative: bool,
        allowed_operations: Vec<ActionOperation>,
    ) -> Self {
        let overdue = row.is_overdue(today);
        let keep = |v: Option<String>| if narrative { v } else { None };
        Self {
            id: row.id.uuid(),
            plan_id: row.plan_id.uuid(),
            audit_id: row.audit_id.map(AuditId::uuid),
            case_id: row.case_id.map(CaseId::uuid),
            case_display_name: None,
            case_external_ref: None,
            team_id: row.team_id.map(UnitId::uuid),
            description: keep(Some(row.description)),
            owner_id: row.owner_id.map(UserId::uuid),
            owner_name: None,
            due_on: format_date(row.due_on),
            overdue,
            kind: row.kind,
            standard_number: row.standard_number,
            status: row.status,
            evidence: keep(row.evidence),
            impact: keep(row.impact),
            cancel_reason: keep(row.cancel_reason),
            completed_at: row.completed_at.map(to_utc),
            verified_at: row.verified_at.map(to_utc),
            verified_by: row.verified_by.map(UserId::uuid),
            version: row.version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
            allowed_operations,
        }
    }
}

impl Action {
    /// Adds the names screens show: the case's and the owner's.
    pub fn named(mut self, labels: &Labels) -> Self {
        let case = self.case_id.map(CaseId::from);
        self.case_display_name = labels.case_name(case);
        self.case_external_ref = labels.case_ref(case);
        self.owner_name = labels.person(self.owner_id.map(UserId::from));
        self
    }
}

/// A page of actions.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionPage {
    /// The actions.
    pub items: Vec<Action>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    /// Pass as `cursor` for the previous page; null on the first.
    pub prev_cursor: Option<String>,
    /// How many the whole list holds, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

/// A remedial action raised during an audit.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewRemedialAction {
    /// What must be done.
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(length(min = 1, max = 5000))]
    pub description: String,
    /// Who does it (default: the case's allocated worker).
    pub owner_id: Option<Uuid>,
    /// By when, `YYYY-MM-DD` (default: 10 working days from today).
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default, with = "crate::dates::serde_date::option")]
    pub due_on: Option<Date>,
    /// Related practice standard.
    #[schema(minimum = 1, maximum = 50)]
    #[validate(range(min = 1, max = 50))]
    pub standard_number: Option<i32>,
}

/// Completing an action.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct CompleteAction {
    /// What was done.
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(length(min = 1, max = 5000))]
    pub evidence: String,
}

/// Verifying a completed action.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct VerifyAction {
    /// The difference it made.
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(length(min = 1, max = 5000))]
    pub impact: String,
    /// A reading of one of the plan's measures that shows it.
    #[validate(nested)]
    pub reading: Option<VerifyReading>,
}

/// A reading recorded on verification.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
pub struct VerifyReading {
    /// A measure of the action's plan (not one read from re-audits).
    pub measure_id: Uuid,
    /// The reading.
    #[serde(flatten)]
    #[validate(nested)]
    pub reading: crate::plans::dto::NewReading,
}

/// Cancelling an action.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct CancelAction {
    /// Why.
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(length(min = 1, max = 5000))]
    pub reason: String,
}
