//! Escalation rows, read and written whole, and what the record policy knows of an escalation.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::dto::{EscalationSource, EscalationStatus, EventKind};
use crate::auth::policy::CaseRecord;
use crate::db::schema::{escalation_events, escalations};
use crate::db::types::{AnyId, CaseId, EscalationId, EventId, UnitId, UserId};

/// An escalation row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = escalations)]
#[diesel(treat_none_as_default_value = false)]
pub struct EscalationRow {
    /// Identifier.
    pub id: EscalationId,
    /// The case.
    pub case_id: CaseId,
    /// The case's team.
    pub team_id: UnitId,
    /// What raised it.
    pub source: EscalationSource,
    /// The source record.
    pub source_id: Option<AnyId>,
    /// Raised by.
    pub raised_by: Option<UserId>,
    /// Raised to.
    pub raised_to: Option<UserId>,
    /// Category.
    pub category: Option<String>,
    /// Comma-separated standard numbers.
    pub standards: String,
    /// The concern.
    pub concern: String,
    /// Stage 0 (practice alert) to 4.
    pub stage: i32,
    /// When the current stage is due.
    pub stage_due_on: Date,
    /// Status.
    pub status: EscalationStatus,
    /// How it was resolved.
    pub resolution: Option<String>,
    /// Resolved by.
    pub resolved_by: Option<UserId>,
    /// When resolved.
    pub resolved_at: Option<PrimitiveDateTime>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Updated.
    pub updated_at: PrimitiveDateTime,
    /// Creator.
    pub created_by: Option<UserId>,
    /// When the holder first answered.
    pub replied_at: Option<PrimitiveDateTime>,
    /// When the formal process began.
    pub formal_started_on: Option<Date>,
    /// When the formal process should end.
    pub formal_due_on: Option<Date>,
    /// When the raiser accepted the resolution.
    pub accepted_at: Option<PrimitiveDateTime>,
    /// When the case was referred to Cafcass.
    pub cafcass_referred_on: Option<Date>,
    /// Why it was withdrawn.
    pub withdrawn_reason: Option<String>,
}

impl CaseRecord for EscalationRow {
    const KIND: &'static str = "escalation";

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
        self.raised_by.into_iter().chain(self.raised_to).collect()
    }

    fn version(&self) -> i32 {
        self.version
    }
}

crate::scoped_table!(escalations {
    team: team_id,
    case: case_id,
    names: [raised_by, raised_to]
});

/// Every field of an escalation that changes after it is raised: a step computes the next
/// state from the row it was authorised on and writes it whole, on that version only.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = escalations)]
#[diesel(treat_none_as_null = true)]
pub struct EscalationState {
    /// Raised to.
    pub raised_to: Option<UserId>,
    /// Stage 0-4.
    pub stage: i32,
    /// When the current stage is due.
    pub stage_due_on: Date,
    /// Status.
    pub status: EscalationStatus,
    /// How it was resolved.
    pub resolution: Option<String>,
    /// Resolved by.
    pub resolved_by: Option<UserId>,
    /// When resolved.
    pub resolved_at: Option<PrimitiveDateTime>,
    /// When the holder first answered.
    pub replied_at: Option<PrimitiveDateTime>,
    /// When the formal process began.
    pub formal_started_on: Option<Date>,
    /// When the formal process should end.
    pub formal_due_on: Option<Date>,
    /// When the raiser accepted the resolution.
    pub accepted_at: Option<PrimitiveDateTime>,
    /// When the case was referred to Cafcass.
    pub cafcass_referred_on: Option<Date>,
    /// Why it was withdrawn.
    pub withdrawn_reason: Option<String>,
    /// The new version.
    pub version: i32,
    /// Now.
    pub updated_at: PrimitiveDateTime,
}

impl EscalationRow {
    /// The row's changeable fields, as the starting point of its next state at `now`.
    pub fn next_state(&self, now: PrimitiveDateTime) -> EscalationState {
        EscalationState {
            raised_to: self.raised_to,
            stage: self.stage,
            stage_due_on: self.stage_due_on,
            status: self.status,
            resolution: self.resolution.clone(),
            resolved_by: self.resolved_by,
            resolved_at: self.resolved_at,
            replied_at: self.replied_at,
            formal_started_on: self.formal_started_on,
            formal_due_on: self.formal_due_on,
            accepted_at: self.accepted_at,
            cafcass_referred_on: self.cafcass_referred_on,
            withdrawn_reason: self.withdrawn_reason.clone(),
            version: self.version + 1,
            updated_at: now,
        }
    }
}

/// A timeline event row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = escalation_events)]
#[diesel(treat_none_as_default_value = false)]
pub struct EventRow {
    /// Identifier.
    pub id: EventId,
    /// Escalation.
    pub escalation_id: EscalationId,
    /// What happened.
    pub kind: EventKind,
    /// Who.
    pub actor_id: Option<UserId>,
    /// What they said.
    pub text: Option<String>,
    /// The stage at the time.
    pub stage: Option<i32>,
    /// When.
    pub created_at: PrimitiveDateTime,
    /// Who held the escalation after it.
    pub holder_id: Option<UserId>,
}
