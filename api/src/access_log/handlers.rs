//! The access log, for the data protection officer.

use std::collections::HashMap;

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::repo::{self, AccessLogFilter, AccessLogRow};
use crate::auth::caller::Caller;
use crate::auth::roles::Role;
use crate::dates::to_utc;
use crate::error::ApiResult;
use crate::ids::{parse_id, parse_opt_id};
use crate::pagination::{finish_page, QueryParams};
use crate::state::State;

/// One access-log entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessLogEntry {
    /// Identifier.
    pub id: Uuid,
    /// When it happened.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Who acted.
    pub user_id: Option<Uuid>,
    /// What they did: `read`, `list`, `create`, `update`, `password`...
    pub action: String,
    /// Kind of record: `case`, `user`, `org_unit`...
    pub record_type: String,
    /// The record.
    pub record_id: Option<Uuid>,
    /// The child's case, for case-level records.
    pub case_id: Option<Uuid>,
    /// `allowed` or `denied`.
    pub outcome: String,
    /// Context, such as the fields changed.
    pub detail: Option<String>,
}

impl From<AccessLogRow> for AccessLogEntry {
    fn from(row: AccessLogRow) -> Self {
        Self {
            id: parse_id(&row.id),
            at: to_utc(row.at),
            user_id: parse_opt_id(&row.user_id),
            action: row.action,
            record_type: row.record_type,
            record_id: parse_opt_id(&row.record_id),
            case_id: parse_opt_id(&row.case_id),
            outcome: row.outcome,
            detail: row.detail,
        }
    }
}

/// A page of entries.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessLogPage {
    /// Entries, oldest first.
    pub items: Vec<AccessLogEntry>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// Filters of the access log.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccessLogQuery {
    /// Entries about one case.
    pub case_id: Option<Uuid>,
    /// Entries by one user.
    pub user_id: Option<Uuid>,
    /// From this date (`YYYY-MM-DD`) or instant (RFC 3339).
    pub from: Option<String>,
    /// Before this date or instant.
    pub to: Option<String>,
    /// Page size, 1-500 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Who read or changed what: by case or by user. Data protection officers only.
#[utoipa::path(
    tag = "access log",
    security(("bearer" = [])),
    params(AccessLogQuery),
    responses(
        (status = 200, description = "A page of entries", body = AccessLogPage),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a data protection officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/access-log")]
pub async fn list_access_log(
    state: State,
    caller: Caller,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    caller.require_any(&[Role::Dpo])?;
    let mut params = QueryParams::new(query.into_inner());
    let filter = AccessLogFilter {
        case_id: params.uuid("case_id"),
        user_id: params.uuid("user_id"),
        from: params.timestamp("from"),
        to: params.timestamp("to"),
    };
    let page = params.page();
    params.finish()?;
    let limit = page.limit;
    let rows = state
        .db(move |conn| Ok(repo::list(conn, &filter, &page)?))
        .await?;
    let (rows, next_cursor) = finish_page(rows, limit, |r| r.id.clone());
    Ok(HttpResponse::Ok().json(AccessLogPage {
        items: rows.into_iter().map(Into::into).collect(),
        next_cursor,
    }))
}
