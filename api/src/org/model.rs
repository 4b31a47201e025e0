//! Rows of org units and users, read and written whole.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::dto::OrgUnitKind;
use crate::auth::roles::Roles;
use crate::db::schema::{org_units, users};
use crate::db::types::{UnitId, UserId};

/// An org unit row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = org_units)]
#[diesel(treat_none_as_default_value = false)]
pub struct OrgUnitRow {
    /// Identifier.
    pub id: UnitId,
    /// Name.
    pub name: String,
    /// `directorate`, `service` or `team`.
    pub kind: OrgUnitKind,
    /// The unit above.
    pub parent_id: Option<UnitId>,
    /// The case management system's reference.
    pub external_ref: Option<String>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Updated.
    pub updated_at: PrimitiveDateTime,
    /// Creator.
    pub created_by: Option<UserId>,
    /// Who leads it: a service's head of service, the directorate's director (the holders of
    /// dispute resolution stages 2 and 4).
    pub lead_user_id: Option<UserId>,
    /// A service's assistant director (dispute resolution stage 3).
    pub assistant_director_id: Option<UserId>,
    /// False for a team the case management system has closed: kept with its cases and
    /// audits, for the record.
    pub active: bool,
}

/// The fields of an org unit a change rewrites.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = org_units)]
#[diesel(treat_none_as_null = true)]
pub struct UnitChanges {
    /// Name.
    pub name: String,
    /// The unit above.
    pub parent_id: Option<UnitId>,
    /// Who leads it.
    pub lead_user_id: Option<UserId>,
    /// A service's assistant director.
    pub assistant_director_id: Option<UserId>,
    /// The case management system's reference.
    pub external_ref: Option<String>,
    /// The new version.
    pub version: i32,
    /// Now.
    pub updated_at: PrimitiveDateTime,
}

/// A user row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
#[diesel(treat_none_as_default_value = false)]
pub struct UserRow {
    /// Identifier.
    pub id: UserId,
    /// Email, lower-case.
    pub email: String,
    /// Name.
    pub display_name: String,
    /// Roles.
    pub roles: Roles,
    /// Org unit.
    pub team_id: Option<UnitId>,
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
    pub created_by: Option<UserId>,
    /// Whether the password was set by someone else and must be changed at the next sign-in.
    pub must_change_password: bool,
    /// Access tokens issued before this are refused.
    pub sessions_revoked_at: Option<PrimitiveDateTime>,
}

/// The fields of a user a change rewrites.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = users)]
#[diesel(treat_none_as_null = true)]
pub struct UserChanges {
    /// Name.
    pub display_name: String,
    /// Roles.
    pub roles: Roles,
    /// Org unit.
    pub team_id: Option<UnitId>,
    /// Whether they may sign in.
    pub active: bool,
    /// The new version.
    pub version: i32,
    /// Now.
    pub updated_at: PrimitiveDateTime,
}

/// A new password hash.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = users)]
pub struct PasswordChanges {
    /// argon2id PHC string.
    pub password_hash: Option<String>,
    /// Whether its owner must change it at their next sign-in (someone else chose it).
    pub must_change_password: bool,
    /// The new version.
    pub version: i32,
    /// Now.
    pub updated_at: PrimitiveDateTime,
}
