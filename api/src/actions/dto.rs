//! Actions as the API shows them.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::model::ActionRow;
use crate::dates::{format_date, to_utc};
use crate::ids::{parse_id, parse_opt_id};

/// Where an action is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// Not started.
    Open,
    /// Under way.
    InProgress,
    /// Done, with evidence.
    Completed,
    /// Checked by the QA unit, impact noted.
    Verified,
    /// Cancelled with a reason.
    Cancelled,
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
    /// The team it concerns.
    pub team_id: Option<Uuid>,
    /// What must be done (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Who does it.
    pub owner_id: Option<Uuid>,
    /// By when, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub due_on: String,
    /// Whether it is past due and unfinished.
    pub overdue: bool,
    /// `remedial`, `practice_development`, `service_improvement` or `training`.
    pub kind: String,
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
}

impl Action {
    /// The representation; narrative fields only for callers who read narrative.
    pub fn from_row(row: ActionRow, today: Date, narrative: bool) -> Self {
        let overdue = row.is_overdue(today);
        let status = serde_json::from_value(serde_json::Value::String(row.status))
            .unwrap_or(ActionStatus::Open);
        let keep = |v: Option<String>| if narrative { v } else { None };
        Self {
            id: parse_id(&row.id),
            plan_id: parse_id(&row.plan_id),
            audit_id: parse_opt_id(&row.audit_id),
            case_id: parse_opt_id(&row.case_id),
            team_id: parse_opt_id(&row.team_id),
            description: keep(Some(row.description)),
            owner_id: parse_opt_id(&row.owner_id),
            due_on: format_date(row.due_on),
            overdue,
            kind: row.kind,
            standard_number: row.standard_number,
            status,
            evidence: keep(row.evidence),
            impact: keep(row.impact),
            cancel_reason: keep(row.cancel_reason),
            completed_at: row.completed_at.map(to_utc),
            verified_at: row.verified_at.map(to_utc),
            verified_by: parse_opt_id(&row.verified_by),
            version: row.version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
        }
    }
}

/// A page of actions.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionPage {
    /// The actions.
    pub items: Vec<Action>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// A remedial action raised during an audit.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewRemedialAction {
    /// What must be done.
    #[validate(length(min = 1, max = 5000))]
    pub description: String,
    /// Who does it (default: the case's allocated worker).
    pub owner_id: Option<Uuid>,
    /// By when, `YYYY-MM-DD` (default: 10 working days from today).
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default, with = "crate::dates::serde_date::option")]
    pub due_on: Option<Date>,
    /// Related practice standard.
    #[validate(range(min = 1, max = 50))]
    pub standard_number: Option<i32>,
}

/// Completing an action.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct CompleteAction {
    /// What was done.
    #[validate(length(min = 1, max = 5000))]
    pub evidence: String,
}

/// Verifying a completed action.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct VerifyAction {
    /// The difference it made.
    #[validate(length(min = 1, max = 5000))]
    pub impact: String,
}

/// Cancelling an action.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct CancelAction {
    /// Why.
    #[validate(length(min = 1, max = 5000))]
    pub reason: String,
}
