//! Feedback queries and writes. Lists apply the caller's scope through the record policy;
//! every change of feedback is a conditional update on the version authorised, and its stages
//! change only under that claim.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::dto::{ComplaintRoute, FeedbackKind, FeedbackStatus};
use super::model::{FeedbackRow, FeedbackState, StageRow};
use crate::auth::caller::Caller;
use crate::auth::policy::{list_scope, ListScope, Load, Loaded};
use crate::db::schema::{cases, complaint_stages, feedback, feedback_imports};
use crate::db::search::{contains_pattern, lower};
use crate::db::types::{CaseId, FeedbackId, UnitId, UserId};
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiResult;
use crate::listing::{finish, resolve_sort, Page, PageRequest, SortParam};
use crate::pagination::Since;

impl Load for FeedbackRow {
    type Id = FeedbackId;

    fn load(conn: &mut DbConn, id: FeedbackId) -> QueryResult<Option<Loaded<Self>>> {
        let found: Option<(FeedbackRow, Option<UserId>)> = feedback::table
            .left_join(cases::table.on(cases::id.nullable().eq(feedback::case_id)))
            .filter(feedback::id.eq(id))
            .select((
                FeedbackRow::as_select(),
                cases::allocated_worker_id.nullable(),
            ))
            .first(conn)
            .optional()?;
        Ok(found.map(|(record, case_worker_id)| Loaded {
            record,
            case_worker_id,
        }))
    }
}

/// Adds feedback rows.
pub fn insert(conn: &mut DbConn, rows: &[FeedbackRow]) -> QueryResult<usize> {
    let mut written = 0;
    for chunk in rows.chunks(500) {
        written += crate::batch_insert!(conn, feedback::table, chunk)?;
    }
    Ok(written)
}

/// Writes feedback's next state if it is still at `version`.
pub fn save(
    conn: &mut DbConn,
    id: FeedbackId,
    version: i32,
    state: &FeedbackState,
) -> QueryResult<bool> {
    let changed = diesel::update(
        feedback::table
            .find(id)
            .filter(feedback::version.eq(version)),
    )
    .set(state)
    .execute(conn)?;
    Ok(changed == 1)
}

/// A complaint's stages, first first.
pub fn stages_of(conn: &mut DbConn, id: FeedbackId) -> QueryResult<Vec<StageRow>> {
    complaint_stages::table
        .filter(complaint_stages::feedback_id.eq(id))
        .order(complaint_stages::stage.asc())
        .select(StageRow::as_select())
        .load(conn)
}

/// Adds a stage.
pub fn insert_stage(conn: &mut DbConn, row: &StageRow) -> QueryResult<()> {
    diesel::insert_into(complaint_stages::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Rewrites a stage (under its complaint's version claim).
pub fn update_stage(conn: &mut DbConn, row: &StageRow) -> QueryResult<()> {
    diesel::update(complaint_stages::table.find(row.id))
        .set(row)
        .execute(conn)
        .map(|_| ())
}

/// The result of an earlier import with this reference, if any.
pub fn import_of(conn: &mut DbConn, batch_ref: &str) -> QueryResult<Option<i32>> {
    feedback_imports::table
        .find(batch_ref)
        .select(feedback_imports::imported)
        .first(conn)
        .optional()
}

/// Records an import by its reference; `false` when one came first.
pub fn record_import(
    conn: &mut DbConn,
    batch_ref: &str,
    imported: i32,
    now: PrimitiveDateTime,
    actor: UserId,
) -> QueryResult<bool> {
    let values = (
        feedback_imports::batch_ref.eq(batch_ref),
        feedback_imports::imported.eq(imported),
        feedback_imports::created_at.eq(now),
        feedback_imports::created_by.eq(actor),
    );
    let inserted = match conn {
        DbConn::Pg(c) => diesel::insert_into(feedback_imports::table)
            .values(values)
            .on_conflict_do_nothing()
            .execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_into(feedback_imports::table)
            .values(values)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(inserted == 1)
}

/// Filters of the feedback list.
#[derive(Debug, Default, Clone)]
pub struct FeedbackFilter {
    /// These kinds.
    pub kinds: Option<Vec<FeedbackKind>>,
    /// One route.
    pub route: Option<ComplaintRoute>,
    /// These stages.
    pub stages: Option<Vec<i32>>,
    /// These statuses.
    pub statuses: Option<Vec<FeedbackStatus>>,
    /// Overdue (true) or not (false), as of `today`.
    pub overdue: Option<bool>,
    /// These teams.
    pub team_ids: Option<Vec<UnitId>>,
    /// One case.
    pub case_id: Option<CaseId>,
    /// A theme raised.
    pub theme: Option<String>,
    /// A standard concerned.
    pub standard: Option<i32>,
    /// Received on or after.
    pub from: Option<Date>,
    /// Received on or before.
    pub to: Option<Date>,
    /// One import.
    pub batch_ref: Option<String>,
    /// Changed at or after.
    pub updated_since: Option<Since>,
}

crate::sortable! {
    /// The fields the feedback list sorts by.
    pub enum FeedbackSort on feedback for FeedbackRow {
        CreatedAt = "created_at" => created_at: PrimitiveDateTime,
        UpdatedAt = "updated_at" => updated_at: PrimitiveDateTime,
        ReceivedOn = "received_on" => received_on: Date,
    }
    default = CreatedAt descending;
    incremental = UpdatedAt;
}

fn filtered<'a>(
    scope: ListScope<feedback::table>,
    filter: &FeedbackFilter,
    today: Date,
) -> feedback::BoxedQuery<'a, MultiBackend> {
    let mut query = feedback::table.into_boxed();
    if let ListScope::Only(condition) = scope {
        query = query.filter(condition);
    }
    if let Some(v) = &filter.kinds {
        query = query.filter(crate::db::member_of(feedback::kind, v.clone()));
    }
    if let Some(v) = filter.route {
        query = query.filter(feedback::route.eq(v));
    }
    if let Some(v) = &filter.stages {
        query = query.filter(feedback::stage.eq_any(v.clone()));
    }
    if let Some(v) = &filter.statuses {
        query = query.filter(crate::db::member_of(feedback::status, v.clone()));
    }
    let late_acknowledgement = feedback::status
        .eq(FeedbackStatus::Received)
        .and(feedback::acknowledge_by.lt(today).assume_not_null());
    let late_response = feedback::status
        .eq(FeedbackStatus::Acknowledged)
        .and(feedback::stage_due_on.lt(today).assume_not_null());
    let overdue = feedback::acknowledge_by
        .is_not_null()
        .and(late_acknowledgement)
        .or(feedback::stage_due_on.is_not_null().and(late_response));
    match filter.overdue {
        Some(true) => query = query.filter(overdue),
        Some(false) => query = query.filter(diesel::dsl::not(overdue)),
        None => {}
    }
    if let Some(v) = &filter.team_ids {
        query = query.filter(crate::db::member_of(feedback::team_id, v.clone()));
    }
    if let Some(v) = filter.case_id {
        query = query.filter(feedback::case_id.eq(v));
    }
    if let Some(theme) = &filter.theme {
        query = query.filter(
            lower(feedback::themes)
                .like(contains_pattern(theme))
                .escape('\\'),
        );
    }
    if let Some(standard) = filter.standard {
        // Standards are kept as a comma list: match the number as a whole item.
        let wrapped = diesel::dsl::sql::<diesel::sql_types::Text>("',' || standards || ','");
        query = query.filter(wrapped.like(format!("%,{standard},%")));
    }
    if let Some(from) = filter.from {
        query = query.filter(feedback::received_on.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(feedback::received_on.le(to));
    }
    if let Some(v) = &filter.batch_ref {
        query = query.filter(feedback::batch_ref.eq(v.clone()));
    }
    if let Some(Since(since)) = filter.updated_since {
        query = query.filter(feedback::updated_at.ge(since));
    }
    query
}

/// A page of the feedback in scope, in the asked order, with the total when asked.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &FeedbackFilter,
    today: Date,
    sort: Option<SortParam<FeedbackSort>>,
    page: &PageRequest,
) -> ApiResult<(Page<FeedbackRow>, Option<i64>)> {
    let keys = resolve_sort(sort, filter.updated_since.is_some());
    let query = FeedbackSort::apply(
        filtered(list_scope(caller)?, filter, today).select(FeedbackRow::as_select()),
        &keys,
        page.cursor.as_ref(),
    )?;
    let rows = page.limit(query).load(conn)?;
    let total = if page.count {
        Some(
            filtered(list_scope(caller)?, filter, today)
                .count()
                .get_result(conn)?,
        )
    } else {
        None
    };
    Ok((
        finish(rows, page, &keys, |r| FeedbackSort::values(r, &keys)),
        total,
    ))
}
