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
        /// The raiser accepted the resolution.
        Accepted = "accepted",
        /// A reviewing officer referred the case to Cafcass.
        CafcassReferral = "cafcass_referral",
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
    /// Who held the escalation after it (the person it was raised or moved to).
    pub holder_id: Option<Uuid>,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// One rung of the dispute resolution ladder: who holds that stage for the case's team now,
/// from the org tree.
#[derive(Debug, Serialize, ToSchema)]
pub struct LadderStep {
    /// 0 a practice alert, 1-4 the formal stages.
    pub stage: i32,
    /// Who holds it, in words ("the head of service").
    pub title: String,
    /// The person, when the organisation names one.
    pub holder_id: Option<Uuid>,
    /// Their name.
    pub holder_name: Option<String>,
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
            holder_id: row.holder_id.map(UserId::uuid),
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
    /// 0 a practice alert (informal), then the formal process: 1 the case-accountable
    /// manager, 2 the head of service, 3 an assistant director, 4 the director.
    pub stage: i32,
    /// When the current stage is due, `YYYY-MM-DD`: a practice alert's reply in 10 working
    /// days, each formal stage in 5.
    #[schema(format = Date)]
    pub stage_due_on: String,
    /// Open and past its stage's due date (a practice alert that has had its reply is not).
    pub overdue: bool,
    /// When the formal process (stage 1 and above) began.
    #[schema(format = Date)]
    pub formal_started_on: Option<String>,
    /// When the formal process should be over: 20 working days after it began.
    #[schema(format = Date)]
    pub formal_due_on: Option<String>,
    /// Open past the formal process's 20 working days.
    pub formal_overdue: bool,
    /// Working days from today until the stage is due (negative once overdue); null when not
    /// open.
    pub stage_working_days_left: Option<i32>,
    /// When the holder first answered.
    #[serde(with = "time::serde::rfc3339::option")]
    pub replied_at: Option<OffsetDateTime>,
    /// When the raiser accepted the resolution.
    #[serde(with = "time::serde::rfc3339::option")]
    pub accepted_at: Option<OffsetDateTime>,
    /// When a reviewing officer referred the case to Cafcass.
    #[schema(format = Date)]
    pub cafcass_referred_on: Option<String>,
    /// Why the raiser withdrew it (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawn_reason: Option<String>,
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
    /// Who holds each stage for the case's team now (on the single read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ladder: Option<Vec<LadderStep>>,
    /// What the caller may do to it now.
    pub allowed_operations: Vec<EscalationOperation>,
}

impl Escalation {
    /// From a row. `long_running`: open for more than the setting's working days, counted by
    /// the calendar.
    pub fn new(
        row: EscalationRow,
        today: Date,
        long_running: bool,
        narrative: bool,
        timeline: Option<Vec<EventRow>>,
        allowed_operations: Vec<EscalationOperation>,
    ) -> Self {
        let open = row.status == EscalationStatus::Open;
        let answered_alert = row.stage == 0 && row.replied_at.is_some();
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
            overdue: open && row.stage_due_on < today && !answered_alert,
            formal_started_on: row.formal_started_on.map(format_date),
            formal_due_on: row.formal_due_on.map(format_date),
            formal_overdue: open && row.formal_due_on.is_some_and(|due| due < today),
            stage_working_days_left: None,
            replied_at: row.replied_at.map(to_utc),
            accepted_at: row.accepted_at.map(to_utc),
            cafcass_referred_on: row.cafcass_referred_on.map(format_date),
            withdrawn_reason: row.withdrawn_reason.filter(|_| narrative),
            long_running: open && long_running,
            status: row.status,
            resolution: row.resolution.filter(|_| narrative),
            resolved_by: row.resolved_by.map(UserId::uuid),
            resolved_at: row.resolved_at.map(to_utc),
            version: row.version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
            ladder: None,
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

/// Raising a practice alert or an escalation by hand (a reviewing officer, a QA officer, a head
/// of service or a senior leader).
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewEscalation {
    /// The child's case, in the caller's scope.
    pub case_id: Uuid,
    /// `practice_alert`, `monitoring_form` (with `source_id`, the form) or `manual`; audits
    /// raise their own.
    pub source: EscalationSource,
    /// The monitoring form it comes from (`monitoring_form` only).
    pub source_id: Option<Uuid>,
    /// A short category, e.g. `drift_in_planning`.
    #[schema(min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub category: String,
    /// Practice standards concerned.
    #[serde(default)]
    #[schema(max_items = 10)]
    #[validate(length(max = 10))]
    pub standards: Vec<i32>,
    /// The concern.
    #[schema(min_length = 1, max_length = 20000)]
    #[validate(length(min = 1, max = 20000))]
    pub concern: String,
    /// Who it is raised to (default: the holder of the stage, the case-accountable manager for
    /// a practice alert); they must be able to see the case.
    pub raised_to: Option<Uuid>,
    /// 0 (default) an informal practice alert; 1 the formal process at once; a reviewing
    /// officer may start higher.
    #[schema(minimum = 0, maximum = 4)]
    #[validate(range(min = 0, max = 4))]
    pub stage: Option<i32>,
}

/// Moving an escalation up the dispute resolution process (the raiser).
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct StageChange {
    /// The stage to move to: above the current one; only a reviewing officer skips stages.
    #[schema(minimum = 1, maximum = 4)]
    #[validate(range(min = 1, max = 4))]
    pub to_stage: i32,
    /// Why.
    #[schema(min_length = 1, max_length = 20000)]
    #[validate(length(min = 1, max = 20000))]
    pub reason: String,
}

/// Withdrawing an escalation (the raiser).
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct WithdrawEscalation {
    /// Why.
    #[schema(min_length = 1, max_length = 20000)]
    #[validate(length(min = 1, max = 20000))]
    pub reason: String,
}

/// Accepting a resolution (the raiser).
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct AcceptResolution {
    /// Anything the raiser adds.
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub comment: Option<String>,
}

/// A referral of a looked-after child's case to Cafcass by a reviewing officer.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct CafcassReferral {
    /// The day of the referral.
    #[schema(value_type = String, format = Date)]
    #[serde(with = "crate::dates::serde_date")]
    pub referred_on: Date,
    /// What was referred and why.
    #[schema(min_length = 1, max_length = 20000)]
    #[validate(length(min = 1, max = 20000))]
    pub notes: String,
}
