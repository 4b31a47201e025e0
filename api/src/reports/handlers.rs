//! Reports over HTTP: JSON by default, one table as CSV with `Accept: text/csv` and `table=`.

use std::collections::HashMap;

use actix_web::{get, http::header, web, HttpRequest, HttpResponse};

use super::{
    calibration, heatmap, more, period_from, quarterly, scope_for, table_csv, Definition, Report,
};
use crate::auth::caller::SignedIn;
use crate::dates::london_today;
use crate::error::{ApiError, ApiResult};
use crate::state::State;

crate::text_enum! {
    /// The reports.
    pub enum ReportName {
        /// The quarterly QA report for the leadership team.
        QuarterlyQa = "quarterly-qa",
        /// Good or better per practice standard and team or service.
        StandardsHeatmap = "standards-heatmap",
        /// Moderators' agreement with auditors: percent and weighted kappa.
        Calibration = "calibration",
        /// Escalations: by source, time at each stage, recurring and unresolved cases.
        Escalations = "escalations",
        /// Feedback from children and families by channel and theme, with "you said, we did".
        Participation = "participation",
        /// Workforce learning needs from observations and audits, by standard.
        LearningNeeds = "learning-needs",
        /// A team manager's own team beside its service as a whole.
        TeamBriefing = "team-briefing",
    }
}

/// The report's query.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// A calendar quarter, `YYYY-Qn` (default: the current quarter).
    #[param(pattern = "^(20[0-9]{2}|2100)-Q[1-4]$")]
    pub quarter: Option<String>,
    /// The first day, with `to`, instead of a quarter.
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<String>,
    /// The last day, with `from` (at most three years after it).
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<String>,
    /// One service (and its teams).
    pub service_id: Option<uuid::Uuid>,
    /// One team.
    pub team_id: Option<uuid::Uuid>,
    /// With `Accept: text/csv`: the table to export, by its `name`.
    pub table: Option<String>,
}

/// The spreadsheet media type.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn wants_xlsx(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains(XLSX))
}

fn wants_csv(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/csv"))
}

/// A report for a period (a quarter, or `from`/`to`) with the previous period beside it, for
/// the whole council or narrowed to a service or team. Read by the QA unit, senior leaders, the
/// principal social worker and the Performance Team (counts of fewer than 5 withheld, never
/// names of staff); heads of service read their service. Figures are computed from the records
/// on each request, so they agree with the lists.
#[utoipa::path(
    tag = "reports", security(("bearer" = [])),
    params(("name" = inline(ReportName), Path, description = "The report"), ReportQuery),
    responses(
        (status = 200, description = "The report as JSON, one table as CSV, or the whole report as a spreadsheet (a sheet per table)", content(
            (Report = "application/json"),
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        )),
        (status = 403, description = "Not a role that reads reports", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such report, or a service or team outside the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad period (a quarter, or from and to with from first), or no such table", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/reports/{name}")]
pub async fn get_report(
    state: State,
    user: SignedIn,
    req: HttpRequest,
    name: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let name = ReportName::parse(&name.into_inner()).ok_or(ApiError::NotFound)?;
    let query = query.into_inner();
    let csv = wants_csv(&req);
    let report = state
        .run(user, move |cx| {
            let scope = if name == ReportName::TeamBriefing {
                super::briefing_scope(cx.conn, &cx.caller, &query)?
            } else {
                scope_for(
                    cx.conn,
                    &cx.caller,
                    &query,
                    cx.rules.report_small_number_threshold,
                )?
            };
            let period = period_from(&query)?;
            let (title, tables, definitions, notes) = match name {
                ReportName::QuarterlyQa => {
                    let (tables, definitions, notes) =
                        quarterly::build(cx.conn, period, &scope, london_today())?;
                    ("Quarterly quality assurance report", tables, definitions, notes)
                }
                ReportName::StandardsHeatmap => {
                    let framework = crate::standards::repo::current_framework(cx.conn)?.id;
                    let standards: Vec<(i32, String)> =
                        crate::standards::repo::standards_of(cx.conn, framework)?
                            .into_iter()
                            .map(|s| (s.number, s.title))
                            .collect();
                    let now = heatmap::tally(cx.conn, period, &scope)?;
                    let before = heatmap::tally(cx.conn, period.previous(), &scope)?;
                    let services = |s: &heatmap::Tally| heatmap::by_group(s, |t| scope.service_of(t));
                    let tables = vec![
                        heatmap::table(
                            "by-team",
                            "Judgements graded good or better per standard and team",
                            &scope,
                            &standards,
                            &now,
                            &before,
                        ),
                        heatmap::table(
                            "by-service",
                            "Judgements graded good or better per standard and service",
                            &scope,
                            &standards,
                            &services(&now),
                            &services(&before),
                        ),
                    ];
                    let definitions = vec![Definition {
                        term: "Good or better".into(),
                        meaning: "The share of a standard's judgements graded good or outstanding in audits submitted in the period; not applicable left out.".into(),
                    }];
                    ("Practice standards heatmap", tables, definitions, Vec::new())
                }
                ReportName::Calibration => {
                    let tables = calibration::tables(cx.conn, period, &scope)?;
                    let definitions = vec![
                        Definition {
                            term: "Agreement".into(),
                            meaning: "The share of moderated audits whose moderated overall grade equals the auditor's.".into(),
                        },
                        Definition {
                            term: "Weighted kappa".into(),
                            meaning: "Cohen's kappa with linear weights on the grade scale: 1 is full agreement, 0 no more than chance; a disagreement of one grade counts a third of one of three.".into(),
                        },
                        Definition {
                            term: "Unreliable".into(),
                            meaning: "Fewer than 10 moderated audits stand behind the figure.".into(),
                        },
                    ];
                    ("Moderation and calibration", tables, definitions, Vec::new())
                }
                ReportName::Escalations => {
                    let calendar = cx.calendar.clone();
                    let tables = more::escalations_report(
                        cx.conn,
                        period,
                        &scope,
                        &calendar,
                        london_today(),
                    )?;
                    let definitions = vec![Definition {
                        term: "Time at a stage".into(),
                        meaning: "Working days from the day an escalation reached a stage to the day it moved on, was resolved or withdrawn, or today while it stays.".into(),
                    }];
                    ("Escalations", tables, definitions, Vec::new())
                }
                ReportName::Participation => {
                    let tables = more::participation_report(cx.conn, period, &scope)?;
                    let definitions = vec![Definition {
                        term: "Children and families".into(),
                        meaning: "Compliments, complaints, participation and survey responses from children, young people, parents and carers, by the day they were received.".into(),
                    }];
                    let notes = if scope.suppress_below > 0 {
                        vec!["What participants said and the answers are not shown in the Performance Team's view.".into()]
                    } else {
                        Vec::new()
                    };
                    ("Participation", tables, definitions, notes)
                }
                ReportName::LearningNeeds => {
                    let framework = crate::standards::repo::current_framework(cx.conn)?.id;
                    let standards: Vec<(i32, String)> =
                        crate::standards::repo::standards_of(cx.conn, framework)?
                            .into_iter()
                            .map(|s| (s.number, s.title))
                            .collect();
                    let tables =
                        more::learning_needs_report(cx.conn, period, &scope, &standards)?;
                    let definitions = vec![Definition {
                        term: "Below good".into(),
                        meaning: "Graded requires improvement or inadequate in audits submitted in the period.".into(),
                    }];
                    ("Workforce learning needs", tables, definitions, Vec::new())
                }
                ReportName::TeamBriefing => {
                    let framework = crate::standards::repo::current_framework(cx.conn)?.id;
                    let standards: Vec<(i32, String)> =
                        crate::standards::repo::standards_of(cx.conn, framework)?
                            .into_iter()
                            .map(|s| (s.number, s.title))
                            .collect();
                    let service = super::service_around(cx.conn, &scope)?;
                    let tables = more::team_briefing(
                        cx.conn,
                        period,
                        &scope,
                        &service,
                        &standards,
                        london_today(),
                    )?;
                    let definitions = vec![Definition {
                        term: "The service".into(),
                        meaning: "Every team of the team's service together, the team included; no other team is shown on its own.".into(),
                    }];
                    ("Team briefing", tables, definitions, Vec::new())
                }
            };
            cx_log(cx, name)?;
            Ok(Report {
                name: name.as_str().into(),
                title: title.into(),
                period: period.into(),
                previous: period.previous().into(),
                scope: scope.label.clone(),
                small_numbers_suppressed: scope.suppress_below > 0,
                tables,
                definitions,
                notes,
            })
        })
        .await?;
    if wants_xlsx(&req) {
        let bytes = super::report_xlsx(&report).map_err(|e| {
            ApiError::Internal(format!("the spreadsheet could not be written: {e}"))
        })?;
        return Ok(HttpResponse::Ok()
            .content_type(XLSX)
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}-{}.xlsx\"",
                    report.name,
                    report.period.label.replace(' ', "_")
                ),
            ))
            .body(bytes));
    }
    if csv {
        let wanted = req
            .query_string()
            .split('&')
            .find_map(|p| p.strip_prefix("table="))
            .map(|t| t.to_string());
        let Some(table) = wanted
            .as_deref()
            .and_then(|t| report.tables.iter().find(|table| table.name == t))
        else {
            let names: Vec<&str> = report.tables.iter().map(|t| t.name.as_str()).collect();
            return Err(ApiError::field(
                "table",
                format!("name one of this report's tables: {}", names.join(", ")),
            ));
        };
        return Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}-{}-{}.csv\"",
                    report.name, report.period.label, table.name
                ),
            ))
            .body(table_csv(table)));
    }
    Ok(HttpResponse::Ok().json(report))
}

/// Reports hold no child's record, but who read which is kept like any other read.
fn cx_log(cx: &mut crate::state::Cx<'_>, name: ReportName) -> ApiResult<()> {
    crate::access_log::repo::record(
        cx.conn,
        &[crate::access_log::repo::AccessEntry {
            user_id: Some(cx.caller.user_id.to_string()),
            action: "read",
            record_type: "report",
            record_id: None,
            case_id: None,
            outcome: crate::access_log::repo::Outcome::Allowed,
            detail: Some(format!("report={}", name.as_str())),
        }],
    )?;
    Ok(())
}
