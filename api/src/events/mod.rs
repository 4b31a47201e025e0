//! The events feed (the integration issue): what happened here, for the council's case
//! management system, with record ids and never narrative.
//!
//! An event is written by [`emit`] in the same transaction as the change it reports, so it
//! exists exactly when the change does. It is written without its place in the feed: on
//! PostgreSQL two transactions can take sequence numbers in one order and commit in the other,
//! and a poller that had read past the later number would never see the earlier one. Instead
//! [`number_new_events`] (the relay) numbers rows only once they are committed, in one
//! serialised step (an advisory lock on PostgreSQL, the single writer on SQLite), each number
//! above every number given before. A row becomes visible in the feed only with its number, and
//! no later row can ever receive a smaller one, so `GET /api/v1/events?after=N` never misses.
//! The same step writes the events' webhook deliveries ([`crate::webhooks::fan_out`]).

pub mod handlers;

use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::policy::CaseRecord;
use crate::dates::now_utc;
use crate::db::schema::events;
use crate::db::{write_tx, DbConn};
use crate::error::ApiResult;

crate::text_enum! {
    /// What happened.
    pub enum EventType {
        /// An audit was submitted.
        AuditSubmitted = "audit.submitted",
        /// An escalation was raised about a case.
        EscalationRaised = "escalation.raised",
        /// An escalation moved to another stage of dispute resolution.
        EscalationStaged = "escalation.staged",
        /// An escalation was resolved.
        EscalationResolved = "escalation.resolved",
        /// An action passed its due date unfinished.
        ActionOverdue = "action.overdue",
        /// An action's completion was verified.
        ActionVerified = "action.verified",
        /// A complaint was responded to at a stage.
        ComplaintResponded = "complaint.responded",
        /// An observation of practice was submitted.
        ObservationSubmitted = "observation.submitted",
    }
}

/// Records that `event_type` happened to `record`, in the caller's transaction.
pub fn emit<R: CaseRecord>(conn: &mut DbConn, event_type: EventType, record: &R) -> ApiResult<()> {
    emit_parts(
        conn,
        event_type,
        R::KIND,
        record.record_id().to_string(),
        record.case_id().map(|c| c.to_string()),
        record.team_id().map(|t| t.to_string()),
    )
}

/// Records an event about a record not loaded whole.
pub fn emit_parts(
    conn: &mut DbConn,
    event_type: EventType,
    record_type: &str,
    record_id: String,
    case_id: Option<String>,
    team_id: Option<String>,
) -> ApiResult<()> {
    emit_all(
        conn,
        event_type,
        record_type,
        &[(record_id, case_id, team_id)],
    )
}

/// Records one kind of event about many records not loaded whole, in one statement (a
/// scheduler's batch of actions that fell overdue): each record's id, case and team.
pub fn emit_all(
    conn: &mut DbConn,
    event_type: EventType,
    record_type: &str,
    records: &[(String, Option<String>, Option<String>)],
) -> ApiResult<()> {
    if records.is_empty() {
        return Ok(());
    }
    let now = now_utc();
    let rows: Vec<_> = records
        .iter()
        .map(|(record_id, case_id, team_id)| {
            (
                events::id.eq(uuid::Uuid::now_v7().to_string()),
                events::seq.eq(None::<i64>),
                events::event_type.eq(event_type.as_str()),
                events::record_type.eq(record_type),
                events::record_id.eq(record_id),
                events::case_id.eq(case_id),
                events::team_id.eq(team_id),
                events::occurred_at.eq(now),
            )
        })
        .collect();
    crate::batch_insert!(conn, events::table, &rows)?;
    Ok(())
}

/// Rows numbered per relay step, so one step's transaction stays short.
const NUMBER_BATCH: i64 = 1_000;

/// The PostgreSQL advisory lock that serialises the relay across instances.
const RELAY_LOCK: i64 = 0x5141_4556; // "QAEV"

/// Serialises with the relay across instances (PostgreSQL; SQLite has one writer anyway), in
/// the caller's transaction: the relay, and a change to what it fans out to (a webhook
/// subscription's deletion), never interleave.
pub fn lock_relay(conn: &mut DbConn) -> diesel::QueryResult<()> {
    if let DbConn::Pg(pg) = conn {
        diesel::sql_query(format!("SELECT pg_advisory_xact_lock({RELAY_LOCK})")).execute(pg)?;
    }
    Ok(())
}

/// Gives committed, unnumbered events their places in the feed, oldest first; answers how many.
/// Cheap when there are none (one probe of a partial index, no write transaction).
pub fn number_new_events(conn: &mut DbConn) -> ApiResult<usize> {
    let mut numbered = 0;
    loop {
        let waiting: Option<String> = events::table
            .filter(events::seq.is_null())
            .select(events::id)
            .first(conn)
            .optional()?;
        if waiting.is_none() {
            return Ok(numbered);
        }
        let step = write_tx(conn, |conn| -> ApiResult<usize> {
            lock_relay(conn)?;
            // Read after the lock is held: this statement's snapshot includes every row
            // committed before the previous holder released it.
            let highest: Option<i64> = events::table
                .select(diesel::dsl::max(events::seq))
                .first(conn)?;
            let waiting: Vec<(String, String)> = events::table
                .filter(events::seq.is_null())
                .order(events::id)
                .limit(NUMBER_BATCH)
                .select((events::id, events::event_type))
                .load(conn)?;
            let mut next = highest.unwrap_or(0);
            let mut numbered = Vec::with_capacity(waiting.len());
            for (id, event_type) in waiting {
                next += 1;
                diesel::update(events::table.filter(events::id.eq(&id)))
                    .set(events::seq.eq(next))
                    .execute(conn)?;
                numbered.push(crate::webhooks::Numbered {
                    seq: next,
                    id,
                    event_type,
                });
            }
            // The webhook deliveries commit with the numbers: none is missed, none doubled.
            crate::webhooks::fan_out(conn, &numbered)?;
            Ok(numbered.len())
        })?;
        numbered += step;
        if step == 0 {
            return Ok(numbered);
        }
    }
}

/// One event in the feed.
#[derive(Debug, Clone, Serialize, ToSchema, Queryable)]
pub struct Event {
    /// Its place in the feed: pass the last one seen as `after`.
    pub seq: i64,
    /// Its identifier (unique; a webhook's `webhook-id`).
    pub id: String,
    /// What happened: `audit.submitted`, `escalation.raised`...
    #[serde(rename = "type")]
    pub event_type: String,
    /// The kind of record it happened to: `audit`, `escalation`, `action`...
    pub record_type: String,
    /// The record.
    pub record_id: String,
    /// The child's case, when the record is about one.
    pub case_id: Option<String>,
    /// The team, when the record has one.
    pub team_id: Option<String>,
    /// When it happened (RFC 3339, UTC).
    #[serde(serialize_with = "crate::events::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub occurred_at: time::PrimitiveDateTime,
}

/// Serialises a stored UTC instant as RFC 3339.
pub fn rfc3339<S: serde::Serializer>(
    at: &time::PrimitiveDateTime,
    s: S,
) -> Result<S::Ok, S::Error> {
    time::serde::rfc3339::serialize(&crate::dates::to_utc(*at), s)
}

/// An event's columns as stored.
type StoredEvent = (
    Option<i64>,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    time::PrimitiveDateTime,
);

/// One numbered event by its id (`None` when it is not numbered yet or does not exist).
pub fn read_one(conn: &mut DbConn, id: &str) -> ApiResult<Option<Event>> {
    let row: Option<StoredEvent> = events::table
        .filter(events::id.eq(id))
        .filter(events::seq.is_not_null())
        .select((
            events::seq,
            events::id,
            events::event_type,
            events::record_type,
            events::record_id,
            events::case_id,
            events::team_id,
            events::occurred_at,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(event))
}

fn event(r: StoredEvent) -> Event {
    Event {
        seq: r.0.unwrap_or_default(),
        id: r.1,
        event_type: r.2,
        record_type: r.3,
        record_id: r.4,
        case_id: r.5,
        team_id: r.6,
        occurred_at: r.7,
    }
}

/// The numbered events after `after`, of the given types (all when empty), oldest first.
pub fn read(conn: &mut DbConn, after: i64, types: &[String], limit: i64) -> ApiResult<Vec<Event>> {
    let mut query = events::table.filter(events::seq.gt(after)).into_boxed();
    if !types.is_empty() {
        query = query.filter(events::event_type.eq_any(types.to_vec()));
    }
    let rows: Vec<StoredEvent> = query
        .order(events::seq)
        .limit(limit)
        .select((
            events::seq,
            events::id,
            events::event_type,
            events::record_type,
            events::record_id,
            events::case_id,
            events::team_id,
            events::occurred_at,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(event).collect())
}
