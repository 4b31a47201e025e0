//! `GET /api/v1/events`: the feed, for pollers.

use std::collections::HashMap;

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::{number_new_events, read, Event, EventType};
use crate::auth::caller::Caller;
use crate::auth::policy::CaseScope;
use crate::auth::roles::Role;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service_accounts::Principal;
use crate::state::State;

/// A page of the feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventPage {
    /// The events after `after`, oldest first.
    pub items: Vec<Event>,
    /// Pass as `after` next time: the last event's `seq`, or the `after` given when there
    /// were none.
    pub next_after: i64,
}

/// The feed's query.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventQuery {
    /// The last `seq` already seen (default 0: from the start).
    #[param(minimum = 0)]
    pub after: Option<i64>,
    /// Only these types, comma-separated (`audit.submitted,escalation.raised`).
    #[param(
        pattern = "^((audit\\.submitted|escalation\\.raised|escalation\\.staged|escalation\\.resolved|action\\.overdue|action\\.verified|complaint\\.responded|observation\\.submitted)(,(audit\\.submitted|escalation\\.raised|escalation\\.staged|escalation\\.resolved|action\\.overdue|action\\.verified|complaint\\.responded|observation\\.submitted))*)?$"
    )]
    pub types: Option<String>,
    /// How many at most (default 100, max 1000).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
}

/// Who reads the feed: it names records about every child, so only the roles that oversee
/// every case's QA (and service accounts with `events:read`).
const FEED_READERS: [Role; 4] = [
    Role::QaOfficer,
    Role::SeniorLeader,
    Role::PrincipalSocialWorker,
    Role::PerformanceAnalyst,
];

fn may_read_feed(caller: &Caller) -> ApiResult<()> {
    caller.require_any(&FEED_READERS)?;
    match caller.case_scope() {
        CaseScope::All => Ok(()),
        _ => Err(ApiError::forbidden(
            "The events feed is for roles that see every case.",
        )),
    }
}

/// What happened here since `after`: record ids and no narrative. A poller that passes back
/// `next_after` never misses an event, however the writers' transactions interleave.
#[utoipa::path(
    tag = "events", security(("bearer" = []), ("service_token" = ["events:read"])),
    params(EventQuery),
    responses(
        (status = 200, description = "The next events", body = EventPage),
        (status = 403, description = "Not a role that reads the feed", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad after, types or limit, named", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/events")]
pub async fn list_events(
    state: State,
    caller: Principal,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = move |conn: &mut crate::db::DbConn| -> ApiResult<EventPage> {
        let (after, types, limit) = parse(&query)?;
        number_new_events(conn)?;
        let items = read(conn, after, &types, limit)?;
        let next_after = items.last().map_or(after, |e| e.seq);
        Ok(EventPage { items, next_after })
    };
    let page = match caller {
        Principal::Person(user) => {
            state
                .run(user, move |cx| {
                    may_read_feed(&cx.caller)?;
                    page(cx.conn)
                })
                .await?
        }
        // The extractor has checked `events:read` and logged the use.
        Principal::Service(_) => state.db(page).await?,
    };
    Ok(HttpResponse::Ok().json(page))
}

fn parse(query: &HashMap<String, String>) -> ApiResult<(i64, Vec<String>, i64)> {
    let mut errors = Vec::new();
    let after = match query.get("after").map(|a| a.parse::<i64>()) {
        None => 0,
        Some(Ok(n)) if n >= 0 => n,
        Some(_) => {
            errors.push(FieldError::new(
                "after",
                "must be a whole number, 0 or more",
            ));
            0
        }
    };
    let limit = match query.get("limit").map(|l| l.parse::<i64>()) {
        None => 100,
        Some(Ok(n)) if (1..=1000).contains(&n) => n,
        Some(_) => {
            errors.push(FieldError::new("limit", "must be from 1 to 1000"));
            100
        }
    };
    let mut types = Vec::new();
    for name in query
        .get("types")
        .map(|t| {
            t.split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    {
        if EventType::parse(name).is_some() {
            types.push(name.to_string());
        } else {
            errors.push(FieldError::new(
                "types",
                format!(
                    "{name} is not an event type; the types are {}",
                    EventType::VALUES.join(", ")
                ),
            ));
        }
    }
    if errors.is_empty() {
        Ok((after, types, limit))
    } else {
        Err(ApiError::Validation(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::EventType;

    #[test]
    fn the_documented_types_pattern_names_every_event_type() {
        let document = crate::openapi::yaml();
        for value in EventType::VALUES {
            let escaped = value.replace('.', "\\.");
            assert!(
                document.contains(&escaped),
                "the `types` pattern of GET /api/v1/events lacks {value}"
            );
        }
    }
}
