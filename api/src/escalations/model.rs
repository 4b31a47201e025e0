//! Escalation rows.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use crate::db::schema::{escalation_events, escalations};

/// An escalation row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = escalations)]
pub struct EscalationRow {
    /// Identifier.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// The case's team.
    pub team_id: String,
    /// `audit`, `monitoring_form`, `practice_alert`, `manual`.
    pub source: String,
    /// The source record.
    pub source_id: Option<String>,
    /// Raised by.
    pub raised_by: Option<String>,
    /// Raised to.
    pub raised_to: Option<String>,
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
    /// `open`, `resolved`, `withdrawn`.
    pub status: String,
    /// How it was resolved.
    pub resolution: Option<String>,
    /// Resolved by.
    pub resolved_by: Option<String>,
    /// When resolved.
    pub resolved_at: Option<PrimitiveDateTime>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Updated.
    pub updated_at: PrimitiveDateTime,
    /// Creator.
    pub created_by: Option<String>,
}

/// A timeline event row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = escalation_events)]
pub struct EventRow {
    /// Identifier.
    pub id: String,
    /// Escalation.
    pub escalation_id: String,
    /// `raised`, `response`, `stage_change`, `resolved`, `withdrawn`.
    pub kind: String,
    /// Who.
    pub actor_id: Option<String>,
    /// What they said.
    pub text: Option<String>,
    /// The stage at the time.
    pub stage: Option<i32>,
    /// When.
    pub created_at: PrimitiveDateTime,
}
