//! Appending to and querying the access log. One request's access is one *event* row holding
//! every record it touched, so a list of fifty records costs one insert; the case index behind
//! it is built in batches ([`super::indexer`]) and a search by case reads the index and the few
//! events not indexed yet.

use std::cmp::Ordering;

use diesel::prelude::*;
use sha2::{Digest, Sha256};
use time::PrimitiveDateTime;

use crate::auth::policy::Condition;
use crate::db::schema::{access_case_index, access_events};
use crate::db::types::{AnyId, CaseId, EntryId, UserId};
use crate::db::DbConn;

/// Whether access was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The caller was allowed.
    Allowed,
    /// The caller was refused (403 or an out-of-scope 404).
    Denied,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Denied => "denied",
        }
    }
}

/// One entry to append.
#[derive(Debug, Clone)]
pub struct AccessEntry {
    /// Who (None for an unknown caller).
    pub user_id: Option<String>,
    /// What they did: `read`, `list`, `create`, `update`, `password`, ...
    pub action: &'static str,
    /// Kind of record: `case`, `user`, `org_unit`, ...
    pub record_type: &'static str,
    /// The record.
    pub record_id: Option<String>,
    /// The child's case, for case-level records.
    pub case_id: Option<String>,
    /// Allowed or denied.
    pub outcome: Outcome,
    /// Extra context (a list's filter, the fields changed); never narrative text.
    pub detail: Option<String>,
}

impl AccessEntry {
    /// An entry about a case-level record.
    pub fn case_record(
        user_id: &str,
        action: &'static str,
        record_type: &'static str,
        record_id: &str,
        case_id: &str,
        outcome: Outcome,
    ) -> Self {
        Self {
            user_id: Some(user_id.to_string()),
            action,
            record_type,
            record_id: Some(record_id.to_string()),
            case_id: Some(case_id.to_string()),
            outcome,
            detail: None,
        }
    }

    /// An entry about an administrative change.
    pub fn admin_change(
        user_id: &str,
        action: &'static str,
        record_type: &'static str,
        record_id: &str,
        detail: Option<String>,
    ) -> Self {
        Self {
            user_id: Some(user_id.to_string()),
            action,
            record_type,
            record_id: Some(record_id.to_string()),
            case_id: None,
            outcome: Outcome::Allowed,
            detail,
        }
    }

    fn same_event(&self, other: &AccessEntry) -> bool {
        self.user_id == other.user_id
            && self.action == other.action
            && self.record_type == other.record_type
            && self.outcome == other.outcome
            && self.detail == other.detail
    }
}

/// A stored access event.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = access_events)]
#[diesel(treat_none_as_default_value = false)]
pub struct EventRow {
    /// Identifier (time-ordered).
    pub id: EntryId,
    /// When.
    pub at: PrimitiveDateTime,
    /// Who.
    pub user_id: Option<UserId>,
    /// What.
    pub action: String,
    /// Kind of record.
    pub record_type: String,
    /// `allowed` or `denied`.
    pub outcome: String,
    /// Context.
    pub detail: Option<String>,
    /// `record_id:case_id` pairs separated by `;`.
    pub records: String,
    /// How many records.
    pub record_count: i32,
    /// Whether its cases are in the case index yet.
    pub indexed: bool,
}

/// Most records one event holds: a list's page is at most 500.
const RECORDS_PER_EVENT: usize = 500;
/// Events per INSERT: keeps each statement under the backends' bound-parameter limits.
const EVENTS_PER_STATEMENT: usize = 500;

fn uuid_or_empty(text: &Option<String>) -> &str {
    text.as_deref().unwrap_or("")
}

/// Groups the entries of one request into events: consecutive entries by the same person, of
/// the same action, kind and outcome share one.
fn events(entries: &[AccessEntry], at: PrimitiveDateTime) -> Vec<EventRow> {
    let mut out: Vec<EventRow> = Vec::new();
    let mut start = 0;
    while start < entries.len() {
        let first = &entries[start];
        let mut end = start + 1;
        while end < entries.len()
            && end - start < RECORDS_PER_EVENT
            && entries[end].same_event(first)
        {
            end += 1;
        }
        let group = &entries[start..end];
        let records = group
            .iter()
            .map(|e| {
                format!(
                    "{}:{}",
                    uuid_or_empty(&e.record_id),
                    uuid_or_empty(&e.case_id)
                )
            })
            .collect::<Vec<_>>()
            .join(";");
        out.push(EventRow {
            id: EntryId::new(),
            at,
            user_id: first.user_id.as_deref().and_then(UserId::parse),
            action: first.action.to_string(),
            record_type: first.record_type.to_string(),
            outcome: first.outcome.as_str().to_string(),
            detail: first.detail.clone(),
            records,
            record_count: i32::try_from(group.len()).unwrap_or(i32::MAX),
            indexed: false,
        });
        start = end;
    }
    out
}

/// Appends entries and makes them durable, for the log's writer. On PostgreSQL a batch that
/// fits one INSERT is sent on its own, atomic by itself: every signed-in answer waits on this
/// commit, and a transaction around one statement would add two round trips (BEGIN, COMMIT) to
/// that wait. A longer batch, and SQLite (whose writers queue on `BEGIN IMMEDIATE`), take a
/// write transaction.
pub fn commit(conn: &mut DbConn, entries: &[AccessEntry]) -> QueryResult<()> {
    let rows = events(entries, crate::dates::now_utc());
    if rows.len() <= EVENTS_PER_STATEMENT && matches!(conn, DbConn::Pg(_)) {
        return crate::batch_insert!(conn, access_events::table, &rows[..]).map(|_| ());
    }
    crate::db::write_tx(conn, |conn| insert_events(conn, &rows))
}

/// Appends entries: one event per request's group of entries, in as few statements as fit.
pub fn record(conn: &mut DbConn, entries: &[AccessEntry]) -> QueryResult<()> {
    insert_events(conn, &events(entries, crate::dates::now_utc()))
}

/// Inserts the events in statements of at most [`EVENTS_PER_STATEMENT`] rows each.
fn insert_events(conn: &mut DbConn, rows: &[EventRow]) -> QueryResult<()> {
    for chunk in rows.chunks(EVENTS_PER_STATEMENT) {
        crate::batch_insert!(conn, access_events::table, chunk)?;
    }
    Ok(())
}

/// The `(record, case)` pairs of an event.
pub fn pairs(records: &str) -> impl Iterator<Item = (Option<AnyId>, Option<CaseId>)> + '_ {
    records.split(';').filter(|p| !p.is_empty()).map(|pair| {
        let (record, case) = pair.split_once(':').unwrap_or((pair, ""));
        (AnyId::parse(record), CaseId::parse(case))
    })
}

/// One entry as the DPO reads it: one record of an event.
#[derive(Debug, Clone)]
pub struct LoggedEntry {
    /// A stable id for the entry, derived from its event and place in it.
    pub id: uuid::Uuid,
    /// The event.
    pub event_id: EntryId,
    /// The entry's place in its event.
    pub ordinal: usize,
    /// When.
    pub at: PrimitiveDateTime,
    /// Who.
    pub user_id: Option<UserId>,
    /// What.
    pub action: String,
    /// Kind of record.
    pub record_type: String,
    /// Which record.
    pub record_id: Option<AnyId>,
    /// Which case.
    pub case_id: Option<CaseId>,
    /// Allowed or denied.
    pub outcome: String,
    /// Context.
    pub detail: Option<String>,
}

/// A stable UUID (v8, from a hash) for the `ordinal`th record of an event.
fn entry_id(event: EntryId, ordinal: usize) -> uuid::Uuid {
    let mut hash = Sha256::new();
    hash.update(event.uuid().as_bytes());
    hash.update(ordinal.to_be_bytes());
    let digest = hash.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

fn expand(event: &EventRow) -> Vec<LoggedEntry> {
    pairs(&event.records)
        .enumerate()
        .map(|(ordinal, (record_id, case_id))| LoggedEntry {
            id: entry_id(event.id, ordinal),
            event_id: event.id,
            ordinal,
            at: event.at,
            user_id: event.user_id,
            action: event.action.clone(),
            record_type: event.record_type.clone(),
            record_id,
            case_id,
            outcome: event.outcome.clone(),
            detail: event.detail.clone(),
        })
        .collect()
}

/// Filters of the access-log query.
#[derive(Debug, Default, Clone)]
pub struct AccessLogFilter {
    /// One case.
    pub case_id: Option<CaseId>,
    /// One user.
    pub user_id: Option<UserId>,
    /// From this instant.
    pub from: Option<PrimitiveDateTime>,
    /// Before this instant.
    pub to: Option<PrimitiveDateTime>,
}

/// Where a page of entries starts: after this entry, in the list's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryPosition {
    /// The entry's time.
    pub at: PrimitiveDateTime,
    /// Its event.
    pub event_id: EntryId,
    /// Its place in the event.
    pub ordinal: usize,
}

/// Events read per query while a page is filled: a page of 500 entries of one case needs at
/// most 500 events, of one person usually a few.
const EVENTS_PER_READ: i64 = 200;

fn entry_order(a: &LoggedEntry, b: &LoggedEntry) -> Ordering {
    (a.at, a.event_id, a.ordinal).cmp(&(b.at, b.event_id, b.ordinal))
}

/// Events the case index holds for a case (within the filter's times).
fn indexed_for(case_id: CaseId, filter: &AccessLogFilter) -> Condition<access_events::table> {
    let of_case = access_case_index::table.filter(access_case_index::case_id.eq(case_id));
    let event = access_case_index::event_id;
    match (filter.from, filter.to) {
        (None, None) => Box::new(access_events::id.eq_any(of_case.select(event)).nullable()),
        (Some(from), None) => Box::new(
            access_events::id
                .eq_any(of_case.filter(access_case_index::at.ge(from)).select(event))
                .nullable(),
        ),
        (None, Some(to)) => Box::new(
            access_events::id
                .eq_any(of_case.filter(access_case_index::at.lt(to)).select(event))
                .nullable(),
        ),
        (Some(from), Some(to)) => Box::new(
            access_events::id
                .eq_any(
                    of_case
                        .filter(access_case_index::at.ge(from))
                        .filter(access_case_index::at.lt(to))
                        .select(event),
                )
                .nullable(),
        ),
    }
}

fn beyond(entry: &LoggedEntry, position: Option<EntryPosition>, descending: bool) -> bool {
    position.is_none_or(|p| {
        let cut = (p.at, p.event_id, p.ordinal);
        let key = (entry.at, entry.event_id, entry.ordinal);
        if descending {
            key < cut
        } else {
            key > cut
        }
    })
}

/// Entries in time order (`descending` for newest first), strictly after `after`, at most
/// `wanted`. Events are read a batch at a time until the page is full. A search by case reads
/// the case index for the indexed events and looks through the few events not indexed yet,
/// both in one snapshot: the indexer may commit between the two reads.
pub fn list(
    conn: &mut DbConn,
    filter: &AccessLogFilter,
    descending: bool,
    after: Option<EntryPosition>,
    wanted: usize,
) -> QueryResult<Vec<LoggedEntry>> {
    if filter.case_id.is_some() {
        crate::db::snapshot_tx(conn, |conn| {
            list_in_snapshot(conn, filter, descending, after, wanted)
        })
    } else {
        list_in_snapshot(conn, filter, descending, after, wanted)
    }
}

/// [`list`]'s reads, in whatever transaction the caller holds.
fn list_in_snapshot(
    conn: &mut DbConn,
    filter: &AccessLogFilter,
    descending: bool,
    after: Option<EntryPosition>,
    wanted: usize,
) -> QueryResult<Vec<LoggedEntry>> {
    let mut found: Vec<LoggedEntry> = Vec::new();
    // The event to read from; the first time it is read again itself (the page may start
    // inside it), later strictly after it.
    let mut resume = after.map(|p| (p.at, p.event_id, true));
    loop {
        let mut query = access_events::table
            .select(EventRow::as_select())
            .limit(EVENTS_PER_READ)
            .into_boxed();
        if let Some(case_id) = filter.case_id {
            query = query.filter(indexed_for(case_id, filter));
        }
        if let Some(user_id) = filter.user_id {
            query = query.filter(access_events::user_id.eq(user_id));
        }
        if let Some(from) = filter.from {
            query = query.filter(access_events::at.ge(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(access_events::at.lt(to));
        }
        if let Some((at, event, inclusive)) = resume {
            let same_time = access_events::at.eq(at);
            query = match (descending, inclusive) {
                (true, true) => query.filter(
                    access_events::at
                        .lt(at)
                        .or(same_time.and(access_events::id.le(event))),
                ),
                (true, false) => query.filter(
                    access_events::at
                        .lt(at)
                        .or(same_time.and(access_events::id.lt(event))),
                ),
                (false, true) => query.filter(
                    access_events::at
                        .gt(at)
                        .or(same_time.and(access_events::id.ge(event))),
                ),
                (false, false) => query.filter(
                    access_events::at
                        .gt(at)
                        .or(same_time.and(access_events::id.gt(event))),
                ),
            };
        }
        query = if descending {
            query.order((access_events::at.desc(), access_events::id.desc()))
        } else {
            query.order((access_events::at.asc(), access_events::id.asc()))
        };
        let batch: Vec<EventRow> = query.load(conn)?;
        for event in &batch {
            let mut entries = expand(event);
            if descending {
                entries.reverse();
            }
            found.extend(entries.into_iter().filter(|entry| {
                (filter.case_id.is_none() || entry.case_id == filter.case_id)
                    && beyond(entry, after, descending)
            }));
        }
        let exhausted = batch.len() < usize::try_from(EVENTS_PER_READ).unwrap_or(0);
        match batch.last() {
            Some(last) if !exhausted && found.len() < wanted => {
                resume = Some((last.at, last.id, false));
            }
            _ => break,
        }
    }
    if let Some(case_id) = filter.case_id {
        add_unindexed(conn, filter, case_id, descending, after, &mut found)?;
    }
    found.truncate(wanted);
    Ok(found)
}

/// Adds the entries of a case from events not indexed yet, keeping the order.
fn add_unindexed(
    conn: &mut DbConn,
    filter: &AccessLogFilter,
    case_id: CaseId,
    descending: bool,
    after: Option<EntryPosition>,
    found: &mut Vec<LoggedEntry>,
) -> QueryResult<()> {
    let pattern = format!("%:{case_id}%");
    let mut query = access_events::table
        .filter(diesel::dsl::not(access_events::indexed))
        .filter(access_events::records.like(pattern))
        .select(EventRow::as_select())
        .into_boxed();
    if let Some(user_id) = filter.user_id {
        query = query.filter(access_events::user_id.eq(user_id));
    }
    let unindexed: Vec<EventRow> = query.load(conn)?;
    for event in &unindexed {
        for entry in expand(event) {
            let in_range = filter.from.is_none_or(|from| entry.at >= from)
                && filter.to.is_none_or(|to| entry.at < to);
            let later = beyond(&entry, after, descending);
            let duplicate = found
                .iter()
                .any(|f| f.event_id == entry.event_id && f.ordinal == entry.ordinal);
            if entry.case_id == Some(case_id) && in_range && later && !duplicate {
                found.push(entry);
            }
        }
    }
    found.sort_by(|a, b| {
        let order = entry_order(a, b);
        if descending {
            order.reverse()
        } else {
            order
        }
    });
    Ok(())
}

/// How many entries the filter selects (the records of the events it selects).
pub fn count(conn: &mut DbConn, filter: &AccessLogFilter) -> QueryResult<i64> {
    if filter.case_id.is_some() {
        // A case's entries are few (its records' reads): count them as the list finds them.
        let entries = list(conn, filter, false, None, usize::MAX)?;
        return Ok(i64::try_from(entries.len()).unwrap_or(i64::MAX));
    }
    let mut query = access_events::table.into_boxed();
    if let Some(user_id) = filter.user_id {
        query = query.filter(access_events::user_id.eq(user_id));
    }
    if let Some(from) = filter.from {
        query = query.filter(access_events::at.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(access_events::at.lt(to));
    }
    let total: Option<i64> = query
        .select(diesel::dsl::sum(access_events::record_count))
        .first(conn)?;
    Ok(total.unwrap_or(0))
}
