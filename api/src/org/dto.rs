//! Org units and users as the API shows them.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::model::{OrgUnitRow, UserRow};
use crate::auth::roles::Role;
use crate::dates::to_utc;
use crate::db::types::{UnitId, UserId};
use crate::extract::Patch;

crate::text_enum! {
    /// The level of an org unit.
    pub enum OrgUnitKind {
        /// The top: children's services.
        Directorate = "directorate",
        /// A service under the directorate.
        Service = "service",
        /// A team under a service.
        Team = "team",
    }
}

impl OrgUnitKind {
    /// The kind its parent must be, if it has one.
    pub fn parent_kind(self) -> Option<Self> {
        match self {
            Self::Directorate => None,
            Self::Service => Some(Self::Directorate),
            Self::Team => Some(Self::Service),
        }
    }
}

/// An org unit.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgUnit {
    /// Identifier.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Level in the tree.
    pub kind: OrgUnitKind,
    /// The unit above (null for a directorate).
    pub parent_id: Option<Uuid>,
    /// The case management system's reference, if it manages this unit.
    pub external_ref: Option<String>,
    /// Who leads it: a service's head of service (dispute resolution stage 2), the
    /// directorate's director (stage 4).
    pub lead_user_id: Option<Uuid>,
    /// A service's assistant director, a senior leader (dispute resolution stage 3).
    pub assistant_director_id: Option<Uuid>,
    /// False for a team the case management system has closed (kept for the record).
    pub active: bool,
    /// Version, also the `ETag`.
    pub version: i32,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<OrgUnitRow> for OrgUnit {
    fn from(row: OrgUnitRow) -> Self {
        Self {
            id: row.id.uuid(),
            name: row.name,
            kind: row.kind,
            parent_id: row.parent_id.map(UnitId::uuid),
            external_ref: row.external_ref,
            lead_user_id: row.lead_user_id.map(UserId::uuid),
            assistant_director_id: row.assistant_director_id.map(UserId::uuid),
            active: row.active,
            version: row.version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
        }
    }
}

/// A page of org units.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgUnitPage {
    /// The units.
    pub items: Vec<OrgUnit>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    /// Pass as `cursor` for the previous page; null on the first.
    pub prev_cursor: Option<String>,
    /// How many the whole list holds, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

/// A new org unit.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewOrgUnit {
    /// Name, 1-200 characters.
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub name: String,
    /// Level: a service sits under a directorate, a team under a service.
    pub kind: OrgUnitKind,
    /// The unit above (required for services and teams).
    pub parent_id: Option<Uuid>,
}

/// Changes to an org unit (JSON merge patch).
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
pub struct OrgUnitPatch {
    /// New name.
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub name: Option<String>,
    /// New parent, of the kind the unit's level needs.
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub parent_id: Patch<Uuid>,
    /// Who leads it: for a service an active head of service, for the directorate an active
    /// senior leader (the director); `null` clears it.
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub lead_user_id: Patch<Uuid>,
    /// A service's assistant director: an active senior leader; `null` clears it.
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub assistant_director_id: Patch<Uuid>,
    /// The case management system's reference, unique: its team upserts name a service by it
    /// (`service_ref`), its staff and case upserts a team (`team_ref`); `null` clears it.
    #[serde(default)]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub external_ref: Patch<String>,
}

/// A user account.
#[derive(Debug, Serialize, ToSchema)]
pub struct User {
    /// Identifier.
    pub id: Uuid,
    /// Email (sign-in name), lower-case.
    pub email: String,
    /// Name shown to others.
    pub display_name: String,
    /// Roles held.
    pub roles: Vec<Role>,
    /// Their org unit.
    pub team_id: Option<Uuid>,
    /// Whether they may sign in.
    pub active: bool,
    /// The case management system's reference, if it manages this account.
    pub external_ref: Option<String>,
    /// Version, also the `ETag`.
    pub version: i32,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        Self {
            id: row.id.uuid(),
            email: row.email,
            display_name: row.display_name,
            roles: row.roles.0,
            team_id: row.team_id.map(UnitId::uuid),
            active: row.active,
            external_ref: row.external_ref,
            version: row.version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
        }
    }
}

/// A page of users.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserPage {
    /// The users.
    pub items: Vec<User>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    /// Pass as `cursor` for the previous page; null on the first.
    pub prev_cursor: Option<String>,
    /// How many the whole list holds, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

/// A new user.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewUser {
    /// Email, used to sign in.
    #[schema(max_length = 254)]
    #[validate(email, length(max = 254))]
    pub email: String,
    /// Name shown to others, 1-200 characters.
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub display_name: String,
    /// At least one role.
    #[schema(min_items = 1)]
    #[validate(length(min = 1, message = "must name at least one role"))]
    pub roles: Vec<Role>,
    /// Their org unit.
    pub team_id: Option<Uuid>,
    /// At least 12 characters and not a commonly leaked password.
    #[schema(min_length = 12, max_length = 256)]
    #[validate(custom(function = "crate::auth::password::validate_password"))]
    pub password: String,
}

/// Changes to a user (JSON merge patch).
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
pub struct UserPatch {
    /// New name.
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub display_name: Option<String>,
    /// New roles (replaces the old set).
    #[schema(min_items = 1)]
    #[validate(length(min = 1, message = "must name at least one role"))]
    pub roles: Option<Vec<Role>>,
    /// New org unit, or null for none.
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub team_id: Patch<Uuid>,
    /// False to deactivate (takes effect on the user's next request).
    pub active: Option<bool>,
}

/// A new password.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct PasswordChange {
    /// At least 12 characters and not a commonly leaked password.
    #[schema(min_length = 12, max_length = 256)]
    #[validate(custom(function = "crate::auth::password::validate_password"))]
    pub password: String,
}

/// A member of staff as colleagues see them: a name and a team, no account details.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffMember {
    /// User id.
    pub id: Uuid,
    /// Name.
    pub display_name: String,
    /// Their org unit.
    pub team_id: Option<Uuid>,
    /// Their roles.
    pub roles: Vec<Role>,
}

impl From<UserRow> for StaffMember {
    fn from(row: UserRow) -> Self {
        Self {
            id: row.id.uuid(),
            display_name: row.display_name,
            team_id: row.team_id.map(UnitId::uuid),
            roles: row.roles.0,
        }
    }
}

/// A page of staff.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffPage {
    /// Active staff in id order.
    pub items: Vec<StaffMember>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    /// Pass as `cursor` for the previous page; null on the first.
    pub prev_cursor: Option<String>,
    /// How many the whole list holds, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}
