//! Working-day arithmetic over HTTP, for clients that show deadlines.

use std::collections::HashMap;

use actix_web::{delete, get, put, web, HttpResponse};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use super::repo;
use crate::auth::caller::SignedIn;
use crate::auth::roles::Role;
use crate::dates::{format_date, parse_date};
use crate::db::write_tx;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::JsonBody;
use crate::state::State;

/// The largest number of working days one call may add (about four years).
pub const MAX_WORKING_DAYS: i32 = 1000;

/// Query of the working-day calculation.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WorkingDaysQuery {
    /// The start date, `YYYY-MM-DD`, from 2000 to 2100.
    #[param(value_type = String, format = Date, pattern = "^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$")]
    pub from: String,
    /// Working days to add, from -1000 to 1000; day one is the first working day after `from`.
    #[param(minimum = -1000, maximum = 1000)]
    pub add: i32,
}

/// The result of adding working days.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkingDaysResult {
    /// The start date.
    #[schema(format = Date)]
    pub from: String,
    /// Working days added.
    pub add: i32,
    /// The resulting date.
    #[schema(format = Date)]
    pub date: String,
    /// Working days from `from` to `date` (equal to `add`).
    pub working_days_between: i32,
}

/// One bank holiday.
#[derive(Debug, Serialize, ToSchema)]
pub struct BankHoliday {
    /// The date.
    #[schema(format = Date)]
    pub date: String,
    /// Its name.
    pub name: String,
}

/// Bank holidays of a year.
#[derive(Debug, Serialize, ToSchema)]
pub struct BankHolidayList {
    /// The year.
    pub year: i32,
    /// The holidays in date order.
    pub items: Vec<BankHoliday>,
}

/// Query of the bank-holiday list.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BankHolidayQuery {
    /// The year, 2000 to 2100.
    #[param(minimum = 2000, maximum = 2100)]
    pub year: i32,
}

/// The date `add` working days after `from` in England and Wales (no weekends, no bank
/// holidays): the calculation every statutory deadline uses.
#[utoipa::path(
    tag = "reference data",
    security(("bearer" = [])),
    params(WorkingDaysQuery),
    responses(
        (status = 200, description = "The resulting date", body = WorkingDaysResult),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad date or number of days", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/calendar/working-days")]
pub async fn working_days(
    state: State,
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let from = match query.get("from") {
        None => {
            errors.push(FieldError::new("from", "is required"));
            None
        }
        Some(text) => parse_date(text)
            .map_err(|m| errors.push(FieldError::new("from", m)))
            .ok()
            .filter(|d| {
                let ok = (2000..=2100).contains(&d.year());
                if !ok {
                    errors.push(FieldError::new("from", "must be between 2000 and 2100"));
                }
                ok
            }),
    };
    let add = match query.get("add") {
        None => {
            errors.push(FieldError::new("add", "is required"));
            None
        }
        Some(text) => match text.parse::<i32>() {
            Ok(n) if (-MAX_WORKING_DAYS..=MAX_WORKING_DAYS).contains(&n) => Some(n),
            _ => {
                errors.push(FieldError::new(
                    "add",
                    format!(
                        "must be a whole number from -{MAX_WORKING_DAYS} to {MAX_WORKING_DAYS}"
                    ),
                ));
                None
            }
        },
    };
    let (Some(from), Some(add)) = (from, add) else {
        return Err(ApiError::Validation(errors));
    };
    let (calendar, _) = state.run(user, |cx| Ok(repo::load(cx.conn)?)).await?;
    let date = calendar
        .add_working_days(from, add)
        .ok_or_else(|| ApiError::field("add", "goes beyond the supported dates"))?;
    Ok(HttpResponse::Ok().json(WorkingDaysResult {
        from: format_date(from),
        add,
        date: format_date(date),
        working_days_between: calendar.working_days_between(from, date),
    }))
}

/// The England and Wales bank holidays of a year, with substitute days and one-off changes.
#[utoipa::path(
    tag = "reference data",
    security(("bearer" = [])),
    params(BankHolidayQuery),
    responses(
        (status = 200, description = "The holidays", body = BankHolidayList),
        (status = 401, description = "No or invalid token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad year", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/calendar/bank-holidays")]
pub async fn bank_holidays(
    state: State,
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let year = query
        .get("year")
        .ok_or_else(|| ApiError::field("year", "is required"))?
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| ApiError::field("year", "must be a year from 2000 to 2100"))?;
    let (calendar, names) = state.run(user, |cx| Ok(repo::load(cx.conn)?)).await?;
    Ok(HttpResponse::Ok().json(BankHolidayList {
        year,
        items: calendar
            .bank_holidays(year, &names)
            .into_iter()
            .map(|(date, name)| BankHoliday {
                date: format_date(date),
                name,
            })
            .collect(),
    }))
}

crate::text_enum! {
    /// A one-off change to the bank-holiday rules.
    pub enum AdjustmentChange {
        /// An extra bank holiday (a coronation, a jubilee), or a moved one's new date.
        Add = "add",
        /// A standing-rule holiday that does not happen (a moved one's old date).
        Remove = "remove",
    }
}

/// A one-off change to the bank-holiday rules, as stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarAdjustment {
    /// The day.
    #[schema(format = Date)]
    pub date: String,
    /// Added as a holiday, or removed.
    pub change: AdjustmentChange,
    /// Its name (for an added day) or why (for a removed one).
    pub name: String,
}

/// The one-off changes, in date order.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarAdjustmentList {
    /// The changes.
    pub items: Vec<CalendarAdjustment>,
}

/// Setting a one-off change.
#[derive(Debug, serde::Deserialize, ToSchema, validator::Validate)]
pub struct AdjustmentInput {
    /// Add the day as a holiday, or remove it.
    pub change: AdjustmentChange,
    /// Its name, or why it is removed.
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub name: String,
}

fn adjustment_day(raw: &str) -> ApiResult<time::Date> {
    parse_date(raw)
        .ok()
        .filter(|d| (2000..=2100).contains(&d.year()))
        .ok_or_else(|| ApiError::field("date", "must be a date, YYYY-MM-DD, from 2000 to 2100"))
}

fn list_adjustments(conn: &mut crate::db::DbConn) -> ApiResult<CalendarAdjustmentList> {
    Ok(CalendarAdjustmentList {
        items: repo::adjustments(conn)?
            .into_iter()
            .map(|(date, change, name)| CalendarAdjustment {
                date: format_date(date),
                change: AdjustmentChange::parse(&change).unwrap_or(AdjustmentChange::Add),
                name,
            })
            .collect(),
    })
}

fn require_admin(cx: &mut crate::state::Cx<'_>, action: &'static str) -> ApiResult<()> {
    if cx.caller.has(Role::Admin) {
        return Ok(());
    }
    crate::auth::policy::log_role_refusal(cx.conn, &cx.caller, action, "calendar")?;
    Err(ApiError::forbidden(
        "Only administrators change the bank holidays.",
    ))
}

/// The one-off changes to the bank-holiday rules (extra, moved and cancelled holidays), which
/// every statutory clock counts.
#[utoipa::path(
    tag = "reference data", security(("bearer" = [])),
    responses((status = 200, description = "The changes", body = CalendarAdjustmentList))
)]
#[get("/api/v1/calendar/adjustments")]
pub async fn get_adjustments(state: State, user: SignedIn) -> ApiResult<HttpResponse> {
    let list = state.run(user, |cx| list_adjustments(cx.conn)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Adds a bank holiday (or removes a standing one) for one day: every clock counts from the next
/// request. Administrators; the change is in the access log.
#[utoipa::path(
    tag = "reference data", security(("bearer" = [])), request_body = AdjustmentInput,
    params(("date" = String, Path, format = Date, pattern = "^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$", description = "The day, `YYYY-MM-DD`, from 2000 to 2100")),
    responses(
        (status = 200, description = "Every change, with this one", body = CalendarAdjustmentList),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad date or name", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[put("/api/v1/calendar/adjustments/{date}")]
pub async fn put_adjustment(
    state: State,
    user: SignedIn,
    date: web::Path<String>,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let raw = date.into_inner();
    let list = state
        .run(user, move |cx| {
            require_admin(cx, "update")?;
            let day = adjustment_day(&raw)?;
            let input: AdjustmentInput = body.parse()?;
            let actor = cx.caller.user_id;
            write_tx(cx.conn, |conn| -> ApiResult<()> {
                repo::set_adjustment(conn, day, input.change.as_str(), input.name.trim())?;
                log_calendar_change(conn, actor, "update", day)?;
                Ok(())
            })?;
            list_adjustments(cx.conn)
        })
        .await;
    // This service's deadlines follow the change at once; other instances within seconds.
    state.rules.invalidate();
    let list = list?;
    Ok(HttpResponse::Ok().json(list))
}

/// Takes back a one-off change, so the standing rules apply to the day again. Administrators;
/// the change is in the access log.
#[utoipa::path(
    tag = "reference data", security(("bearer" = [])),
    params(("date" = String, Path, format = Date, pattern = "^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$", description = "The day, `YYYY-MM-DD`, from 2000 to 2100")),
    responses(
        (status = 200, description = "Every change left", body = CalendarAdjustmentList),
        (status = 403, description = "Not an administrator", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No change on that day", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad date", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[delete("/api/v1/calendar/adjustments/{date}")]
pub async fn delete_adjustment(
    state: State,
    user: SignedIn,
    date: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let raw = date.into_inner();
    let list = state
        .run(user, move |cx| {
            require_admin(cx, "delete")?;
            let day = adjustment_day(&raw)?;
            let actor = cx.caller.user_id;
            write_tx(cx.conn, |conn| -> ApiResult<()> {
                if !repo::remove_adjustment(conn, day)? {
                    return Err(ApiError::NotFound);
                }
                log_calendar_change(conn, actor, "delete", day)?;
                Ok(())
            })?;
            list_adjustments(cx.conn)
        })
        .await;
    // This service's deadlines follow the change at once; other instances within seconds.
    state.rules.invalidate();
    let list = list?;
    Ok(HttpResponse::Ok().json(list))
}

fn log_calendar_change(
    conn: &mut crate::db::DbConn,
    actor: crate::db::types::UserId,
    action: &'static str,
    day: time::Date,
) -> diesel::QueryResult<()> {
    crate::access_log::repo::record(
        conn,
        &[crate::access_log::repo::AccessEntry {
            user_id: Some(actor.to_string()),
            action,
            record_type: "calendar",
            record_id: None,
            case_id: None,
            outcome: crate::access_log::repo::Outcome::Allowed,
            detail: Some(format!("date={}", format_date(day))),
        }],
    )
}
