//! What every handler shares: the pool, the settings, the token keys and the metrics, and the
//! one way to run a request's database work off the async workers: one hop to the blocking pool
//! that loads the caller, authorises, reads the body, writes and builds the answer.

use actix_web::web;

use crate::access_log::{AccessEntry, AccessLogWriter};
use crate::auth::caller::{Caller, Loaded, SignedIn};
use crate::auth::policy::{read_entry, CaseRecord};
use crate::auth::throttle::Throttle;
use crate::auth::tokens::TokenKeys;
use crate::config::Settings;
use crate::db::{DbConn, DbPool};
use crate::error::{ApiError, ApiResult};
use crate::ops::metrics::Metrics;

/// Shared application state.
pub struct AppState {
    /// Database connections.
    pub pool: DbPool,
    /// Validated settings.
    pub settings: Settings,
    /// Access-token keys.
    pub tokens: TokenKeys,
    /// Prometheus registry and instruments.
    pub metrics: Metrics,
    /// Group-committing writer of the access log of reads.
    pub access_log: AccessLogWriter,
    /// Each user's allowance of expensive requests.
    pub throttle: Throttle,
    /// The council's settings, read at most every few seconds.
    pub rules: std::sync::Arc<crate::settings::RulesCache>,
    /// The product's one clock (movable by tests with `QA_TEST_CLOCK=1`).
    pub clock: crate::clock::Clock,
    /// Password hashes computed at once: argon2 takes 19 MiB and a core for ~50 ms, so a burst
    /// of sign-ins queues here instead of exhausting memory, and holds no database connection.
    pub password_slots: tokio::sync::Semaphore,
    /// The council's OpenID Connect provider, when single sign-on is configured.
    pub oidc: Option<std::sync::Arc<crate::auth::oidc::Provider>>,
    /// Raised when the service stops, so a scheduler's sweep under way ends after its current
    /// transaction instead of keeping the process alive until it is done.
    pub stopping: crate::jobs::StopSignal,
}

/// The state as handlers receive it.
pub type State = web::Data<AppState>;

/// One request's database work: its connection, the caller loaded on it, and the reads of
/// child-level records it must log before it answers.
pub struct Cx<'a> {
    /// The pooled connection.
    pub conn: &'a mut DbConn,
    /// The signed-in caller.
    pub caller: Caller,
    /// The council's settings (timescales and limits) for this request.
    pub rules: Rules,
    /// The bank-holiday calendar, for the deadlines an answer shows (as fresh as `rules`).
    pub calendar: std::sync::Arc<crate::calendar::Calendar>,
    reads: Vec<AccessEntry>,
}

pub use crate::settings::Rules;

impl Cx<'_> {
    /// Logs a read (`read`) or list (`list`) of case-level records: one entry per record about
    /// a child, made durable before the response is sent.
    pub fn log_reads<'r, R: CaseRecord + 'r>(
        &mut self,
        action: &'static str,
        records: impl IntoIterator<Item = &'r R>,
    ) {
        let caller = &self.caller;
        self.reads.extend(
            records
                .into_iter()
                .filter(|r| r.case_id().is_some())
                .map(|r| read_entry(caller, action, r)),
        );
    }
}

impl AppState {
    /// Runs a signed-in request's database work in one hop to the blocking pool: loads the caller
    /// (401 when the account is disabled or gone), runs `work`, then waits until the reads it
    /// logged are durable (group commit), whether or not the work succeeded.
    pub async fn run<T, F>(&self, signed_in: SignedIn, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Cx<'_>) -> ApiResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        let service = self.service();
        let state = self.rules.clone();
        let (outcome, reads) =
            web::block(move || -> ApiResult<(ApiResult<T>, Vec<AccessEntry>)> {
                crate::context::run(service, || {
                    let mut conn = pool.get()?;
                    let caller = match Caller::load(&mut conn, &signed_in)? {
                        Loaded::Caller(caller) => caller,
                        Loaded::Revoked => {
                            return Err(ApiError::Unauthenticated(
                                "Your session has ended. Sign in again.".into(),
                            ))
                        }
                        Loaded::Missing => {
                            return Err(ApiError::Unauthenticated(
                                "The account is disabled or no longer exists.".into(),
                            ))
                        }
                    };
                    let (rules, calendar) = state.get_with_calendar(&mut conn)?;
                    let mut cx = Cx {
                        conn: &mut conn,
                        caller,
                        rules,
                        calendar,
                        reads: Vec::new(),
                    };
                    let outcome = work(&mut cx);
                    Ok((outcome, cx.reads))
                })
            })
            .await
            .map_err(ApiError::from)??;
        self.access_log.append(reads).await?;
        outcome
    }

    /// What this service's work needs to know of it, to hand to a blocking thread.
    pub fn service(&self) -> crate::context::Service {
        crate::context::Service {
            clock_skew: self.clock.skew(),
            email: self.settings.smtp_url.is_some(),
        }
    }

    /// Runs CPU-heavy password work (argon2) off the async workers and outside any database
    /// connection, a few at a time.
    pub async fn hash_work<T, F>(&self, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let _slot = self
            .password_slots
            .acquire()
            .await
            .map_err(|_| ApiError::Unavailable("The service is shutting down.".into()))?;
        web::block(work).await.map_err(ApiError::from)
    }

    /// Runs database work that needs no caller (sign-in, readiness) on the blocking pool.
    pub async fn db<T, F>(&self, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        let service = self.service();
        web::block(move || {
            crate::context::run(service, || {
                let mut conn = pool.get()?;
                work(&mut conn)
            })
        })
        .await
        .map_err(ApiError::from)?
    }
}
