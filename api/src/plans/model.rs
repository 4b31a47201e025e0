//! Plan, measure and reading rows, and what the record policy knows of a plan.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::dto::MeasureMethod;
use crate::actions::model::PlanRow;
use crate::auth::policy::CaseRecord;
use crate::db::schema::{action_plans, measure_readings, plan_measures};
use crate::db::types::{ActionId, CaseId, MeasureId, PlanId, ReadingId, UnitId, UserId};

impl CaseRecord for PlanRow {
    const KIND: &'static str = "action_plan";

    fn record_id(&self) -> uuid::Uuid {
        self.id.uuid()
    }

    fn case_id(&self) -> Option<CaseId> {
        self.case_id
    }

    /// The unit whose managers see it: its team, or its service for a service-wide plan.
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

crate::scoped_table!(action_plans {
    team: team_id,
    case: case_id,
    names: [owner_id]
});

/// What a change of a plan rewrites.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = action_plans)]
#[diesel(treat_none_as_null = true)]
pub struct PlanChanges {
    /// Title.
    pub title: String,
    /// Owner.
    pub owner_id: Option<UserId>,
    /// Due.
    pub due_on: Option<Date>,
    /// `open` or `closed`.
    pub status: String,
    /// The new version.
    pub version: i32,
    /// Now.
    pub updated_at: PrimitiveDateTime,
}

/// A measure of a plan.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = plan_measures)]
#[diesel(treat_none_as_default_value = false)]
pub struct MeasureRow {
    /// Identifier.
    pub id: MeasureId,
    /// The plan.
    pub plan_id: PlanId,
    /// What is measured.
    pub description: String,
    /// The practice standard.
    pub standard_number: Option<i32>,
    /// How it is measured.
    pub method: MeasureMethod,
    /// Where it started.
    pub baseline_value: f64,
    /// When.
    pub baseline_on: Date,
    /// Where it should get to.
    pub target_value: f64,
    /// By when.
    pub target_on: Date,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Creator.
    pub created_by: Option<UserId>,
}

/// A dated reading of a measure.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = measure_readings)]
#[diesel(treat_none_as_default_value = false)]
pub struct ReadingRow {
    /// Identifier.
    pub id: ReadingId,
    /// The measure.
    pub measure_id: MeasureId,
    /// The value.
    pub value: f64,
    /// The day it describes.
    pub read_on: Date,
    /// A note.
    pub note: Option<String>,
    /// The verified action that recorded it.
    pub action_id: Option<ActionId>,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Creator.
    pub created_by: Option<UserId>,
}
