//! `PUT /api/v1/integration/cases/{external_ref}`: the case management system's upsert.

use actix_web::{put, web, HttpResponse};

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
