//! Webhooks (the integration issue): the events feed pushed to a service account's receivers,
//! signed the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
//!
//! # Where deliveries come from
//!
//! A delivery (one row per subscription and event) is written by [`fan_out`] **in the feed
//! relay's transaction**, as [`crate::events::number_new_events`] gives committed events their
//! places. That is chosen over a sweep from each subscription's high-water mark because the
//! relay is already the one serialised point where an event becomes visible: the number and the
//! deliveries commit together or not at all, so no event can be numbered without its deliveries
//! and none is delivered twice by a relay that retries. A high-water sweep would need its own
//! per-subscription cursor, kept consistent with numbering done concurrently by other
//! instances, and would redo the feed's out-of-order-commit reasoning a second time. A
//! subscription receives the events numbered after it was created.
//!
//! # The signing secret
//!
//! `whsec_` and the base64 of 32 random bytes, shown once when the subscription is created. It is
//! a shared HMAC key: the service must compute each signature with it, so unlike a service
//! token it **cannot be stored hashed** and is kept as issued in `webhook_subscriptions.secret`
//! (protected as the database is). To change it, create a new subscription and delete the old.
//!
//! # Sending
//!
//! [`worker`] claims due deliveries with a conditional update (a lease), so two instances never
//! send the same delivery at once, and sends each in its own task with a per-request timeout and
//! bounded concurrency: a slow or dead receiver holds one slot, never another receiver's delivery
//! or the API. A 2xx answer delivers; anything else (another status, a timeout, a refused
//! connection, a redirect, which is not followed) is retried after [`SCHEDULE_SECS`] (5 s, 5 min,
//! 30 min, 2 h, 5 h, 10 h, 10 h: about 27 hours) and then marked `failed`. A failed or delivered
//! delivery can be replayed, which starts the schedule again.

pub mod handlers;
pub mod worker;

use base64::Engine as _;
use diesel::prelude::*;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::dates::{london_today, now_utc};
use crate::db::schema::{service_accounts, webhook_deliveries, webhook_subscriptions};
use crate::db::types::{DeliveryId, WebhookId};
use crate::db::DbConn;

crate::text_enum! {
    /// Where a delivery stands.
    pub enum DeliveryStatus {
        /// Waiting for its next attempt (or being sent now).
        Pending = "pending",
        /// A receiver answered 2xx.
        Delivered = "delivered",
        /// Every attempt failed; replay it when the receiver is fixed.
        Failed = "failed",
    }
}

/// What a signing secret starts with (as Standard Webhooks libraries expect).
pub const SECRET_PREFIX: &str = "whsec_";

/// The waits after each failed attempt, in seconds: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
pub const SCHEDULE_SECS: [i64; 7] = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

/// Attempts before a delivery is marked `failed`: the first and one after each wait.
pub const MAX_ATTEMPTS: i32 = SCHEDULE_SECS.len() as i32 + 1;

/// A new signing secret: `whsec_` and the base64 of 32 random bytes.
pub fn generate_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    format!(
        "{SECRET_PREFIX}{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// The key bytes of a secret (the base64 after `whsec_`).
pub fn secret_key(secret: &str) -> Option<Vec<u8>> {
    let encoded = secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret);
    base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()
}

/// The `webhook-signature` header: `v1,` and the base64 of
/// HMAC-SHA256(key, "{id}.{timestamp}.{body}").
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Option<String> {
    let key = secret_key(secret)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    Some(format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// The wait after the `attempts`-th failed attempt, scaled (`QA_WEBHOOK_BACKOFF_SCALE`);
/// `None` when that was the last attempt.
pub fn backoff(attempts: i32, scale: f64) -> Option<time::Duration> {
    let index = usize::try_from(attempts.checked_sub(1)?).ok()?;
    let seconds = *SCHEDULE_SECS.get(index)?;
    Some(time::Duration::seconds_f64(seconds as f64 * scale))
}

/// An event just numbered by the relay: its place, id and type.
pub struct Numbered {
    /// Its `seq`.
    pub seq: i64,
    /// Its id (the `webhook-id`).
    pub id: String,
    /// Its type.
    pub event_type: String,
}

/// Rows per insert statement (14 columns: well under SQLite's variable limit).
const INSERT_CHUNK: usize = 500;

/// Writes a pending delivery for every subscription of an active (not revoked, not expired)
/// service account that wants each event's type. Called in the relay's transaction, so the
/// deliveries commit with the numbers. Answers how many it wrote.
pub fn fan_out(conn: &mut DbConn, events: &[Numbered]) -> QueryResult<usize> {
    if events.is_empty() {
        return Ok(0);
    }
    let subscriptions: Vec<(WebhookId, String)> = webhook_subscriptions::table
        .inner_join(service_accounts::table)
        .filter(service_accounts::revoked_at.is_null())
        .filter(service_accounts::expires_on.ge(london_today()))
        .select((webhook_subscriptions::id, webhook_subscriptions::types))
        .load(conn)?;
    if subscriptions.is_empty() {
        return Ok(0);
    }
    let now = now_utc();
    let mut rows = Vec::new();
    for event in events {
        for (subscription, types) in &subscriptions {
            if types.split(',').any(|t| t == event.event_type) {
                rows.push((
                    webhook_deliveries::id.eq(DeliveryId::new()),
                    webhook_deliveries::subscription_id.eq(*subscription),
                    webhook_deliveries::event_seq.eq(event.seq),
                    webhook_deliveries::event_id.eq(event.id.clone()),
                    webhook_deliveries::event_type.eq(event.event_type.clone()),
                    webhook_deliveries::status.eq(DeliveryStatus::Pending),
                    webhook_deliveries::attempts.eq(0),
                    webhook_deliveries::next_attempt_at.eq(now),
                    webhook_deliveries::created_at.eq(now),
                    webhook_deliveries::updated_at.eq(now),
                ));
            }
        }
    }
    let mut written = 0;
    for chunk in rows.chunks(INSERT_CHUNK) {
        written += crate::batch_insert!(&mut *conn, webhook_deliveries::table, chunk)?;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification, signed by this code.
    #[test]
    fn the_signature_follows_the_standard_webhooks_example() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = br#"{"test": 2432232314}"#;
        let signature = sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body).unwrap();
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn a_secret_is_whsec_and_32_random_bytes() {
        let secret = generate_secret();
        assert!(secret.starts_with("whsec_"));
        assert_eq!(secret_key(&secret).unwrap().len(), 32);
        assert_ne!(secret, generate_secret());
    }

    #[test]
    fn retries_back_off_for_about_a_day_then_stop() {
        assert_eq!(backoff(1, 1.0), Some(time::Duration::seconds(5)));
        assert_eq!(backoff(2, 1.0), Some(time::Duration::minutes(5)));
        assert_eq!(backoff(7, 1.0), Some(time::Duration::hours(10)));
        assert_eq!(backoff(MAX_ATTEMPTS, 1.0), None);
        let total: i64 = SCHEDULE_SECS.iter().sum();
        assert!((86_400..=2 * 86_400).contains(&total), "{total}");
        assert_eq!(backoff(2, 0.001), Some(time::Duration::milliseconds(300)));
    }
}
