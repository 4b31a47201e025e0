//! Audit rules (product.md §4.2): who audits what, completeness on submit, remedial actions and
//! alerts told at once, inadequate ⇒ one escalation, the practitioner's reply, moderation. The
//! only place an audit's status changes.

use diesel::prelude::*;

use super::dto::{Audit, AuditPatch, JudgementInput, NewAlert, NewAudit, NewModeration};
use super::model::{AlertRow, AuditRow, JudgementRow};
use super::repo;
use crate::access_log::{self, AccessEntry, Outcome};
use crate::actions::dto::{Action, NewRemedialAction};
use crate::actions::model::ActionRow;
use crate::actions::{repo as action_repo, service as action_service};
use crate::auth::caller::Caller;
use crate::auth::roles::Role;
use crate::calendar::repo as calendar_repo;
use crate::cases::model::CaseRow;
use crate::cases::repo as case_repo;
use crate::dates::{london_today, months_before, now_utc};
use crate::db::schema::{audit_judgements, audit_moderations, audits, safeguarding_alerts, users};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::escalations::repo as escalation_repo;
use crate::escalations::service::{self as escalation_service, AuditConcern};
use crate::extract::IfMatch;
use crate::ids::{new_id, parse_id};
use crate::notifications::{notify, Notice};
use crate::org::repo as org_repo;
use crate::programmes::repo as programme_repo;
use crate::standards::model::GradeRow;
use crate::standards::repo as standards_repo;

/// Roles that carry out audits.
pub const AUDITORS: [Role; 4] = [
    Role::TeamManager,
    Role::HeadOfService,
    Role::SeniorLeader,
    Role::QaOfficer,
];

/// Remedial actions are due this many working days after they are raised, unless given.
pub const REMEDIAL_DUE_WORKING_DAYS: i32 = 10;

/// What a caller is about to do to an audit, for the checks made before a body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Edit the draft, judge, add actions and alerts, submit: the auditor.
    Edit,
    /// Return a submitted audit to draft: a QA officer.
    Return,
    /// Reply to the audit: the audited practitioner.
    Reply,
    /// Moderate: a QA officer, a senior leader or the head of service over the team; never the
    /// auditor.
    Moderate,
}

/// Whether the caller may see the audit.
pub fn can_see(conn: &mut DbConn, caller: &Caller, row: &AuditRow) -> QueryResult<bool> {
    let me = caller.user_id.as_str();
    if caller.sees_everything()
        || row.auditor_id == me
        || row.practitioner_id.as_deref() == Some(me)
        || caller.manages_team(&row.team_id)
    {
        return Ok(true);
    }
    if caller.has(Role::Practitioner) {
        if let Some(case) = case_repo::find(conn, &row.case_id)? {
            return Ok(case.allocated_worker_id.as_deref() == Some(me));
        }
    }
    Ok(false)
}

fn log(
    conn: &mut DbConn,
    caller: &Caller,
    action: &'static str,
    row: &AuditRow,
    outcome: Outcome,
) -> QueryResult<()> {
    access_log::record(
        conn,
        &[AccessEntry::case_record(
            &caller.user_id,
            action,
            "audit",
            &row.id,
            &row.case_id,
            outcome,
        )],
    )
}

/// Loads an audit the caller may see; otherwise 404, logged as denied.
pub fn load_visible(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    action: &'static str,
) -> ApiResult<AuditRow> {
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    if can_see(conn, caller, &row)? {
        Ok(row)
    } else {
        log(conn, caller, action, &row, Outcome::Denied)?;
        Err(ApiError::NotFound)
    }
}

/// Checks visibility (404) and the caller's right to the operation (403).
pub fn authorize(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    operation: Operation,
) -> ApiResult<AuditRow> {
    let row = load_visible(conn, caller, id, "update")?;
    let me = caller.user_id.as_str();
    let allowed = match operation {
        Operation::Edit => row.auditor_id == me,
        Operation::Return => caller.has(Role::QaOfficer),
        Operation::Reply => row.practitioner_id.as_deref() == Some(me),
        Operation::Moderate => {
            if row.auditor_id == me {
                return Err(ApiError::forbidden(
                    "An auditor cannot moderate their own audit.",
                ));
            }
            caller.has_any(&[Role::QaOfficer, Role::SeniorLeader])
                || (caller.has(Role::HeadOfService) && caller.manages_team(&row.team_id))
        }
    };
    if allowed {
        Ok(row)
    } else {
        Err(ApiError::forbidden(match operation {
            Operation::Edit => "Only the auditor may change this audit.",
            Operation::Return => "Only a QA officer may return an audit.",
            Operation::Reply => "Only the practitioner whose work was audited may reply.",
            Operation::Moderate => "Only a QA officer, a senior leader or the head of service over the team may moderate.",
        }))
    }
}

/// The audit with its judgements, actions, alerts, moderation and escalation.
pub fn detail(conn: &mut DbConn, row: AuditRow, narrative: bool) -> ApiResult<Audit> {
    let id = row.id.clone();
    let moderation = repo::moderation_of(conn, &id)?;
    let mut audit = Audit::from_row(
        row,
        moderation.as_ref().map(|m| m.moderated_grade.clone()),
        narrative,
    );
    let today = london_today();
    audit.judgements = Some(
        repo::judgements_of(conn, &id)?
            .into_iter()
            .map(|j| super::dto::Judgement::from_row(j, narrative))
            .collect(),
    );
    audit.remedial_actions = Some(
        action_repo::of_audit(conn, &id)?
            .into_iter()
            .map(|a| Action::from_row(a, today, narrative))
            .collect(),
    );
    audit.alerts = Some(
        repo::alerts_of(conn, &id)?
            .into_iter()
            .map(|a| super::dto::Alert::from_row(a, narrative))
            .collect(),
    );
    audit.moderation = moderation.map(|m| super::dto::Moderation::from_row(m, narrative));
    audit.escalation_id =
        escalation_repo::find_by_source(conn, "audit", &id)?.map(|e| parse_id(&e.id));
    Ok(audit)
}

/// Reads an audit in full; the handler logs the read.
pub fn read(conn: &mut DbConn, caller: &Caller, id: &str) -> ApiResult<Audit> {
    let row = load_visible(conn, caller, id, "read")?;
    detail(conn, row, caller.reads_narrative())
}

/// The access-log entry of an allowed read or list of an audit.
pub fn read_entry(caller: &Caller, action: &'static str, id: &str, case_id: &str) -> AccessEntry {
    AccessEntry::case_record(
        &caller.user_id,
        action,
        "audit",
        id,
        case_id,
        Outcome::Allowed,
    )
}

fn find_case_in_scope(conn: &mut DbConn, caller: &Caller, case_id: &str) -> ApiResult<CaseRow> {
    crate::cases::service::load_in_scope(conn, caller, case_id, "create")
}

/// Starts a draft audit of a case in the caller's scope.
pub fn create(conn: &mut DbConn, caller: &Caller, input: NewAudit) -> ApiResult<AuditRow> {
    let case_id = input.case_id.to_string();
    let case = find_case_in_scope(conn, caller, &case_id).map_err(|e| match e {
        // The case is named in the body: a missing one is a bad field, not a missing resource.
        ApiError::NotFound => ApiError::field("case_id", "names no case you can audit"),
        other => other,
    })?;
    write_tx(conn, |conn| {
        let mut errors = Vec::new();
        let theme = input.theme_id.map(|t| t.to_string());
        match (&theme, input.kind.needs_theme()) {
            (None, true) => errors.push(FieldError::new(
                "theme_id",
                "is required for themed audits and dip samples",
            )),
            (Some(t), _) => {
                if programme_repo::find_theme(conn, t)?.is_none() {
                    errors.push(FieldError::new("theme_id", "names no theme"));
                }
            }
            (None, false) => {}
        }
        let reaudit = input.reaudit_of_id.map(|r| r.to_string());
        if let Some(r) = &reaudit {
            match repo::find(conn, r)? {
                None => errors.push(FieldError::new("reaudit_of_id", "names no audit")),
                Some(earlier) if earlier.case_id != case.id => errors.push(FieldError::new(
                    "reaudit_of_id",
                    "must be an audit of the same case",
                )),
                Some(_) => {}
            }
        }
        let today = london_today();
        let period_end = input.period_end.unwrap_or(today);
        let period_start = input
            .period_start
            .unwrap_or_else(|| months_before(period_end, 6));
        if period_start > period_end {
            errors.push(FieldError::new(
                "period_start",
                "must be on or before period_end",
            ));
        }
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let framework = standards_repo::current_framework(conn)?;
        let scale = standards_repo::current_grade_scale(conn)?;
        let id = new_id();
        let now = now_utc();
        diesel::insert_into(audits::table)
            .values((
                audits::id.eq(&id),
                audits::kind.eq(input.kind.as_str()),
                audits::case_id.eq(&case.id),
                audits::auditor_id.eq(&caller.user_id),
                audits::practitioner_id.eq(&case.allocated_worker_id),
                audits::team_id.eq(&case.team_id),
                audits::theme_id.eq(&theme),
                audits::framework_id.eq(&framework.id),
                audits::grade_scale_id.eq(&scale.id),
                audits::period_start.eq(period_start),
                audits::period_end.eq(period_end),
                audits::side_by_side.eq(input.side_by_side),
                audits::status.eq("draft"),
                audits::reaudit_of_id.eq(&reaudit),
                audits::version.eq(1),
                audits::created_at.eq(now),
                audits::updated_at.eq(now),
                audits::created_by.eq(&caller.user_id),
            ))
            .execute(conn)?;
        let row = repo::find(conn, &id)?.ok_or(ApiError::NotFound)?;
        log(conn, caller, "create", &row, Outcome::Allowed)?;
        Ok(row)
    })
}

fn require_draft(row: &AuditRow) -> ApiResult<()> {
    if row.status == "draft" {
        Ok(())
    } else {
        Err(ApiError::conflict(format!(
            "The audit is {}: only a draft can be changed.",
            row.status
        )))
    }
}

fn grades_of(conn: &mut DbConn, row: &AuditRow) -> QueryResult<Vec<GradeRow>> {
    standards_repo::grades_of(conn, &row.grade_scale_id)
}

fn grade_error(grades: &[GradeRow], code: &str) -> Option<String> {
    if grades.iter().any(|g| g.code == code) {
        None
    } else {
        let codes: Vec<&str> = grades.iter().map(|g| g.code.as_str()).collect();
        Some(format!("must be one of: {}", codes.join(", ")))
    }
}

fn bump(conn: &mut DbConn, id: &str, version: i32) -> QueryResult<()> {
    diesel::update(audits::table.find(id))
        .set((
            audits::version.eq(version + 1),
            audits::updated_at.eq(now_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Changes a draft (JSON merge patch).
pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    if_match: IfMatch,
    patch: AuditPatch,
) -> ApiResult<AuditRow> {
    authorize(conn, caller, id, Operation::Edit)?;
    write_tx(conn, |conn| {
        let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
        if_match.check(row.version, true)?;
        require_draft(&row)?;
        let mut errors: Vec<FieldError> = patch
            .too_long()
            .into_iter()
            .map(|f| FieldError::new(f, "must be at most 20000 characters long"))
            .collect();
        if let Some(Some(grade)) = &patch.overall_grade {
            if let Some(message) = grade_error(&grades_of(conn, &row)?, grade) {
                errors.push(FieldError::new("overall_grade", message));
            }
        }
        let period_start = patch.period_start.unwrap_or(row.period_start);
        let period_end = patch.period_end.unwrap_or(row.period_end);
        if period_start > period_end {
            errors.push(FieldError::new(
                "period_start",
                "must be on or before period_end",
            ));
        }
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let pick = |new: &Option<Option<String>>, old: &Option<String>| match new {
            Some(v) => v.clone().filter(|t| !t.trim().is_empty()),
            None => old.clone(),
        };
        diesel::update(audits::table.find(id))
            .set((
                audits::summary.eq(pick(&patch.summary, &row.summary)),
                audits::overall_grade.eq(pick(&patch.overall_grade, &row.overall_grade)),
                audits::child_views.eq(pick(&patch.child_views, &row.child_views)),
                audits::family_views.eq(pick(&patch.family_views, &row.family_views)),
                audits::views_not_sought_reason.eq(pick(
                    &patch.views_not_sought_reason,
                    &row.views_not_sought_reason,
                )),
                audits::practitioner_reflection.eq(pick(
                    &patch.practitioner_reflection,
                    &row.practitioner_reflection,
                )),
                audits::side_by_side.eq(patch.side_by_side.unwrap_or(row.side_by_side)),
                audits::period_start.eq(period_start),
                audits::period_end.eq(period_end),
                audits::version.eq(row.version + 1),
                audits::updated_at.eq(now_utc()),
            ))
            .execute(conn)?;
        log(conn, caller, "update", &row, Outcome::Allowed)?;
        repo::find(conn, id)?.ok_or(ApiError::NotFound)
    })
}

/// Saves one standard's judgement; answers it with the audit's new version.
pub fn put_judgement(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    standard_number: i32,
    if_match: IfMatch,
    input: JudgementInput,
) -> ApiResult<(JudgementRow, i32)> {
    let row = authorize(conn, caller, id, Operation::Edit)?;
    let standards = standards_repo::standards_of(conn, &row.framework_id)?;
    if !standards.iter().any(|s| s.number == standard_number) {
        return Err(ApiError::NotFound);
    }
    write_tx(conn, |conn| {
        let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
        if_match.check(row.version, false)?;
        require_draft(&row)?;
        let mut errors = Vec::new();
        let grade = input.grade.clone().filter(|g| !g.trim().is_empty());
        let not_applicable = input
            .not_applicable_reason
            .clone()
            .filter(|r| !r.trim().is_empty());
        if let Some(g) = &grade {
            if let Some(message) = grade_error(&grades_of(conn, &row)?, g) {
                errors.push(FieldError::new("grade", message));
            }
        }
        if grade.is_some() && not_applicable.is_some() {
            errors.push(FieldError::new(
                "not_applicable_reason",
                "give a grade or a reason it does not apply, not both",
            ));
        }
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let now = now_utc();
        let text = |v: &Option<String>| v.clone().filter(|t| !t.trim().is_empty());
        let existing: Option<String> = audit_judgements::table
            .filter(audit_judgements::audit_id.eq(id))
            .filter(audit_judgements::standard_number.eq(standard_number))
            .select(audit_judgements::id)
            .first(conn)
            .optional()?;
        let fields = (
            audit_judgements::grade.eq(&grade),
            audit_judgements::not_applicable_reason.eq(&not_applicable),
            audit_judgements::evidence.eq(text(&input.evidence)),
            audit_judgements::strengths.eq(text(&input.strengths)),
            audit_judgements::areas_for_development.eq(text(&input.areas_for_development)),
            audit_judgements::updated_at.eq(now),
        );
        let judgement_id = match existing {
            Some(existing_id) => {
                diesel::update(audit_judgements::table.find(&existing_id))
                    .set(fields)
                    .execute(conn)?;
                existing_id
            }
            None => {
                let new = new_id();
                diesel::insert_into(audit_judgements::table)
                    .values((
                        audit_judgements::id.eq(&new),
                        audit_judgements::audit_id.eq(id),
                        audit_judgements::standard_number.eq(standard_number),
                        fields,
                    ))
                    .execute(conn)?;
                new
            }
        };
        bump(conn, id, row.version)?;
        log(conn, caller, "update", &row, Outcome::Allowed)?;
        let saved = audit_judgements::table
            .find(&judgement_id)
            .select(JudgementRow::as_select())
            .first(conn)?;
        Ok((saved, row.version + 1))
    })
}

fn filled(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.trim().is_empty())
}

/// Everything that stops a draft being submitted, listed at once.
pub fn completeness_errors(conn: &mut DbConn, row: &AuditRow) -> QueryResult<Vec<FieldError>> {
    let standards = standards_repo::standards_of(conn, &row.framework_id)?;
    let judgements = repo::judgements_of(conn, &row.id)?;
    let mut errors = Vec::new();
    for standard in &standards {
        let judgement = judgements
            .iter()
            .find(|j| j.standard_number == standard.number);
        let graded = judgement.is_some_and(|j| filled(&j.grade));
        let not_applicable = judgement.is_some_and(|j| filled(&j.not_applicable_reason));
        if !graded && !not_applicable {
            errors.push(FieldError::new(
                format!("judgements.{}.grade", standard.number),
                format!(
                    "Grade standard {} ({}) or say why it does not apply",
                    standard.number, standard.title
                ),
            ));
        } else if graded && !judgement.is_some_and(|j| filled(&j.evidence)) {
            errors.push(FieldError::new(
                format!("judgements.{}.evidence", standard.number),
                format!(
                    "Give the evidence for the grade of standard {} ({})",
                    standard.number, standard.title
                ),
            ));
        }
    }
    if !filled(&row.overall_grade) {
        errors.push(FieldError::new("overall_grade", "Choose an overall grade"));
    }
    let reason = filled(&row.views_not_sought_reason);
    if !filled(&row.child_views) && !reason {
        errors.push(FieldError::new(
            "child_views",
            "Record the child's views, or why they were not sought",
        ));
    }
    if !filled(&row.family_views) && !reason {
        errors.push(FieldError::new(
            "family_views",
            "Record the family's views, or why they were not sought",
        ));
    }
    Ok(errors)
}

/// Opens the audit's escalation if `grade_code` is an escalating grade (at most one per audit).
fn escalate_if_needed(conn: &mut DbConn, row: &AuditRow, grade_code: &str) -> ApiResult<()> {
    let grades = grades_of(conn, row)?;
    let Some(grade) = grades.iter().find(|g| g.code == grade_code) else {
        return Ok(());
    };
    if !grade.triggers_escalation {
        return Ok(());
    }
    let escalating: Vec<&str> = grades
        .iter()
        .filter(|g| g.triggers_escalation)
        .map(|g| g.code.as_str())
        .collect();
    let standards: Vec<i32> = repo::judgements_of(conn, &row.id)?
        .into_iter()
        .filter(|j| j.grade.as_deref().is_some_and(|g| escalating.contains(&g)))
        .map(|j| j.standard_number)
        .collect();
    let case = case_repo::find(conn, &row.case_id)?.ok_or(ApiError::NotFound)?;
    let (calendar, _) = calendar_repo::load(conn)?;
    escalation_service::open_for_audit(
        conn,
        &case,
        AuditConcern {
            audit_id: &row.id,
            auditor_id: &row.auditor_id,
            grade_label: &grade.label,
            standards,
        },
        &calendar,
    )?;
    Ok(())
}

/// Submits a complete draft. Exactly one submit wins a race: the status moves only from
/// `draft`, and the escalation is unique per audit in the schema.
pub fn submit(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    if_match: IfMatch,
) -> ApiResult<AuditRow> {
    authorize(conn, caller, id, Operation::Edit)?;
    write_tx(conn, |conn| {
        let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
        if_match.check(row.version, false)?;
        require_draft(&row)?;
        let errors = completeness_errors(conn, &row)?;
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let now = now_utc();
        let moved = diesel::update(
            audits::table
                .filter(audits::id.eq(id))
                .filter(audits::status.eq("draft")),
        )
        .set((
            audits::status.eq("submitted"),
            audits::submitted_at.eq(Some(now)),
            audits::returned_reason.eq(None::<String>),
            audits::version.eq(row.version + 1),
            audits::updated_at.eq(now),
        ))
        .execute(conn)?;
        if moved == 0 {
            return Err(ApiError::conflict("The audit has already been submitted."));
        }
        if let Some(grade) = &row.overall_grade {
            escalate_if_needed(conn, &row, grade)?;
        }
        let case = case_repo::find(conn, &row.case_id)?.ok_or(ApiError::NotFound)?;
        notify(
            conn,
            &[row.practitioner_id.as_deref()],
            &caller.user_id,
            &Notice {
                kind: "audit_submitted",
                title: format!(
                    "An audit of your work on case {} was submitted",
                    case.display_name
                ),
                record_type: "audit",
                record_id: id,
                case_id: Some(&row.case_id),
            },
        )?;
        log(conn, caller, "update", &row, Outcome::Allowed)?;
        repo::find(conn, id)?.ok_or(ApiError::NotFound)
    })
}

/// A QA officer returns a submitted audit to its auditor.
pub fn return_to_draft(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    if_match: IfMatch,
    reason: &str,
) -> ApiResult<AuditRow> {
    authorize(conn, caller, id, Operation::Return)?;
    write_tx(conn, |conn| {
        let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
        if_match.check(row.version, false)?;
        if row.status != "submitted" {
            return Err(ApiError::conflict(format!(
                "Only a submitted audit can be returned; this one is {}.",
                row.status
            )));
        }
        diesel::update(audits::table.find(id))
            .set((
                audits::status.eq("draft"),
                audits::returned_reason.eq(Some(reason)),
                audits::submitted_at.eq(None::<time::PrimitiveDateTime>),
                audits::version.eq(row.version + 1),
                audits::updated_at.eq(now_utc()),
            ))
            .execute(conn)?;
        notify(
            conn,
            &[Some(row.auditor_id.as_str())],
            &caller.user_id,
            &Notice {
                kind: "audit_returned",
                title: "An audit you submitted was returned to you".into(),
                record_type: "audit",
                record_id: id,
                case_id: Some(&row.case_id),
            },
        )?;
        log(conn, caller, "update", &row, Outcome::Allowed)?;
        repo::find(conn, id)?.ok_or(ApiError::NotFound)
    })
}

/// The audited practitioner's reply; answering is the acknowledgement.
pub fn reply(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    if_match: IfMatch,
    reflection: &str,
) -> ApiResult<AuditRow> {
    authorize(conn, caller, id, Operation::Reply)?;
    write_tx(conn, |conn| {
        let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
        if_match.check(row.version, false)?;
        if row.status == "draft" {
            return Err(ApiError::conflict("The audit has not been submitted yet."));
        }
        if row.acknowledged_at.is_some() {
            return Err(ApiError::conflict(
                "You have already replied to this audit.",
            ));
        }
        let now = now_utc();
        diesel::update(audits::table.find(id))
            .set((
                audits::response_reflection.eq(Some(reflection)),
                audits::acknowledged_at.eq(Some(now)),
                audits::version.eq(row.version + 1),
                audits::updated_at.eq(now),
            ))
            .execute(conn)?;
        notify(
            conn,
            &[Some(row.auditor_id.as_str())],
            &caller.user_id,
            &Notice {
                kind: "audit_response",
                title: format!("{} replied to your audit", caller.display_name),
                record_type: "audit",
                record_id: id,
                case_id: Some(&row.case_id),
            },
        )?;
        log(conn, caller, "update", &row, Outcome::Allowed)?;
        repo::find(conn, id)?.ok_or(ApiError::NotFound)
    })
}

/// Moderates a submitted audit. Never withdraws an escalation; opens one if the moderated grade
/// calls for it.
pub fn moderate(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    if_match: IfMatch,
    input: NewModeration,
) -> ApiResult<AuditRow> {
    authorize(conn, caller, id, Operation::Moderate)?;
    write_tx(conn, |conn| {
        let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
        if_match.check(row.version, false)?;
        if row.status != "submitted" {
            return Err(ApiError::conflict(format!(
                "Only a submitted audit can be moderated; this one is {}.",
                row.status
            )));
        }
        let original = row.overall_grade.clone().unwrap_or_default();
        let moderated = if input.agreed {
            original.clone()
        } else {
            let Some(grade) = input
                .moderated_grade
                .clone()
                .filter(|g| !g.trim().is_empty())
            else {
                return Err(ApiError::field(
                    "moderated_grade",
                    "is required when you do not agree",
                ));
            };
            if let Some(message) = grade_error(&grades_of(conn, &row)?, &grade) {
                return Err(ApiError::field("moderated_grade", message));
            }
            grade
        };
        let now = now_utc();
        diesel::insert_into(audit_moderations::table)
            .values((
                audit_moderations::id.eq(new_id()),
                audit_moderations::audit_id.eq(id),
                audit_moderations::moderator_id.eq(&caller.user_id),
                audit_moderations::agreed.eq(input.agreed),
                audit_moderations::original_grade.eq(&original),
                audit_moderations::moderated_grade.eq(&moderated),
                audit_moderations::rationale.eq(&input.rationale),
                audit_moderations::created_at.eq(now),
            ))
            .execute(conn)?;
        diesel::update(audits::table.find(id))
            .set((
                audits::status.eq("moderated"),
                audits::version.eq(row.version + 1),
                audits::updated_at.eq(now),
            ))
            .execute(conn)?;
        escalate_if_needed(conn, &row, &moderated)?;
        notify(
            conn,
            &[Some(row.auditor_id.as_str())],
            &caller.user_id,
            &Notice {
                kind: "audit_moderated",
                title: if input.agreed {
                    "Your audit was moderated: grade agreed".into()
                } else {
                    "Your audit was moderated: grade changed".into()
                },
                record_type: "audit",
                record_id: id,
                case_id: Some(&row.case_id),
            },
        )?;
        log(conn, caller, "update", &row, Outcome::Allowed)?;
        repo::find(conn, id)?.ok_or(ApiError::NotFound)
    })
}

fn user_exists(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    let n: i64 = users::table.find(id).count().get_result(conn)?;
    Ok(n > 0)
}

/// Raises a remedial action while auditing; the case's worker and case-accountable manager are
/// told at once.
pub fn add_remedial_action(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    input: NewRemedialAction,
) -> ApiResult<ActionRow> {
    authorize(conn, caller, id, Operation::Edit)?;
    write_tx(conn, |conn| {
        let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
        require_draft(&row)?;
        let case = case_repo::find(conn, &row.case_id)?.ok_or(ApiError::NotFound)?;
        let owner = input
            .owner_id
            .map(|o| o.to_string())
            .or(case.allocated_worker_id.clone());
        let mut errors = Vec::new();
        if let Some(o) = input.owner_id.map(|o| o.to_string()) {
            if !user_exists(conn, &o)? {
                errors.push(FieldError::new("owner_id", "names no user"));
            }
        }
        let today = london_today();
        if input.due_on.is_some_and(|d| d < today) {
            errors.push(FieldError::new("due_on", "must be today or later"));
        }
        if let Some(n) = input.standard_number {
            let standards = standards_repo::standards_of(conn, &row.framework_id)?;
            if !standards.iter().any(|s| s.number == n) {
                errors.push(FieldError::new(
                    "standard_number",
                    "names no standard of the audit's framework",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let due_on = match input.due_on {
            Some(d) => d,
            None => {
                let (calendar, _) = calendar_repo::load(conn)?;
                calendar
                    .add_working_days(today, REMEDIAL_DUE_WORKING_DAYS)
                    .unwrap_or(today)
            }
        };
        let plan_id =
            action_service::audit_plan(conn, id, &row.case_id, &row.team_id, &row.auditor_id)?;
        let action_id = action_service::insert_remedial(
            conn,
            action_service::RemedialInput {
                plan_id: &plan_id,
                audit_id: id,
                case_id: &row.case_id,
                team_id: &row.team_id,
                description: &input.description,
                owner_id: owner.as_deref(),
                due_on,
                standard_number: input.standard_number,
                actor: &caller.user_id,
            },
        )?;
        bump(conn, id, row.version)?;
        notify(
            conn,
            &[
                case.allocated_worker_id.as_deref(),
                case.case_manager_id.as_deref(),
                owner.as_deref(),
            ],
            &caller.user_id,
            &Notice {
                kind: "remedial_action_raised",
                title: format!("Remedial action raised on case {}", case.display_name),
                record_type: "action",
                record_id: &action_id,
                case_id: Some(&case.id),
            },
        )?;
        access_log::record(
            conn,
            &[AccessEntry::case_record(
                &caller.user_id,
                "create",
                "action",
                &action_id,
                &case.id,
                Outcome::Allowed,
            )],
        )?;
        action_repo::find(conn, &action_id)?.ok_or(ApiError::NotFound)
    })
}

/// Raises a safeguarding alert while auditing; the worker and case-accountable manager are told
/// at once, and for a `high` alert the head of service above the team too.
pub fn add_alert(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    input: NewAlert,
) -> ApiResult<AlertRow> {
    authorize(conn, caller, id, Operation::Edit)?;
    write_tx(conn, |conn| {
        let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
        require_draft(&row)?;
        let case = case_repo::find(conn, &row.case_id)?.ok_or(ApiError::NotFound)?;
        let alert_id = new_id();
        diesel::insert_into(safeguarding_alerts::table)
            .values((
                safeguarding_alerts::id.eq(&alert_id),
                safeguarding_alerts::audit_id.eq(id),
                safeguarding_alerts::case_id.eq(&case.id),
                safeguarding_alerts::concern.eq(&input.concern),
                safeguarding_alerts::severity.eq(input.severity.as_str()),
                safeguarding_alerts::raised_by.eq(&caller.user_id),
                safeguarding_alerts::created_at.eq(now_utc()),
            ))
            .execute(conn)?;
        bump(conn, id, row.version)?;
        let mut recipients: Vec<Option<String>> = vec![
            case.allocated_worker_id.clone(),
            case.case_manager_id.clone(),
        ];
        if input.severity == super::dto::Severity::High {
            recipients.extend(
                org_repo::heads_of_service_over(conn, &case.team_id)?
                    .into_iter()
                    .map(Some),
            );
        }
        let recipients: Vec<Option<&str>> = recipients.iter().map(|r| r.as_deref()).collect();
        notify(
            conn,
            &recipients,
            &caller.user_id,
            &Notice {
                kind: "safeguarding_alert_raised",
                title: format!(
                    "Safeguarding alert ({}) raised on case {}",
                    input.severity.as_str(),
                    case.display_name
                ),
                record_type: "audit",
                record_id: id,
                case_id: Some(&case.id),
            },
        )?;
        access_log::record(
            conn,
            &[AccessEntry::case_record(
                &caller.user_id,
                "create",
                "alert",
                &alert_id,
                &case.id,
                Outcome::Allowed,
            )],
        )?;
        Ok(safeguarding_alerts::table
            .find(&alert_id)
            .select(AlertRow::as_select())
            .first(conn)?)
    })
}

/// Whether the caller may start audits at all.
pub fn is_auditor(caller: &Caller) -> bool {
    caller.has_any(&AUDITORS)
}
