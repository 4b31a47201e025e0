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
    /// Stage 1-4.
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

/// What a step of an escalation changes; members left `None` are not touched.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = escalations)]
pub struct EscalationStep {
    /// The new status.
    pub status: Option<EscalationStatus>,
    /// How it was resolved.
    pub resolution: Option<String>,
    /// Resolved by.
    pub resolved_by: Option<UserId>,
    /// When resolved.
    pub resolved_at: Option<PrimitiveDateTime>,
    /// The new version.
    pub version: i32,
    /// Now.
    pub updated_at: PrimitiveDateTime,
}

impl EscalationStep {
    /// A step that changes nothing but the version and the time.
    pub fn new(version: i32, updated_at: PrimitiveDateTime) -> Self {
        Self {
            status: None,
            resolution: None,
            resolved_by: None,
            resolved_at: None,
            version,
            updated_at,
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
}
