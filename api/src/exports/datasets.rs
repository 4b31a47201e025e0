//! The exported datasets: each one's columns and the query that reads them, side by side so
//! they cannot disagree (a row writes exactly its columns, in order; `RowWriter` checks it).

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::sink::RowWriter;
use super::{Column, ColumnKind as K};
use crate::auth::caller::Caller;
use crate::auth::policy::{list_scope, ListScope, ScopedTable};
use crate::dates::london_day_start;
use crate::db::schema::{actions, audit_judgements, audits, escalations, feedback, observations};
use crate::db::types::UnitId;
use crate::db::DbConn;
use crate::error::ApiResult;

/// Rows read per query: enough to make the per-query cost vanish, few enough that a chunk is
/// a few megabytes at most.
pub const CHUNK: i64 = 5_000;

/// Who an export is for: a person, whose rows the record policy scopes, or a service account
/// holding `exports:read`, which reads the whole council's structured fields (there is no
/// narrative in an export to withhold).
#[derive(Debug, Clone)]
pub enum Reader {
    /// A signed-in person.
    Person(Caller),
    /// A service account.
    Service,
}

fn scope_of<T: ScopedTable>(reader: &Reader) -> ApiResult<ListScope<T>> {
    match reader {
        Reader::Person(caller) => list_scope::<T>(caller),
        Reader::Service => Ok(ListScope::Everything),
    }
}

/// What an export is filtered by.
#[derive(Debug, Clone, Default)]
pub struct ExportFilter {
    /// First London day of the dataset's date column (inclusive).
    pub from: Option<Date>,
    /// Last London day of the dataset's date column (inclusive).
    pub to: Option<Date>,
    /// Rows changed at or after this instant.
    pub updated_since: Option<PrimitiveDateTime>,
    /// Rows of these teams (a team, or every team of a service).
    pub teams: Option<Vec<UnitId>>,
}

impl ExportFilter {
    /// The filter as the access log records it: its terms, never narrative.
    pub fn describe(&self) -> String {
        let mut terms = Vec::new();
        if let Some(from) = self.from {
            terms.push(format!("from={from}"));
        }
        if let Some(to) = self.to {
            terms.push(format!("to={to}"));
        }
        if let Some(since) = self.updated_since {
            terms.push(format!("updated_since={since}"));
        }
        if let Some(teams) = &self.teams {
            terms.push(format!("teams={}", teams.len()));
        }
        terms.join("&")
    }

    fn instant_bounds(&self) -> (Option<PrimitiveDateTime>, Option<PrimitiveDateTime>) {
        (
            self.from.map(london_day_start),
            self.to.and_then(|to| to.next_day()).map(london_day_start),
        )
    }
}

/// The rows of `$table` the caller may see (the record policy's condition), after the keyset
/// `after`, of the filter's teams, dates (on an instant's London day or on a date column) and
/// changes since: the same for every dataset.
macro_rules! scoped_and_filtered {
    ($table:ident, $caller:expr, $filter:expr, $after:expr, $kind:ident $date:ident) => {{
        let query = scoped_and_filtered!($table, $caller, $filter, $after, $kind $date, without_updated_since);
        match $filter.updated_since {
            Some(since) => query.filter($table::updated_at.ge(since)),
            None => query,
        }
    }};
    ($table:ident, $caller:expr, $filter:expr, $after:expr, $kind:ident $date:ident, without_updated_since) => {{
        let mut query = $table::table.into_boxed();
        if let ListScope::Only(condition) = scope_of::<$table::table>($caller)? {
            query = query.filter(condition);
        }
        if let Some(after) = $after {
            query = query.filter($table::id.gt(after.to_string()));
        }
        if let Some(teams) = &$filter.teams {
            query = query.filter($crate::db::member_of($table::team_id, teams.clone()));
        }
        scoped_and_filtered!(@dates query, $table, $filter, $kind $date)
    }};
    (@dates $query:ident, $table:ident, $filter:expr, instant $date:ident) => {{
        let mut query = $query;
        let (from, until) = $filter.instant_bounds();
        if let Some(from) = from {
            query = query.filter($table::$date.ge(from));
        }
        if let Some(until) = until {
            query = query.filter($table::$date.lt(until));
        }
        query
    }};
    (@dates $query:ident, $table:ident, $filter:expr, day $date:ident) => {{
        let mut query = $query;
        if let Some(from) = $filter.from {
            query = query.filter($table::$date.ge(from));
        }
        if let Some(to) = $filter.to {
            query = query.filter($table::$date.le(to));
        }
        query
    }};
}

/// The datasets a script can pull.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    /// Audits.
    Audits,
    /// Audits' judgements, one per practice standard.
    Judgements,
    /// Actions from audits and action plans.
    Actions,
    /// Escalations about children's cases.
    Escalations,
    /// Observations of practice.
    Observations,
    /// Feedback, compliments and complaints.
    Feedback,
}

impl Dataset {
    /// Every dataset, in the dictionary's order.
    pub const ALL: [Dataset; 6] = [
        Self::Audits,
        Self::Judgements,
        Self::Actions,
        Self::Escalations,
        Self::Observations,
        Self::Feedback,
    ];

    /// Its path segment.
    pub fn name(self) -> &'static str {
        match self {
            Self::Audits => "audits",
            Self::Judgements => "judgements",
            Self::Actions => "actions",
            Self::Escalations => "escalations",
            Self::Observations => "observations",
            Self::Feedback => "feedback",
        }
    }

    /// The dataset a path segment names.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.name() == name)
    }

    /// What it holds.
    pub fn description(self) -> &'static str {
        match self {
            Self::Audits => "Case file audits, drafts included (see `status`), without their narrative.",
            Self::Judgements => "The grade each audit gave each practice standard.",
            Self::Actions => "Actions from audits and action plans, without their descriptions or evidence.",
            Self::Escalations => "Escalations about children's cases and where they stand, without the concern or resolution text.",
            Self::Observations => "Observations of practice, without the observer's narrative.",
            Self::Feedback => "Feedback, compliments and complaints, without their summaries.",
        }
    }

    /// What one row is.
    pub fn row_is(self) -> &'static str {
        match self {
            Self::Audits => "audit",
            Self::Judgements => "judgement (audit and practice standard)",
            Self::Actions => "action",
            Self::Escalations => "escalation",
            Self::Observations => "observation",
            Self::Feedback => "piece of feedback",
        }
    }

    /// Which column `from` and `to` filter.
    pub fn date_filter(self) -> &'static str {
        match self {
            Self::Audits => "`submitted_at` (its London day)",
            Self::Judgements => "the audit's `submitted_at` (its London day)",
            Self::Actions => "`due_on`",
            Self::Escalations => "`raised_at` (its London day)",
            Self::Observations => "`observed_on`",
            Self::Feedback => "`received_on`",
        }
    }

    /// Its columns, in order.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Self::Audits => AUDIT_COLUMNS,
            Self::Judgements => JUDGEMENT_COLUMNS,
            Self::Actions => ACTION_COLUMNS,
            Self::Escalations => ESCALATION_COLUMNS,
            Self::Observations => OBSERVATION_COLUMNS,
            Self::Feedback => FEEDBACK_COLUMNS,
        }
    }

    /// Writes the next chunk of rows after the key `after` (none: from the start) and answers
    /// the last key written, or `None` when there were no more rows.
    pub fn write_chunk(
        self,
        conn: &mut DbConn,
        reader: &Reader,
        filter: &ExportFilter,
        after: Option<&str>,
        out: &mut RowWriter<'_>,
    ) -> ApiResult<Option<String>> {
        match self {
            Self::Audits => audits_chunk(conn, reader, filter, after, out),
            Self::Judgements => judgements_chunk(conn, reader, filter, after, out),
            Self::Actions => actions_chunk(conn, reader, filter, after, out),
            Self::Escalations => escalations_chunk(conn, reader, filter, after, out),
            Self::Observations => observations_chunk(conn, reader, filter, after, out),
            Self::Feedback => feedback_chunk(conn, reader, filter, after, out),
        }
    }
}

const fn col(name: &'static str, kind: K, nullable: bool, description: &'static str) -> Column {
    Column {
        name,
        kind,
        nullable,
        description,
    }
}

const AUDIT_COLUMNS: &[Column] = &[
    col("id", K::Uuid, false, "The audit."),
    col(
        "kind",
        K::Code,
        false,
        "`case_file`, `themed`, `dip_sample` or `multi_agency`.",
    ),
    col("case_id", K::Uuid, false, "The child's case."),
    col(
        "team_id",
        K::Uuid,
        false,
        "The team the case belonged to when audited.",
    ),
    col("auditor_id", K::Uuid, false, "Who audited."),
    col(
        "practitioner_id",
        K::Uuid,
        true,
        "The practitioner whose work was audited.",
    ),
    col("theme_id", K::Uuid, true, "The themed audit it belongs to."),
    col("reaudit_of_id", K::Uuid, true, "The audit it re-audits."),
    col(
        "period_start",
        K::Date,
        false,
        "First day of the practice audited.",
    ),
    col(
        "period_end",
        K::Date,
        false,
        "Last day of the practice audited.",
    ),
    col(
        "side_by_side",
        K::Boolean,
        false,
        "Whether it was done with the practitioner.",
    ),
    col(
        "status",
        K::Code,
        false,
        "`draft`, `submitted`, `moderated` or `closed`.",
    ),
    col(
        "overall_grade",
        K::Code,
        true,
        "The overall grade, once graded.",
    ),
    col("submitted_at", K::Datetime, true, "When it was submitted."),
    col(
        "acknowledged_at",
        K::Datetime,
        true,
        "When the practitioner acknowledged it.",
    ),
    col(
        "moderation_sampled",
        K::Boolean,
        false,
        "Whether it was drawn for moderation.",
    ),
    col(
        "version",
        K::Integer,
        false,
        "Its version; rises with every change.",
    ),
    col("created_at", K::Datetime, false, "When it was started."),
    col("updated_at", K::Datetime, false, "When it last changed."),
];

type AuditRow = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Date,
    Date,
    bool,
    String,
    Option<String>,
    Option<PrimitiveDateTime>,
    Option<PrimitiveDateTime>,
    bool,
    i32,
    PrimitiveDateTime,
    PrimitiveDateTime,
);

fn audits_chunk(
    conn: &mut DbConn,
    reader: &Reader,
    filter: &ExportFilter,
    after: Option<&str>,
    out: &mut RowWriter<'_>,
) -> ApiResult<Option<String>> {
    let query = scoped_and_filtered!(audits, reader, filter, after, instant submitted_at);
    let rows: Vec<AuditRow> = query
        .order(audits::id)
        .limit(CHUNK)
        .select((
            audits::id,
            audits::kind,
            audits::case_id,
            audits::team_id,
            audits::auditor_id,
            audits::practitioner_id,
            audits::theme_id,
            audits::reaudit_of_id,
            audits::period_start,
            audits::period_end,
            audits::side_by_side,
            audits::status,
            audits::overall_grade,
            audits::submitted_at,
            audits::acknowledged_at,
            audits::moderation_sampled,
            audits::version,
            audits::created_at,
            audits::updated_at,
        ))
        .load(conn)?;
    for r in &rows {
        out.text(&r.0);
        out.text(&r.1);
        out.text(&r.2);
        out.text(&r.3);
        out.text(&r.4);
        out.opt_text(r.5.as_deref());
        out.opt_text(r.6.as_deref());
        out.opt_text(r.7.as_deref());
        out.date(r.8);
        out.date(r.9);
        out.bool(r.10);
        out.text(&r.11);
        out.opt_text(r.12.as_deref());
        out.opt_datetime(r.13);
        out.opt_datetime(r.14);
        out.bool(r.15);
        out.int(i64::from(r.16));
        out.datetime(r.17);
        out.datetime(r.18);
        out.end_row();
    }
    Ok(rows.last().map(|r| r.0.clone()))
}

const JUDGEMENT_COLUMNS: &[Column] = &[
    col("id", K::Uuid, false, "The judgement."),
    col(
        "audit_id",
        K::Uuid,
        false,
        "Its audit (the `audits` dataset's `id`).",
    ),
    col("case_id", K::Uuid, false, "The audit's case."),
    col("team_id", K::Uuid, false, "The audit's team."),
    col(
        "standard_number",
        K::Integer,
        false,
        "The practice standard, 1 to 10.",
    ),
    col(
        "grade",
        K::Code,
        true,
        "The grade given; empty while not graded or not applicable.",
    ),
    col(
        "not_applicable",
        K::Boolean,
        false,
        "Whether the standard was marked not applicable.",
    ),
    col("audit_status", K::Code, false, "The audit's status."),
    col(
        "submitted_at",
        K::Datetime,
        true,
        "When the audit was submitted.",
    ),
    col(
        "updated_at",
        K::Datetime,
        false,
        "When the judgement last changed.",
    ),
];

/// Audits read per chunk of judgements (ten judgements each).
const JUDGEMENT_AUDITS: i64 = CHUNK / 10;

/// Judgements are read audit by audit: a chunk of the audits the caller may see (the record
/// policy's condition is on `audits`), then those audits' judgements. Rows come ordered by
/// audit and standard; the keyset is the audit's id.
fn judgements_chunk(
    conn: &mut DbConn,
    reader: &Reader,
    filter: &ExportFilter,
    after: Option<&str>,
    out: &mut RowWriter<'_>,
) -> ApiResult<Option<String>> {
    let query = scoped_and_filtered!(audits, reader, filter, after, instant submitted_at, without_updated_since);
    type AuditPart = (
        String,
        String,
        String,
        String,
        Option<PrimitiveDateTime>,
        PrimitiveDateTime,
    );
    let chunk: Vec<AuditPart> = query
        .order(audits::id)
        .limit(JUDGEMENT_AUDITS)
        .select((
            audits::id,
            audits::case_id,
            audits::team_id,
            audits::status,
            audits::submitted_at,
            audits::updated_at,
        ))
        .load(conn)?;
    let Some(last) = chunk.last().map(|a| a.0.clone()) else {
        return Ok(None);
    };
    let ids: Vec<String> = chunk.iter().map(|a| a.0.clone()).collect();
    let mut judgements = audit_judgements::table
        .filter(audit_judgements::audit_id.eq_any(ids))
        .into_boxed();
    if let Some(since) = filter.updated_since {
        // An audit changed since (submitted, say) changes its judgements' rows
        // (`audit_status`) without touching the judgements themselves.
        let changed: Vec<String> = chunk
            .iter()
            .filter(|a| a.5 >= since)
            .map(|a| a.0.clone())
            .collect();
        judgements = judgements.filter(
            audit_judgements::updated_at
                .ge(since)
                .or(audit_judgements::audit_id.eq_any(changed)),
        );
    }
    let rows: Vec<(String, String, i32, Option<String>, bool, PrimitiveDateTime)> = judgements
        .order((
            audit_judgements::audit_id,
            audit_judgements::standard_number,
        ))
        .select((
            audit_judgements::id,
            audit_judgements::audit_id,
            audit_judgements::standard_number,
            audit_judgements::grade,
            audit_judgements::not_applicable_reason.is_not_null(),
            audit_judgements::updated_at,
        ))
        .load(conn)?;
    let audits_by_id: std::collections::HashMap<&str, &AuditPart> =
        chunk.iter().map(|a| (a.0.as_str(), a)).collect();
    for r in &rows {
        let Some(audit) = audits_by_id.get(r.1.as_str()) else {
            continue;
        };
        out.text(&r.0);
        out.text(&r.1);
        out.text(&audit.1);
        out.text(&audit.2);
        out.int(i64::from(r.2));
        out.opt_text(r.3.as_deref());
        out.bool(r.4);
        out.text(&audit.3);
        out.opt_datetime(audit.4);
        out.datetime(r.5);
        out.end_row();
    }
    Ok(Some(last))
}

const ACTION_COLUMNS: &[Column] = &[
    col("id", K::Uuid, false, "The action."),
    col("plan_id", K::Uuid, false, "The action plan it belongs to."),
    col("audit_id", K::Uuid, true, "The audit it came from."),
    col(
        "case_id",
        K::Uuid,
        true,
        "The child's case, for an action about one case.",
    ),
    col("team_id", K::Uuid, true, "The team responsible."),
    col("owner_id", K::Uuid, true, "Who owns it."),
    col(
        "kind",
        K::Code,
        false,
        "`remedial`, `practice_development`, `service_improvement` or `training`.",
    ),
    col(
        "standard_number",
        K::Integer,
        true,
        "The practice standard it addresses.",
    ),
    col(
        "status",
        K::Code,
        false,
        "`open`, `in_progress`, `completed`, `verified`, `cancelled`.",
    ),
    col("due_on", K::Date, false, "When it is due."),
    col(
        "completed_at",
        K::Datetime,
        true,
        "When its owner completed it.",
    ),
    col(
        "verified_at",
        K::Datetime,
        true,
        "When its completion was verified.",
    ),
    col("verified_by", K::Uuid, true, "Who verified it."),
    col(
        "version",
        K::Integer,
        false,
        "Its version; rises with every change.",
    ),
    col("created_at", K::Datetime, false, "When it was set."),
    col("updated_at", K::Datetime, false, "When it last changed."),
];

type ActionRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<i32>,
    String,
    Date,
    Option<PrimitiveDateTime>,
    Option<PrimitiveDateTime>,
    Option<String>,
    i32,
    PrimitiveDateTime,
    PrimitiveDateTime,
);

fn actions_chunk(
    conn: &mut DbConn,
    reader: &Reader,
    filter: &ExportFilter,
    after: Option<&str>,
    out: &mut RowWriter<'_>,
) -> ApiResult<Option<String>> {
    let query = scoped_and_filtered!(actions, reader, filter, after, day due_on);
    let rows: Vec<ActionRow> = query
        .order(actions::id)
        .limit(CHUNK)
        .select((
            actions::id,
            actions::plan_id,
            actions::audit_id,
            actions::case_id,
            actions::team_id,
            actions::owner_id,
            actions::kind,
            actions::standard_number,
            actions::status,
            actions::due_on,
            actions::completed_at,
            actions::verified_at,
            actions::verified_by,
            actions::version,
            actions::created_at,
            actions::updated_at,
        ))
        .load(conn)?;
    for r in &rows {
        out.text(&r.0);
        out.text(&r.1);
        out.opt_text(r.2.as_deref());
        out.opt_text(r.3.as_deref());
        out.opt_text(r.4.as_deref());
        out.opt_text(r.5.as_deref());
        out.text(&r.6);
        out.opt_int(r.7.map(i64::from));
        out.text(&r.8);
        out.date(r.9);
        out.opt_datetime(r.10);
        out.opt_datetime(r.11);
        out.opt_text(r.12.as_deref());
        out.int(i64::from(r.13));
        out.datetime(r.14);
        out.datetime(r.15);
        out.end_row();
    }
    Ok(rows.last().map(|r| r.0.clone()))
}

const ESCALATION_COLUMNS: &[Column] = &[
    col("id", K::Uuid, false, "The escalation."),
    col("case_id", K::Uuid, false, "The child's case."),
    col("team_id", K::Uuid, false, "The case's team."),
    col(
        "source",
        K::Code,
        false,
        "Where it came from: `audit`, `monitoring_form`, `practice_alert` or `manual`.",
    ),
    col(
        "source_id",
        K::Uuid,
        true,
        "The record it came from, such as an audit.",
    ),
    col("raised_by", K::Uuid, true, "Who raised it."),
    col("raised_to", K::Uuid, true, "Whom it was raised to."),
    col("category", K::Code, true, "Its category."),
    col(
        "standards",
        K::CodeList,
        false,
        "The practice standards it concerns, `;`-separated.",
    ),
    col(
        "stage",
        K::Integer,
        false,
        "The dispute resolution stage it is at.",
    ),
    col(
        "stage_due_on",
        K::Date,
        false,
        "When the current stage is due.",
    ),
    col(
        "status",
        K::Code,
        false,
        "`open`, `resolved` or `withdrawn`.",
    ),
    col("resolved_by", K::Uuid, true, "Who resolved it."),
    col("resolved_at", K::Datetime, true, "When it was resolved."),
    col(
        "replied_at",
        K::Datetime,
        true,
        "When the first reply was given.",
    ),
    col(
        "formal_started_on",
        K::Date,
        true,
        "When formal dispute resolution started.",
    ),
    col(
        "formal_due_on",
        K::Date,
        true,
        "When formal dispute resolution is due.",
    ),
    col(
        "accepted_at",
        K::Datetime,
        true,
        "When the resolution was accepted.",
    ),
    col(
        "cafcass_referred_on",
        K::Date,
        true,
        "When it was referred to Cafcass.",
    ),
    col(
        "version",
        K::Integer,
        false,
        "Its version; rises with every change.",
    ),
    col("raised_at", K::Datetime, false, "When it was raised."),
    col("updated_at", K::Datetime, false, "When it last changed."),
];

type EscalationRow = (
    (
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        i32,
        Date,
    ),
    (
        String,
        Option<String>,
        Option<PrimitiveDateTime>,
        Option<PrimitiveDateTime>,
        Option<Date>,
        Option<Date>,
        Option<PrimitiveDateTime>,
        Option<Date>,
        i32,
        PrimitiveDateTime,
        PrimitiveDateTime,
    ),
);

fn escalations_chunk(
    conn: &mut DbConn,
    reader: &Reader,
    filter: &ExportFilter,
    after: Option<&str>,
    out: &mut RowWriter<'_>,
) -> ApiResult<Option<String>> {
    let query = scoped_and_filtered!(escalations, reader, filter, after, instant created_at);
    let rows: Vec<EscalationRow> = query
        .order(escalations::id)
        .limit(CHUNK)
        .select((
            (
                escalations::id,
                escalations::case_id,
                escalations::team_id,
                escalations::source,
                escalations::source_id,
                escalations::raised_by,
                escalations::raised_to,
                escalations::category,
                escalations::standards,
                escalations::stage,
                escalations::stage_due_on,
            ),
            (
                escalations::status,
                escalations::resolved_by,
                escalations::resolved_at,
                escalations::replied_at,
                escalations::formal_started_on,
                escalations::formal_due_on,
                escalations::accepted_at,
                escalations::cafcass_referred_on,
                escalations::version,
                escalations::created_at,
                escalations::updated_at,
            ),
        ))
        .load(conn)?;
    for (a, b) in &rows {
        out.text(&a.0);
        out.text(&a.1);
        out.text(&a.2);
        out.text(&a.3);
        out.opt_text(a.4.as_deref());
        out.opt_text(a.5.as_deref());
        out.opt_text(a.6.as_deref());
        out.opt_text(a.7.as_deref());
        out.code_list(&a.8);
        out.int(i64::from(a.9));
        out.date(a.10);
        out.text(&b.0);
        out.opt_text(b.1.as_deref());
        out.opt_datetime(b.2);
        out.opt_datetime(b.3);
        out.opt_date(b.4);
        out.opt_date(b.5);
        out.opt_datetime(b.6);
        out.opt_date(b.7);
        out.int(i64::from(b.8));
        out.datetime(b.9);
        out.datetime(b.10);
        out.end_row();
    }
    Ok(rows.last().map(|r| r.0 .0.clone()))
}

const OBSERVATION_COLUMNS: &[Column] = &[
    col("id", K::Uuid, false, "The observation."),
    col("observer_id", K::Uuid, false, "Who observed."),
    col("observed_id", K::Uuid, false, "The practitioner observed."),
    col(
        "team_id",
        K::Uuid,
        false,
        "The observed practitioner's team.",
    ),
    col(
        "case_id",
        K::Uuid,
        true,
        "The child's case, when it was about one.",
    ),
    col("observed_on", K::Date, false, "When."),
    col(
        "setting",
        K::Code,
        false,
        "`home_visit`, `child_protection_conference`, `supervision`...",
    ),
    col(
        "status",
        K::Code,
        false,
        "`planned`, `draft`, `submitted`, `acknowledged` or `cancelled`.",
    ),
    col(
        "worker_consented",
        K::Boolean,
        true,
        "Whether the practitioner consented.",
    ),
    col(
        "child_consented",
        K::Boolean,
        true,
        "Whether the child consented.",
    ),
    col(
        "family_consented",
        K::Boolean,
        true,
        "Whether the family consented.",
    ),
    col(
        "overall_grade",
        K::Code,
        true,
        "The overall grade, once graded.",
    ),
    col("submitted_at", K::Datetime, true, "When it was submitted."),
    col(
        "acknowledged_at",
        K::Datetime,
        true,
        "When the practitioner acknowledged it.",
    ),
    col(
        "version",
        K::Integer,
        false,
        "Its version; rises with every change.",
    ),
    col("created_at", K::Datetime, false, "When it was recorded."),
    col("updated_at", K::Datetime, false, "When it last changed."),
];

type ObservationRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Date,
    String,
    String,
    Option<bool>,
    Option<bool>,
    Option<bool>,
    Option<String>,
    Option<PrimitiveDateTime>,
    Option<PrimitiveDateTime>,
    i32,
    PrimitiveDateTime,
    PrimitiveDateTime,
);

fn observations_chunk(
    conn: &mut DbConn,
    reader: &Reader,
    filter: &ExportFilter,
    after: Option<&str>,
    out: &mut RowWriter<'_>,
) -> ApiResult<Option<String>> {
    let query = scoped_and_filtered!(observations, reader, filter, after, day observed_on);
    let rows: Vec<ObservationRow> = query
        .order(observations::id)
        .limit(CHUNK)
        .select((
            observations::id,
            observations::observer_id,
            observations::observed_id,
            observations::team_id,
            observations::case_id,
            observations::observed_on,
            observations::setting,
            observations::status,
            observations::worker_consented,
            observations::child_consented,
            observations::family_consented,
            observations::overall_grade,
            observations::submitted_at,
            observations::acknowledged_at,
            observations::version,
            observations::created_at,
            observations::updated_at,
        ))
        .load(conn)?;
    for r in &rows {
        out.text(&r.0);
        out.text(&r.1);
        out.text(&r.2);
        out.text(&r.3);
        out.opt_text(r.4.as_deref());
        out.date(r.5);
        out.text(&r.6);
        out.text(&r.7);
        out.opt_bool(r.8);
        out.opt_bool(r.9);
        out.opt_bool(r.10);
        out.opt_text(r.11.as_deref());
        out.opt_datetime(r.12);
        out.opt_datetime(r.13);
        out.int(i64::from(r.14));
        out.datetime(r.15);
        out.datetime(r.16);
        out.end_row();
    }
    Ok(rows.last().map(|r| r.0.clone()))
}

const FEEDBACK_COLUMNS: &[Column] = &[
    col("id", K::Uuid, false, "The feedback."),
    col("kind", K::Code, false, "`compliment`, `complaint`, `survey_response`, `advocacy_report`, `staff_feedback`, `partner_feedback` or `participation`."),
    col("source_role", K::Code, false, "Who gave it: `child`, `young_person`, `parent`, `carer`, `professional`, `staff`, `advocate` or `partner_agency`."),
    col("channel", K::Code, false, "How it arrived: `letter`, `email`, `phone`, `online`, `in_person`, `app`, `survey`, `forum` or `other`."),
    col("received_on", K::Date, false, "When it was received."),
    col("team_id", K::Uuid, true, "The team it concerns."),
    col("case_id", K::Uuid, true, "The child's case it concerns."),
    col("themes", K::CodeList, false, "Its themes, `;`-separated."),
    col("standards", K::CodeList, false, "The practice standards it concerns, `;`-separated."),
    col("status", K::Code, false, "`recorded`, `received`, `acknowledged`, `responded`, `closed` or `withdrawn`."),
    col("route", K::Code, true, "For a complaint: the statutory route."),
    col("stage", K::Integer, true, "For a complaint: its stage."),
    col("stage_due_on", K::Date, true, "For a complaint: when its stage's response is due."),
    col("acknowledge_by", K::Date, true, "For a complaint: when it must be acknowledged."),
    col("acknowledged_on", K::Date, true, "For a complaint: when it was acknowledged."),
    col("ombudsman_referred_on", K::Date, true, "When it went to the Ombudsman."),
    col("we_did_on", K::Date, true, "When the \"you said, we did\" change was made."),
    col("batch_ref", K::Code, true, "The survey import it came in."),
    col("version", K::Integer, false, "Its version; rises with every change."),
    col("created_at", K::Datetime, false, "When it was recorded."),
    col("updated_at", K::Datetime, false, "When it last changed."),
];

type FeedbackRow = (
    (
        String,
        String,
        String,
        String,
        Date,
        Option<String>,
        Option<String>,
        String,
        String,
        String,
    ),
    (
        Option<String>,
        Option<i32>,
        Option<Date>,
        Option<Date>,
        Option<Date>,
        Option<Date>,
        Option<Date>,
        Option<String>,
        i32,
        PrimitiveDateTime,
        PrimitiveDateTime,
    ),
);

fn feedback_chunk(
    conn: &mut DbConn,
    reader: &Reader,
    filter: &ExportFilter,
    after: Option<&str>,
    out: &mut RowWriter<'_>,
) -> ApiResult<Option<String>> {
    let query = scoped_and_filtered!(feedback, reader, filter, after, day received_on);
    let rows: Vec<FeedbackRow> = query
        .order(feedback::id)
        .limit(CHUNK)
        .select((
            (
                feedback::id,
                feedback::kind,
                feedback::source_role,
                feedback::channel,
                feedback::received_on,
                feedback::team_id,
                feedback::case_id,
                feedback::themes,
                feedback::standards,
                feedback::status,
            ),
            (
                feedback::route,
                feedback::stage,
                feedback::stage_due_on,
                feedback::acknowledge_by,
                feedback::acknowledged_on,
                feedback::ombudsman_referred_on,
                feedback::we_did_on,
                feedback::batch_ref,
                feedback::version,
                feedback::created_at,
                feedback::updated_at,
            ),
        ))
        .load(conn)?;
    for (a, b) in &rows {
        out.text(&a.0);
        out.text(&a.1);
        out.text(&a.2);
        out.text(&a.3);
        out.date(a.4);
        out.opt_text(a.5.as_deref());
        out.opt_text(a.6.as_deref());
        out.code_list(&a.7);
        out.code_list(&a.8);
        out.text(&a.9);
        out.opt_text(b.0.as_deref());
        out.opt_int(b.1.map(i64::from));
        out.opt_date(b.2);
        out.opt_date(b.3);
        out.opt_date(b.4);
        out.opt_date(b.5);
        out.opt_date(b.6);
        out.opt_text(b.7.as_deref());
        out.int(i64::from(b.8));
        out.datetime(b.9);
        out.datetime(b.10);
        out.end_row();
    }
    Ok(rows.last().map(|r| r.0 .0.clone()))
}
