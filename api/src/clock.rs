//! The product's one clock. Every deadline, "today" and timestamp the service writes reads
//! [`now`]. In production it is the system clock; with `QA_TEST_CLOCK=1` (refused in
//! production) a test may move a service's clock (`PUT /api/v1/test/clock`) to watch deadlines
//! pass. The offset belongs to one running service and is applied to each piece of its work
//! ([`Clock::run`]), so several services in one test process keep their own clocks. Access
//! tokens keep the system clock: moving the test clock never extends or ends a session's
//! tokens.

use std::sync::atomic::{AtomicI64, Ordering};

use time::{Duration, OffsetDateTime};

/// Now, on the clock of the service whose work this thread is doing.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc() + Duration::microseconds(crate::context::current().clock_skew)
}

/// A service's clock: the system clock, moved by a test when the service allows it.
#[derive(Debug, Default)]
pub struct Clock {
    settable: bool,
    skew_micros: AtomicI64,
}

impl Clock {
    /// A clock; `settable` only with `QA_TEST_CLOCK=1`.
    pub fn new(settable: bool) -> Self {
        Self {
            settable,
            skew_micros: AtomicI64::new(0),
        }
    }

    /// Whether a test may move it.
    pub fn settable(&self) -> bool {
        self.settable
    }

    /// Moves the clock so that it reads `now` at this moment (it then runs on from there).
    /// Ignored unless settable.
    pub fn set(&self, now: OffsetDateTime) {
        if self.settable {
            let skew = (now - OffsetDateTime::now_utc()).whole_microseconds();
            self.skew_micros
                .store(i64::try_from(skew).unwrap_or(0), Ordering::Relaxed);
        }
    }

    /// The offset from the system clock, to hand to work done on another thread.
    pub fn skew(&self) -> i64 {
        self.skew_micros.load(Ordering::Relaxed)
    }

    /// Now on this clock.
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + Duration::microseconds(self.skew())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_runs_on_its_services_clock_and_the_thread_keeps_its_own() {
        let clock = Clock::new(true);
        let later = OffsetDateTime::now_utc() + Duration::days(10);
        clock.set(later);
        let service = crate::context::Service {
            clock_skew: clock.skew(),
            email: false,
        };
        let seen = crate::context::run(service, now);
        assert!((seen - later).abs() < Duration::seconds(5));
        assert!((now() - OffsetDateTime::now_utc()).abs() < Duration::seconds(5));
        let fixed = Clock::new(false);
        fixed.set(later);
        assert_eq!(fixed.skew(), 0, "only a test clock moves");
    }
}
