//! The stored rows of subject access requests, redactions and legal holds.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::dto::RequestStatus;
use crate::db::schema::{legal_holds, sar_redactions, subject_access_requests};

/// A subject access request as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = subject_access_requests)]
#[diesel(treat_none_as_null = true)]
pub struct RequestRow {
    /// Identifier.
    pub id: String,
    /// The case.
    pub case_id: Option<String>,
    /// The member of staff.
    pub user_id: Option<String>,
    /// Who asked.
    pub requester_role: String,
    /// Received.
    pub received_on: Date,
    /// Identity verified.
    pub identity_verified_on: Option<Date>,
    /// The clock's start.
    pub clock_starts_on: Option<Date>,
    /// Due.
    pub due_on: Option<Date>,
    /// Status.
    pub status: RequestStatus,
    /// Paused since.
    pub paused_on: Option<Date>,
    /// Why paused.
    pub pause_reason: Option<String>,
    /// Days paused before.
    pub paused_days: i32,
    /// Extended.
    pub extended: bool,
    /// Why extended.
    pub extension_reason: Option<String>,
    /// Gathering now.
    pub gathering: bool,
    /// Gathered.
    pub gathered_at: Option<PrimitiveDateTime>,
    /// The unredacted bundle (JSON).
    pub bundle: Option<String>,
    /// Released.
    pub released_at: Option<PrimitiveDateTime>,
    /// SHA-256 of the released JSON.
    pub release_hash: Option<String>,
    /// The released (redacted) JSON document.
    pub released_json: Option<String>,
    /// The released (redacted) HTML document.
    pub released_html: Option<String>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Changed.
    pub updated_at: PrimitiveDateTime,
    /// Who recorded it.
    pub created_by: Option<String>,
}

/// A redaction as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sar_redactions)]
pub struct RedactionRow {
    /// Identifier.
    pub id: String,
    /// The request.
    pub request_id: String,
    /// The record's kind in the bundle.
    pub record_type: String,
    /// The record.
    pub record_id: String,
    /// The field.
    pub field: String,
    /// From (code points).
    pub start_at: Option<i32>,
    /// To (code points, exclusive).
    pub end_at: Option<i32>,
    /// Why.
    pub reason: String,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// By.
    pub created_by: Option<String>,
}

/// A legal hold as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = legal_holds)]
pub struct HoldRow {
    /// Identifier.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// Why.
    pub reason: String,
    /// Last day.
    pub until: Option<Date>,
    /// By.
    pub placed_by: Option<String>,
    /// When.
    pub placed_at: PrimitiveDateTime,
    /// Released.
    pub released_at: Option<PrimitiveDateTime>,
    /// Released by.
    pub released_by: Option<String>,
}

impl HoldRow {
    /// Whether the hold stands on `today`.
    pub fn active(&self, today: Date) -> bool {
        self.released_at.is_none() && self.until.is_none_or(|u| u >= today)
    }
}
