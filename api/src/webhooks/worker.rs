//! The delivery worker: a task started with the server that, every `QA_WEBHOOK_POLL_MS`, runs
//! the feed relay (which writes new deliveries), claims the due deliveries and sends each in its
//! own task.
//!
//! A claim is a conditional update (`status = 'pending' AND attempts = n AND next_attempt_at =
//! t`) that counts the attempt and moves `next_attempt_at` to the end of a lease longer than the
//! request timeout: of two instances that read the same due row, one changes it and the other
//! finds nothing to change. An instance that dies mid-send leaves the lease to expire, and the
//! delivery is tried again. At most [`CONCURRENCY`] deliveries are in flight per instance, and
//! at most [`PER_SUBSCRIPTION`] of them for one subscription, each with its own timeout: a slow
//! or dead receiver, however many events it is owed, holds a few slots and never the others'
//! deliveries (they are claimed past its backlog). The API's requests never wait for a receiver.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::web;
use diesel::prelude::*;
use time::PrimitiveDateTime;
use tokio::sync::Semaphore;

use super::{backoff, sign, DeliveryStatus, MAX_ATTEMPTS};
use crate::dates::now_utc;
use crate::db::schema::{webhook_deliveries, webhook_subscriptions};
use crate::db::types::{DeliveryId, WebhookId};
use crate::db::{DbConn, DbPool};
use crate::error::ApiResult;
use crate::events::Event;
use crate::state::AppState;

/// Deliveries in flight at once, per instance.
pub const CONCURRENCY: usize = 16;

/// Deliveries in flight at once to one subscription, per instance: a receiver that hangs holds
/// no more than these of the [`CONCURRENCY`] slots.
pub const PER_SUBSCRIPTION: usize = 4;

/// Due rows read per round, so a backlog of one subscription does not hide another's.
const DUE_WINDOW: i64 = 500;

/// How long a claim holds a delivery beyond the request timeout, before another instance may
/// take it as abandoned.
const LEASE_MARGIN_SECS: i64 = 30;

/// The longest error text kept.
const MAX_ERROR_CHARS: usize = 500;

/// A claimed delivery, with what sending it needs.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// The delivery.
    pub id: DeliveryId,
    /// Its subscription.
    pub subscription: WebhookId,
    /// Its attempts, this one included (the claim's token).
    pub attempts: i32,
    /// Where to send it.
    pub url: String,
    /// The subscription's signing secret.
    pub secret: String,
    /// The event's id (`webhook-id`).
    pub event_id: String,
    /// The event's JSON, as the feed shows it.
    pub body: Vec<u8>,
}

/// What a receiver did with one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It answered 2xx.
    Delivered(u16),
    /// It answered another status.
    Refused(u16),
    /// No answer: a timeout, a refused connection, a TLS failure.
    Unreachable(String),
}

type Due = (DeliveryId, WebhookId, String, i32, PrimitiveDateTime);

/// Runs the relay when any subscription exists, gives up on deliveries whose last attempt was
/// abandoned, and claims up to `limit` due deliveries, oldest first, no more than
/// [`PER_SUBSCRIPTION`] in flight per subscription counting `in_flight`. Each claim counts its
/// attempt and holds the delivery for `lease`.
pub fn claim_due(
    conn: &mut DbConn,
    limit: usize,
    lease: time::Duration,
    in_flight: &HashMap<WebhookId, usize>,
) -> ApiResult<Vec<Claimed>> {
    let any: Option<WebhookId> = webhook_subscriptions::table
        .select(webhook_subscriptions::id)
        .first(conn)
        .optional()?;
    if any.is_none() {
        // Nothing to deliver to: leave numbering to the feed's pollers.
        return Ok(Vec::new());
    }
    crate::events::number_new_events(conn)?;
    let now = now_utc();
    // An instance that stopped during the last attempt never recorded it; its lease is over.
    diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending))
            .filter(webhook_deliveries::attempts.ge(MAX_ATTEMPTS))
            .filter(webhook_deliveries::next_attempt_at.le(now)),
    )
    .set((
        webhook_deliveries::status.eq(DeliveryStatus::Failed),
        webhook_deliveries::last_error.eq("The last attempt was not completed."),
        webhook_deliveries::updated_at.eq(now),
    ))
    .execute(conn)?;
    if limit == 0 {
        return Ok(Vec::new());
    }
    let full: Vec<WebhookId> = in_flight
        .iter()
        .filter(|(_, n)| **n >= PER_SUBSCRIPTION)
        .map(|(id, _)| *id)
        .collect();
    let due: Vec<Due> = webhook_deliveries::table
        .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending))
        .filter(webhook_deliveries::next_attempt_at.le(now))
        .filter(webhook_deliveries::attempts.lt(MAX_ATTEMPTS))
        .filter(webhook_deliveries::subscription_id.ne_all(full))
        .order(webhook_deliveries::next_attempt_at)
        .limit(DUE_WINDOW)
        .select((
            webhook_deliveries::id,
            webhook_deliveries::subscription_id,
            webhook_deliveries::event_id,
            webhook_deliveries::attempts,
            webhook_deliveries::next_attempt_at,
        ))
        .load(conn)?;
    let mut claimed = Vec::new();
    let mut taken: HashMap<WebhookId, usize> = HashMap::new();
    for (id, subscription, event_id, attempts, next_attempt_at) in due {
        if claimed.len() >= limit {
            break;
        }
        let busy = in_flight.get(&subscription).copied().unwrap_or(0);
        let mine = taken.entry(subscription).or_insert(0);
        if busy + *mine >= PER_SUBSCRIPTION {
            continue;
        }
        let won = diesel::update(
            webhook_deliveries::table
                .find(id)
                .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending))
                .filter(webhook_deliveries::attempts.eq(attempts))
                .filter(webhook_deliveries::next_attempt_at.eq(next_attempt_at)),
        )
        .set((
            webhook_deliveries::attempts.eq(attempts + 1),
            webhook_deliveries::next_attempt_at.eq(now + lease),
            webhook_deliveries::updated_at.eq(now),
        ))
        .execute(conn)?;
        if won != 1 {
            continue;
        }
        *mine += 1;
        let target: Option<(String, String)> = webhook_subscriptions::table
            .find(subscription)
            .select((webhook_subscriptions::url, webhook_subscriptions::secret))
            .first(conn)
            .optional()?;
        let event = crate::events::read_one(conn, &event_id)?;
        match (target, event) {
            (Some((url, secret)), Some(event)) => claimed.push(Claimed {
                id,
                subscription,
                attempts: attempts + 1,
                url,
                secret,
                event_id,
                body: body(&event),
            }),
            // Deleted meanwhile: nothing to send, and nobody to tell.
            _ => {
                record(
                    conn,
                    id,
                    attempts + 1,
                    &Outcome::Unreachable("The event or the subscription no longer exists.".into()),
                    0.0,
                    true,
                )?;
            }
        }
    }
    Ok(claimed)
}

/// The body sent: the event as the feed shows it.
pub fn body(event: &Event) -> Vec<u8> {
    serde_json::to_vec(event).unwrap_or_default()
}

/// Records an attempt's outcome, if the claim still stands (a deletion or a newer claim wins):
/// delivered on 2xx; otherwise pending again after the schedule's wait, or failed after the last
/// attempt (or at once when `final_attempt`).
pub fn record(
    conn: &mut DbConn,
    id: DeliveryId,
    attempts: i32,
    outcome: &Outcome,
    scale: f64,
    final_attempt: bool,
) -> QueryResult<usize> {
    let now = now_utc();
    let claim = webhook_deliveries::table
        .find(id)
        .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending))
        .filter(webhook_deliveries::attempts.eq(attempts));
    match outcome {
        Outcome::Delivered(code) => diesel::update(claim)
            .set((
                webhook_deliveries::status.eq(DeliveryStatus::Delivered),
                webhook_deliveries::delivered_at.eq(Some(now)),
                webhook_deliveries::last_status_code.eq(Some(i32::from(*code))),
                webhook_deliveries::last_error.eq(None::<String>),
                webhook_deliveries::updated_at.eq(now),
            ))
            .execute(conn),
        Outcome::Refused(_) | Outcome::Unreachable(_) => {
            let (code, error) = match outcome {
                Outcome::Refused(code) => (
                    Some(i32::from(*code)),
                    format!("The receiver answered {code}."),
                ),
                Outcome::Unreachable(error) => (None, error.clone()),
                Outcome::Delivered(_) => unreachable!("handled above"),
            };
            let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
            let wait = if final_attempt {
                None
            } else {
                backoff(attempts, scale)
            };
            let (status, next) = match wait {
                Some(wait) => (DeliveryStatus::Pending, now + wait),
                None => (DeliveryStatus::Failed, now),
            };
            diesel::update(claim)
                .set((
                    webhook_deliveries::status.eq(status),
                    webhook_deliveries::next_attempt_at.eq(next),
                    webhook_deliveries::last_status_code.eq(code),
                    webhook_deliveries::last_error.eq(Some(error)),
                    webhook_deliveries::updated_at.eq(now),
                ))
                .execute(conn)
        }
    }
}

/// Sends one delivery: a POST of the event's JSON with the Standard Webhooks headers.
pub async fn send(client: &reqwest::Client, delivery: &Claimed, timestamp: i64) -> Outcome {
    let Some(signature) = sign(
        &delivery.secret,
        &delivery.event_id,
        timestamp,
        &delivery.body,
    ) else {
        return Outcome::Unreachable("The subscription's secret cannot sign.".into());
    };
    let sent = client
        .post(&delivery.url)
        .header("content-type", "application/json")
        .header("webhook-id", &delivery.event_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(delivery.body.clone())
        .send()
        .await;
    match sent {
        Ok(response) if response.status().is_success() => {
            Outcome::Delivered(response.status().as_u16())
        }
        Ok(response) => Outcome::Refused(response.status().as_u16()),
        Err(error) if error.is_timeout() => {
            Outcome::Unreachable("The receiver did not answer in time.".into())
        }
        Err(error) if error.is_connect() => {
            Outcome::Unreachable("The receiver could not be reached.".into())
        }
        Err(error) => Outcome::Unreachable(format!("The request failed: {error}")),
    }
}

/// Runs database work for the worker on the blocking pool, on the service's clock.
async fn on_db<T, F>(state: &AppState, work: F) -> ApiResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
{
    let pool: DbPool = state.pool.clone();
    let service = state.service();
    web::block(move || {
        crate::context::run(service, || {
            let mut conn = pool.get()?;
            work(&mut conn)
        })
    })
    .await
    .map_err(crate::error::ApiError::from)?
}

/// The worker's loop (off when `QA_WEBHOOK_POLL_MS=0`). A failed round is logged and the next
/// one tries again: deliveries stay in the database until an attempt is recorded.
pub async fn run(state: web::Data<AppState>) {
    let every = state.settings.webhook_poll_ms;
    if every == 0 {
        return;
    }
    let timeout = state.settings.webhook_timeout_secs;
    let scale = state.settings.webhook_backoff_scale;
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(timeout))
        .connect_timeout(Duration::from_secs(timeout))
        // A redirect is a failed attempt, never a request to somewhere not subscribed.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("qa-platform-webhooks")
        .build()
    {
        Ok(client) => client,
        Err(error) => {
            tracing::error!(%error, "the webhook worker cannot build its HTTP client");
            return;
        }
    };
    let slots = Arc::new(Semaphore::new(CONCURRENCY));
    let in_flight: Arc<Mutex<HashMap<WebhookId, usize>>> = Arc::default();
    let lease = time::Duration::seconds(timeout as i64 + LEASE_MARGIN_SECS);
    let mut ticks = tokio::time::interval(Duration::from_millis(every));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        ticks.tick().await;
        let free = slots.available_permits();
        let busy = in_flight.lock().map(|m| m.clone()).unwrap_or_default();
        let claimed = on_db(&state, move |conn| claim_due(conn, free, lease, &busy)).await;
        let claimed = match claimed {
            Ok(claimed) => claimed,
            Err(error) => {
                tracing::warn!(%error, "webhook round failed; it runs again");
                continue;
            }
        };
        for delivery in claimed {
            // Claimed no more than the free slots: this never waits.
            let Ok(permit) = slots.clone().acquire_owned().await else {
                return;
            };
            let client = client.clone();
            let state = state.clone();
            let in_flight = in_flight.clone();
            if let Ok(mut counts) = in_flight.lock() {
                *counts.entry(delivery.subscription).or_insert(0) += 1;
            }
            tokio::spawn(async move {
                let timestamp = state.clock.now().unix_timestamp();
                let outcome = send(&client, &delivery, timestamp).await;
                let (id, attempts) = (delivery.id, delivery.attempts);
                let recorded = on_db(&state, move |conn| {
                    Ok(record(conn, id, attempts, &outcome, scale, false)?)
                })
                .await;
                if let Err(error) = recorded {
                    // The lease runs out and the delivery is tried again.
                    tracing::warn!(%error, delivery = %id, "a webhook attempt was not recorded");
                }
                if let Ok(mut counts) = in_flight.lock() {
                    if let Some(n) = counts.get_mut(&delivery.subscription) {
                        *n = n.saturating_sub(1);
                        if *n == 0 {
                            counts.remove(&delivery.subscription);
                        }
                    }
                }
                drop(permit);
            });
        }
    }
}
