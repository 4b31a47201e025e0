//! Subject access requests, redactions, legal holds and the retention schedule as the API shows
//! them.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::extract::Patch;

crate::text_enum! {
    /// Where a subject access request stands.
    pub enum RequestStatus {
        /// Received; nothing gathered yet.
        Open = "open",
        /// Every record about the case gathered into the bundle, ready to review and redact.
        Gathered = "gathered",
        /// The redacted bundle was released to the requester.
        Released = "released",
    }
}

crate::operations! {
    /// What the data protection officer may do to a subject access request now.
    pub enum RequestOperation {
        /// Change it (`PATCH`): the date identity was verified, the requester's role.
        Update = "update",
        /// Stop the clock while waiting for the requester.
        Pause = "pause",
        /// Start the clock again.
        Resume = "resume",
        /// Extend by two further months (once).
        Extend = "extend",
        /// Gather (or gather again) every record about the case.
        Gather = "gather",
        /// Withhold a passage or field of the gathered bundle.
        Redact = "redact",
        /// Release the redacted bundle.
        Release = "release",
    }
    if_match: [Update]
}

/// A subject access request (UK GDPR art. 15) on its statutory clock.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubjectAccessRequest {
    /// Identifier.
    pub id: Uuid,
    /// The child's case the request is about (a request about a child).
    pub case_id: Option<Uuid>,
    /// The member of staff the request is about (a request by staff).
    pub user_id: Option<Uuid>,
    /// The case's council reference, when the request is about a case.
    pub case_reference: Option<String>,
    /// Who asked: the child, a parent, a representative...
    pub requester_role: String,
    /// When the request was received, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub received_on: String,
    /// When the requester's identity was verified, `YYYY-MM-DD`; the clock starts then.
    #[schema(format = Date)]
    pub identity_verified_on: Option<String>,
    /// The day the clock started: the later of receipt and identity verification; null until
    /// identity is verified.
    #[schema(format = Date)]
    pub clock_starts_on: Option<String>,
    /// The due date: the corresponding date a month (three when extended) after the clock
    /// started, its month's last day when there is none, moved on by the paused days and to the
    /// next working day. Null until the clock starts.
    #[schema(format = Date)]
    pub due_on: Option<String>,
    /// Calendar days from today (Europe/London) to `due_on`; negative when overdue.
    pub days_left: Option<i64>,
    /// Whether it is past its due date and not released.
    pub overdue: bool,
    /// `open`, `gathered` or `released`.
    pub status: RequestStatus,
    /// Whether the clock is stopped (waiting for clarification or identity).
    pub paused: bool,
    /// Since when the clock is stopped.
    #[schema(format = Date)]
    pub paused_on: Option<String>,
    /// Why the clock is stopped.
    pub pause_reason: Option<String>,
    /// Calendar days the clock was stopped in earlier pauses (added to the due date).
    pub paused_days: i32,
    /// Whether the request was extended by two months.
    pub extended: bool,
    /// Why it was extended.
    pub extension_reason: Option<String>,
    /// Whether the bundle is being gathered now (in the background).
    pub gathering: bool,
    /// When the bundle was last gathered.
    #[serde(with = "time::serde::rfc3339::option")]
    pub gathered_at: Option<OffsetDateTime>,
    /// When the redacted bundle was released.
    #[serde(with = "time::serde::rfc3339::option")]
    pub released_at: Option<OffsetDateTime>,
    /// SHA-256 (hex) of the released JSON document's bytes.
    pub release_hash: Option<String>,
    /// Version, also the `ETag`.
    pub version: i32,
    /// What the caller may do to it now.
    pub allowed_operations: Vec<RequestOperation>,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Who recorded it.
    pub created_by: Option<Uuid>,
}

/// A page of subject access requests: overdue first, then by due date.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubjectAccessRequestPage {
    /// The requests.
    pub items: Vec<SubjectAccessRequest>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// A new subject access request: about a child's case (`case_id`) or a member of staff
/// (`user_id`), exactly one.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewSubjectAccessRequest {
    /// The case the request is about.
    pub case_id: Option<Uuid>,
    /// The member of staff the request is about.
    pub user_id: Option<Uuid>,
    /// Who asked: `data_subject`, `parent`, `legal_representative`...
    #[schema(min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub requester_role: String,
    /// When it was received, `YYYY-MM-DD` (not in the future).
    #[schema(format = Date)]
    pub received_on: String,
    /// When identity was verified, `YYYY-MM-DD`; the clock starts then.
    #[schema(format = Date)]
    pub identity_verified_on: Option<String>,
}

/// Changes to a request (JSON merge patch; `If-Match` required).
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
pub struct SubjectAccessRequestPatch {
    /// When identity was verified, or null; the clock starts then.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub identity_verified_on: Patch<String>,
    /// Who asked.
    #[schema(min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub requester_role: Option<String>,
}

/// Why (pausing or extending).
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ReasonInput {
    /// The reason.
    #[schema(min_length = 1, max_length = 2000)]
    #[validate(length(min = 1, max = 2000))]
    pub reason: String,
}

/// A passage or whole field withheld from a request's released bundle.
#[derive(Debug, Serialize, ToSchema)]
pub struct Redaction {
    /// Identifier.
    pub id: Uuid,
    /// The request.
    pub request_id: Uuid,
    /// The kind of record in the bundle (its `type`): `audit`, `audit_judgement`, ...
    pub record_type: String,
    /// The record's id.
    pub record_id: String,
    /// The field of the record.
    pub field: String,
    /// First withheld character (Unicode code points from 0); null for the whole field.
    pub start: Option<i32>,
    /// One past the last withheld character; null for the whole field.
    pub end: Option<i32>,
    /// Why it is withheld; the release shows "[withheld: reason]".
    pub reason: String,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Who marked it.
    pub created_by: Option<Uuid>,
}

/// The redactions of a request.
#[derive(Debug, Serialize, ToSchema)]
pub struct RedactionList {
    /// The redactions, oldest first.
    pub items: Vec<Redaction>,
    /// Always null: a request's redactions come in one page.
    pub next_cursor: Option<String>,
}

/// A new redaction.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewRedaction {
    /// The kind of record in the bundle (its `type`).
    #[schema(min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub record_type: String,
    /// The record's id.
    #[schema(min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub record_id: String,
    /// The field.
    #[schema(min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub field: String,
    /// First withheld character (Unicode code points from 0); with `end`, or neither for the
    /// whole field.
    #[schema(minimum = 0)]
    pub start: Option<i32>,
    /// One past the last withheld character.
    #[schema(minimum = 1)]
    pub end: Option<i32>,
    /// Why: shown in the release as "[withheld: reason]".
    #[schema(min_length = 1, max_length = 500)]
    #[validate(length(min = 1, max = 500))]
    pub reason: String,
}

/// Placing a legal hold on a case.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewLegalHold {
    /// Why (a public inquiry's moratorium on destruction, litigation...).
    #[schema(min_length = 1, max_length = 2000)]
    #[validate(length(min = 1, max = 2000))]
    pub reason: String,
    /// The last day of the hold, `YYYY-MM-DD`; none holds until released.
    #[schema(format = Date)]
    pub until: Option<String>,
}

/// A legal hold on a case: retention deletes none of the case's records while it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct LegalHold {
    /// Identifier.
    pub id: Uuid,
    /// The case.
    pub case_id: Uuid,
    /// The case's council reference.
    pub case_reference: Option<String>,
    /// Why.
    pub reason: String,
    /// The last day of the hold; null until released.
    #[schema(format = Date)]
    pub until: Option<String>,
    /// Who placed it.
    pub placed_by: Option<Uuid>,
    /// Their name.
    pub placed_by_name: Option<String>,
    /// When it was placed, `YYYY-MM-DD` (Europe/London).
    #[schema(format = Date)]
    pub placed_on: String,
    /// When it was placed.
    #[serde(with = "time::serde::rfc3339")]
    pub placed_at: OffsetDateTime,
    /// Whether it stands now (not released, not past `until`).
    pub active: bool,
    /// When it was released.
    #[serde(with = "time::serde::rfc3339::option")]
    pub released_at: Option<OffsetDateTime>,
    /// Who released it.
    pub released_by: Option<Uuid>,
}

/// The legal holds standing now.
#[derive(Debug, Serialize, ToSchema)]
pub struct LegalHoldList {
    /// The holds, newest first.
    pub items: Vec<LegalHold>,
    /// Always null: the holds come in one page.
    pub next_cursor: Option<String>,
}

crate::text_enum! {
    /// How long a class of records is kept.
    pub enum RetentionRule {
        /// `years` years after the case closed.
        YearsAfterClosure = "years_after_closure",
        /// Until the child's `age`th birthday (from the case's `birth_month`: the end of that
        /// month).
        UntilAge = "until_age",
        /// Never deleted.
        Indefinite = "indefinite",
    }
}

crate::text_enum! {
    /// A kind of record the retention schedule deletes.
    pub enum RecordKind {
        /// The case reference itself (deleted when it is due and nothing about it is left).
        Case = "case",
        /// Audits, with their judgements, moderations and alerts.
        Audit = "audit",
        /// Observations of practice on the case.
        Observation = "observation",
        /// Escalations with their timelines.
        Escalation = "escalation",
        /// Reviewing officers' monitoring forms.
        MonitoringForm = "monitoring_form",
        /// Feedback and complaints about the case.
        Feedback = "feedback",
        /// Actions and action plans about the case.
        Action = "action",
    }
}

/// A class of the retention schedule: how long records of one kind about cases of one category
/// are kept.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetentionClass {
    /// Identifier.
    pub id: Uuid,
    /// The case category.
    pub case_category: String,
    /// The kind of record.
    pub record_kind: RecordKind,
    /// The rule.
    pub rule: RetentionRule,
    /// Years after closure (`years_after_closure`).
    pub years: Option<i32>,
    /// Age (`until_age`).
    pub age: Option<i32>,
    /// What the rule is and where the default comes from.
    pub description: String,
    /// Version, also the `ETag`.
    pub version: i32,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Who changed it last (null for the shipped default).
    pub updated_by: Option<Uuid>,
}

/// The retention schedule.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetentionClassList {
    /// Every class, by category then kind.
    pub items: Vec<RetentionClass>,
    /// Always null: the schedule comes in one page.
    pub next_cursor: Option<String>,
}

/// Changes to a retention class (JSON merge patch; `If-Match` required).
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
pub struct RetentionClassPatch {
    /// The rule.
    pub rule: Option<RetentionRule>,
    /// Years after closure, 1-150 (for `years_after_closure`).
    #[serde(default)]
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 150)]
    pub years: Patch<i32>,
    /// Age, 18-150 (for `until_age`).
    #[serde(default)]
    #[schema(value_type = Option<i32>, minimum = 18, maximum = 150)]
    pub age: Patch<i32>,
    /// What the rule is and why.
    #[schema(min_length = 1, max_length = 2000)]
    #[validate(length(min = 1, max = 2000))]
    pub description: Option<String>,
}

/// How many records of one class the next run would delete.
#[derive(Debug, Serialize, ToSchema)]
pub struct DryRunClass {
    /// The class.
    pub class_id: Uuid,
    /// Its case category.
    pub case_category: String,
    /// Its kind of record.
    pub record_kind: RecordKind,
    /// Its rule.
    pub rule: RetentionRule,
    /// Records due for deletion.
    pub count: i64,
}

/// What the next retention run would delete.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetentionDryRun {
    /// As of this day (Europe/London).
    #[schema(format = Date)]
    pub as_of: String,
    /// Counts by class (classes with nothing due are left out).
    pub classes: Vec<DryRunClass>,
    /// Records due in all.
    pub total: i64,
    /// Records that would be due but belong to cases under legal hold.
    pub held_back: i64,
    /// Access-log entries older than the setting's years that the run would purge.
    pub access_log_entries: i64,
}

/// What a retention run deleted.
#[derive(Debug, Default, Clone, Serialize, ToSchema)]
pub struct RetentionReport {
    /// Records deleted (each left a tombstone).
    pub deleted: i64,
    /// Records that were due but belong to cases under legal hold.
    pub held_back: i64,
    /// Notifications and e-mails naming deleted records, removed with them.
    pub copies_removed: i64,
    /// Access-log events older than the setting's years, purged.
    pub access_log_purged: i64,
}

/// What is left of a record retention deleted.
#[derive(Debug, Serialize, ToSchema)]
pub struct Tombstone {
    /// Identifier.
    pub id: Uuid,
    /// The kind of record deleted.
    pub record_type: String,
    /// Its id.
    pub record_id: String,
    /// The council's reference of its case.
    pub case_external_ref: Option<String>,
    /// The rule that deleted it, e.g. `until_age 75`.
    pub rule: String,
    /// When (Europe/London).
    #[schema(format = Date)]
    pub deleted_on: String,
}

/// A page of tombstones, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct TombstonePage {
    /// The tombstones.
    pub items: Vec<Tombstone>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}
