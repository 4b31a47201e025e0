//! Upserts by the case management system's references (the integration issue): the CMS keeps
//! the registry of cases in step by sending each case as it stands, keyed by its own
//! reference, as often as it likes. The same case sent twice changes nothing (200, the same
//! `version`); a new one is created (201); a changed one is rewritten by a conditional update.
//! The people and team a case names are the CMS's references too, checked as the cases
//! registry checks them: a worker or manager must cover the case's team, also after a transfer.

pub mod batch;
pub mod handlers;
pub mod staff;
pub mod teams;

use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use time::{Date, PrimitiveDateTime};
use utoipa::ToSchema;
use validator::Validate;

use crate::access_log::repo::{AccessEntry, Outcome};
use crate::auth::policy::check_named_person;
use crate::cases::dto::{CaseCategory, CaseStatus};
use crate::cases::model::{CaseChanges, CaseRow};
use crate::cases::repo as case_repo;
use crate::dates::{london_today, now_utc, parse_date};
use crate::db::schema::{org_units, users};
use crate::db::types::{CaseId, UnitId, UserId};
use crate::db::{is_unique_violation, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service_accounts::ServiceCaller;

/// A case as the case management system holds it.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CaseUpsert {
    /// Initials or pseudonym.
    #[schema(min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub display_name: String,
    /// Month of birth, `YYYY-MM`.
    #[schema(pattern = "^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])$")]
    #[validate(custom(function = "crate::cases::dto::valid_birth_month"))]
    pub birth_month: Option<String>,
    /// Category.
    pub category: CaseCategory,
    /// The responsible team, by its CMS reference.
    #[schema(min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub team_ref: String,
    /// The allocated worker, by their CMS reference.
    pub allocated_worker_ref: Option<String>,
    /// The case-accountable manager, by their CMS reference.
    pub case_manager_ref: Option<String>,
    /// `open` (the default) or `closed`.
    pub status: Option<CaseStatus>,
    /// When it closed (default: today, for a closed case).
    #[schema(value_type = Option<String>, format = Date)]
    pub closed_on: Option<String>,
}

/// A case as the integration sees it: ids and the CMS's references.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IntegratedCase {
    /// The case's id here.
    pub id: uuid::Uuid,
    /// The CMS's reference.
    pub external_ref: String,
    /// Initials or pseudonym.
    pub display_name: String,
    /// Month of birth.
    pub birth_month: Option<String>,
    /// Category.
    pub category: CaseCategory,
    /// The team's id.
    pub team_id: uuid::Uuid,
    /// The allocated worker's id.
    pub allocated_worker_id: Option<uuid::Uuid>,
    /// The case-accountable manager's id.
    pub case_manager_id: Option<uuid::Uuid>,
    /// Open or closed.
    pub status: CaseStatus,
    /// When it closed.
    #[schema(value_type = Option<String>, format = Date)]
    pub closed_on: Option<String>,
    /// Version; unchanged when an upsert changed nothing.
    pub version: i32,
    /// When it last changed.
    #[serde(serialize_with = "crate::events::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: PrimitiveDateTime,
}

impl From<&CaseRow> for IntegratedCase {
    fn from(row: &CaseRow) -> Self {
        Self {
            id: row.id.uuid(),
            external_ref: row.external_ref.clone(),
            display_name: row.display_name.clone(),
            birth_month: row.birth_month.clone(),
            category: row.category,
            team_id: row.team_id.uuid(),
            allocated_worker_id: row.allocated_worker_id.map(UserId::uuid),
            case_manager_id: row.case_manager_id.map(UserId::uuid),
            status: row.status,
            closed_on: row.closed_on.map(crate::dates::format_date),
            version: row.version,
            updated_at: row.updated_at,
        }
    }
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    /// A new record (201).
    Created,
    /// An existing record rewritten (200, a new version).
    Changed,
    /// The same record again (200, the same version).
    Unchanged,
}

impl Upserted {
    /// The access log's action for a write (an unchanged record is not written or logged).
    pub fn action(self) -> &'static str {
        match self {
            Self::Created => "create",
            Self::Changed | Self::Unchanged => "update",
        }
    }

    /// The HTTP status a single upsert answers with.
    pub fn status(self) -> u16 {
        match self {
            Self::Created => 201,
            Self::Changed | Self::Unchanged => 200,
        }
    }

    /// The word a batch's result uses.
    pub fn word(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Changed => "changed",
            Self::Unchanged => "unchanged",
        }
    }
}

/// The CMS's reference of the record itself: 1 to 100 characters.
pub(crate) fn check_external_ref(external_ref: &str, errors: &mut Vec<FieldError>) {
    if external_ref.is_empty() || external_ref.chars().count() > 100 {
        errors.push(FieldError::new(
            "external_ref",
            "must be 1 to 100 characters",
        ));
    }
}

fn team_by_ref(conn: &mut DbConn, reference: &str) -> QueryResult<Option<UnitId>> {
    org_units::table
        .filter(org_units::external_ref.eq(reference))
        .filter(org_units::kind.eq("team"))
        .select(org_units::id)
        .first(conn)
        .optional()
}

fn person_by_ref(conn: &mut DbConn, reference: &str) -> QueryResult<Option<UserId>> {
    users::table
        .filter(users::external_ref.eq(reference))
        .filter(users::active.eq(true))
        .select(users::id)
        .first(conn)
        .optional()
}

/// A person named by reference, who must cover the case's team.
fn named_person(
    conn: &mut DbConn,
    field: &str,
    reference: Option<&str>,
    team: Option<UnitId>,
    errors: &mut Vec<FieldError>,
) -> QueryResult<Option<UserId>> {
    let Some(reference) = reference.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let Some(person) = person_by_ref(conn, reference)? else {
        errors.push(FieldError::new(
            field,
            "names no active member of staff with this reference",
        ));
        return Ok(None);
    };
    if let Some(team) = team {
        check_named_person(conn, field, person, team, errors)?;
    }
    Ok(Some(person))
}

/// Creates, changes or leaves alone the case the CMS calls `external_ref`, in one
/// transaction; 422 naming each bad field, and nothing written.
pub fn upsert_case(
    conn: &mut DbConn,
    account: &ServiceCaller,
    external_ref: &str,
    input: &CaseUpsert,
) -> ApiResult<(Upserted, CaseRow)> {
    write_tx(conn, |conn| {
        let mut errors = Vec::new();
        let external_ref = external_ref.trim();
        check_external_ref(external_ref, &mut errors);
        let team = team_by_ref(conn, input.team_ref.trim())?;
        if team.is_none() {
            errors.push(FieldError::new(
                "team_ref",
                "names no team with this reference",
            ));
        }
        let worker = named_person(
            conn,
            "allocated_worker_ref",
            input.allocated_worker_ref.as_deref(),
            team,
            &mut errors,
        )?;
        let manager = named_person(
            conn,
            "case_manager_ref",
            input.case_manager_ref.as_deref(),
            team,
            &mut errors,
        )?;
        let status = input.status.unwrap_or(CaseStatus::Open);
        let closed_on: Option<Date> = match (&input.closed_on, status) {
            (_, CaseStatus::Open) => None,
            (Some(text), CaseStatus::Closed) => match parse_date(text) {
                Ok(day) => Some(day),
                Err(message) => {
                    errors.push(FieldError::new("closed_on", message));
                    None
                }
            },
            (None, CaseStatus::Closed) => Some(london_today()),
        };
        let Some(team) = team.filter(|_| errors.is_empty()) else {
            return Err(ApiError::Validation(errors));
        };
        let display_name = input.display_name.trim().to_string();
        let now = now_utc();
        let existing = case_repo::find_by_external_ref(conn, external_ref)?;
        let (outcome, row) = match existing {
            None => {
                let row = CaseRow {
                    id: CaseId::new(),
                    external_ref: external_ref.to_string(),
                    display_name,
                    birth_month: input.birth_month.clone(),
                    category: input.category,
                    team_id: team,
                    allocated_worker_id: worker,
                    case_manager_id: manager,
                    status,
                    closed_on,
                    retention_class: "standard".into(),
                    legal_hold: false,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                    created_by: None,
                };
                case_repo::insert(conn, &row).map_err(|e| {
                    if is_unique_violation(&e) {
                        // Another request created it first: the caller's retry finds it.
                        ApiError::Raced
                    } else {
                        e.into()
                    }
                })?;
                (Upserted::Created, row)
            }
            Some(row) => {
                // A closed case sent again without a closing date keeps the one it has.
                let closed_on = match (status, input.closed_on.is_some()) {
                    (CaseStatus::Closed, false) => row.closed_on.or(closed_on),
                    _ => closed_on,
                };
                let same = row.display_name == display_name
                    && row.birth_month == input.birth_month
                    && row.category == input.category
                    && row.team_id == team
                    && row.allocated_worker_id == worker
                    && row.case_manager_id == manager
                    && row.status == status
                    && row.closed_on == closed_on;
                if same {
                    (Upserted::Unchanged, row)
                } else {
                    let changes = CaseChanges {
                        display_name,
                        birth_month: input.birth_month.clone(),
                        category: input.category,
                        team_id: team,
                        allocated_worker_id: worker,
                        case_manager_id: manager,
                        status,
                        closed_on,
                        retention_class: row.retention_class.clone(),
                        version: row.version + 1,
                        updated_at: now,
                    };
                    if !case_repo::update(conn, row.id, row.version, &changes)? {
                        return Err(ApiError::Raced);
                    }
                    let row = case_repo::find(conn, row.id)?.ok_or(ApiError::Raced)?;
                    (Upserted::Changed, row)
                }
            }
        };
        if outcome != Upserted::Unchanged {
            crate::access_log::repo::record(
                conn,
                &[AccessEntry {
                    case_id: Some(row.id.to_string()),
                    ..account.access_entry(
                        outcome.action(),
                        "case",
                        Some(row.id.to_string()),
                        Outcome::Allowed,
                        Some(format!("external_ref={external_ref}")),
                    )
                }],
            )?;
        }
        Ok((outcome, row))
    })
}
