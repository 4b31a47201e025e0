//! The access log, for the data protection officer.

use std::collections::HashMap;

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use super::repo::{self, AccessLogFilter, EntryPosition, LoggedEntry};
use crate::auth::caller::SignedIn;
use crate::auth::policy;
use crate::auth::roles::Role;
use crate::dates::to_utc;
use crate::db::types::EntryId;
use crate::db::types::{AnyId, CaseId, UserId};
use crate::error::ApiError;
use crate::error::ApiResult;
use crate::listing::{self, KeyValue, SortField, SortKey, SortParam};
use crate::pagination::Since;
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

impl From<LoggedEntry> for AccessLogEntry {
    fn from(row: LoggedEntry) -> Self {
        Self {
            id: row.id,
            at: to_utc(row.at),
            user_id: row.user_id.map(UserId::uuid),
            action: row.action,
            record_type: row.record_type,
            record_id: row.record_id.map(AnyId::uuid),
            case_id: row.case_id.map(CaseId::uuid),
            outcome: row.outcome,
            detail: row.detail,
        }
    }
}

/// A page of entries.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessLogPage {
    /// Entries, newest first unless `sort=at`.
    pub items: Vec<AccessLogEntry>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    /// Pass as `cursor` for the previous page; null on the first.
    pub prev_cursor: Option<String>,
    /// How many the whole list holds, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

/// The one field the access log sorts by: the time of the access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessLogSort {
    /// `at`.
    At,
}

impl SortField for AccessLogSort {
    const NAMES: &'static [&'static str] = &["at"];

    fn parse(name: &str) -> Option<Self> {
        (name == "at").then_some(Self::At)
    }

    fn name(self) -> &'static str {
        "at"
    }

    fn default_key() -> SortKey<Self> {
        SortKey {
            field: Self::At,
            descending: true,
        }
    }

    fn incremental_field() -> Option<Self> {
        None
    }
}

/// The access log's own access is logged: a search by case shows in that case's log, so a
/// data protection officer's look at who read a child's file is itself on record.
fn log_search(
    conn: &mut crate::db::DbConn,
    caller: UserId,
    filter: &AccessLogFilter,
) -> diesel::QueryResult<()> {
    let mut terms = Vec::new();
    if let Some(user) = filter.user_id {
        terms.push(format!("user_id={user}"));
    }
    if let Some(from) = filter.from {
        terms.push(format!("from={from}"));
    }
    if let Some(to) = filter.to {
        terms.push(format!("to={to}"));
    }
    super::record(
        conn,
        &[super::AccessEntry {
            user_id: Some(caller.to_string()),
            action: "search",
            record_type: "access_log",
            record_id: None,
            case_id: filter.case_id.map(|c| c.to_string()),
            outcome: super::Outcome::Allowed,
            detail: (!terms.is_empty()).then(|| terms.join(",")),
        }],
    )
}

fn position(cursor: &listing::Cursor) -> Option<EntryPosition> {
    let at = time::PrimitiveDateTime::decode(cursor.values.first()?)?;
    let (event, ordinal) = cursor.values.get(1)?.split_once('/')?;
    Some(EntryPosition {
        at,
        event_id: EntryId::parse(event)?,
        ordinal: ordinal.parse().ok()?,
    })
}

crate::list_query! {
    /// Filters of the access log.
    pub struct AccessLogQuery {
        /// Entries about one case.
        pub case_id: Option<Uuid>,
        /// Entries by one user.
        pub user_id: Option<Uuid>,
        /// From this date (`YYYY-MM-DD`) or instant (RFC 3339).
        #[param(schema_with = crate::pagination::instant_schema)]
        pub from: Option<Since>,
        /// Before this date or instant.
        #[param(schema_with = crate::pagination::instant_schema)]
        pub to: Option<Since>,
        /// `at` (oldest first) or `-at` (newest first, the default).
        #[param(value_type = Option<String>)]
        pub sort: Option<SortParam<AccessLogSort>>,
    }
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
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let (page, total) = state
        .run(user, move |cx| {
            if let Err(refused) = cx.caller.require_any(&[Role::Dpo]) {
                policy::log_role_refusal(cx.conn, &cx.caller, "search", "access_log")?;
                return Err(refused);
            }
            let (query, page) = AccessLogQuery::parse(query.into_inner())?;
            let filter = AccessLogFilter {
                case_id: query.case_id.map(CaseId::from),
                user_id: query.user_id.map(UserId::from),
                from: query.from.map(|s| s.0),
                to: query.to.map(|s| s.0),
            };
            let keys = listing::resolve_sort(query.sort, false);
            listing::check_cursor(page.cursor.as_ref(), &keys)?;
            let after = match &page.cursor {
                Some(cursor) => Some(position(cursor).ok_or_else(|| {
                    ApiError::field("cursor", "is not a cursor this list returned")
                })?),
                None => None,
            };
            let backwards = page.cursor.as_ref().is_some_and(|c| c.backwards);
            let descending = keys[0].descending != backwards;
            let wanted = usize::try_from(page.fetch()).unwrap_or(1);
            let entries = repo::list(cx.conn, &filter, descending, after, wanted)?;
            let total = if page.count {
                Some(repo::count(cx.conn, &filter)?)
            } else {
                None
            };
            let page = listing::finish(entries, &page, &keys, |e: &LoggedEntry| {
                vec![e.at.encode(), format!("{}/{}", e.event_id, e.ordinal)]
            });
            // Logged after the query, so a search does not find itself.
            log_search(cx.conn, cx.caller.user_id, &filter)?;
            Ok((page, total))
        })
        .await?;
    Ok(HttpResponse::Ok().json(AccessLogPage {
        items: page.rows.into_iter().map(Into::into).collect(),
        next_cursor: page.next_cursor,
        prev_cursor: page.prev_cursor,
        total,
    }))
}
