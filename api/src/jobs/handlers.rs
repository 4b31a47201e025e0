//! The test clock's endpoints (`QA_TEST_CLOCK=1` only; otherwise they do not exist and answer
//! 404): move the service's clock, and run the scheduler's sweep at once. Not in the OpenAPI
//! document: they are for test suites, not for clients.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::auth::caller::SignedIn;
use crate::error::{ApiError, ApiResult};
use crate::extract::JsonBody;
use crate::state::State;

/// Where to put the clock.
#[derive(Debug, Deserialize, utoipa::ToSchema, validator::Validate)]
pub struct SetClock {
    /// The instant the clock should read now.
    #[serde(with = "time::serde::rfc3339")]
    pub now: OffsetDateTime,
}

/// The clock after a change.
#[derive(Debug, Serialize)]
struct ClockReading {
    #[serde(with = "time::serde::rfc3339")]
    now: OffsetDateTime,
}

/// `PUT /api/v1/test/clock`: moves the service's clock.
pub async fn set_clock(state: State, user: SignedIn, body: JsonBody) -> ApiResult<HttpResponse> {
    if !state.clock.settable() {
        return Err(ApiError::NotFound);
    }
    // Signed in (the account is checked), like every other call under /api/v1.
    state.run(user, |_| Ok(())).await?;
    let input: SetClock = body.parse()?;
    state.clock.set(input.now);
    Ok(HttpResponse::Ok().json(ClockReading {
        now: state.clock.now(),
    }))
}

/// `POST /api/v1/test/jobs/run`: runs the scheduler's sweep now, on the service's clock.
pub async fn run_jobs(state: State, user: SignedIn) -> ApiResult<HttpResponse> {
    if !state.clock.settable() {
        return Err(ApiError::NotFound);
    }
    let settings = state.settings.clone();
    let stopping = state.stopping.clone();
    let report = state
        .run(user, move |cx| {
            let reminders = super::run(cx.conn, &cx.rules, &stopping)?;
            let mail = super::send_mail(cx.conn, &settings)?;
            // A test runs retention whenever it asks, not once a day.
            let retention = crate::data_protection::retention::run(cx.conn, &cx.rules)?;
            Ok(serde_json::json!({"reminders": reminders, "mail": mail, "retention": retention}))
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// Registers the test clock's endpoints when the service allows them.
pub fn routes(cfg: &mut web::ServiceConfig, enabled: bool) {
    if enabled {
        cfg.route("/api/v1/test/clock", web::put().to(set_clock))
            .route("/api/v1/test/jobs/run", web::post().to(run_jobs));
    }
}
