//! The case row.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use crate::auth::policy::CaseOwnership;
use crate::db::schema::cases;

/// A case row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cases)]
pub struct CaseRow {
    /// Identifier.
    pub id: String,
    /// The CMS person/case id.
    pub external_ref: String,
    /// Initials or pseudonym.
    pub display_name: String,
    /// `YYYY-MM`.
    pub birth_month: Option<String>,
    /// Category of involvement.
    pub category: String,
    /// The responsible team.
    pub team_id: String,
    /// The allocated worker.
    pub allocated_worker_id: Option<String>,
    /// The case-accountable manager.
    pub case_manager_id: Option<String>,
    /// `open` or `closed`.
    pub status: String,
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
    pub created_by: Option<String>,
}

impl CaseRow {
    /// The fields the scope policy looks at.
    pub fn ownership(&self) -> CaseOwnership<'_> {
        CaseOwnership {
            team_id: &self.team_id,
            allocated_worker_id: self.allocated_worker_id.as_deref(),
        }
    }
}
