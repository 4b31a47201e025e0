//! Escalations as the API shows them.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::model::{EscalationRow, EventRow};
use crate::dates::{format_date, to_utc};
use crate::ids::{parse_id, parse_opt_id};

/// Working days after which an open escalation counts as long-running (product.md §4.5).
pub const LONG_RUNNING_WORKING_DAYS: i32 = 20;

/// One entry of an escalation's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEvent {
    /// Identifier.
    pub id: Uuid,
    /// `raised`, `response`, `stage_change`, `resolved` or `withdrawn`.
    pub kind: String,
    /// Who.
    pub actor_id: Option<Uuid>,
    /// What they said (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The stage at the time.
    pub stage: Option<i32>,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl TimelineEvent {
    /// From a row; text only for callers who read narrative.
    pub fn from_row(row: EventRow, narrative: bool) -> Self {
        Self {
            id: parse_id(&row.id),
            kind: row.kind,
            actor_id: parse_opt_id(&row.actor_id),
            text: row.text.filter(|_| narrative),
            stage: row.stage,
            created_at: to_utc(row.created_at),
        }
    }
}

/// An escalation about a child's case.
#[derive(Debug, Serialize, ToSchema)]
pub struct Escalation {
    /// Identifier.
    pub id: Uuid,
    /// The case.
    pub case_id: Uuid,
    /// The case's team.
    pub team_id: Uuid,
    /// `audit`, `monitoring_form`, `practice_alert` or `manual`.
    pub source: String,
    /// The record that raised it (the audit, for `audit`).
    pub source_id: Option<Uuid>,
    /// Who raised it.
    pub raised_by: Option<Uuid>,
    /// The case-accountable manager it is raised to.
    pub raised_to: Option<Uuid>,
    /// Category.
    pub category: Option<String>,
    /// Practice standards concerned.
    pub standards: Vec<i32>,
    /// The concern (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concern: Option<String>,
    /// 1 team manager, 2 head of service, 3 senior leader, 4 director.
    pub stage: i32,
    /// When the current stage is due, `YYYY-MM-DD` (5 working days a stage).
    #[schema(format = Date)]
    pub stage_due_on: String,
    /// Open and past its stage's due date.
    pub overdue: bool,
    /// Open for more than 20 working days.
    pub long_running: bool,
    /// `open`, `resolved` or `withdrawn`.
    pub status: String,
    /// How it was resolved (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// Who resolved it.
    pub resolved_by: Option<Uuid>,
    /// When.
    #[serde(with = "time::serde::rfc3339::option")]
    pub resolved_at: Option<OffsetDateTime>,
    /// Version, also the `ETag`.
    pub version: i32,
    /// Raised.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// The timeline, oldest first (on the single read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Vec<TimelineEvent>>,
}

impl Escalation {
    /// From a row. `working_days_open` is counted by the calendar.
    pub fn from_row(
        row: EscalationRow,
        today: Date,
        working_days_open: i32,
        narrative: bool,
        timeline: Option<Vec<EventRow>>,
    ) -> Self {
        let open = row.status == "open";
        Self {
            id: parse_id(&row.id),
            case_id: parse_id(&row.case_id),
            team_id: parse_id(&row.team_id),
            source: row.source,
            source_id: parse_opt_id(&row.source_id),
            raised_by: parse_opt_id(&row.raised_by),
            raised_to: parse_opt_id(&row.raised_to),
            category: row.category,
            standards: row
                .standards
                .split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect(),
            concern: Some(row.concern).filter(|_| narrative),
            stage: row.stage,
            stage_due_on: format_date(row.stage_due_on),
            overdue: open && row.stage_due_on < today,
            long_running: open && working_days_open > LONG_RUNNING_WORKING_DAYS,
            status: row.status,
            resolution: row.resolution.filter(|_| narrative),
            resolved_by: parse_opt_id(&row.resolved_by),
            resolved_at: row.resolved_at.map(to_utc),
            version: row.version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
            timeline: timeline.map(|t| {
                t.into_iter()
                    .map(|e| TimelineEvent::from_row(e, narrative))
                    .collect()
            }),
        }
    }
}

/// A page of escalations.
#[derive(Debug, Serialize, ToSchema)]
pub struct EscalationPage {
    /// The escalations.
    pub items: Vec<Escalation>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// A response on an escalation.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct EscalationResponse {
    /// What was done or decided.
    #[validate(length(min = 1, max = 20000))]
    pub text: String,
}

/// Resolving an escalation.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ResolveEscalation {
    /// How it was resolved.
    #[validate(length(min = 1, max = 20000))]
    pub resolution: String,
}
