//! The case row, read and written whole, and what the record policy knows of it.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::dto::{CaseCategory, CaseStatus};
use crate::auth::policy::{CaseRecord, Condition, ScopedTable};
use crate::db::schema::cases;
use crate::db::types::{CaseId, UnitId, UserId};

/// A case row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cases)]
#[diesel(treat_none_as_default_value = false)]
pub struct CaseRow {
    /// Identifier.
    pub id: CaseId,
    /// The CMS person/case id.
    pub external_ref: String,
    /// Initials or pseudonym.
    pub display_name: String,
    /// `YYYY-MM`.
    pub birth_month: Option<String>,
    /// Category of involvement.
    pub category: CaseCategory,
    /// The responsible team.
    pub team_id: UnitId,
    /// The allocated worker.
    pub allocated_worker_id: Option<UserId>,
    /// The case-accountable manager.
    pub case_manager_id: Option<UserId>,
    /// Open or closed.
    pub status: CaseStatus,
    /// When closed.
    pub closed_on: Option<Date>,
    /// Retention class.
    pub retention_class: String,
    /// Legal hold: retention never deletes it.
    pub legal_hold: bool,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Updated.
    pub updated_at: PrimitiveDateTime,
    /// Creator.
    pub created_by: Option<UserId>,
}

/// The fields of a case a change rewrites.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = cases)]
#[diesel(treat_none_as_null = true)]
pub struct CaseChanges {
    /// Initials or pseudonym.
    pub display_name: String,
    /// `YYYY-MM`.
    pub birth_month: Option<String>,
    /// Category.
    pub category: CaseCategory,
    /// The responsible team.
    pub team_id: UnitId,
    /// The allocated worker.
    pub allocated_worker_id: Option<UserId>,
    /// The case-accountable manager.
    pub case_manager_id: Option<UserId>,
    /// Open or closed.
    pub status: CaseStatus,
    /// When closed.
    pub closed_on: Option<Date>,
    /// Retention class.
    pub retention_class: String,
    /// The new version.
    pub version: i32,
    /// Now.
    pub updated_at: PrimitiveDateTime,
}

impl CaseRecord for CaseRow {
    const KIND: &'static str = "case";

    fn record_id(&self) -> uuid::Uuid {
        self.id.uuid()
    }

    fn case_id(&self) -> Option<CaseId> {
        Some(self.id)
    }

    fn team_id(&self) -> Option<UnitId> {
        Some(self.team_id)
    }

    fn participants(&self) -> Vec<UserId> {
        Vec::new()
    }

    fn version(&self) -> i32 {
        self.version
    }
}

impl ScopedTable for cases::table {
    fn team_in(units: Vec<UnitId>) -> Condition<Self> {
        Box::new(crate::db::member_of(cases::team_id, units).nullable())
    }

    fn case_allocated_to(worker: UserId) -> Condition<Self> {
        Box::new(cases::allocated_worker_id.eq(worker))
    }

    fn names(_user: UserId) -> Option<Condition<Self>> {
        None
    }
}
