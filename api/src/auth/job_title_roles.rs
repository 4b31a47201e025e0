//! Roles from the case management system's job titles (the integration issue): an
//! administrator maps a CMS job title to a role of this product, and a person the CMS sends for
//! the first time gets the roles of their title. After that their roles are the
//! administrators': a staff upsert never changes an existing person's roles, whatever their
//! title becomes.
//!
//! Only the roles of the case-holding line (`practitioner`, `team_manager`,
//! `head_of_service`): a council's CMS must not be able to make an administrator, a data
//! protection officer or a member of the QA unit, whose roles are given here by name.

use actix_web::{delete, get, post, web, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, PrimitiveDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::caller::SignedIn;
use super::roles::{Role, Roles};
use crate::access_log::{self, AccessEntry};
use crate::dates::{now_utc, to_utc};
use crate::db::schema::job_title_roles;
use crate::db::types::{TokenId, UserId};
use crate::db::{is_unique_violation, write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::JsonBody;
use crate::state::State;

/// The roles a job title may give.
pub const MAPPABLE: [Role; 3] = [Role::Practitioner, Role::TeamManager, Role::HeadOfService];

/// A CMS job title's role.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobTitleRole {
    /// Id.
    pub id: Uuid,
    /// The job title, as the CMS writes it (matched ignoring case and surrounding spaces).
    pub job_title: String,
    /// The role a new person with this title gets.
    pub role: Role,
    /// When it was made.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// Every job title's roles.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobTitleRoleList {
    /// The mappings, by job title and role.
    pub items: Vec<JobTitleRole>,
    /// Always null: the list is short and comes whole.
    pub next_cursor: Option<String>,
}

/// A new job title's role.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewJobTitleRole {
    /// The CMS's job title.
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub job_title: String,
    /// The role: `practitioner`, `team_manager` or `head_of_service`.
    pub role: Role,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = job_title_roles)]
struct Row {
    id: TokenId,
    job_title: String,
    role: String,
    created_at: PrimitiveDateTime,
}

impl Row {
    fn view(self) -> Option<JobTitleRole> {
        Some(JobTitleRole {
            id: self.id.uuid(),
            job_title: self.job_title,
            role: Role::parse(&self.role)?,
            created_at: to_utc(self.created_at),
        })
    }
}

/// How titles are compared: the CMS's exports vary in case and spacing.
fn title_key(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The roles a person new to this product gets for their CMS job title; none when the title
/// is missing or unmapped. Only [`MAPPABLE`] roles, whatever the table holds.
pub fn roles_for(conn: &mut DbConn, job_title: Option<&str>) -> QueryResult<Roles> {
    let Some(key) = job_title.map(title_key).filter(|k| !k.is_empty()) else {
        return Ok(Roles::default());
    };
    let rows: Vec<(String, String)> = job_title_roles::table
        .select((job_title_roles::job_title, job_title_roles::role))
        .load(conn)?;
    let roles: Vec<Role> = rows
        .iter()
        .filter(|(title, _)| title_key(title) == key)
        .filter_map(|(_, role)| Role::parse(role))
        .filter(|role| MAPPABLE.contains(role))
        .collect();
    Ok(Roles::new(&roles))
}

fn log(
    conn: &mut DbConn,
    actor: UserId,
    action: &'static str,
    id: TokenId,
    detail: String,
) -> QueryResult<()> {
    access_log::record(
        conn,
        &[AccessEntry::admin_change(
            &actor.to_string(),
            action,
            "job_title_role",
            &id.to_string(),
            Some(detail),
        )],
    )
}

/// The CMS's job titles and the roles they give people new to this product. Administrators
/// only.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every mapping", body = JobTitleRoleList),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/job-title-roles")]
pub async fn list_job_title_roles(state: State, user: SignedIn) -> ApiResult<HttpResponse> {
    let items = state
        .run(user, |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            let rows: Vec<Row> = job_title_roles::table
                .order((job_title_roles::job_title, job_title_roles::role))
                .select(Row::as_select())
                .load(cx.conn)?;
            Ok(rows.into_iter().filter_map(Row::view).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(JobTitleRoleList {
        items,
        next_cursor: None,
    }))
}

/// Maps a CMS job title to a role: a person the CMS sends for the first time with this title
/// gets it (existing people keep the roles administrators gave them). Only `practitioner`,
/// `team_manager` or `head_of_service` (422 on `role`). Administrators only; logged.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    request_body = NewJobTitleRole,
    responses(
        (status = 201, description = "Mapped", body = JobTitleRole, headers(("Location" = String))),
        (status = 400, description = "Malformed JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The title already gives that role", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A missing title, or a role a job title may not give", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/job-title-roles")]
pub async fn create_job_title_role(
    state: State,
    user: SignedIn,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let mapping = state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            let input: NewJobTitleRole = body.parse()?;
            let job_title = input
                .job_title
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let mut errors = Vec::new();
            if job_title.is_empty() {
                errors.push(FieldError::new("job_title", "is required"));
            }
            if !MAPPABLE.contains(&input.role) {
                errors.push(FieldError::new(
                    "role",
                    "a job title may give only practitioner, team_manager or head_of_service: \
                     administrators, data protection officers and the QA unit are given their \
                     roles by name",
                ));
            }
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            let actor = cx.caller.user_id;
            write_tx(cx.conn, |conn| {
                // Titles match ignoring case, so "Social Worker" and "social worker" are one.
                let existing: Vec<String> = job_title_roles::table
                    .filter(job_title_roles::role.eq(input.role.as_str()))
                    .select(job_title_roles::job_title)
                    .load(conn)?;
                let taken = || ApiError::conflict("That job title already gives that role.");
                if existing
                    .iter()
                    .any(|t| title_key(t) == title_key(&job_title))
                {
                    return Err(taken());
                }
                let id = TokenId::new();
                let now = now_utc();
                let inserted = diesel::insert_into(job_title_roles::table)
                    .values((
                        job_title_roles::id.eq(id),
                        job_title_roles::job_title.eq(&job_title),
                        job_title_roles::role.eq(input.role.as_str()),
                        job_title_roles::created_at.eq(now),
                        job_title_roles::created_by.eq(Some(actor)),
                    ))
                    .execute(conn);
                match inserted {
                    Err(e) if is_unique_violation(&e) => return Err(taken()),
                    other => other?,
                };
                log(
                    conn,
                    actor,
                    "create",
                    id,
                    format!("{job_title} -> {}", input.role.as_str()),
                )?;
                Ok(JobTitleRole {
                    id: id.uuid(),
                    job_title: job_title.clone(),
                    role: input.role,
                    created_at: to_utc(now),
                })
            })
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/job-title-roles/{}", mapping.id),
        ))
        .json(mapping))
}

/// Removes a mapping: people already given its role keep it (an administrator changes that on
/// the account). Administrators only; logged.
#[utoipa::path(
    tag = "organisation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Mapping id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such mapping", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[delete("/api/v1/job-title-roles/{id}")]
pub async fn delete_job_title_role(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = TokenId::from(id.into_inner());
    state
        .run(user, move |cx| {
            cx.caller.require_any(&[Role::Admin])?;
            let actor = cx.caller.user_id;
            write_tx(cx.conn, |conn| {
                let row = job_title_roles::table
                    .find(id)
                    .select(Row::as_select())
                    .first(conn)
                    .optional()?
                    .ok_or(ApiError::NotFound)?;
                diesel::delete(job_title_roles::table.find(id)).execute(conn)?;
                log(
                    conn,
                    actor,
                    "delete",
                    id,
                    format!("{} -> {}", row.job_title, row.role),
                )?;
                Ok(())
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
