//! The retention schedule (by case category and record kind, held as data with documented
//! defaults), what the next run would delete, and the daily run itself: records whose time has
//! come are deleted case by case in batches, each leaving a tombstone, with every copy the
//! product holds (notifications, e-mails waiting in the outbox, an unreleased subject access
//! bundle); cases under legal hold are skipped and counted. The same run purges the access log
//! older than the setting's years, and logs the purge.

use std::collections::{BTreeMap, HashMap};

use actix_web::{get, patch, web, HttpResponse};
use diesel::dsl::count_star;
use diesel::prelude::*;
use time::{Date, Month, PrimitiveDateTime};
use uuid::Uuid;

use super::dto::{
    DryRunClass, RecordKind, RetentionClass, RetentionClassList, RetentionClassPatch,
    RetentionDryRun, RetentionReport, RetentionRule, Tombstone, TombstonePage,
};
use super::requests::require_dpo;
use crate::access_log::{self, AccessEntry, Outcome};
use crate::auth::caller::SignedIn;
use crate::dates::{format_date, london_today, now_utc, to_utc};
use crate::db::schema::{
    access_case_index, access_events, action_plans, actions, audit_judgements, audit_moderations,
    audits, cases, complaint_stages, escalation_events, escalations, feedback, learning_needs,
    measure_readings, monitoring_forms, monitoring_quality_checks, notifications,
    observation_feedback, observation_judgements, observation_skill_ratings, observations, outbox,
    plan_measures, retention_classes, retention_tombstones, safeguarding_alerts,
    subject_access_requests,
};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::{IfMatch, JsonBody};
use crate::respond::versioned;
use crate::settings::Rules;
use crate::state::State;

const KIND: &str = "retention";

/// A retention class as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = retention_classes)]
pub struct ClassRow {
    /// Identifier.
    pub id: String,
    /// Case category.
    pub case_category: String,
    /// Record kind.
    pub record_kind: RecordKind,
    /// Rule.
    pub rule: RetentionRule,
    /// Years.
    pub years: Option<i32>,
    /// Age.
    pub age: Option<i32>,
    /// Description.
    pub description: String,
    /// Version.
    pub version: i32,
    /// Changed.
    pub updated_at: PrimitiveDateTime,
    /// By.
    pub updated_by: Option<String>,
}

impl ClassRow {
    fn rule_text(&self) -> String {
        match self.rule {
            RetentionRule::YearsAfterClosure => {
                format!("years_after_closure {}", self.years.unwrap_or(0))
            }
            RetentionRule::UntilAge => format!("until_age {}", self.age.unwrap_or(0)),
            RetentionRule::Indefinite => "indefinite".into(),
        }
    }
}

fn present_class(row: ClassRow) -> RetentionClass {
    RetentionClass {
        id: Uuid::parse_str(&row.id).unwrap_or_default(),
        case_category: row.case_category,
        record_kind: row.record_kind,
        rule: row.rule,
        years: row.years,
        age: row.age,
        description: row.description,
        version: row.version,
        updated_at: to_utc(row.updated_at),
        updated_by: row
            .updated_by
            .as_deref()
            .and_then(|u| Uuid::parse_str(u).ok()),
    }
}

/// Every class, by category then kind.
pub fn classes(conn: &mut DbConn) -> QueryResult<Vec<ClassRow>> {
    retention_classes::table
        .order((
            retention_classes::case_category,
            retention_classes::record_kind,
        ))
        .select(ClassRow::as_select())
        .load(conn)
}

/// What retention needs to know of a case.
#[derive(Debug, Clone)]
struct CaseInfo {
    id: String,
    external_ref: String,
    category: String,
    birth_month: Option<String>,
    closed_on: Option<Date>,
    status: String,
}

fn same_day_years_later(day: Date, years: i32) -> Option<Date> {
    let year = day.year().checked_add(years)?;
    let last = day.month().length(year);
    Date::from_calendar_date(year, day.month(), day.day().min(last)).ok()
}

/// Whether records of a case under this class are due for deletion on `today`.
fn is_due(class: &ClassRow, case: &CaseInfo, today: Date) -> bool {
    match class.rule {
        RetentionRule::Indefinite => false,
        RetentionRule::YearsAfterClosure => {
            let (Some(years), Some(closed)) = (class.years, case.closed_on) else {
                return false;
            };
            case.status == "closed"
                && same_day_years_later(closed, years).is_some_and(|due| today >= due)
        }
        RetentionRule::UntilAge => {
            // The month is known, the day is not: the birthday is taken as the month's last day,
            // so nothing goes before it.
            let (Some(age), Some(month)) = (class.age, case.birth_month.as_deref()) else {
                return false;
            };
            let (Some(year), Some(month)) = (
                month.get(..4).and_then(|y| y.parse::<i32>().ok()),
                month
                    .get(5..7)
                    .and_then(|m| m.parse::<u8>().ok())
                    .and_then(|m| Month::try_from(m).ok()),
            ) else {
                return false;
            };
            let year = year + age;
            Date::from_calendar_date(year, month, month.length(year))
                .is_ok_and(|birthday| today > birthday)
        }
    }
}

/// Record kinds other than the case itself, in the order they are deleted.
const KINDS: [RecordKind; 6] = [
    RecordKind::Action,
    RecordKind::Audit,
    RecordKind::Observation,
    RecordKind::Escalation,
    RecordKind::MonitoringForm,
    RecordKind::Feedback,
];

macro_rules! counts_by_case {
    ($conn:expr, $table:ident) => {{
        let rows: Vec<(Option<String>, i64)> = $table::table
            .filter($table::case_id.is_not_null())
            .group_by($table::case_id)
            .select(($table::case_id, count_star()))
            .load($conn)?;
        rows.into_iter()
            .filter_map(|(c, n)| c.map(|c| (c, n)))
            .collect::<HashMap<String, i64>>()
    }};
}

macro_rules! counts_by_required_case {
    ($conn:expr, $table:ident) => {{
        let rows: Vec<(String, i64)> = $table::table
            .group_by($table::case_id)
            .select(($table::case_id, count_star()))
            .load($conn)?;
        rows.into_iter().collect::<HashMap<String, i64>>()
    }};
}

/// Records of each kind, by case.
fn counts(conn: &mut DbConn) -> QueryResult<HashMap<RecordKind, HashMap<String, i64>>> {
    let mut out = HashMap::new();
    let mut action_counts = counts_by_case!(conn, actions);
    for (case, n) in counts_by_case!(conn, action_plans) {
        *action_counts.entry(case).or_default() += n;
    }
    out.insert(RecordKind::Action, action_counts);
    out.insert(RecordKind::Audit, counts_by_required_case!(conn, audits));
    out.insert(RecordKind::Observation, counts_by_case!(conn, observations));
    out.insert(
        RecordKind::Escalation,
        counts_by_required_case!(conn, escalations),
    );
    out.insert(
        RecordKind::MonitoringForm,
        counts_by_required_case!(conn, monitoring_forms),
    );
    out.insert(RecordKind::Feedback, counts_by_case!(conn, feedback));
    Ok(out)
}

/// What one case loses in a run.
struct CaseWork {
    case: CaseInfo,
    kinds: Vec<(RecordKind, ClassRow)>,
    case_class: Option<ClassRow>,
}

/// What the next run would delete.
struct Plan {
    by_class: BTreeMap<String, (ClassRow, i64)>,
    held_back: i64,
    work: Vec<CaseWork>,
}

fn plan(conn: &mut DbConn, today: Date) -> ApiResult<Plan> {
    let schedule: HashMap<(String, RecordKind), ClassRow> = classes(conn)?
        .into_iter()
        .map(|c| ((c.case_category.clone(), c.record_kind), c))
        .collect();
    let held = super::holds::held_cases(conn)?;
    let counts = counts(conn)?;
    type CaseTuple = (String, String, String, Option<String>, Option<Date>, String);
    let all: Vec<CaseTuple> = cases::table
        .select((
            cases::id,
            cases::external_ref,
            cases::category,
            cases::birth_month,
            cases::closed_on,
            cases::status,
        ))
        .load(conn)?;
    let mut result = Plan {
        by_class: BTreeMap::new(),
        held_back: 0,
        work: Vec::new(),
    };
    for (id, external_ref, category, birth_month, closed_on, status) in all {
        let case = CaseInfo {
            id,
            external_ref,
            category,
            birth_month,
            closed_on,
            status,
        };
        let is_held = held.contains(&case.id);
        let mut kinds = Vec::new();
        let mut remaining = 0;
        for kind in KINDS {
            let n = counts
                .get(&kind)
                .and_then(|m| m.get(&case.id))
                .copied()
                .unwrap_or(0);
            if n == 0 {
                continue;
            }
            match schedule.get(&(case.category.clone(), kind)) {
                Some(class) if is_due(class, &case, today) => {
                    if is_held {
                        result.held_back += n;
                        remaining += n;
                    } else {
                        result
                            .by_class
                            .entry(class.id.clone())
                            .or_insert_with(|| (class.clone(), 0))
                            .1 += n;
                        kinds.push((kind, class.clone()));
                    }
                }
                _ => remaining += n,
            }
        }
        let mut case_class = None;
        if let Some(class) = schedule.get(&(case.category.clone(), RecordKind::Case)) {
            if is_due(class, &case, today) {
                if is_held {
                    result.held_back += 1;
                } else if remaining == 0 {
                    result
                        .by_class
                        .entry(class.id.clone())
                        .or_insert_with(|| (class.clone(), 0))
                        .1 += 1;
                    case_class = Some(class.clone());
                }
            }
        }
        if !kinds.is_empty() || case_class.is_some() {
            result.work.push(CaseWork {
                case,
                kinds,
                case_class,
            });
        }
    }
    Ok(result)
}

fn tombstones(
    conn: &mut DbConn,
    record_type: &str,
    ids: &[String],
    case: &CaseInfo,
    rule: &str,
    today: Date,
) -> QueryResult<()> {
    let now = now_utc();
    for id in ids {
        diesel::insert_into(retention_tombstones::table)
            .values((
                retention_tombstones::id.eq(Uuid::now_v7().to_string()),
                retention_tombstones::record_type.eq(record_type),
                retention_tombstones::record_id.eq(id),
                retention_tombstones::case_external_ref.eq(Some(&case.external_ref)),
                retention_tombstones::rule.eq(rule),
                retention_tombstones::deleted_on.eq(today),
                retention_tombstones::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Removes the notifications and waiting e-mails naming these records.
fn remove_copies(conn: &mut DbConn, ids: &[String]) -> QueryResult<i64> {
    let mut removed = 0;
    for chunk in ids.chunks(500) {
        removed +=
            diesel::delete(notifications::table.filter(notifications::record_id.eq_any(chunk)))
                .execute(conn)?;
        removed +=
            diesel::delete(outbox::table.filter(outbox::record_id.eq_any(chunk))).execute(conn)?;
    }
    Ok(i64::try_from(removed).unwrap_or(0))
}

/// Deletes the records of one kind of one case, with their parts; answers (deleted, copies).
fn delete_kind(
    conn: &mut DbConn,
    case: &CaseInfo,
    kind: RecordKind,
    class: &ClassRow,
    today: Date,
) -> QueryResult<(i64, i64)> {
    let rule = class.rule_text();
    let c = case.id.clone();
    let mut deleted = 0i64;
    let mut copies = 0i64;
    match kind {
        RecordKind::Audit => {
            let ids: Vec<String> = audits::table
                .filter(audits::case_id.eq(&c))
                .select(audits::id)
                .load(conn)?;
            for chunk in ids.chunks(200) {
                let chunk = chunk.to_vec();
                let judgements: Vec<String> = audit_judgements::table
                    .filter(audit_judgements::audit_id.eq_any(&chunk))
                    .select(audit_judgements::id)
                    .load(conn)?;
                diesel::delete(
                    audit_judgements::table.filter(audit_judgements::audit_id.eq_any(&chunk)),
                )
                .execute(conn)?;
                diesel::delete(
                    audit_moderations::table.filter(audit_moderations::audit_id.eq_any(&chunk)),
                )
                .execute(conn)?;
                diesel::delete(
                    safeguarding_alerts::table.filter(safeguarding_alerts::audit_id.eq_any(&chunk)),
                )
                .execute(conn)?;
                diesel::update(actions::table.filter(actions::audit_id.eq_any(&chunk)))
                    .set(actions::audit_id.eq(None::<String>))
                    .execute(conn)?;
                diesel::update(audits::table.filter(audits::reaudit_of_id.eq_any(&chunk)))
                    .set(audits::reaudit_of_id.eq(None::<String>))
                    .execute(conn)?;
                deleted += i64::try_from(
                    diesel::delete(audits::table.filter(audits::id.eq_any(&chunk)))
                        .execute(conn)?,
                )
                .unwrap_or(0);
                copies += remove_copies(conn, &chunk)? + remove_copies(conn, &judgements)?;
                tombstones(conn, "audit", &chunk, case, &rule, today)?;
            }
        }
        RecordKind::Observation => {
            let ids: Vec<String> = observations::table
                .filter(observations::case_id.eq(&c))
                .select(observations::id)
                .load(conn)?;
            for chunk in ids.chunks(200) {
                let chunk = chunk.to_vec();
                diesel::delete(
                    observation_judgements::table
                        .filter(observation_judgements::observation_id.eq_any(&chunk)),
                )
                .execute(conn)?;
                diesel::delete(
                    observation_skill_ratings::table
                        .filter(observation_skill_ratings::observation_id.eq_any(&chunk)),
                )
                .execute(conn)?;
                diesel::delete(
                    observation_feedback::table
                        .filter(observation_feedback::observation_id.eq_any(&chunk)),
                )
                .execute(conn)?;
                diesel::delete(
                    learning_needs::table.filter(learning_needs::observation_id.eq_any(&chunk)),
                )
                .execute(conn)?;
                deleted += i64::try_from(
                    diesel::delete(observations::table.filter(observations::id.eq_any(&chunk)))
                        .execute(conn)?,
                )
                .unwrap_or(0);
                copies += remove_copies(conn, &chunk)?;
                tombstones(conn, "observation", &chunk, case, &rule, today)?;
            }
        }
        RecordKind::Escalation => {
            let ids: Vec<String> = escalations::table
                .filter(escalations::case_id.eq(&c))
                .select(escalations::id)
                .load(conn)?;
            for chunk in ids.chunks(200) {
                let chunk = chunk.to_vec();
                diesel::delete(
                    escalation_events::table
                        .filter(escalation_events::escalation_id.eq_any(&chunk)),
                )
                .execute(conn)?;
                deleted += i64::try_from(
                    diesel::delete(escalations::table.filter(escalations::id.eq_any(&chunk)))
                        .execute(conn)?,
                )
                .unwrap_or(0);
                copies += remove_copies(conn, &chunk)?;
                tombstones(conn, "escalation", &chunk, case, &rule, today)?;
            }
        }
        RecordKind::MonitoringForm => {
            let ids: Vec<String> = monitoring_forms::table
                .filter(monitoring_forms::case_id.eq(&c))
                .select(monitoring_forms::id)
                .load(conn)?;
            for chunk in ids.chunks(200) {
                let chunk = chunk.to_vec();
                diesel::delete(
                    monitoring_quality_checks::table
                        .filter(monitoring_quality_checks::form_id.eq_any(&chunk)),
                )
                .execute(conn)?;
                deleted += i64::try_from(
                    diesel::delete(
                        monitoring_forms::table.filter(monitoring_forms::id.eq_any(&chunk)),
                    )
                    .execute(conn)?,
                )
                .unwrap_or(0);
                copies += remove_copies(conn, &chunk)?;
                tombstones(conn, "monitoring_form", &chunk, case, &rule, today)?;
            }
        }
        RecordKind::Feedback => {
            let ids: Vec<String> = feedback::table
                .filter(feedback::case_id.eq(&c))
                .select(feedback::id)
                .load(conn)?;
            for chunk in ids.chunks(200) {
                let chunk = chunk.to_vec();
                diesel::delete(
                    complaint_stages::table.filter(complaint_stages::feedback_id.eq_any(&chunk)),
                )
                .execute(conn)?;
                deleted += i64::try_from(
                    diesel::delete(feedback::table.filter(feedback::id.eq_any(&chunk)))
                        .execute(conn)?,
                )
                .unwrap_or(0);
                copies += remove_copies(conn, &chunk)?;
                tombstones(conn, "feedback", &chunk, case, &rule, today)?;
            }
        }
        RecordKind::Action => {
            let ids: Vec<String> = actions::table
                .filter(actions::case_id.eq(&c))
                .select(actions::id)
                .load(conn)?;
            for chunk in ids.chunks(200) {
                let chunk = chunk.to_vec();
                diesel::update(
                    measure_readings::table.filter(measure_readings::action_id.eq_any(&chunk)),
                )
                .set(measure_readings::action_id.eq(None::<String>))
                .execute(conn)?;
                deleted += i64::try_from(
                    diesel::delete(actions::table.filter(actions::id.eq_any(&chunk)))
                        .execute(conn)?,
                )
                .unwrap_or(0);
                copies += remove_copies(conn, &chunk)?;
                tombstones(conn, "action", &chunk, case, &rule, today)?;
            }
            let plans: Vec<String> = action_plans::table
                .filter(action_plans::case_id.eq(&c))
                .select(action_plans::id)
                .load(conn)?;
            for plan in plans {
                let left: i64 = actions::table
                    .filter(actions::plan_id.eq(&plan))
                    .count()
                    .get_result(conn)?;
                if left > 0 {
                    continue;
                }
                let measures: Vec<String> = plan_measures::table
                    .filter(plan_measures::plan_id.eq(&plan))
                    .select(plan_measures::id)
                    .load(conn)?;
                diesel::delete(
                    measure_readings::table.filter(measure_readings::measure_id.eq_any(&measures)),
                )
                .execute(conn)?;
                diesel::delete(plan_measures::table.filter(plan_measures::plan_id.eq(&plan)))
                    .execute(conn)?;
                deleted +=
                    i64::try_from(diesel::delete(action_plans::table.find(&plan)).execute(conn)?)
                        .unwrap_or(0);
                copies += remove_copies(conn, std::slice::from_ref(&plan))?;
                tombstones(
                    conn,
                    "action_plan",
                    std::slice::from_ref(&plan),
                    case,
                    &rule,
                    today,
                )?;
            }
        }
        RecordKind::Case => {}
    }
    Ok((deleted, copies))
}

/// Deletes the case reference itself (nothing about it is left).
fn delete_case(
    conn: &mut DbConn,
    case: &CaseInfo,
    class: &ClassRow,
    today: Date,
) -> QueryResult<(i64, i64)> {
    let copies = diesel::delete(notifications::table.filter(notifications::case_id.eq(&case.id)))
        .execute(conn)?;
    let copies =
        i64::try_from(copies).unwrap_or(0) + remove_copies(conn, std::slice::from_ref(&case.id))?;
    let deleted = diesel::delete(cases::table.find(&case.id)).execute(conn)?;
    tombstones(
        conn,
        "case",
        std::slice::from_ref(&case.id),
        case,
        &class.rule_text(),
        today,
    )?;
    Ok((i64::try_from(deleted).unwrap_or(0), copies))
}

/// The access-log events older than the setting's years: (cutoff, how many).
fn access_log_due(conn: &mut DbConn, rules: &Rules) -> QueryResult<(PrimitiveDateTime, i64)> {
    let now = now_utc();
    let years = rules.access_log_retention_years;
    let cutoff_day = same_day_years_later(now.date(), -years).unwrap_or(now.date());
    let cutoff = PrimitiveDateTime::new(cutoff_day, now.time());
    let due: i64 = access_events::table
        .filter(access_events::at.lt(cutoff))
        .select(count_star())
        .first(conn)?;
    Ok((cutoff, due))
}

/// The daily run: deletes what is due, case by case (each case its own transaction), skipping
/// held cases; then purges the access log beyond the setting's years and logs the purge.
pub fn run(conn: &mut DbConn, rules: &Rules) -> ApiResult<RetentionReport> {
    let today = london_today();
    let planned = plan(conn, today)?;
    let mut report = RetentionReport {
        held_back: planned.held_back,
        ..Default::default()
    };
    for work in planned.work {
        let (deleted, copies) = write_tx(conn, |conn| -> ApiResult<(i64, i64)> {
            let mut deleted = 0;
            let mut copies = 0;
            for (kind, class) in &work.kinds {
                let (d, c) = delete_kind(conn, &work.case, *kind, class, today)?;
                deleted += d;
                copies += c;
            }
            if let Some(class) = &work.case_class {
                let (d, c) = delete_case(conn, &work.case, class, today)?;
                deleted += d;
                copies += c;
            }
            // An unreleased subject access bundle is a copy too: it is gathered again.
            if deleted > 0 {
                diesel::update(
                    subject_access_requests::table
                        .filter(subject_access_requests::case_id.eq(&work.case.id))
                        .filter(subject_access_requests::status.ne("released")),
                )
                .set((
                    subject_access_requests::bundle.eq(None::<String>),
                    subject_access_requests::status.eq("open"),
                ))
                .execute(conn)?;
            }
            Ok((deleted, copies))
        })?;
        report.deleted += deleted;
        report.copies_removed += copies;
    }
    let (cutoff, due) = access_log_due(conn, rules)?;
    if due > 0 {
        write_tx(conn, |conn| -> ApiResult<()> {
            diesel::delete(access_case_index::table.filter(access_case_index::at.lt(cutoff)))
                .execute(conn)?;
            let purged = diesel::delete(access_events::table.filter(access_events::at.lt(cutoff)))
                .execute(conn)?;
            report.access_log_purged = i64::try_from(purged).unwrap_or(0);
            access_log::record(
                conn,
                &[AccessEntry {
                    user_id: None,
                    action: "purge",
                    record_type: "access_log",
                    record_id: None,
                    case_id: None,
                    outcome: Outcome::Allowed,
                    detail: Some(format!(
                        "purged {purged} events before {} ({} years)",
                        format_date(cutoff.date()),
                        rules.access_log_retention_years
                    )),
                }],
            )?;
            Ok(())
        })?;
    }
    Ok(report)
}

/// The retention schedule: by case category and record kind, each with its rule. The shipped
/// rows are defaults the council changes with `PATCH`. The data protection officer only.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The schedule", body = RetentionClassList),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/retention/classes")]
pub async fn list_classes(state: State, user: SignedIn) -> ApiResult<HttpResponse> {
    let list = state
        .run(user, move |cx| {
            require_dpo(cx.conn, &cx.caller, "list", KIND)?;
            Ok(RetentionClassList {
                items: classes(cx.conn)?.into_iter().map(present_class).collect(),
                next_cursor: None,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Changes a retention class (JSON merge patch; `If-Match` required): its rule, years, age or
/// description. The data protection officer only; in the access log.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Class id"), ("If-Match" = String, Header, pattern = r#"^(W/)?"[0-9]+"$"#, description = "The ETag read")),
    request_body(content = RetentionClassPatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Updated", body = RetentionClass, headers(("ETag" = String))),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such class", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale If-Match", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "No If-Match", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[patch("/api/v1/retention/classes/{id}")]
pub async fn update_class(
    state: State,
    user: SignedIn,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: JsonBody,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner().to_string();
    let class = state
        .run(user, move |cx| {
            require_dpo(cx.conn, &cx.caller, "update", KIND)?;
            let row: ClassRow = retention_classes::table
                .find(&id)
                .select(ClassRow::as_select())
                .first(cx.conn)
                .optional()?
                .ok_or(ApiError::NotFound)?;
            if_match.check(row.version, true)?;
            let patch: RetentionClassPatch = body.parse()?;
            let rule = patch.rule.unwrap_or(row.rule);
            let years = patch.years.clone().apply(row.years);
            let age = patch.age.clone().apply(row.age);
            let mut errors = Vec::new();
            match rule {
                RetentionRule::YearsAfterClosure => match years {
                    Some(y) if (1..=150).contains(&y) => {}
                    _ => errors.push(FieldError::new(
                        "years",
                        "is required for years_after_closure, from 1 to 150",
                    )),
                },
                RetentionRule::UntilAge => match age {
                    Some(a) if (18..=150).contains(&a) => {}
                    _ => errors.push(FieldError::new(
                        "age",
                        "is required for until_age, from 18 to 150",
                    )),
                },
                RetentionRule::Indefinite => {}
            }
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            let (years, age) = match rule {
                RetentionRule::YearsAfterClosure => (years, None),
                RetentionRule::UntilAge => (None, age),
                RetentionRule::Indefinite => (None, None),
            };
            let actor = cx.caller.user_id.to_string();
            let now = now_utc();
            let description = patch
                .description
                .as_deref()
                .map(str::trim)
                .unwrap_or(&row.description)
                .to_string();
            write_tx(cx.conn, |conn| -> ApiResult<()> {
                let changed = diesel::update(
                    retention_classes::table
                        .find(&row.id)
                        .filter(retention_classes::version.eq(row.version)),
                )
                .set((
                    retention_classes::rule.eq(rule),
                    retention_classes::years.eq(years),
                    retention_classes::age.eq(age),
                    retention_classes::description.eq(&description),
                    retention_classes::version.eq(row.version + 1),
                    retention_classes::updated_at.eq(now),
                    retention_classes::updated_by.eq(Some(&actor)),
                ))
                .execute(conn)?;
                if changed != 1 {
                    return Err(ApiError::PreconditionFailed {
                        current_version: row.version + 1,
                    });
                }
                access_log::record(
                    conn,
                    &[AccessEntry::admin_change(
                        &actor,
                        "update",
                        "retention_class",
                        &row.id,
                        Some(format!("{} {}: {rule}", row.case_category, row.record_kind)),
                    )],
                )?;
                Ok(())
            })?;
            let row: ClassRow = retention_classes::table
                .find(&id)
                .select(ClassRow::as_select())
                .first(cx.conn)?;
            Ok(present_class(row))
        })
        .await?;
    Ok(versioned(class.version, &class))
}

/// What the next retention run would delete, counted by class, with the records held back by
/// legal holds and the access-log entries the run would purge. Deletes nothing. The data
/// protection officer only.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The counts", body = RetentionDryRun),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/retention/dry-run")]
pub async fn dry_run(state: State, user: SignedIn) -> ApiResult<HttpResponse> {
    let result = state
        .run(user, move |cx| {
            require_dpo(cx.conn, &cx.caller, "read", KIND)?;
            let today = london_today();
            let planned = plan(cx.conn, today)?;
            let (_, access_log_entries) = access_log_due(cx.conn, &cx.rules)?;
            let classes: Vec<DryRunClass> = planned
                .by_class
                .into_values()
                .map(|(class, count)| DryRunClass {
                    class_id: Uuid::parse_str(&class.id).unwrap_or_default(),
                    case_category: class.case_category,
                    record_kind: class.record_kind,
                    rule: class.rule,
                    count,
                })
                .collect();
            Ok(RetentionDryRun {
                as_of: format_date(today),
                total: classes.iter().map(|c| c.count).sum(),
                classes,
                held_back: planned.held_back,
                access_log_entries,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

/// What retention deleted, newest first: record type, id, the case's council reference, the
/// rule and the day. The data protection officer only.
#[utoipa::path(
    tag = "data protection",
    security(("bearer" = [])),
    params(
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 500, description = "Page size, 1-500 (default 50)"),
        ("cursor" = Option<String>, Query, description = "A `next_cursor` this list returned")
    ),
    responses(
        (status = 200, description = "A page of tombstones", body = TombstonePage),
        (status = 403, description = "Not the data protection officer", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/api/v1/retention/tombstones")]
pub async fn list_tombstones(
    state: State,
    user: SignedIn,
    query: web::Query<HashMap<String, String>>,
) -> ApiResult<HttpResponse> {
    let page = state
        .run(user, move |cx| {
            require_dpo(cx.conn, &cx.caller, "list", KIND)?;
            let limit = match query.get("limit") {
                None => 50,
                Some(t) => t
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (1..=500).contains(n))
                    .ok_or_else(|| {
                        ApiError::field("limit", "must be a whole number from 1 to 500")
                    })?,
            };
            // An empty cursor is no cursor, as on every other list.
            let offset = match query.get("cursor").filter(|c| !c.trim().is_empty()) {
                None => 0,
                Some(t) => t
                    .trim()
                    .strip_prefix('o')
                    .and_then(|n| n.parse::<i64>().ok())
                    .ok_or_else(|| {
                        ApiError::field("cursor", "is not a cursor this list returned")
                    })?,
            };
            type Row = (String, String, String, Option<String>, String, Date);
            let rows: Vec<Row> = retention_tombstones::table
                .order((
                    retention_tombstones::created_at.desc(),
                    retention_tombstones::id.desc(),
                ))
                .select((
                    retention_tombstones::id,
                    retention_tombstones::record_type,
                    retention_tombstones::record_id,
                    retention_tombstones::case_external_ref,
                    retention_tombstones::rule,
                    retention_tombstones::deleted_on,
                ))
                .offset(offset)
                .limit(limit + 1)
                .load(cx.conn)?;
            let more = rows.len() as i64 > limit;
            Ok(TombstonePage {
                items: rows
                    .into_iter()
                    .take(limit as usize)
                    .map(
                        |(id, record_type, record_id, case_external_ref, rule, deleted_on)| {
                            Tombstone {
                                id: Uuid::parse_str(&id).unwrap_or_default(),
                                record_type,
                                record_id,
                                case_external_ref,
                                rule,
                                deleted_on: format_date(deleted_on),
                            }
                        },
                    )
                    .collect(),
                next_cursor: more.then(|| format!("o{}", offset + limit)),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn class(rule: RetentionRule, years: Option<i32>, age: Option<i32>) -> ClassRow {
        ClassRow {
            id: "c".into(),
            case_category: "child_in_care".into(),
            record_kind: RecordKind::Audit,
            rule,
            years,
            age,
            description: String::new(),
            version: 1,
            updated_at: now_utc(),
            updated_by: None,
        }
    }

    fn case(birth_month: Option<&str>, closed_on: Option<Date>) -> CaseInfo {
        CaseInfo {
            id: "x".into(),
            external_ref: "R".into(),
            category: "child_in_care".into(),
            birth_month: birth_month.map(str::to_string),
            closed_on,
            status: if closed_on.is_some() {
                "closed"
            } else {
                "open"
            }
            .into(),
        }
    }

    #[test]
    fn until_age_is_due_only_after_the_birthday_month_ends() {
        let rule = class(RetentionRule::UntilAge, None, Some(75));
        let child = case(Some("1952-01"), None);
        assert!(!is_due(&rule, &child, date!(2027 - 01 - 31)));
        assert!(is_due(&rule, &child, date!(2027 - 02 - 01)));
        assert!(!is_due(&rule, &case(None, None), date!(2200 - 01 - 01)));
    }

    #[test]
    fn years_after_closure_is_due_on_the_anniversary() {
        let rule = class(RetentionRule::YearsAfterClosure, Some(6), None);
        let closed = case(None, Some(date!(2020 - 02 - 29)));
        assert!(!is_due(&rule, &closed, date!(2026 - 02 - 27)));
        assert!(is_due(&rule, &closed, date!(2026 - 02 - 28)));
        assert!(!is_due(&rule, &case(None, None), date!(2100 - 01 - 01)));
        assert!(!is_due(
            &class(RetentionRule::Indefinite, None, None),
            &closed,
            date!(2999 - 01 - 01)
        ));
    }
}
