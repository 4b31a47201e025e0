//! Escalations as the API shows them.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::model::{EscalationRow, EventRow};
use super::policy::EscalationOperation;
use crate::dates::{format_date, to_utc};
use crate::db::types::{AnyId, CaseId, UserId};
use crate::labels::Labels;

/// Working days after which an open escalation counts as long-running (product.md §4.5).
pub const LONG_RUNNING_WORKING_DAYS: i32 = 20;

crate::text_enum! {
    /// What raised an escalation.
    pub enum EscalationSource {
        /// An audit graded at an escalating grade.
        Audit = "audit",
        /// A reviewing officer's monitoring form.
        MonitoringForm = "monitoring_form",
        /// A practice alert.
        PracticeAlert = "practice_alert",
        /// Raised by hand.
        Manual = "manual",
    }
}

crate::text_enum! {
    /// Where an escalation is.
    pub enum EscalationStatus {
        /// Open: the holder must respond.
        Open = "open",
        /// Resolved.
        Resolved = "resolved",
        /// Withdrawn by the raiser.
        Withdrawn = "withdrawn",
    }
}

crate::text_enum! {
    /// What happened on an escalation's timeline.
    pub enum EventKind {
        /// Raised.
        Raised = "raised",
        /// A response.
        Response = "response",
        /// Moved to another stage.
        StageChange = "stage_change",
        /// Resolved.
        Resolved = "resolved",
        /// Withdrawn.
        Withdrawn = "withdrawn",
    }
}

/// One entry of an escalation's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEvent {
    /// Identifier.
    pub id: Uuid,
    /// What happened.
    pub kind: EventKind,
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
            id: row.id.uuid(),
            kind: row.kind,
            actor_id: row.actor_id.map(UserId::uuid),
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
    /// The case's initials or pseudonym.
    pub case_display_name: Option<String>,
    /// The case's reference in the case management system.
    pub case_external_ref: Option<String>,
    /// The case's team.
    pub team_id: Uuid,
    /// What raised it.
    pub source: EscalationSource,
    /// The record that raised it (the audit, for `audit`).
    pub source_id: Option<Uuid>,
    /// Who raised it.
    pub raised_by: Option<Uuid>,
    /// The raiser's name.
    pub raised_by_name: Option<String>,
    /// The case-accountable manager it is raised to.
    pub raised_to: Option<Uuid>,
    /// The holder's name.
    pub raised_to_name: Option<String>,
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
    /// Status.
    pub status: EscalationStatus,
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
    /// What the caller may do to it now.
    pub allowed_operations: Vec<EscalationOperation>,
}

impl Escalation {
    /// From a row. `working_days_open` is counted by the calendar.
    pub fn new(
        row: EscalationRow,
        today: Date,
        working_days_open: i32,
        narrative: bool,
        timeline: Option<Vec<EventRow>>,
        allowed_operations: Vec<EscalationOperation>,
    ) -> Self {
        let open = row.status == EscalationStatus::Open;
        Self {
            id: row.id.uuid(),
            case_id: row.case_id.uuid(),
            case_display_name: None,
            case_external_ref: None,
            team_id: row.team_id.uuid(),
            source: row.source,
            source_id: row.source_id.map(AnyId::uuid),
            raised_by: row.raised_by.map(UserId::uuid),
            raised_by_name: None,
            raised_to: row.raised_to.map(UserId::uuid),
            raised_to_name: None,
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
            resolved_by: row.resolved_by.map(UserId::uuid),
            resolved_at: row.resolved_at.map(to_utc),
            version: row.version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
            timeline: timeline.map(|t| {
                t.into_iter()
                    .map(|e| TimelineEvent::from_row(e, narrative))
                    .collect()
            }),
            allowed_operations,
        }
    }
}

impl Escalation {
    /// Adds the names screens show: the case's, the raiser's and the holder's.
    pub fn named(mut self, labels: &Labels) -> Self {
        let case = Some(CaseId::from(self.case_id));
        self.case_display_name = labels.case_name(case);
        self.case_external_ref = labels.case_ref(case);
        self.raised_by_name = labels.person(self.raised_by.map(UserId::from));
        self.raised_to_name = labels.person(self.raised_to.map(UserId::from));
        self
    }
}

/// A page of escalations.
#[derive(Debug, Serialize, ToSchema)]
pub struct EscalationPage {
    /// The escalations.
    pub items: Vec<Escalation>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    /// Pass as `cursor` for the previous page; null on the first.
    pub prev_cursor: Option<String>,
    /// How many the whole list holds, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

/// A response on an escalation.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct EscalationResponse {
    /// What was done or decided.
    #[schema(min_length = 1, max_length = 20000)]
    #[validate(length(min = 1, max = 20000))]
    pub text: String,
}

/// Resolving an escalation.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ResolveEscalation {
    /// How it was resolved.
    #[schema(min_length = 1, max_length = 20000)]
    #[validate(length(min = 1, max = 20000))]
    pub resolution: String,
}
