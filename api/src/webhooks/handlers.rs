//! A service account's webhook endpoints (scope `webhooks:manage`): subscribe (the signing
//! secret shown once), list, read and delete its own subscriptions, list a subscription's
//! deliveries and replay one. Another account's subscription answers 404.

use std::collections::HashMap;

use actix_web::{delete, get, post, web, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, PrimitiveDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::{generate_secret, DeliveryStatus};
use crate::dates::{now_utc, to_utc};
use crate::db::schema::{webhook_deliveries, webhook_subscriptions};
use crate::db::types::{DeliveryId, ServiceAccountId, WebhookId};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::events::EventType;
use crate::extract::JsonBody;
use crate::listing::Cursor;
use crate::pagination::{QueryParams, Since};
use crate::respond::{created, versioned};
use crate::service_accounts::ServiceCaller;
use crate::state::State;

/// Subscriptions one service account may hold.
pub const MAX_SUBSCRIPTIONS: i64 = 20;

/// The longest receiver address accepted.
const MAX_URL_CHARS: usize = 2_000;

/// A subscription: where the account's receiver is and which event types it wants.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookSubscription {
    /// Id.
    pub id: Uuid,
    /// The receiver's address (`https://`).
    pub url: String,
    /// The event types delivered.
    pub types: Vec<EventType>,
    /// When it was created; events numbered after this are delivered.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Version, also the `ETag` (a subscription does not change: delete it and subscribe again).
    pub version: i32,
}

/// A new subscription with its signing secret: shown in this response only.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookSubscriptionWithSecret {
    /// The subscription.
    #[serde(flatten)]
    pub subscription: WebhookSubscription,
    /// The signing secret (`whsec_` and the base64 of 32 random bytes). Store it now: it is
    /// not shown again. Verify each delivery's `webhook-signature` with it.
    pub secret: String,
}

/// The account's subscriptions.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookSubscriptionList {
    /// Oldest first.
    pub items: Vec<WebhookSubscription>,
    /// Always null: an account holds at most 20 subscriptions, listed whole.
    pub next_cursor: Option<String>,
}

/// A subscription to create.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewWebhookSubscription {
    /// The receiver's address: `https://` (plain `http://` only where the service allows it,
    /// for receivers on loopback in tests).
    #[schema(min_length = 1, max_length = 2000)]
    pub url: String,
    /// The event types to deliver: at least one.
    pub types: Vec<EventType>,
}

/// The url of a subscription that failed its schema, to name it among the other bad fields.
#[derive(Debug, Deserialize, ToSchema, Validate)]
struct UrlProbe {
    url: Option<String>,
}

/// One event's delivery to one subscription.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDelivery {
    /// Id.
    pub id: Uuid,
    /// The subscription.
    pub subscription_id: Uuid,
    /// The event's id (the `webhook-id` header).
    pub event_id: String,
    /// The event's place in the feed.
    pub event_seq: i64,
    /// The event's type.
    pub event_type: String,
    /// `pending`, `delivered` or `failed`.
    pub status: DeliveryStatus,
    /// Attempts made (or started) so far.
    pub attempts: i32,
    /// When a pending delivery is next tried; null once delivered or failed.
    #[serde(with = "time::serde::rfc3339::option")]
    pub next_attempt_at: Option<OffsetDateTime>,
    /// The receiver's last HTTP status, when it answered.
    pub last_status_code: Option<i32>,
    /// Why the last attempt failed (a status, a timeout, a refused connection).
    pub last_error: Option<String>,
    /// When a receiver answered 2xx.
    #[serde(with = "time::serde::rfc3339::option")]
    pub delivered_at: Option<OffsetDateTime>,
    /// When the event was numbered and the delivery written.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// A page of deliveries.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDeliveryList {
    /// Newest first.
    pub items: Vec<WebhookDelivery>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// The deliveries' query.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// Only deliveries in this state.
    pub status: Option<DeliveryStatus>,
    /// Only deliveries changed at or after this instant (a date, or a date and time).
    #[param(schema_with = crate::pagination::instant_schema)]
    pub updated_since: Option<String>,
    /// Page size, 1-500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// A `next_cursor` this list returned.
    pub cursor: Option<String>,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = webhook_subscriptions)]
struct SubscriptionRow {
    id: WebhookId,
    url: String,
    types: String,
    version: i32,
    created_at: PrimitiveDateTime,
}

impl SubscriptionRow {
    fn view(self) -> WebhookSubscription {
        WebhookSubscription {
            id: self.id.uuid(),
            url: self.url,
            types: self.types.split(',').filter_map(EventType::parse).collect(),
            created_at: to_utc(self.created_at),
            version: self.version,
        }
    }
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries)]
struct DeliveryRow {
    id: DeliveryId,
    subscription_id: WebhookId,
    event_seq: i64,
    event_id: String,
    event_type: String,
    status: DeliveryStatus,
    attempts: i32,
    next_attempt_at: PrimitiveDateTime,
    last_status_code: Option<i32>,
    last_error: Option<String>,
    delivered_at: Option<PrimitiveDateTime>,
    created_at: PrimitiveDateTime,
    updated_at: PrimitiveDateTime,
}

impl DeliveryRow {
    fn view(self) -> WebhookDelivery {
        WebhookDelivery {
            id: self.id.uuid(),
            subscription_id: self.subscription_id.uuid(),
            event_id: self.event_id,
            event_seq: self.event_seq,
            event_type: self.event_type,
            status: self.status,
            attempts: self.attempts,
            next_attempt_at: (self.status == DeliveryStatus::Pending)
                .then(|| to_utc(self.next_attempt_at)),
            last_status_code: self.last_status_code,
            last_error: self.last_error,
            delivered_at: self.delivered_at.map(to_utc),
            created_at: to_utc(self.created_at),
            updated_at: to_utc(self.updated_at),
        }
    }
}

/// The account's own subscription, or 404 (another account's is never revealed).
fn own(conn: &mut DbConn, account: ServiceAccountId, id: WebhookId) -> ApiResult<SubscriptionRow> {
    webhook_subscriptions::table
        .find(id)
        .filter(webhook_subscriptions::account_id.eq(account))
        .select(SubscriptionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(ApiError::NotFound)
}

fn load_delivery(
    conn: &mut DbConn,
    subscription: WebhookId,
    id: DeliveryId,
) -> ApiResult<DeliveryRow> {
    webhook_deliveries::table
        .find(id)
        .filter(webhook_deliveries::subscription_id.eq(subscription))
        .select(DeliveryRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(ApiError::NotFound)
}

/// Checks a receiver's address: an absolute `https://` URL with a host (or `http://` when the
/// service allows it), no user name or password, at most 2,000 characters.
pub fn check_url(raw: &str, allow_http: bool) -> Result<String, String> {
    let raw = raw.trim();
    if raw.chars().count() > MAX_URL_CHARS {
        return Err("must be at most 2000 characters long".into());
    }
    let url = reqwest::Url::parse(raw).map_err(|_| "must be an absolute https:// address")?;
    match url.scheme() {
        "https" => {}
        "http" if allow_http => {}
        _ => return Err("must be an https:// address".into()),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("must name a host".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not carry a user name or password".into());
    }
    Ok(url.to_string())
}

fn location(id: Uuid) -> String {
    format!("/api/v1/webhooks/{id}")
}

/// Subscribes the account's receiver to event types. The answer carries the signing secret,
/// shown this once. Each event of those types numbered from now on is POSTed to the receiver,
/// signed (`webhook-id`, `webhook-timestamp`, `webhook-signature`), and retried for about a day.
#[utoipa::path(
    tag = "webhooks",
    security(("service_token" = ["webhooks:manage"])),
    request_body = NewWebhookSubscription,
    responses(
        (status = 201, description = "Subscribed; `secret` is shown this once", body = WebhookSubscriptionWithSecret, headers(("Location" = String), ("ETag" = String))),
        (status = 403, description = "Not a service token with webhooks:manage", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account holds 20 subscriptions already", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A url that is not https://, or no or unknown types (named `types.N`)", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/webhooks")]
pub async fn create_webhook(
    state: State,
    caller: ServiceCaller,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let allow_http = state.settings.webhook_allow_http;
    let account = caller.account_id;
    let answer = state
        .db(move |conn| {
            let input: NewWebhookSubscription = match body.parse() {
                Ok(input) => input,
                Err(ApiError::Validation(mut errors)) => {
                    // Every bad field at once: a bad type stops the parse before the url's
                    // own check, so check the url here too.
                    if let Ok(UrlProbe { url: Some(url) }) = body.parse::<UrlProbe>() {
                        if let Err(message) = check_url(&url, allow_http) {
                            if !errors.iter().any(|e| e.field == "url") {
                                errors.push(FieldError::new("url", message));
                            }
                        }
                    }
                    return Err(ApiError::Validation(errors));
                }
                Err(other) => return Err(other),
            };
            let mut errors = Vec::new();
            let url = check_url(&input.url, allow_http)
                .map_err(|message| errors.push(FieldError::new("url", message)))
                .unwrap_or_default();
            if input.types.is_empty() {
                errors.push(FieldError::new(
                    "types",
                    "must name at least one event type",
                ));
            }
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            let mut types = input.types.clone();
            types.sort();
            types.dedup();
            let types = types
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(",");
            write_tx(conn, |conn| {
                let held: i64 = webhook_subscriptions::table
                    .filter(webhook_subscriptions::account_id.eq(account))
                    .count()
                    .get_result(conn)?;
                if held >= MAX_SUBSCRIPTIONS {
                    return Err(ApiError::conflict(format!(
                        "The service account holds {MAX_SUBSCRIPTIONS} subscriptions already: \
                         delete one first."
                    )));
                }
                let id = WebhookId::new();
                let secret = generate_secret();
                diesel::insert_into(webhook_subscriptions::table)
                    .values((
                        webhook_subscriptions::id.eq(id),
                        webhook_subscriptions::account_id.eq(account),
                        webhook_subscriptions::url.eq(&url),
                        webhook_subscriptions::types.eq(&types),
                        webhook_subscriptions::secret.eq(&secret),
                        webhook_subscriptions::version.eq(1),
                        webhook_subscriptions::created_at.eq(now_utc()),
                    ))
                    .execute(conn)?;
                Ok(WebhookSubscriptionWithSecret {
                    subscription: own(conn, account, id)?.view(),
                    secret,
                })
            })
        })
        .await?;
    Ok(created(
        location(answer.subscription.id),
        answer.subscription.version,
        &answer,
    ))
}

/// The account's own subscriptions (never a secret).
#[utoipa::path(
    tag = "webhooks",
    security(("service_token" = ["webhooks:manage"])),
    responses(
        (status = 200, description = "The account's subscriptions", body = WebhookSubscriptionList),
        (status = 403, description = "Not a service token with webhooks:manage", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/webhooks")]
pub async fn list_webhooks(state: State, caller: ServiceCaller) -> ApiResult<HttpResponse> {
    let account = caller.account_id;
    let items = state
        .db(move |conn| {
            let rows: Vec<SubscriptionRow> = webhook_subscriptions::table
                .filter(webhook_subscriptions::account_id.eq(account))
                .order(webhook_subscriptions::id)
                .select(SubscriptionRow::as_select())
                .load(conn)?;
            Ok(rows.into_iter().map(SubscriptionRow::view).collect())
        })
        .await?;
    Ok(HttpResponse::Ok().json(WebhookSubscriptionList {
        items,
        next_cursor: None,
    }))
}

/// One of the account's subscriptions (never its secret).
#[utoipa::path(
    tag = "webhooks",
    security(("service_token" = ["webhooks:manage"])),
    params(("id" = Uuid, Path, description = "Subscription id")),
    responses(
        (status = 200, description = "The subscription", body = WebhookSubscription, headers(("ETag" = String))),
        (status = 403, description = "Not a service token with webhooks:manage", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subscription of this account", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/webhooks/{id}")]
pub async fn get_webhook(
    state: State,
    caller: ServiceCaller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = WebhookId::from(id.into_inner());
    let account = caller.account_id;
    let subscription = state
        .db(move |conn| Ok(own(conn, account, id)?.view()))
        .await?;
    Ok(versioned(subscription.version, &subscription))
}

/// Deletes one of the account's subscriptions with its deliveries: nothing more is sent to it
/// (an attempt under way may still arrive).
#[utoipa::path(
    tag = "webhooks",
    security(("service_token" = ["webhooks:manage"])),
    params(("id" = Uuid, Path, description = "Subscription id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not a service token with webhooks:manage", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subscription of this account", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[delete("/api/v1/webhooks/{id}")]
pub async fn delete_webhook(
    state: State,
    caller: ServiceCaller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = WebhookId::from(id.into_inner());
    let account = caller.account_id;
    state
        .db(move |conn| {
            write_tx(conn, |conn| {
                // Not while the relay is writing deliveries for it.
                crate::events::lock_relay(conn)?;
                own(conn, account, id)?;
                diesel::delete(
                    webhook_deliveries::table.filter(webhook_deliveries::subscription_id.eq(id)),
                )
                .execute(conn)?;
                diesel::delete(webhook_subscriptions::table.find(id)).execute(conn)?;
                Ok(())
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The deliveries' query, parsed.
struct DeliveryFilter {
    status: Option<DeliveryStatus>,
    since: Option<Since>,
    limit: i64,
    after: Option<DeliveryId>,
}

fn parse_delivery_query(raw: HashMap<String, String>) -> ApiResult<DeliveryFilter> {
    let mut params = QueryParams::new(raw);
    let status = params.value::<DeliveryStatus>("status");
    let since = params.value::<Since>("updated_since");
    let page = crate::listing::page_from(&mut params);
    let mut after = None;
    if let Some(cursor) = &page.cursor {
        match cursor
            .values
            .first()
            .and_then(|v| DeliveryId::parse(v))
            .filter(|_| cursor.sort == "-id" && !cursor.backwards)
        {
            Some(id) => after = Some(id),
            None => params.push_error(FieldError::new(
                "cursor",
                "is not a cursor this list returned",
            )),
        }
    }
    params.finish()?;
    Ok(DeliveryFilter {
        status,
        since,
        limit: page.limit,
        after,
    })
}

/// The subscription's deliveries, newest first, optionally in one state: what was sent, how
/// often, and what the receiver answered.
#[utoipa::path(
    tag = "webhooks",
    security(("service_token" = ["webhooks:manage"])),
    params(("id" = Uuid, Path, description = "Subscription id"), DeliveryQuery),
    responses(
        (status = 200, description = "A page of deliveries", body = WebhookDeliveryList),
        (status = 403, description = "Not a service token with webhooks:manage", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subscription of this account", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad status, updated_since, limit or cursor, named", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    state: State,
    caller: ServiceCaller,
    id: web::Path<Uuid>,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let id = WebhookId::from(id.into_inner());
    let account = caller.account_id;
    let query = query.into_inner();
    let page = state
        .db(move |conn| {
            own(conn, account, id)?;
            let DeliveryFilter {
                status,
                since,
                limit,
                after,
            } = parse_delivery_query(query)?;
            let mut rows = webhook_deliveries::table
                .filter(webhook_deliveries::subscription_id.eq(id))
                .into_boxed();
            if let Some(status) = status {
                rows = rows.filter(webhook_deliveries::status.eq(status));
            }
            if let Some(Since(at)) = since {
                rows = rows.filter(webhook_deliveries::updated_at.ge(at));
            }
            if let Some(after) = after {
                rows = rows.filter(webhook_deliveries::id.lt(after));
            }
            let mut rows: Vec<DeliveryRow> = rows
                .order(webhook_deliveries::id.desc())
                .limit(limit + 1)
                .select(DeliveryRow::as_select())
                .load(conn)?;
            let more = rows.len() as i64 > limit;
            rows.truncate(limit as usize);
            let next_cursor = if more {
                rows.last().map(|last| {
                    Cursor {
                        sort: "-id".into(),
                        backwards: false,
                        values: vec![last.id.to_string()],
                    }
                    .encode()
                })
            } else {
                None
            };
            Ok(WebhookDeliveryList {
                items: rows.into_iter().map(DeliveryRow::view).collect(),
                next_cursor,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Sends a delivered or failed delivery again: it becomes `pending`, due now, with the retry
/// schedule started afresh. 409 while it is pending (it is being tried already); of two
/// replays at once, one wins and the other answers 409.
#[utoipa::path(
    tag = "webhooks",
    security(("service_token" = ["webhooks:manage"])),
    params(
        ("id" = Uuid, Path, description = "Subscription id"),
        ("delivery_id" = Uuid, Path, description = "Delivery id")
    ),
    responses(
        (status = 200, description = "Pending again, due now", body = WebhookDelivery),
        (status = 403, description = "Not a service token with webhooks:manage", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such delivery of this account's subscription", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The delivery is pending already", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[post("/api/v1/webhooks/{id}/deliveries/{delivery_id}/replay")]
pub async fn replay_delivery(
    state: State,
    caller: ServiceCaller,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (id, delivery) = path.into_inner();
    let (id, delivery) = (WebhookId::from(id), DeliveryId::from(delivery));
    let account = caller.account_id;
    let replayed = state
        .db(move |conn| {
            own(conn, account, id)?;
            load_delivery(conn, id, delivery)?;
            let now = now_utc();
            // The condition is the claim: of two replays, only one finds it not pending.
            let changed = diesel::update(
                webhook_deliveries::table
                    .find(delivery)
                    .filter(webhook_deliveries::subscription_id.eq(id))
                    .filter(webhook_deliveries::status.ne(DeliveryStatus::Pending)),
            )
            .set((
                webhook_deliveries::status.eq(DeliveryStatus::Pending),
                webhook_deliveries::attempts.eq(0),
                webhook_deliveries::next_attempt_at.eq(now),
                webhook_deliveries::delivered_at.eq(None::<PrimitiveDateTime>),
                webhook_deliveries::updated_at.eq(now),
            ))
            .execute(conn)?;
            if changed == 0 {
                return Err(ApiError::conflict(
                    "The delivery is pending: it is being tried already.",
                ));
            }
            Ok(load_delivery(conn, id, delivery)?.view())
        })
        .await?;
    Ok(HttpResponse::Ok().json(replayed))
}
