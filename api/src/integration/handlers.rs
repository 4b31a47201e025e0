//! The case management system's upserts: `PUT` of one case, member of staff or team by its
//! reference, and `POST ...:batch` of up to 1,000.

use actix_web::{post, put, web, HttpResponse};

use super::batch::{self, BatchAnswer, ItemDone, RawBatch};
use super::staff::{upsert_staff, IntegratedStaff, StaffUpsert};
use super::teams::{upsert_team, IntegratedTeam, TeamUpsert};
use super::{upsert_case, CaseUpsert, IntegratedCase, Upserted};
use crate::error::{retry_races, ApiResult};
use crate::extract::JsonBody;
use crate::respond::{created, versioned};
use crate::service_accounts::ServiceCaller;
use crate::state::State;

/// Creates or updates a case by the CMS's reference: 201 when new, 200 when changed (a new
/// `version`), 200 with the same `version` and body when nothing changed. People and the team
/// are named by their CMS references; a worker or manager who does not cover the team (also
/// after a transfer) is refused with 422 naming the field. Service accounts with `cases:write`.
#[utoipa::path(
    tag = "integration",
    security(("service_token" = ["cases:write"])),
    params(("external_ref" = String, Path, description = "The CMS's reference for the case")),
    request_body = CaseUpsert,
    responses(
        (status = 200, description = "Changed, or nothing to change", body = IntegratedCase, headers(("ETag" = String))),
        (status = 201, description = "Created", body = IntegratedCase, headers(("Location" = String), ("ETag" = String))),
        (status = 401, description = "No, unknown, expired or revoked service token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a service token with cases:write", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or references that name nobody or someone who does not cover the team", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[put("/api/v1/integration/cases/{external_ref}")]
pub async fn put_case(
    state: State,
    account: ServiceCaller,
    external_ref: web::Path<String>,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let external_ref = external_ref.into_inner();
    let (outcome, case) = state
        .db(move |conn| {
            let input: CaseUpsert = body.parse()?;
            retry_races(|| {
                let (outcome, row) = upsert_case(conn, &account, &external_ref, &input)?;
                Ok((outcome, IntegratedCase::from(&row)))
            })
        })
        .await?;
    Ok(match outcome {
        Upserted::Created => created(format!("/api/v1/cases/{}", case.id), case.version, &case),
        Upserted::Changed | Upserted::Unchanged => versioned(case.version, &case),
    })
}

/// Creates or updates a team by the CMS's reference: an org unit of kind `team` under the
/// service `service_ref` names (the service's CMS reference). 201 when new, 200 when changed (a
/// new `version`), 200 with the same `version` and body when nothing changed; `active: false`
/// marks a team the CMS has closed. An unknown `service_ref` is refused with 422 naming it.
/// Service accounts with `teams:write`.
#[utoipa::path(
    tag = "integration",
    security(("service_token" = ["teams:write"])),
    params(("external_ref" = String, Path, description = "The CMS's reference for the team")),
    request_body = TeamUpsert,
    responses(
        (status = 200, description = "Changed, or nothing to change", body = IntegratedTeam, headers(("ETag" = String))),
        (status = 201, description = "Created", body = IntegratedTeam, headers(("Location" = String), ("ETag" = String))),
        (status = 401, description = "No, unknown, expired or revoked service token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a service token with teams:write", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or a service reference that names no service", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[put("/api/v1/integration/teams/{external_ref}")]
pub async fn put_team(
    state: State,
    account: ServiceCaller,
    external_ref: web::Path<String>,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let external_ref = external_ref.into_inner();
    let (outcome, team) = state
        .db(move |conn| {
            let input: TeamUpsert = body.parse()?;
            retry_races(|| {
                let (outcome, row) = upsert_team(conn, &account, &external_ref, &input)?;
                Ok((outcome, IntegratedTeam::from(&row)))
            })
        })
        .await?;
    Ok(match outcome {
        Upserted::Created => created(
            format!("/api/v1/org-units/{}", team.id),
            team.version,
            &team,
        ),
        Upserted::Changed | Upserted::Unchanged => versioned(team.version, &team),
    })
}

/// Creates or updates a member of staff by the CMS's reference: email, name, team (by its
/// CMS reference) and whether they still work here. 201 when new, 200 when changed (a new
/// `version`), 200 with the same `version` when nothing changed. Roles are the
/// administrators': an existing person's roles never change here, and a new person gets the
/// roles an administrator mapped to their `job_title` (`/api/v1/job-title-roles`), or none
/// when it is not mapped. A leaver (`active: false`) is deactivated and every session of theirs
/// ends; `open_actions` lists the actions they still own, to reassign. An email another
/// account uses is refused with 422 naming `email`. Service accounts with `staff:write`.
#[utoipa::path(
    tag = "integration",
    security(("service_token" = ["staff:write"])),
    params(("external_ref" = String, Path, description = "The CMS's reference for the person")),
    request_body = StaffUpsert,
    responses(
        (status = 200, description = "Changed, or nothing to change", body = IntegratedStaff, headers(("ETag" = String))),
        (status = 201, description = "Created", body = IntegratedStaff, headers(("Location" = String), ("ETag" = String))),
        (status = 401, description = "No, unknown, expired or revoked service token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a service token with staff:write", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, a team reference that names no unit, or an email in use", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[put("/api/v1/integration/staff/{external_ref}")]
pub async fn put_staff(
    state: State,
    account: ServiceCaller,
    external_ref: web::Path<String>,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let external_ref = external_ref.into_inner();
    let (outcome, person) = state
        .db(move |conn| {
            let input: StaffUpsert = body.parse()?;
            let (outcome, row) =
                retry_races(|| upsert_staff(conn, &account, &external_ref, &input))?;
            Ok((outcome, IntegratedStaff::load(conn, &row)?))
        })
        .await?;
    Ok(match outcome {
        Upserted::Created => created(
            format!("/api/v1/users/{}", person.id),
            person.version,
            &person,
        ),
        Upserted::Changed | Upserted::Unchanged => versioned(person.version, &person),
    })
}

/// Upserts 1 to 1,000 cases, each as `PUT /api/v1/integration/cases/{external_ref}` would, in
/// its own transaction (one bad item does not stop the others, and the database is never held
/// for the whole batch), answered in order with each item's status, outcome and, for a refused
/// item, the problem its `PUT` would answer. More than 1,000 items: 422 naming `items`, nothing
/// done. Service accounts with `cases:write`.
#[utoipa::path(
    tag = "integration",
    security(("service_token" = ["cases:write"])),
    request_body = batch::CaseBatch,
    responses(
        (status = 200, description = "Every item's result, in order", body = BatchAnswer),
        (status = 400, description = "Malformed JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No, unknown, expired or revoked service token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a service token with cases:write", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "No items or more than 1,000: nothing done", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/integration/cases:batch")]
pub async fn batch_cases(
    state: State,
    account: ServiceCaller,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let answer = state
        .db(move |conn| {
            let batch: RawBatch = body.parse()?;
            batch::run(conn, batch.items, |conn, reference, input: &CaseUpsert| {
                let (outcome, row) = upsert_case(conn, &account, reference, input)?;
                Ok(ItemDone {
                    outcome,
                    id: row.id.uuid(),
                    version: row.version,
                    open_actions: None,
                })
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Upserts 1 to 1,000 members of staff, each as `PUT /api/v1/integration/staff/{external_ref}`
/// would (roles stay the administrators'; a leaver is deactivated and their open actions
/// listed), each in its own transaction, answered in order. More than 1,000 items: 422 naming
/// `items`, nothing done. Service accounts with `staff:write`.
#[utoipa::path(
    tag = "integration",
    security(("service_token" = ["staff:write"])),
    request_body = batch::StaffBatch,
    responses(
        (status = 200, description = "Every item's result, in order", body = BatchAnswer),
        (status = 400, description = "Malformed JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No, unknown, expired or revoked service token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a service token with staff:write", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "No items or more than 1,000: nothing done", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/integration/staff:batch")]
pub async fn batch_staff(
    state: State,
    account: ServiceCaller,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let answer = state
        .db(move |conn| {
            let batch: RawBatch = body.parse()?;
            batch::run(conn, batch.items, |conn, reference, input: &StaffUpsert| {
                let (outcome, row) = upsert_staff(conn, &account, reference, input)?;
                let open_actions = if row.active {
                    None
                } else {
                    Some(IntegratedStaff::load(conn, &row)?.open_actions)
                };
                Ok(ItemDone {
                    outcome,
                    id: row.id.uuid(),
                    version: row.version,
                    open_actions,
                })
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Upserts 1 to 1,000 teams, each as `PUT /api/v1/integration/teams/{external_ref}` would,
/// each in its own transaction, answered in order. More than 1,000 items: 422 naming `items`,
/// nothing done. Service accounts with `teams:write`.
#[utoipa::path(
    tag = "integration",
    security(("service_token" = ["teams:write"])),
    request_body = batch::TeamBatch,
    responses(
        (status = 200, description = "Every item's result, in order", body = BatchAnswer),
        (status = 400, description = "Malformed JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No, unknown, expired or revoked service token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a service token with teams:write", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "No items or more than 1,000: nothing done", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/integration/teams:batch")]
pub async fn batch_teams(
    state: State,
    account: ServiceCaller,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let answer = state
        .db(move |conn| {
            let batch: RawBatch = body.parse()?;
            batch::run(conn, batch.items, |conn, reference, input: &TeamUpsert| {
                let (outcome, row) = upsert_team(conn, &account, reference, input)?;
                Ok(ItemDone {
                    outcome,
                    id: row.id.uuid(),
                    version: row.version,
                    open_actions: None,
                })
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
