//! Liveness and readiness probes for load balancers and orchestrators.

use std::time::Duration;

use actix_web::{get, web, HttpResponse};
use diesel::connection::SimpleConnection;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::is_connection_lost;
use crate::error::{ApiError, ApiResult};
use crate::state::State;

/// A probe's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct HealthStatus {
    /// `ok` when healthy.
    pub status: String,
    /// The database backend in use (readiness only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
}

/// The process is up and serving requests.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, description = "Alive", body = HealthStatus))
)]
#[get("/health/live")]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(HealthStatus {
        status: "ok".into(),
        database: None,
    })
}

/// The service can reach its database; 503 when it cannot.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "Ready", body = HealthStatus),
        (status = 503, description = "The database is unreachable", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/health/ready")]
pub async fn ready(state: State) -> ApiResult<HttpResponse> {
    if super::shutdown::is_draining() {
        return Err(ApiError::Unavailable(
            "The service is shutting down.".into(),
        ));
    }
    let backend = state.settings.database_url.backend();
    let pool = state.pool.clone();
    // A short timeout: a probe that hangs for the pool's full wait is as bad as no answer.
    let reachable = web::block(move || {
        // A connection opened before a database restart fails once and is discarded; that says
        // nothing about the database now, so the probe tries once more on another connection.
        for _ in 0..2 {
            match pool.get_timeout(Duration::from_secs(2)) {
                Ok(mut conn) => match conn.batch_execute("SELECT 1") {
                    Ok(()) => return true,
                    Err(error) if is_connection_lost(&error) => continue,
                    Err(error) => {
                        tracing::warn!(%error, "readiness probe failed");
                        return false;
                    }
                },
                Err(error) => {
                    tracing::warn!(%error, "readiness probe failed");
                    return false;
                }
            }
        }
        false
    })
    .await
    .unwrap_or(false);
    if !reachable {
        return Err(ApiError::Unavailable("The database is unreachable.".into()));
    }
    Ok(HttpResponse::Ok().json(HealthStatus {
        status: "ok".into(),
        database: Some(backend.into()),
    }))
}
