//! Team upserts by the case management system's references: a team is an org unit of kind
//! `team` under the service the CMS names by its reference. Names need not be unique (the
//! organisation's own rule); the reference is. A team the CMS closes is kept, inactive, with
//! its cases and audits.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;
use utoipa::ToSchema;
use validator::Validate;

use super::{check_external_ref, Upserted};
use crate::access_log::repo::Outcome;
use crate::dates::now_utc;
use crate::db::schema::org_units;
use crate::db::types::UnitId;
use crate::db::{is_unique_violation, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::org::dto::OrgUnitKind;
use crate::org::model::OrgUnitRow;
use crate::org::repo as org_repo;
use crate::service_accounts::ServiceCaller;

/// A team as the case management system holds it.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct TeamUpsert {
    /// The team's name, 1-200 characters.
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub name: String,
    /// The service it sits under, by the service's CMS reference.
    #[schema(min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub service_ref: String,
    /// False when the CMS has closed the team (default true).
    pub active: Option<bool>,
}

/// A team as the integration sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IntegratedTeam {
    /// The team's id here.
    pub id: uuid::Uuid,
    /// The CMS's reference.
    pub external_ref: String,
    /// Name.
    pub name: String,
    /// The service's id.
    pub service_id: Option<uuid::Uuid>,
    /// Whether the team is open.
    pub active: bool,
    /// Version; unchanged when an upsert changed nothing.
    pub version: i32,
    /// When it last changed.
    #[serde(serialize_with = "crate::events::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: PrimitiveDateTime,
}

impl From<&OrgUnitRow> for IntegratedTeam {
    fn from(row: &OrgUnitRow) -> Self {
        Self {
            id: row.id.uuid(),
            external_ref: row.external_ref.clone().unwrap_or_default(),
            name: row.name.clone(),
            service_id: row.parent_id.map(UnitId::uuid),
            active: row.active,
            version: row.version,
            updated_at: row.updated_at,
        }
    }
}

fn unit_by_ref(conn: &mut DbConn, reference: &str) -> QueryResult<Option<OrgUnitRow>> {
    org_units::table
        .filter(org_units::external_ref.eq(reference))
        .select(OrgUnitRow::as_select())
        .first(conn)
        .optional()
}

/// Creates, changes or leaves alone the team the CMS calls `external_ref`, in one
/// transaction; 422 naming each bad field (`service_ref` naming no service), nothing written.
pub fn upsert_team(
    conn: &mut DbConn,
    account: &ServiceCaller,
    external_ref: &str,
    input: &TeamUpsert,
) -> ApiResult<(Upserted, OrgUnitRow)> {
    write_tx(conn, |conn| {
        let mut errors = Vec::new();
        let external_ref = external_ref.trim();
        check_external_ref(external_ref, &mut errors);
        let service = match unit_by_ref(conn, input.service_ref.trim())? {
            Some(unit) if unit.kind == OrgUnitKind::Service => Some(unit.id),
            Some(unit) => {
                errors.push(FieldError::new(
                    "service_ref",
                    format!("must name a service, not a {}", unit.kind),
                ));
                None
            }
            None => {
                errors.push(FieldError::new(
                    "service_ref",
                    "names no service with this reference",
                ));
                None
            }
        };
        let existing = unit_by_ref(conn, external_ref)?;
        if let Some(unit) = existing.as_ref().filter(|u| u.kind != OrgUnitKind::Team) {
            // Services and the directorate are the administrators' to shape, not the CMS's.
            errors.push(FieldError::new(
                "external_ref",
                format!("names a {}, not a team", unit.kind),
            ));
        }
        let Some(service) = service.filter(|_| errors.is_empty()) else {
            return Err(ApiError::Validation(errors));
        };
        let name = input.name.trim().to_string();
        let active = input.active.unwrap_or(true);
        let now = now_utc();
        let (outcome, row) = match existing {
            None => {
                let row = OrgUnitRow {
                    id: UnitId::new(),
                    name,
                    kind: OrgUnitKind::Team,
                    parent_id: Some(service),
                    external_ref: Some(external_ref.to_string()),
                    version: 1,
                    created_at: now,
                    updated_at: now,
                    created_by: None,
                    lead_user_id: None,
                    assistant_director_id: None,
                    active,
                };
                org_repo::insert_unit(conn, &row).map_err(|e| {
                    if is_unique_violation(&e) {
                        // Another request created it first: the caller's retry finds it.
                        ApiError::Raced
                    } else {
                        e.into()
                    }
                })?;
                (Upserted::Created, row)
            }
            Some(row)
                if row.name == name && row.parent_id == Some(service) && row.active == active =>
            {
                (Upserted::Unchanged, row)
            }
            Some(row) => {
                let changed = diesel::update(
                    org_units::table
                        .find(row.id)
                        .filter(org_units::version.eq(row.version)),
                )
                .set((
                    org_units::name.eq(&name),
                    org_units::parent_id.eq(Some(service)),
                    org_units::active.eq(active),
                    org_units::version.eq(row.version + 1),
                    org_units::updated_at.eq(now),
                ))
                .execute(conn)?;
                if changed != 1 {
                    return Err(ApiError::Raced);
                }
                let row = org_repo::find_unit(conn, row.id)?.ok_or(ApiError::Raced)?;
                (Upserted::Changed, row)
            }
        };
        if outcome != Upserted::Unchanged {
            crate::access_log::repo::record(
                conn,
                &[account.access_entry(
                    outcome.action(),
                    "org_unit",
                    Some(row.id.to_string()),
                    Outcome::Allowed,
                    Some(format!("external_ref={external_ref}")),
                )],
            )?;
        }
        Ok((outcome, row))
    })
}
