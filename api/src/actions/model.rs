//! Rows of action plans, actions and safeguarding alerts, read and written whole, and what the
//! record policy knows of an action.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::dto::{ActionKind, ActionStatus, PlanSource, Severity};
use crate::auth::policy::CaseRecord;
use crate::db::schema::{action_plans, actions, safeguarding_alerts};
use crate::db::types::{ActionId, AlertId, AnyId, AuditId, CaseId, PlanId, UnitId, UserId};

/// An action plan row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = action_plans)]
#[diesel(treat_none_as_default_value = false)]
pub struct PlanRow {
    /// Identifier.
    pub id: PlanId,
    /// What the plan answers.
    pub source: PlanSource,
    /// The record it answers (an audit, a theme...).
    pub source_id: Option<AnyId>,
    /// Title.
    pub title: String,
    /// Who owns it.
    pub owner_id: Option<UserId>,
    /// The case, for an audit's plan.
    pub case_id: Option<CaseId>,
    /// The team.
    pub team_id: Option<UnitId>,
    /// `open` or `closed`.
    pub status: String,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Updated.
    pub updated_at: PrimitiveDateTime,
    /// Creator.
    pub created_by: Option<UserId>,
    /// When the plan should be done.
    pub due_on: Option<Date>,
}

/// An action row (also read from JSON: an audit's read gathers its actions in its one query).
#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Deserialize)]
#[diesel(table_name = actions)]
#[diesel(treat_none_as_default_value = false)]
pub struct ActionRow {
    /// Identifier.
    pub id: ActionId,
    /// The plan it belongs to.
    pub plan_id: PlanId,
    /// The audit that raised it.
    pub audit_id: Option<AuditId>,
    /// The case it concerns.
    pub case_id: Option<CaseId>,
    /// The team it concerns.
    pub team_id: Option<UnitId>,
    /// What must be done.
    pub description: String,
    /// Who does it.
    pub owner_id: Option<UserId>,
    /// By when.
    #[serde(deserialize_with = "crate::db::stored::date")]
    pub due_on: Date,
    /// Kind.
    pub kind: ActionKind,
    /// Related practice standard.
    pub standard_number: Option<i32>,
    /// Status.
    pub status: ActionStatus,
    /// Evidence of completion.
    pub evidence: Option<String>,
    /// Impact noted on verification.
    pub impact: Option<String>,
    /// Why cancelled.
    pub cancel_reason: Option<String>,
    /// When completed.
    #[serde(default, deserialize_with = "crate::db::stored::optional_timestamp")]
    pub completed_at: Option<PrimitiveDateTime>,
    /// When verified.
    #[serde(default, deserialize_with = "crate::db::stored::optional_timestamp")]
    pub verified_at: Option<PrimitiveDateTime>,
    /// Who verified.
    pub verified_by: Option<UserId>,
    /// Version.
    pub version: i32,
    /// Created.
    #[serde(deserialize_with = "crate::db::stored::timestamp")]
    pub created_at: PrimitiveDateTime,
    /// Updated.
    #[serde(deserialize_with = "crate::db::stored::timestamp")]
    pub updated_at: PrimitiveDateTime,
    /// Creator.
    pub created_by: Option<UserId>,
}

impl ActionRow {
    /// Overdue: past its due date and not finished.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.due_on < today && self.status.is_active()
    }
}

impl CaseRecord for ActionRow {
    const KIND: &'static str = "action";

    fn record_id(&self) -> uuid::Uuid {
        self.id.uuid()
    }

    fn case_id(&self) -> Option<CaseId> {
        self.case_id
    }

    fn team_id(&self) -> Option<UnitId> {
        self.team_id
    }

    fn participants(&self) -> Vec<UserId> {
        self.owner_id.into_iter().collect()
    }

    fn version(&self) -> i32 {
        self.version
    }
}

crate::scoped_table!(actions {
    team: team_id,
    case: case_id,
    names: [owner_id]
});

/// What one step of an action's life changes; fields left `None` are not touched.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = actions)]
pub struct ActionStep {
    /// The new status.
    pub status: Option<ActionStatus>,
    /// Evidence of completion.
    pub evidence: Option<String>,
    /// When completed.
    pub completed_at: Option<PrimitiveDateTime>,
    /// Impact noted on verification.
    pub impact: Option<String>,
    /// When verified.
    pub verified_at: Option<PrimitiveDateTime>,
    /// Who verified.
    pub verified_by: Option<UserId>,
    /// Why cancelled.
    pub cancel_reason: Option<String>,
    /// The new version.
    pub version: i32,
    /// Now.
    pub updated_at: PrimitiveDateTime,
}

impl ActionStep {
    /// A step that changes nothing but the version and the time.
    pub fn new(version: i32, updated_at: PrimitiveDateTime) -> Self {
        Self {
            status: None,
            evidence: None,
            completed_at: None,
            impact: None,
            verified_at: None,
            verified_by: None,
            cancel_reason: None,
            version,
            updated_at,
        }
    }
}

/// A safeguarding alert row (also read from JSON, as an action row is).
#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Deserialize)]
#[diesel(table_name = safeguarding_alerts)]
pub struct AlertRow {
    /// Identifier.
    pub id: AlertId,
    /// The audit that raised it.
    pub audit_id: AuditId,
    /// The case.
    pub case_id: CaseId,
    /// The concern.
    pub concern: String,
    /// Severity.
    pub severity: Severity,
    /// Raised by.
    pub raised_by: UserId,
    /// When.
    #[serde(deserialize_with = "crate::db::stored::timestamp")]
    pub created_at: PrimitiveDateTime,
}

impl CaseRecord for AlertRow {
    const KIND: &'static str = "alert";

    fn record_id(&self) -> uuid::Uuid {
        self.id.uuid()
    }

    fn case_id(&self) -> Option<CaseId> {
        Some(self.case_id)
    }

    fn team_id(&self) -> Option<UnitId> {
        None
    }

    fn participants(&self) -> Vec<UserId> {
        vec![self.raised_by]
    }

    fn version(&self) -> i32 {
        1
    }
}
