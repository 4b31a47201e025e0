//! The caller's own notifications.

use std::collections::HashMap;

use actix_web::{get, post, web, HttpResponse};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use super::repo::{self, NotificationRow, NotificationSort};
use crate::auth::caller::SignedIn;
use crate::dates::to_utc;
use crate::db::types::{CaseId, NotificationId};
use crate::error::{ApiError, ApiResult};
use crate::listing::SortParam;
use crate::state::State;

/// Something that happened that the caller should know about.
#[derive(Debug, Serialize, ToSchema)]
pub struct Notification {
    /// Identifier.
    pub id: Uuid,
    /// Kind: `remedial_action_raised`, `safeguarding_alert_raised`, `escalation_raised`,
    /// `escalation_changed`, `audit_submitted`, `audit_returned`, `audit_response`,
    /// `audit_moderated`.
    pub kind: String,
    /// One line to show.
    pub title: String,
    /// Kind of record it is about.
    pub record_type: String,
    /// The record.
    pub record_id: Uuid,
    /// The child's case, if any.
    pub case_id: Option<Uuid>,
    /// When the caller read it; null while unread.
    #[serde(with = "time::serde::rfc3339::option")]
    pub read_at: Option<OffsetDateTime>,
    /// When it was raised.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<NotificationRow> for Notification {
    fn from(row: NotificationRow) -> Self {
        Self {
            id: row.id.uuid(),
            kind: row.kind,
            title: row.title,
            record_type: row.record_type,
            record_id: row.record_id.uuid(),
            case_id: row.case_id.map(CaseId::uuid),
            read_at: row.read_at.map(to_utc),
            created_at: to_utc(row.created_at),
        }
    }
}

/// A page of notifications.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPage {
    /// Newest first.
    pub items: Vec<Notification>,
    /// Unread notifications in all.
    pub unread_count: i64,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    /// Pass as `cursor` for the previous page; null on the first.
    pub prev_cursor: Option<String>,
    /// How many the whole list holds, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

crate::list_query! {
    /// Filters of the notification list.
    pub struct NotificationQuery {
        /// Only unread (true) or read (false) notifications.
        pub unread: Option<bool>,
        /// `created_at` (oldest first) or `-created_at` (newest first, the default).
        #[param(value_type = Option<String>)]
        pub sort: Option<SortParam<NotificationSort>>,
    }
}

/// The caller's notifications, newest first, with the unread count.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(NotificationQuery),
    responses(
        (status = 200, description = "A page of notifications", body = NotificationPage),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/notifications")]
pub async fn list_notifications(
    state: State,
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let (query, page) = NotificationQuery::parse(query.into_inner())?;
    let ((page, total), unread_count) = state
        .run(user, move |cx| {
            let listed = repo::list(cx.conn, cx.caller.user_id, query.unread, query.sort, &page)?;
            let count = repo::unread_count(cx.conn, cx.caller.user_id)?;
            cx.log_reads("list", &listed.0.rows);
            Ok((listed, count))
        })
        .await?;
    Ok(HttpResponse::Ok().json(NotificationPage {
        items: page.rows.into_iter().map(Into::into).collect(),
        unread_count,
        next_cursor: page.next_cursor,
        prev_cursor: page.prev_cursor,
        total,
    }))
}

/// Marks one of the caller's notifications read; another person's answers 404.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Notification id")),
    responses(
        (status = 200, description = "Marked read", body = Notification),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such notification of the caller's", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/notifications/{id}/read")]
pub async fn mark_notification_read(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = NotificationId::from(id.into_inner());
    let row = state
        .run(user, move |cx| {
            let row = repo::mark_read(cx.conn, cx.caller.user_id, id)?.ok_or(ApiError::NotFound)?;
            cx.log_reads("read", [&row]);
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Notification::from(row)))
}
