//! Builds the access log's case index behind the log, in small batches: every moment it takes
//! the events not indexed yet, writes one `(case, event)` row per case they touched and marks
//! them indexed, in one transaction. Requests never wait for it; a search by case reads the
//! index and the few events still waiting ([`super::repo::list`]). Several API instances may
//! run it at once: rows are inserted with `ON CONFLICT DO NOTHING` and marking is idempotent.

use std::collections::BTreeSet;
use std::time::Duration;

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::repo::{pairs, EventRow};
use crate::db::schema::{access_case_index, access_events};
use crate::db::types::{CaseId, EntryId};
use crate::db::{write_tx, DbConn, DbPool};

/// Events indexed per transaction. A list's event names up to 50 cases, so a batch writes up
/// to 1,000 index rows. On SQLite every request's own access-log commit waits behind a batch
/// (one writer at a time), so a batch is kept to a few milliseconds: with 250 events a batch
/// (12,500 rows), three of them back to back each second under a list load, held one request
/// in thirty over 100 ms.
const BATCH: i64 = 20;

/// The pause when nothing more is waiting: short, so that the work arrives in small batches
/// spread over the second rather than in one burst.
const IDLE: Duration = Duration::from_millis(200);

/// A row of the case index.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = access_case_index)]
#[diesel(treat_none_as_default_value = false)]
struct IndexRow {
    case_id: CaseId,
    event_id: EntryId,
    at: PrimitiveDateTime,
}

/// Indexes up to one batch of waiting events; answers how many it indexed.
pub fn index_batch(conn: &mut DbConn) -> QueryResult<usize> {
    write_tx(conn, |conn| {
        let waiting: Vec<EventRow> = access_events::table
            .filter(diesel::dsl::not(access_events::indexed))
            .order(access_events::id.asc())
            .limit(BATCH)
            .select(EventRow::as_select())
            .load(conn)?;
        if waiting.is_empty() {
            return Ok(0);
        }
        let mut rows: BTreeSet<(CaseId, EntryId, PrimitiveDateTime)> = BTreeSet::new();
        for event in &waiting {
            for (_, case) in pairs(&event.records) {
                if let Some(case) = case {
                    rows.insert((case, event.id, event.at));
                }
            }
        }
        let rows: Vec<IndexRow> = rows
            .into_iter()
            .map(|(case_id, event_id, at)| IndexRow {
                case_id,
                event_id,
                at,
            })
            .collect();
        for chunk in rows.chunks(5_000) {
            match conn {
                DbConn::Pg(c) => diesel::insert_into(access_case_index::table)
                    .values(chunk)
                    .on_conflict_do_nothing()
                    .execute(c)?,
                DbConn::Sqlite(c) => diesel::insert_into(access_case_index::table)
                    .values(chunk)
                    .on_conflict_do_nothing()
                    .execute(c)?,
            };
        }
        let ids: Vec<EntryId> = waiting.iter().map(|e| e.id).collect();
        for chunk in ids.chunks(1_000) {
            diesel::update(
                access_events::table
                    .filter(crate::db::member_of(access_events::id, chunk.to_vec())),
            )
            .set(access_events::indexed.eq(true))
            .execute(conn)?;
        }
        Ok(waiting.len())
    })
}

/// Indexes everything waiting now (tests, backups, the command line).
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

/// The indexer's loop: a batch, then another at once if that one was full, else a pause.
fn index_forever(pool: &DbPool) -> ! {
    loop {
        let indexed = pool
            .get()
            .map_err(|e| e.to_string())
            .and_then(|mut conn| index_batch(&mut conn).map_err(|e| e.to_string()));
        match indexed {
            // A full batch: more may be waiting.
            Ok(n) if n as i64 == BATCH => continue,
            Ok(_) => std::thread::sleep(IDLE),
            Err(error) => {
                tracing::warn!(%error, "access-log indexing failed; retrying");
                std::thread::sleep(Duration::from_secs(5));
            }
        }
    }
}
