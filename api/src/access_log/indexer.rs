//! Builds the access log's case index behind the log, in small batches: every moment it takes
//! a few of the events not indexed yet, writes one `(case, event)` row per case they touched
//! and marks them indexed, in one transaction. Requests never wait for it; a search by case
//! reads the index and the few events still waiting ([`super::repo::list`]). Several API
//! instances may run it at once: rows are inserted with `ON CONFLICT DO NOTHING` and marking
//! is idempotent; on PostgreSQL a step is one statement that claims its events with `SKIP
//! LOCKED`, so two instances take different ones.
//!
//! The background indexer searches for waiting events from just behind the newest it has
//! indexed ([`Search`]), not from the log's start: on PostgreSQL each event it marks leaves a
//! dead entry in the partial index of waiting events until a vacuum, and a search from the
//! start walks all of them to find nothing.

use std::collections::BTreeSet;
use std::time::{Duration, Instant, SystemTime};

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::repo::{pairs, EventRow};
use crate::db::schema::{access_case_index, access_events};
use crate::db::types::{CaseId, EntryId};
use crate::db::{write_tx, DbConn, DbPool};

/// Events indexed per transaction by [`index_batch`] and [`index_all`] (tests, the command
/// line). A list's event names up to 50 cases, so a batch of lists writes about 1,000 index rows
/// (more when an event holds several lists of one user committed together: up to 500 records).
const BATCH: i64 = 20;

/// Events the background indexer takes per transaction on SQLite: 250 index rows for five lists
/// of 50. There every request's own access-log commit waits behind an indexing transaction (one
/// writer at a time), so each is kept to a few milliseconds. With 20 events a transaction, under
/// a list load of 750 requests a second on one core, a transaction held the write lock for 16 ms
/// (median; 40 ms for 1 in 100), and the log's commits waiting behind them made the list's
/// slowest 1 in 100.
const STEP: i64 = 5;

/// After a full step while requests are logging their reads, the indexer rests for this many
/// times the step's own duration before the next, so it holds the write lock at most a third of
/// the time. Under a load heavier than that share can index, the backlog grows until the load
/// eases (a search by case reads the waiting events too): requests come first, the index
/// catches up after.
const REST_PER_STEP: u32 = 2;

/// Events the background indexer takes per step on PostgreSQL, where a step is one statement
/// ([`IndexStep`]) and holds no lock a request waits on: a step of 20 lists' events writes
/// about 1,000 index rows.
const PG_STEP: i64 = 20;

/// The rest after a full step on PostgreSQL while requests are logging, in steps' durations:
/// the indexer takes at most a fifth of one connection's time from the requests, not a third.
/// Its steps are one round trip: at full pace they indexed a backlog of 1,999 events (653,300
/// records) in 2.8-3.2 s against 3.8-4.1 s in transactions of five statements and five events.
/// Under the bench's loads it falls further behind than resting two would (about two thirds of
/// the case index written when 60 s of loads ended, against nearly all), for 2-6% more
/// requests served, and catches up after (bench/README.md).
const PG_REST_PER_STEP: u32 = 4;

/// How recently the log must have committed requests' entries for the indexer to rest. With no
/// request logging it works through a backlog without resting: what 20 s of list and 20 s of
/// read load left at 100,000 audits took 3.1 s to index on SQLite (4.5 s on PostgreSQL), against
/// 9.7 s (20.9 s) resting in the quiet too, while the reports run after such loads waited.
const BUSY_WINDOW: Duration = Duration::from_millis(100);

/// The pause when nothing more is waiting: short, so that the work arrives in small batches
/// spread over the second rather than in one burst.
const IDLE: Duration = Duration::from_millis(200);

/// How far behind the newest event it has indexed the indexer's search starts. An event's id
/// is taken from the clock (UUID v7) by the log's writer just before the event is committed, so
/// events from one writer, or from several instances, can commit a few milliseconds out of id
/// order; a search this far back still finds them. The dead entries it walks are at most this
/// long's worth of the log.
const LATE_COMMIT_MARGIN: Duration = Duration::from_secs(1);

/// How often the background indexer searches the whole log, for events committed later than
/// [`LATE_COMMIT_MARGIN`] after their ids were taken (a stalled instance, a clock set back).
/// Until then a search by case still finds them among the waiting events.
const FULL_SEARCH_EVERY: Duration = Duration::from_secs(30);

/// A row of the case index.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = access_case_index)]
#[diesel(treat_none_as_default_value = false)]
struct IndexRow {
    case_id: CaseId,
    event_id: EntryId,
    at: PrimitiveDateTime,
}

/// The case index's rows for `events`: one per case an event touched, in the index's own order
/// so that consecutive rows land on the same leaf pages.
fn case_index_rows(events: &[EventRow]) -> Vec<IndexRow> {
    let mut rows: BTreeSet<(CaseId, PrimitiveDateTime, EntryId)> = BTreeSet::new();
    for event in events {
        for (_, case) in pairs(&event.records) {
            if let Some(case) = case {
                rows.insert((case, event.at, event.id));
            }
        }
    }
    rows.into_iter()
        .map(|(case_id, at, event_id)| IndexRow {
            case_id,
            at,
            event_id,
        })
        .collect()
}

/// Writes the case index's rows for `events`. Idempotent: a row already there is left alone,
/// so two instances indexing the same events agree.
fn insert_case_index(conn: &mut DbConn, events: &[EventRow]) -> QueryResult<()> {
    let rows = case_index_rows(events);
    for chunk in rows.chunks(5_000) {
        match conn {
            DbConn::Pg(c) => diesel::insert_into(access_case_index::table)
                .values(chunk)
                .on_conflict_do_nothing()
                .execute(c)?,
            // OR IGNORE rather than ON CONFLICT DO NOTHING: a statement that cannot abort
            // needs no statement journal, which SQLite spills to a temporary file past 64 KiB
            // (created, written and deleted on every batch).
            DbConn::Sqlite(c) => diesel::insert_or_ignore_into(access_case_index::table)
                .values(chunk)
                .execute(c)?,
        };
    }
    Ok(())
}

/// Marks `events` indexed. On SQLite one statement per event: an update of many rows inside a
/// transaction needs a statement journal, which past 64 KiB (twenty events' pages) SQLite
/// keeps in a temporary file, created, written and deleted on every batch; an update of one
/// row by its key needs none. On PostgreSQL one statement, one round trip.
fn mark_indexed(conn: &mut DbConn, events: &[EventRow]) -> QueryResult<()> {
    let ids: Vec<EntryId> = events.iter().map(|e| e.id).collect();
    match conn {
        DbConn::Sqlite(_) => {
            for id in ids {
                diesel::update(access_events::table.find(id))
                    .set(access_events::indexed.eq(true))
                    .execute(conn)?;
            }
        }
        DbConn::Pg(_) => {
            for chunk in ids.chunks(1_000) {
                diesel::update(
                    access_events::table
                        .filter(crate::db::member_of(access_events::id, chunk.to_vec())),
                )
                .set(access_events::indexed.eq(true))
                .execute(conn)?;
            }
        }
    }
    Ok(())
}

/// Indexes up to one batch of waiting events; answers how many it indexed.
pub fn index_batch(conn: &mut DbConn) -> QueryResult<usize> {
    index_up_to(conn, BATCH, None).map(|found| found.len())
}

/// Indexes up to `limit` waiting events with ids above `after` (all when `None`), lowest id
/// first, in one transaction; answers their ids.
fn index_up_to(conn: &mut DbConn, limit: i64, after: Option<EntryId>) -> QueryResult<Vec<EntryId>> {
    if let DbConn::Pg(pg) = conn {
        let indexed: Vec<IndexedEvent> = IndexStep { limit, after }.load(pg)?;
        return Ok(indexed.into_iter().map(|row| row.id).collect());
    }
    write_tx(conn, |conn| {
        let mut query = access_events::table
            .filter(diesel::dsl::not(access_events::indexed))
            .order(access_events::id.asc())
            .limit(limit)
            .select(EventRow::as_select())
            .into_boxed();
        if let Some(after) = after {
            query = query.filter(access_events::id.gt(after));
        }
        let waiting: Vec<EventRow> = query.load(conn)?;
        if waiting.is_empty() {
            return Ok(Vec::new());
        }
        insert_case_index(conn, &waiting)?;
        mark_indexed(conn, &waiting)?;
        Ok(waiting.iter().map(|e| e.id).collect())
    })
}

/// One step of indexing on PostgreSQL, as one statement (atomic by itself): claims up to
/// `limit` waiting events (lowest id first, above `after`), writes their case index rows and
/// marks them indexed. Against the step SQLite takes (begin, load the events, insert the rows
/// they name, mark them, commit: five round trips, the rows parsed here and sent back as 750
/// parameters), PostgreSQL splits the events' `records` itself and the step is one round trip.
/// `SKIP LOCKED` lets two instances' indexers take different events instead of queueing on
/// the same; `ON CONFLICT DO NOTHING` keeps a step idempotent when events are indexed again.
/// Written out rather than through `sql_query`, so that the connection keeps it prepared.
struct IndexStep {
    limit: i64,
    after: Option<EntryId>,
}

impl<DB> diesel::query_builder::QueryFragment<DB> for IndexStep
where
    DB: diesel::backend::Backend,
    EntryId: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
    i64: diesel::serialize::ToSql<diesel::sql_types::BigInt, DB>,
{
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, DB>,
    ) -> QueryResult<()> {
        use diesel::sql_types::{BigInt, Text};
        out.push_sql(
            "WITH waiting AS (SELECT id, at, records FROM access_events WHERE NOT indexed",
        );
        if let Some(after) = &self.after {
            out.push_sql(" AND id > ");
            out.push_bind_param::<Text, _>(after)?;
        }
        out.push_sql(" ORDER BY id LIMIT ");
        out.push_bind_param::<BigInt, _>(&self.limit)?;
        // One row per case and event (an event of several lists names a case many times),
        // found by hashing: sorting 7,450 records of twenty such events into the index's order
        // took twice as long (23 against 12 ms). A record without a case (empty after the
        // colon) names no case to index. The events are marked through their primary key, not
        // a join the planner may answer with a scan of the whole log.
        out.push_sql(
            " FOR UPDATE SKIP LOCKED), \
             named AS (INSERT INTO access_case_index (case_id, event_id, at) \
               SELECT named.case_id, named.id, named.at FROM ( \
                 SELECT split_part(pair, ':', 2) AS case_id, waiting.id, waiting.at \
                 FROM waiting, unnest(string_to_array(waiting.records, ';')) AS pair) AS named \
               WHERE named.case_id <> '' GROUP BY 1, 2, 3 \
               ON CONFLICT DO NOTHING) \
             UPDATE access_events SET indexed = true \
             WHERE access_events.id = ANY (ARRAY(SELECT id FROM waiting)) \
             RETURNING access_events.id",
        );
        Ok(())
    }
}

/// Cached by its SQL text (no static id): one text with a lower bound, one without.
impl diesel::query_builder::QueryId for IndexStep {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl diesel::query_builder::Query for IndexStep {
    type SqlType = diesel::sql_types::Untyped;
}

impl<Conn> RunQueryDsl<Conn> for IndexStep {}

/// An event [`IndexStep`] indexed.
#[derive(Debug, QueryableByName)]
struct IndexedEvent {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: EntryId,
}

/// Where the background indexer searches for waiting events: above the ids of
/// [`LATE_COMMIT_MARGIN`] before the newest event it has indexed, or before the moment a search
/// last found nothing more waiting. The whole log is searched first, and again every
/// [`FULL_SEARCH_EVERY`]: such a pass goes through the log in steps, each above the ids the
/// last one indexed, until a step comes back short of its limit, so a backlog met on the way
/// costs one walk of the dead entries, not one per step.
#[derive(Debug)]
pub struct Search {
    /// Unix milliseconds by which every event committed within the margin has been indexed.
    indexed_to_ms: Option<u64>,
    /// When a pass over the whole log last came back short (nothing more was waiting).
    last_full: Option<Instant>,
    /// The highest id the pass over the whole log under way has indexed.
    pass_reached: Option<EntryId>,
    /// How often the whole log is searched.
    full_every: Duration,
}

/// Where one step's search starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// A pass over the whole log: above the ids its earlier steps indexed, from the log's start
    /// on its first.
    WholeLog(Option<EntryId>),
    /// Above this id, a margin behind the newest indexed.
    Above(EntryId),
}

impl Default for Search {
    fn default() -> Self {
        Self::every(FULL_SEARCH_EVERY)
    }
}

impl Search {
    /// A search that passes over the whole log first, then again every `full_every` (tests
    /// shorten it).
    pub fn every(full_every: Duration) -> Self {
        Self {
            indexed_to_ms: None,
            last_full: None,
            pass_reached: None,
            full_every,
        }
    }

    /// Where the next step's search starts.
    fn start(&self, now: Instant) -> Start {
        let pass_due = self
            .last_full
            .is_none_or(|at| now.duration_since(at) >= self.full_every);
        let margin = u64::try_from(LATE_COMMIT_MARGIN.as_millis()).unwrap_or(u64::MAX);
        match self.indexed_to_ms {
            Some(ms) if !pass_due => {
                Start::Above(first_id_of_millisecond(ms.saturating_sub(margin)))
            }
            _ => Start::WholeLog(self.pass_reached),
        }
    }

    /// Indexes up to `limit` waiting events, as [`index_up_to`], from where this search has
    /// reached; answers how many it indexed.
    pub fn step(&mut self, conn: &mut DbConn, limit: i64) -> QueryResult<usize> {
        let now = Instant::now();
        let started_ms = unix_millis(SystemTime::now());
        let start = self.start(now);
        let after = match start {
            Start::WholeLog(reached) => reached,
            Start::Above(id) => Some(id),
        };
        let found = index_up_to(conn, limit, after)?;
        let short = (found.len() as i64) < limit;
        // Short: every event committed before the search began (within the margin of its id)
        // is indexed. Full: up to the newest found, and more may wait above it.
        let reached = if short {
            Some(started_ms)
        } else {
            found.iter().filter_map(|id| id_millis(*id)).max()
        };
        self.indexed_to_ms = self.indexed_to_ms.max(reached);
        if let Start::WholeLog(_) = start {
            if short {
                self.last_full = Some(now);
                self.pass_reached = None;
            } else {
                self.pass_reached = found.iter().max().copied();
            }
        }
        Ok(found.len())
    }
}

/// Milliseconds since the Unix epoch.
fn unix_millis(at: SystemTime) -> u64 {
    at.duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// The millisecond a UUID v7 id was taken in (its first 48 bits); `None` for another kind.
fn id_millis(id: EntryId) -> Option<u64> {
    let uuid = uuid::Uuid::from(id);
    if uuid.get_version_num() != 7 {
        return None;
    }
    let bytes = uuid.as_bytes();
    let mut millis = [0u8; 8];
    millis[2..].copy_from_slice(&bytes[..6]);
    Some(u64::from_be_bytes(millis))
}

/// The lowest UUID v7 id of a millisecond: every id taken in it or later sorts above, as text
/// too (fixed-width lower-case hex), and every id taken before it below.
fn first_id_of_millisecond(millis: u64) -> EntryId {
    EntryId::from(uuid::Builder::from_unix_timestamp_millis(millis, &[0; 10]).into_uuid())
}

/// Indexes everything waiting now (tests, backups, the command line), but for events another
/// instance's step on PostgreSQL has claimed and is indexing at that moment: they are skipped,
/// not waited for.
pub fn index_all(conn: &mut DbConn) -> QueryResult<usize> {
    let mut total = 0;
    loop {
        let n = index_batch(conn)?;
        total += n;
        if n == 0 {
            return Ok(total);
        }
    }
}

/// Starts the background indexer on the pool.
pub fn start(pool: DbPool) {
    let spawned = std::thread::Builder::new()
        .name("access-log-index".into())
        .spawn(move || {
            crate::db::count_this_thread_as_background();
            index_forever(&pool)
        });
    if let Err(error) = spawned {
        tracing::error!(%error, "the access-log indexer did not start");
    }
}

/// The indexer's loop: a step, then another if that one was full (after a rest while requests
/// are logging), else a pause.
fn index_forever(pool: &DbPool) -> ! {
    let mut search = Search::default();
    loop {
        let started = Instant::now();
        let indexed = pool.get().map_err(|e| e.to_string()).and_then(|mut conn| {
            let (step, rest) = match *conn {
                DbConn::Pg(_) => (PG_STEP, PG_REST_PER_STEP),
                DbConn::Sqlite(_) => (STEP, REST_PER_STEP),
            };
            let indexed = search.step(&mut conn, step).map_err(|e| e.to_string())?;
            Ok((indexed as i64 == step, rest))
        });
        match indexed {
            // A full step: more may be waiting.
            Ok((true, rest)) => {
                if super::writer::committed_within(BUSY_WINDOW) {
                    std::thread::sleep(started.elapsed() * rest);
                }
            }
            Ok(_) => std::thread::sleep(IDLE),
            Err(error) => {
                tracing::warn!(%error, "access-log indexing failed; retrying");
                std::thread::sleep(Duration::from_secs(5));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(at: PrimitiveDateTime, cases: &[CaseId]) -> EventRow {
        let records: Vec<String> = cases.iter().map(|c| format!("{c}:{c}")).collect();
        EventRow {
            id: EntryId::new(),
            at,
            user_id: None,
            action: "list".into(),
            record_type: "case".into(),
            outcome: "allowed".into(),
            detail: None,
            records: records.join(";"),
            record_count: i32::try_from(cases.len()).expect("a few"),
            indexed: false,
        }
    }

    #[test]
    fn the_first_id_of_a_millisecond_sorts_between_the_ids_before_and_of_it() {
        let id = EntryId::new();
        let millis = id_millis(id).expect("a UUID v7");
        let first = first_id_of_millisecond(millis);
        let next = first_id_of_millisecond(millis + 1);
        assert_eq!(id_millis(first), Some(millis));
        assert!(first <= id && id < next, "{first} <= {id} < {next}");
        // Stored and compared as text by the search.
        assert!(first.to_string() <= id.to_string() && id.to_string() < next.to_string());
        let now = unix_millis(SystemTime::now());
        assert!(
            millis <= now && now - millis < 60_000,
            "{millis} is now ({now})"
        );
    }

    #[test]
    fn a_pass_over_the_whole_log_goes_on_until_a_step_comes_back_short() {
        let mut search = Search::every(Duration::from_secs(30));
        let now = Instant::now();
        assert_eq!(
            search.start(now),
            Start::WholeLog(None),
            "the first search is whole"
        );
        let reached = EntryId::new();
        search.indexed_to_ms = id_millis(reached);
        search.pass_reached = Some(reached);
        assert_eq!(
            search.start(now),
            Start::WholeLog(Some(reached)),
            "the pass goes on above what it indexed until a step comes back short"
        );
        search.last_full = Some(now);
        search.pass_reached = None;
        search.indexed_to_ms = Some(10_000);
        match search.start(now) {
            Start::Above(bound) => assert_eq!(id_millis(bound), Some(9_000), "a margin behind"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            search.start(now + Duration::from_secs(30)),
            Start::WholeLog(None),
            "a pass from the log's start again when the period has passed"
        );
    }

    #[test]
    fn index_rows_come_once_per_case_and_event_in_the_index_order() {
        let (a, b) = (CaseId::new(), CaseId::new());
        let (first, second) = if a < b { (a, b) } else { (b, a) };
        let early = time::macros::datetime!(2026-12-04 09:00);
        let late = time::macros::datetime!(2026-12-04 09:01);
        // The later event is given first, and names a case twice (two records of one case).
        let events = [
            event(late, &[second, first, second]),
            event(early, &[first]),
        ];
        let rows: Vec<(CaseId, PrimitiveDateTime, EntryId)> = case_index_rows(&events)
            .into_iter()
            .map(|r| (r.case_id, r.at, r.event_id))
            .collect();
        assert_eq!(
            rows,
            vec![
                (first, early, events[1].id),
                (first, late, events[0].id),
                (second, late, events[0].id),
            ]
        );
    }
}
