//! What every handler shares: the pool, the settings, the token keys and the metrics, and the
//! one way to run database work off the async workers.

use actix_web::web;

use crate::access_log::{AccessEntry, AccessLogWriter};
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
}

/// The state as handlers receive it.
pub type State = web::Data<AppState>;

impl AppState {
    /// Logs reads of child-level records; returns once the entries are durable.
    pub async fn log_reads(&self, entries: Vec<AccessEntry>) -> ApiResult<()> {
        self.access_log.append(entries).await
    }

    /// Runs synchronous database work on the blocking pool (diesel never runs on the async
    /// workers), with a pooled connection.
    pub async fn db<T, F>(&self, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await
        .map_err(ApiError::from)?
    }
}
