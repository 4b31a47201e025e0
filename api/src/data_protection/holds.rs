//! Legal holds on cases: while one stands, retention deletes none of the case's records. The
//! data protection officer places and releases them; both are in the access log.

use actix_web::{get, post, web, HttpResponse};
use diesel::prelude::*;
use uuid::Uuid;

use super::dto::{LegalHold, LegalHoldList, NewLegalHold};
use super::model::HoldRow;
use super::requests::require_dpo;
use crate::access_log::{self, AccessEntry, Outcome};
use crate::auth::caller::SignedIn;
use crate::dates::{format_date, london_date, london_today, now_utc, parse_date, to_utc};
use crate::db::schema::{cases, legal_holds, users};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::state::State;

const KIND: &str = "legal_hold";

/// The holds standing today, newest first.
pub fn active(conn: &mut DbConn) -> QueryResult<Vec<HoldRow>> {
    let today = london_today();
    Ok(legal_holds::table
        .filter(legal_holds::released_at.is_null())
        .order((legal_holds::placed_at.desc(), legal_holds::id.desc()))
        .select(HoldRow::as_select())
        .load(conn)?
        .into_iter()
        .filter(|h| h.active(today))
        .collect())
}

/// The cases under a hold today.
pub fn held_cases(conn: &mut DbConn) -> QueryResult<std::collections::HashSet<String>> {
    Ok(active(conn)?.into_iter().map(|h| h.case_id).collect())
}

fn present(conn: &mut DbConn, row: HoldRow) -> QueryResult<LegalHold> {
    let reference: Option<String> = cases::table
        .find(&row.case_id)
        .select(cases::external_ref)
        .first(conn)
        .optional()?;
    let name: Option<String> = match &row.placed_by {
        Some(id) => users::table
            .find(id)
            .select(users::display_name)
            .first(conn)
            .optional()?,
        None => None,
    };
    let active = row.active(london_today());
    Ok(LegalHold {
        id: Uuid::parse_str(&row.id).unwrap_or_default(),
        case_id: Uuid::parse_str(&row.case_id).unwrap_or_default(),
        case_reference: reference,
        reason: row.reason,
        until: row.until.map(format_date),
        placed_by: row
            .placed_by
            .as_deref()
            .and_then(|p| Uuid::parse_str(p).ok()),
        placed_by_name: name,
        placed_on: format_date(london_date(to_utc(row.placed_at))),
        placed_at: to_utc(row.placed_at),
        active,
        released_at: row.released_at.map(to_utc),
        released_by: row
            .released_by
            .as_deref()
            .and_then(|p| Uuid::parse_str(p).ok()),
    })
}

fn log(conn: &mut DbConn, actor: &str, action: &'static str, hold: &HoldRow) -> QueryResult<()> {
    access_log::record(
        conn,
        &[AccessEntry {
            user_id: Some(actor.to_string()),
            action,
            record_type: KIND,
            record_id: Some(hold.id.clone()),
            case_id: Some(hold.case_id.clone()),
            outcome: Outcome::Allowed,
            detail: None,
        }],
    )
}

fn set_case_flag(conn: &mut DbConn, case: &str, held: bool) -> QueryResult<()> {
    diesel::update(cases::table.find(case))
        .set((
            cases::legal_hold.eq(held),
            cases::version.eq(cases::version + 1),
            cases::updated_at.eq(now_utc()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Places a legal hold on a case (a public inquiry's moratorium on destruction, litigation):
/// retention deletes none of its records while it stands. 409 when one stands already. The
/// data protection officer only; in the access log.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id")),
    request_body = NewLegalHold,
    responses(
        (status = 201, description = "Placed", body = LegalHold, headers(("Location" = String))),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A hold stands already", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/cases/{id}/legal-hold")]
pub async fn place_hold(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let case = id.into_inner().to_string();
    let hold = state
        .run(user, move |cx| {
            require_dpo(cx.conn, &cx.caller, "create", KIND)?;
            let exists: Option<String> = cases::table
                .find(&case)
                .select(cases::id)
                .first(cx.conn)
                .optional()?;
            if exists.is_none() {
                return Err(ApiError::NotFound);
            }
            let input: NewLegalHold = body.parse()?;
            let until = match input.until.as_deref() {
                None => None,
                Some(text) => {
                    let day = parse_date(text).map_err(|m| ApiError::field("until", m))?;
                    if day < london_today() {
                        return Err(ApiError::field("until", "cannot be in the past"));
                    }
                    Some(day)
                }
            };
            let actor = cx.caller.user_id.to_string();
            let row = HoldRow {
                id: Uuid::now_v7().to_string(),
                case_id: case.clone(),
                reason: input.reason.trim().to_string(),
                until,
                placed_by: Some(actor.clone()),
                placed_at: now_utc(),
                released_at: None,
                released_by: None,
            };
            write_tx(cx.conn, |conn| -> ApiResult<()> {
                if active(conn)?.iter().any(|h| h.case_id == case) {
                    return Err(ApiError::conflict(
                        "A legal hold stands on this case already.",
                    ));
                }
                diesel::insert_into(legal_holds::table)
                    .values(&row)
                    .execute(conn)?;
                set_case_flag(conn, &case, true)?;
                log(conn, &actor, "create", &row)?;
                Ok(())
            })?;
            Ok(present(cx.conn, row)?)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/cases/{}/legal-hold", hold.case_id),
        ))
        .json(&hold))
}

/// Releases the legal hold standing on a case: retention applies to it again. 409 when none
/// stands. The data protection officer only; in the access log.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "Released", body = LegalHold),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "No hold stands", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/cases/{id}/legal-hold/release")]
pub async fn release_hold(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let case = id.into_inner().to_string();
    let hold = state
        .run(user, move |cx| {
            require_dpo(cx.conn, &cx.caller, "update", KIND)?;
            let exists: Option<String> = cases::table
                .find(&case)
                .select(cases::id)
                .first(cx.conn)
                .optional()?;
            if exists.is_none() {
                return Err(ApiError::NotFound);
            }
            let actor = cx.caller.user_id.to_string();
            let released = write_tx(cx.conn, |conn| -> ApiResult<HoldRow> {
                let Some(mut hold) = active(conn)?.into_iter().find(|h| h.case_id == case) else {
                    return Err(ApiError::conflict("No legal hold stands on this case."));
                };
                let now = now_utc();
                let changed = diesel::update(
                    legal_holds::table
                        .find(&hold.id)
                        .filter(legal_holds::released_at.is_null()),
                )
                .set((
                    legal_holds::released_at.eq(Some(now)),
                    legal_holds::released_by.eq(Some(&actor)),
                ))
                .execute(conn)?;
                if changed != 1 {
                    return Err(ApiError::conflict("No legal hold stands on this case."));
                }
                hold.released_at = Some(now);
                hold.released_by = Some(actor.clone());
                set_case_flag(conn, &case, false)?;
                log(conn, &actor, "release", &hold)?;
                Ok(hold)
            })?;
            Ok(present(cx.conn, released)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(&hold))
}

/// The legal holds standing now, newest first. The data protection officer only.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The holds", body = LegalHoldList),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/legal-holds")]
pub async fn list_holds(state: State, user: SignedIn) -> ApiResult<HttpResponse> {
    let list = state
        .run(user, move |cx| {
            require_dpo(cx.conn, &cx.caller, "list", KIND)?;
            let mut items = Vec::new();
            for row in active(cx.conn)? {
                items.push(present(cx.conn, row)?);
            }
            Ok(LegalHoldList {
                items,
                next_cursor: None,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
