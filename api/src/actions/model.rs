//! Action rows.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use crate::db::schema::actions;

/// An action row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = actions)]
pub struct ActionRow {
    /// Identifier.
    pub id: String,
    /// The plan it belongs to.
    pub plan_id: String,
    /// The audit that raised it.
    pub audit_id: Option<String>,
    /// The case it concerns.
    pub case_id: Option<String>,
    /// The team it concerns.
    pub team_id: Option<String>,
    /// What must be done.
    pub description: String,
    /// Who does it.
    pub owner_id: Option<String>,
    /// By when.
    pub due_on: Date,
    /// `remedial`, `practice_development`, `service_improvement`, `training`.
    pub kind: String,
    /// Related practice standard.
    pub standard_number: Option<i32>,
    /// `open`, `in_progress`, `completed`, `verified`, `cancelled`.
    pub status: String,
    /// Evidence of completion.
    pub evidence: Option<String>,
    /// Impact noted on verification.
    pub impact: Option<String>,
    /// Why cancelled.
    pub cancel_reason: Option<String>,
    /// When completed.
    pub completed_at: Option<PrimitiveDateTime>,
    /// When verified.
    pub verified_at: Option<PrimitiveDateTime>,
    /// Who verified.
    pub verified_by: Option<String>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Updated.
    pub updated_at: PrimitiveDateTime,
    /// Creator.
    pub created_by: Option<String>,
}

impl ActionRow {
    /// Overdue: past its due date and not finished.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.due_on < today && matches!(self.status.as_str(), "open" | "in_progress")
    }
}
