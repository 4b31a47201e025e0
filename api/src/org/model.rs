//! Rows of org units and users.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use crate::db::schema::{org_units, users};

/// An org unit row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = org_units)]
pub struct OrgUnitRow {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// `directorate`, `service` or `team`.
    pub kind: String,
    /// The unit above.
    pub parent_id: Option<String>,
    /// The case management system's reference.
    pub external_ref: Option<String>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Updated.
    pub updated_at: PrimitiveDateTime,
    /// Creator.
    pub created_by: Option<String>,
}

/// A user row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    /// Identifier.
    pub id: String,
    /// Email, lower-case.
    pub email: String,
    /// Name.
    pub display_name: String,
    /// Comma-separated roles.
    pub roles: String,
    /// Org unit.
    pub team_id: Option<String>,
    /// Whether they may sign in.
    pub active: bool,
    /// argon2id PHC string (None for accounts that cannot sign in with a password).
    pub password_hash: Option<String>,
    /// The case management system's reference.
    pub external_ref: Option<String>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Updated.
    pub updated_at: PrimitiveDateTime,
    /// Creator.
    pub created_by: Option<String>,
}
