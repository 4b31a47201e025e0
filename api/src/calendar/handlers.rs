//! Working-day arithmetic over HTTP, for clients that show deadlines.

use std::collections::HashMap;

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use super::repo;
use crate::auth::caller::SignedIn;
use crate::dates::{format_date, parse_date};
use crate::error::{ApiError, ApiResult, FieldError};
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
