//! A per-user allowance of expensive requests (lists of more than 100 rows, exports): a token
//! bucket per user that refills steadily, so a script that pages through everything at full
//! speed is slowed to the allowance while people browsing never meet it. Kept in memory per
//! instance: it protects the instance's database pool, which is what the requests exhaust.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use actix_web::HttpRequest;

use crate::db::types::UserId;
use crate::error::ApiError;

/// The page size above which a list is an expensive request.
pub const CHEAP_LIMIT: i64 = 100;

/// Buckets above this many users are swept of full ones, so memory stays bounded.
const SWEEP_AT: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Expensive requests allowed per user.
#[derive(Debug)]
pub struct Throttle {
    per_minute: f64,
    buckets: Mutex<HashMap<UserId, Bucket>>,
}

impl Throttle {
    /// An allowance of `per_minute` expensive requests, up to that many in a burst.
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute: f64::from(per_minute.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one expensive request from the user's allowance, or answers 429 with the seconds
    /// until the next one is allowed.
    pub fn take(&self, user: UserId, now: Instant) -> Result<(), ApiError> {
        let rate_per_sec = self.per_minute / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > SWEEP_AT {
            let capacity = self.per_minute;
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.at).as_secs_f64() * rate_per_sec < capacity
            });
        }
        let bucket = buckets.entry(user).or_insert(Bucket {
            tokens: self.per_minute,
            at: now,
        });
        let refilled = bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * rate_per_sec;
        bucket.tokens = refilled.min(self.per_minute);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        let wait = ((1.0 - bucket.tokens) / rate_per_sec).ceil();
        Err(ApiError::TooManyRequests {
            retry_after_secs: (wait as u64).max(1),
            detail: format!(
                "You have made more than {} large requests in a minute. Wait, or ask for \
                 {CHEAP_LIMIT} rows or fewer at a time.",
                self.per_minute
            ),
        })
    }
}

/// Whether a request is expensive: a `limit` above [`CHEAP_LIMIT`] (exports are added here as
/// they are built).
pub fn is_expensive(req: &HttpRequest) -> bool {
    req.query_string()
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .any(|(key, value)| key == "limit" && value.parse::<i64>().is_ok_and(|n| n > CHEAP_LIMIT))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_beyond_the_allowance_waits_for_the_refill() {
        let throttle = Throttle::new(3);
        let user = UserId::new();
        let start = Instant::now();
        for _ in 0..3 {
            throttle.take(user, start).unwrap();
        }
        match throttle.take(user, start) {
            Err(ApiError::TooManyRequests {
                retry_after_secs, ..
            }) => assert_eq!(retry_after_secs, 20),
            other => panic!("{other:?}"),
        }
        throttle.take(UserId::new(), start).unwrap();
        throttle
            .take(user, start + Duration::from_secs(20))
            .unwrap();
    }

    #[test]
    fn only_large_pages_are_expensive() {
        use actix_web::test::TestRequest;
        let large = TestRequest::get()
            .uri("/api/v1/audits?status=draft&limit=500")
            .to_http_request();
        let small = TestRequest::get()
            .uri("/api/v1/audits?limit=100")
            .to_http_request();
        assert!(is_expensive(&large));
        assert!(!is_expensive(&small));
    }
}
