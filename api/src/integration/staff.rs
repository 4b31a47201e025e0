//! Staff upserts by the case management system's references. The CMS keeps who people are
//! (email, name), where they work and whether they still do; their roles are the
//! administrators'. A person new to this product gets the roles an administrator mapped to
//! their CMS job title ([`crate::auth::job_title_roles`]), or none; an existing person's roles
//! are never changed by an upsert. A leaver (`active: false`) is deactivated, every session of
//! theirs ends, and the answer lists the actions they still own so the council can reassign
//! them.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use time::{Date, PrimitiveDateTime};
use utoipa::ToSchema;
use validator::Validate;

use super::{check_external_ref, Upserted};
use crate::access_log::repo::Outcome;
use crate::actions::dto::{ActionKind, ActionStatus};
use crate::auth::job_title_roles;
use crate::auth::roles::{encode_roles, Role};
use crate::auth::service::end_all_sessions;
use crate::dates::now_utc;
use crate::db::schema::{actions, org_units, users};
use crate::db::types::{ActionId, PlanId, UnitId, UserId};
use crate::db::{is_unique_violation, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::org::model::UserRow;
use crate::org::repo as org_repo;
use crate::service_accounts::ServiceCaller;

/// A member of staff as the case management system holds them.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct StaffUpsert {
    /// Email, used to sign in; unique among people.
    #[schema(max_length = 254)]
    #[validate(email, length(max = 254))]
    pub email: String,
    /// Name shown to others, 1-200 characters.
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub display_name: String,
    /// Their team (or, for a head of service, service), by its CMS reference.
    #[schema(min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub team_ref: String,
    /// Their CMS job title: read only when the person is new here, for the roles an
    /// administrator mapped to it.
    #[schema(max_length = 200)]
    #[validate(length(max = 200))]
    pub job_title: Option<String>,
    /// False for a leaver (default true).
    pub active: Option<bool>,
}

/// An action a person still owns (open or under way): ids and dates only, since an action's
/// description is narrative, which service accounts never read.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OpenAction {
    /// The action's id.
    pub id: uuid::Uuid,
    /// Its action plan's id.
    pub plan_id: uuid::Uuid,
    /// The kind of action.
    pub kind: ActionKind,
    /// Open or in progress.
    pub status: ActionStatus,
    /// When it is due.
    #[schema(value_type = String, format = Date)]
    #[serde(serialize_with = "serialize_date")]
    pub due_on: Date,
}

fn serialize_date<S: serde::Serializer>(day: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::dates::format_date(*day))
}

/// A member of staff as the integration sees them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IntegratedStaff {
    /// Their id here.
    pub id: uuid::Uuid,
    /// The CMS's reference.
    pub external_ref: String,
    /// Email, lower-case.
    pub email: String,
    /// Name.
    pub display_name: String,
    /// Their org unit's id.
    pub team_id: Option<uuid::Uuid>,
    /// Their roles, as administrators (or, for a new person, the job-title mapping) gave them.
    pub roles: Vec<Role>,
    /// Whether they may sign in.
    pub active: bool,
    /// The actions they own that are open or under way, soonest due first: for a leaver,
    /// the ones to reassign.
    pub open_actions: Vec<OpenAction>,
    /// Version; unchanged when an upsert changed nothing.
    pub version: i32,
    /// When it last changed.
    #[serde(serialize_with = "crate::events::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: PrimitiveDateTime,
}

/// An owned action's id, plan, kind, status and due date.
type Owned = (ActionId, PlanId, ActionKind, ActionStatus, Date);

impl IntegratedStaff {
    /// The person and the actions they still own.
    pub fn load(conn: &mut DbConn, row: &UserRow) -> ApiResult<Self> {
        let owned: Vec<Owned> = actions::table
            .filter(actions::owner_id.eq(row.id))
            .filter(actions::status.eq_any(vec![ActionStatus::Open, ActionStatus::InProgress]))
            .order((actions::due_on, actions::id))
            .select((
                actions::id,
                actions::plan_id,
                actions::kind,
                actions::status,
                actions::due_on,
            ))
            .load(conn)?;
        Ok(Self {
            id: row.id.uuid(),
            external_ref: row.external_ref.clone().unwrap_or_default(),
            email: row.email.clone(),
            display_name: row.display_name.clone(),
            team_id: row.team_id.map(UnitId::uuid),
            roles: row.roles.0.clone(),
            active: row.active,
            open_actions: owned
                .into_iter()
                .map(|(id, plan_id, kind, status, due_on)| OpenAction {
                    id: id.uuid(),
                    plan_id: plan_id.uuid(),
                    kind,
                    status,
                    due_on,
                })
                .collect(),
            version: row.version,
            updated_at: row.updated_at,
        })
    }
}

fn person_by_ref(conn: &mut DbConn, reference: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::external_ref.eq(reference))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// Creates, changes or leaves alone the member of staff the CMS calls `external_ref`, in one
/// transaction; 422 naming each bad field, nothing written. A new person gets the roles their
/// job title is mapped to, and none when it is not mapped (they can sign in, see nothing, and
/// an administrator gives them roles); an existing person's roles are left as they are.
/// Deactivating ends every session of theirs, as an administrator's password reset does.
pub fn upsert_staff(
    conn: &mut DbConn,
    account: &ServiceCaller,
    external_ref: &str,
    input: &StaffUpsert,
) -> ApiResult<(Upserted, UserRow)> {
    write_tx(conn, |conn| {
        let mut errors = Vec::new();
        let external_ref = external_ref.trim();
        check_external_ref(external_ref, &mut errors);
        let email = input.email.trim().to_lowercase();
        let team: Option<UnitId> = org_units::table
            .filter(org_units::external_ref.eq(input.team_ref.trim()))
            .select(org_units::id)
            .first(conn)
            .optional()?;
        if team.is_none() {
            errors.push(FieldError::new(
                "team_ref",
                "names no team or service with this reference",
            ));
        }
        let existing = person_by_ref(conn, external_ref)?;
        if let Some(other) = org_repo::find_user_by_email(conn, &email)? {
            if existing.as_ref().map(|p| p.id) != Some(other.id) {
                errors.push(FieldError::new(
                    "email",
                    "is already in use by another account",
                ));
            }
        }
        let Some(team) = team.filter(|_| errors.is_empty()) else {
            return Err(ApiError::Validation(errors));
        };
        let display_name = input.display_name.trim().to_string();
        let active = input.active.unwrap_or(true);
        let now = now_utc();
        // An email or reference taken by a request that committed first: the caller's retry
        // reads it and answers 422 (email) or updates (reference).
        let raced = |e: diesel::result::Error| {
            if is_unique_violation(&e) {
                ApiError::Raced
            } else {
                e.into()
            }
        };
        let (outcome, row, detail) = match existing {
            None => {
                let roles = job_title_roles::roles_for(conn, input.job_title.as_deref())?;
                let detail = format!(
                    "external_ref={external_ref}, roles={}, active={active}",
                    encode_roles(&roles.0)
                );
                let row = UserRow {
                    id: UserId::new(),
                    email,
                    display_name,
                    roles,
                    team_id: Some(team),
                    active,
                    // They sign in through the council's identity provider, or an
                    // administrator sets a password.
                    password_hash: None,
                    external_ref: Some(external_ref.to_string()),
                    version: 1,
                    created_at: now,
                    updated_at: now,
                    created_by: None,
                    must_change_password: false,
                    sessions_revoked_at: None,
                };
                org_repo::insert_user(conn, &row).map_err(raced)?;
                (Upserted::Created, row, detail)
            }
            Some(row)
                if row.email == email
                    && row.display_name == display_name
                    && row.team_id == Some(team)
                    && row.active == active =>
            {
                (Upserted::Unchanged, row, String::new())
            }
            Some(row) => {
                let changed = diesel::update(
                    users::table
                        .find(row.id)
                        .filter(users::version.eq(row.version)),
                )
                .set((
                    users::email.eq(&email),
                    users::display_name.eq(&display_name),
                    users::team_id.eq(Some(team)),
                    users::active.eq(active),
                    users::version.eq(row.version + 1),
                    users::updated_at.eq(now),
                ))
                .execute(conn)
                .map_err(raced)?;
                if changed != 1 {
                    return Err(ApiError::Raced);
                }
                let mut detail = format!("external_ref={external_ref}");
                if row.active != active {
                    detail.push_str(&format!(", active={active}"));
                }
                if row.active && !active {
                    end_all_sessions(conn, row.id)?;
                }
                let row = org_repo::find_user(conn, row.id)?.ok_or(ApiError::Raced)?;
                (Upserted::Changed, row, detail)
            }
        };
        if outcome != Upserted::Unchanged {
            crate::access_log::repo::record(
                conn,
                &[account.access_entry(
                    outcome.action(),
                    "user",
                    Some(row.id.to_string()),
                    Outcome::Allowed,
                    Some(detail),
                )],
            )?;
        }
        Ok((outcome, row))
    })
}
