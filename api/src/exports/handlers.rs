//! `GET /api/v1/exports` (the data dictionary) and `GET /api/v1/exports/{dataset}` (a
//! streamed CSV or NDJSON export).

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use diesel::{Connection, RunQueryDsl};
use serde::Serialize;
use utoipa::ToSchema;

use super::datasets::{Dataset, ExportFilter, Reader};
use super::sink::RowWriter;
use super::{Column, Format};
use crate::access_log::repo::{AccessEntry, Outcome};
use crate::auth::caller::Caller;
use crate::auth::roles::Role;
use crate::dates::parse_date;
use crate::db::types::UnitId;
use crate::db::{DbConn, DbPool};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::pagination::{QueryValue, Since};
use crate::service_accounts::Principal;
use crate::state::State;

/// The roles that pull exports: the Performance Team and those who read every team's QA
/// records, and managers for their own teams (the record policy scopes the rows).
const EXPORTERS: [Role; 6] = [
    Role::PerformanceAnalyst,
    Role::QaOfficer,
    Role::SeniorLeader,
    Role::PrincipalSocialWorker,
    Role::HeadOfService,
    Role::TeamManager,
];

/// One dataset in the data dictionary.
#[derive(Debug, Serialize, ToSchema)]
pub struct DatasetDefinition {
    /// Its name, the path segment of `GET /api/v1/exports/{dataset}`.
    pub name: &'static str,
    /// What it holds.
    pub description: &'static str,
    /// What one row is.
    pub row_is: &'static str,
    /// The column `from` and `to` filter.
    pub date_filter: &'static str,
    /// Its columns, in the order they are written.
    pub columns: Vec<Column>,
}

/// The data dictionary: every dataset and its columns.
#[derive(Debug, Serialize, ToSchema)]
pub struct DataDictionary {
    /// The datasets.
    pub datasets: Vec<DatasetDefinition>,
}

/// An export's query.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `csv` or `ndjson`; overrides `Accept` (default CSV).
    pub format: Option<String>,
    /// With CSV: `true` starts the file with a byte-order mark, for Excel.
    pub bom: Option<bool>,
    /// First London day of the dataset's date column (inclusive).
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<String>,
    /// Last London day of the dataset's date column (inclusive).
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<String>,
    /// Rows changed at or after this instant (RFC 3339) or date: for incremental pulls.
    #[param(value_type = Option<String>)]
    pub updated_since: Option<String>,
    /// One team's rows.
    pub team_id: Option<uuid::Uuid>,
    /// The rows of every team of one service.
    pub service_id: Option<uuid::Uuid>,
}

/// The data dictionary of the exports.
#[utoipa::path(
    tag = "exports", security(("bearer" = []), ("service_token" = ["exports:read"])),
    responses(
        (status = 200, description = "Every dataset and its columns", body = DataDictionary),
        (status = 403, description = "Not a role that pulls exports", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/exports")]
pub async fn data_dictionary(state: State, caller: Principal) -> ApiResult<HttpResponse> {
    if let Principal::Person(user) = caller {
        state.run(user, |cx| may_export(&cx.caller)).await?;
    }
    let datasets = Dataset::ALL
        .into_iter()
        .map(|d| DatasetDefinition {
            name: d.name(),
            description: d.description(),
            row_is: d.row_is(),
            date_filter: d.date_filter(),
            columns: d.columns().to_vec(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(DataDictionary { datasets }))
}

/// One dataset, streamed as CSV (RFC 4180, UTF-8, a header row) or NDJSON: structured fields
/// only, the rows the caller's scope covers, in a stable order (by `id`). One access-log entry
/// per export records the dataset and the filter.
#[utoipa::path(
    tag = "exports", security(("bearer" = []), ("service_token" = ["exports:read"])),
    params(("dataset" = String, Path, description = "`audits`, `judgements`, `actions`, `escalations`, `observations` or `feedback`"), ExportQuery),
    responses(
        (status = 200, description = "The rows, streamed", content(
            (String = "text/csv"),
            (String = "application/x-ndjson")
        )),
        (status = 403, description = "Not a role that pulls exports", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such dataset, or a team or service outside the caller's scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter or format, named", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/exports/{dataset}")]
pub async fn export_dataset(
    state: State,
    caller: Principal,
    req: HttpRequest,
    dataset: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let dataset = Dataset::parse(&dataset.into_inner()).ok_or(ApiError::NotFound)?;
    let query = query.into_inner();
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let describe = move |filter: &ExportFilter, format: Format| {
        let terms = filter.describe();
        format!(
            "dataset={}&format={}{}{terms}",
            dataset.name(),
            format.extension(),
            if terms.is_empty() { "" } else { "&" },
        )
    };
    let (reader, filter, format, bom) = match caller {
        Principal::Person(user) => {
            state
                .run(user, move |cx| {
                    may_export(&cx.caller)?;
                    let (filter, format, bom) =
                        parse_query(cx.conn, Some(&cx.caller), &query, &accept)?;
                    crate::access_log::repo::record(
                        cx.conn,
                        &[AccessEntry {
                            user_id: Some(cx.caller.user_id.to_string()),
                            action: "export",
                            record_type: "export",
                            record_id: None,
                            case_id: None,
                            outcome: Outcome::Allowed,
                            detail: Some(describe(&filter, format)),
                        }],
                    )?;
                    Ok((Reader::Person(cx.caller.clone()), filter, format, bom))
                })
                .await?
        }
        Principal::Service(account) => {
            state
                .db(move |conn| {
                    let (filter, format, bom) = parse_query(conn, None, &query, &accept)?;
                    crate::access_log::repo::record(
                        conn,
                        &[account.access_entry(
                            "export",
                            "export",
                            None,
                            Outcome::Allowed,
                            Some(describe(&filter, format)),
                        )],
                    )?;
                    Ok((Reader::Service, filter, format, bom))
                })
                .await?
        }
    };
    let (sender, mut receiver) =
        tokio::sync::mpsc::channel::<Result<web::Bytes, std::io::Error>>(2);
    let pool = state.pool.clone();
    let service = state.service();
    actix_web::rt::task::spawn_blocking(move || {
        crate::context::run(service, || {
            match write_export(&pool, &reader, dataset, &filter, format, bom, &sender) {
                Ok(()) | Err(Stopped::ClientGone) => {}
                Err(Stopped::Failed(error)) => {
                    tracing::error!(%error, dataset = dataset.name(), "an export failed part-way");
                    // The status line has gone; ending the body with an error makes the
                    // client see a broken download rather than a short file that looks whole.
                    let _ = sender.blocking_send(Err(std::io::Error::other("the export failed")));
                }
            }
        })
    });
    let body = futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx));
    Ok(HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"{}.{}\"",
                dataset.name(),
                format.extension()
            ),
        ))
        .streaming(body))
}

fn may_export(caller: &Caller) -> ApiResult<()> {
    caller.require_any(&EXPORTERS)
}

/// Why an export's writing stopped early.
enum Stopped {
    /// The client closed the connection: nothing to report.
    ClientGone,
    /// The database failed part-way.
    Failed(ApiError),
}

impl<E: Into<ApiError>> From<E> for Stopped {
    fn from(error: E) -> Self {
        Self::Failed(error.into())
    }
}

/// Bytes gathered before they are handed to the response (a chunk of rows is written whole).
const FLUSH_BYTES: usize = 256 * 1024;

fn write_export(
    pool: &DbPool,
    reader: &Reader,
    dataset: Dataset,
    filter: &ExportFilter,
    format: Format,
    bom: bool,
    sender: &tokio::sync::mpsc::Sender<Result<web::Bytes, std::io::Error>>,
) -> Result<(), Stopped> {
    let mut conn = pool.get().map_err(ApiError::from)?;
    let conn: &mut DbConn = &mut conn;
    conn.transaction::<(), Stopped, _>(|conn| {
        if let DbConn::Pg(_) = conn {
            // One snapshot for the whole export, however many chunks it is read in.
            diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(conn)
                .map_err(ApiError::from)?;
        }
        let mut out = RowWriter::new(format, dataset.columns());
        out.header(bom);
        let mut after: Option<String> = None;
        loop {
            let last = dataset.write_chunk(conn, reader, filter, after.as_deref(), &mut out)?;
            if out.buf.len() >= FLUSH_BYTES || last.is_none() {
                let bytes = web::Bytes::from(std::mem::take(&mut out.buf));
                if !bytes.is_empty() && sender.blocking_send(Ok(bytes)).is_err() {
                    return Err(Stopped::ClientGone);
                }
            }
            match last {
                Some(key) => after = Some(key),
                None => return Ok(()),
            }
        }
    })
}

fn parse_query(
    conn: &mut DbConn,
    caller: Option<&Caller>,
    query: &HashMap<String, String>,
    accept: &str,
) -> ApiResult<(ExportFilter, Format, bool)> {
    let mut errors = Vec::new();
    let mut filter = ExportFilter::default();
    let date = |name: &str, errors: &mut Vec<FieldError>| {
        query.get(name).and_then(|raw| match parse_date(raw) {
            Ok(day) => Some(day),
            Err(_) => {
                errors.push(FieldError::new(name, "must be a date, YYYY-MM-DD"));
                None
            }
        })
    };
    filter.from = date("from", &mut errors);
    filter.to = date("to", &mut errors);
    if let (Some(from), Some(to)) = (filter.from, filter.to) {
        if to < from {
            errors.push(FieldError::new("to", "must not be before from"));
        }
    }
    if let Some(raw) = query.get("updated_since") {
        match Since::from_query(raw) {
            Ok(Since(at)) => filter.updated_since = Some(at),
            Err(message) => errors.push(FieldError::new("updated_since", message)),
        }
    }
    let format = match query.get("format").map(String::as_str) {
        Some("csv") => Format::Csv,
        Some("ndjson") => Format::Ndjson,
        Some(_) => {
            errors.push(FieldError::new("format", "must be csv or ndjson"));
            Format::Csv
        }
        None if accept.contains("ndjson") => Format::Ndjson,
        None => Format::Csv,
    };
    let bom = match query.get("bom").map(String::as_str) {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            errors.push(FieldError::new("bom", "must be true or false"));
            false
        }
    };
    let unit = |name: &str, errors: &mut Vec<FieldError>| {
        query.get(name).and_then(|raw| match UnitId::parse(raw) {
            Some(id) => Some(id),
            None => {
                errors.push(FieldError::new(name, "must be a UUID"));
                None
            }
        })
    };
    let team = unit("team_id", &mut errors);
    let service = unit("service_id", &mut errors);
    if team.is_some() && service.is_some() {
        errors.push(FieldError::new(
            "service_id",
            "give a team or a service, not both",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    if let Some(root) = team.or(service) {
        let field = if team.is_some() {
            "team_id"
        } else {
            "service_id"
        };
        let Some(found) = crate::org::repo::find_unit(conn, root)? else {
            return Err(ApiError::field(field, "no such team or service"));
        };
        let wanted_kind = if team.is_some() { "team" } else { "service" };
        if found.kind.as_str() != wanted_kind {
            return Err(ApiError::field(field, format!("must name a {wanted_kind}")));
        }
        let teams = crate::auth::repo::subtree(conn, root)?;
        // A manager's export is scoped to their teams anyway; naming another team is refused
        // as the lists refuse it, without saying whether it exists.
        let scope = caller.map(Caller::case_scope);
        if let Some(crate::auth::policy::CaseScope::Limited { units, .. }) = scope {
            if !teams.iter().any(|t| units.contains(t)) {
                return Err(ApiError::NotFound);
            }
        }
        filter.teams = Some(teams);
    }
    Ok((filter, format, bom))
}
