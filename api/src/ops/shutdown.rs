//! Stopping without failing a request. On SIGTERM the service first drains: for
//! `QA_SHUTDOWN_DRAIN_SECS` it keeps serving but answers readiness 503, so a load balancer
//! probing `/health/ready` stops sending it requests; then it closes its listener (new
//! connections are refused, which a proxy retries on another instance), lets in-flight
//! requests finish (up to 30 s) and exits. SIGINT and SIGQUIT stop at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use actix_web::dev::ServerHandle;

/// Set once a SIGTERM has been received and the drain has begun.
static DRAINING: AtomicBool = AtomicBool::new(false);

/// Whether the process is draining before it stops (readiness answers 503).
pub fn is_draining() -> bool {
    DRAINING.load(Ordering::Relaxed)
}

/// Waits for a stop signal and stops the server as the module docs describe.
pub async fn on_signals(server: ServerHandle, drain: Duration) {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut term), Ok(mut int), Ok(mut quit)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
        signal(SignalKind::quit()),
    ) else {
        tracing::error!("cannot listen for stop signals");
        return;
    };
    tokio::select! {
        _ = term.recv() => {
            if !drain.is_zero() {
                DRAINING.store(true, Ordering::Relaxed);
                tracing::info!(drain_secs = drain.as_secs(), "SIGTERM: draining before stopping");
                tokio::select! {
                    _ = tokio::time::sleep(drain) => {}
                    _ = int.recv() => return server.stop(false).await,
                }
            }
            tracing::info!("stopping: in-flight requests finish first");
            server.stop(true).await;
        }
        _ = int.recv() => server.stop(false).await,
        _ = quit.recv() => server.stop(false).await,
    }
}
