//! An audit's life (product.md §4.2): started on a case in scope, written as a draft,
//! submitted when complete (inadequate ⇒ one escalation), returned by the QA unit, replied to by
//! the practitioner, moderated. The only place an audit's status changes; every change is a
//! conditional update on the version the record policy authorised.

use diesel::QueryResult;

use super::dto::{Audit, AuditPatch, AuditStatus, Judgement, Moderation, NewAudit, NewModeration};
use super::judgements::completeness_errors;
use super::model::{AuditRow, AuditStep, DraftChanges, ModerationRow};
use super::repo::{self, AuditSurroundings};
use crate::actions::dto::Alert;
use crate::actions::service as action_service;
use crate::auth::policy::{allowed, log_change, Authorized, Loaded};
use crate::calendar::repo as calendar_repo;
use crate::cases::model::CaseRow;
use crate::cases::repo as case_repo;
use crate::dates::{london_today, months_before, now_utc};
use crate::db::types::{AuditId, ModerationId, ThemeId, UserId};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::escalations::service::{self as escalation_service, AuditConcern};
use crate::notifications::{notify, Notice};
use crate::programmes::repo as programme_repo;
use crate::standards::model::GradeRow;
use crate::standards::repo as standards_repo;
use crate::state::{Cx, Rules};

/// The audit as its page shows it, after a change: reads what surrounds it (its case's and
/// people's names, its moderation and escalation, its judgements, actions and alerts) in one
/// query.
pub fn present(cx: &mut Cx<'_>, audit: Loaded<AuditRow>) -> ApiResult<Audit> {
    let (_, surroundings) =
        repo::load_detail(cx.conn, audit.record.id)?.ok_or(ApiError::NotFound)?;
    present_with(cx, audit, surroundings)
}

/// The audit as its page shows it, with what surrounds it already read (the read endpoint
/// reads both in the query that finds the audit): no query of its own.
pub fn present_with(
    cx: &mut Cx<'_>,
    audit: Loaded<AuditRow>,
    surroundings: AuditSurroundings,
) -> ApiResult<Audit> {
    let caller = &cx.caller;
    let narrative = caller.reads_narrative_of(&audit);
    let operations = allowed(caller, &audit);
    let row = audit.record;
    let AuditSurroundings {
        case,
        moderation,
        auditor_name,
        practitioner_name,
        escalation_id,
        judgements,
        remedial_actions,
        alerts,
    } = surroundings;
    let mut detail = Audit::new(
        row,
        moderation.as_ref().map(|m| m.moderated_grade.clone()),
        narrative,
        operations,
    );
    detail.judgements = Some(
        judgements
            .into_iter()
            .map(|j| Judgement::from_row(j, narrative))
            .collect(),
    );
    detail.remedial_actions = Some(
        remedial_actions
            .into_iter()
            .map(|a| {
                let loaded = Loaded {
                    record: a,
                    case_worker_id: audit.case_worker_id,
                };
                action_service::present(caller, loaded)
            })
            .collect(),
    );
    detail.alerts = Some(
        alerts
            .into_iter()
            .map(|a| Alert::from_row(a, narrative))
            .collect(),
    );
    detail.moderation = moderation.map(|m| Moderation::from_row(m, narrative));
    detail.case_display_name = Some(case.display_name);
    detail.case_external_ref = Some(case.external_ref);
    detail.auditor_name = auditor_name;
    detail.practitioner_name = practitioner_name;
    detail.escalation_id = escalation_id.map(|e| e.uuid());
    Ok(detail.with_reply_deadline(&cx.calendar, cx.rules.reply_working_days, london_today()))
}

/// Starts a draft audit of a case the caller may see; `case` is already in scope.
pub fn create(
    conn: &mut DbConn,
    actor: UserId,
    case: &CaseRow,
    input: NewAudit,
) -> ApiResult<AuditRow> {
    write_tx(conn, |conn| draft(conn, actor, actor, case, &input))
}

/// Adds a draft audit of `case` for `auditor` to carry out, started by `creator` (themselves,
/// or the QA officer who drew the case into a theme's sample), inside the caller's transaction.
pub fn draft(
    conn: &mut DbConn,
    creator: UserId,
    auditor: UserId,
    case: &CaseRow,
    input: &NewAudit,
) -> ApiResult<AuditRow> {
    {
        let mut errors = Vec::new();
        let theme = input.theme_id.map(ThemeId::from);
        match (theme, input.kind.needs_theme()) {
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
        let reaudit = input.reaudit_of_id.map(AuditId::from);
        if let Some(earlier) = reaudit {
            match repo::find(conn, earlier)? {
                None => errors.push(FieldError::new("reaudit_of_id", "names no audit")),
                Some(earlier) if earlier.case_id != case.id => errors.push(FieldError::new(
                    "reaudit_of_id",
                    "must be an audit of the same case",
                )),
                Some(_) => {}
            }
        }
        let period_end = input.period_end.unwrap_or_else(london_today);
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
        let now = now_utc();
        let row = AuditRow {
            id: AuditId::new(),
            kind: input.kind,
            case_id: case.id,
            auditor_id: auditor,
            practitioner_id: case.allocated_worker_id,
            team_id: case.team_id,
            theme_id: theme,
            framework_id: framework.id,
            grade_scale_id: scale.id,
            period_start,
            period_end,
            side_by_side: input.side_by_side,
            status: AuditStatus::Draft,
            overall_grade: None,
            summary: None,
            child_views: None,
            family_views: None,
            views_not_sought_reason: None,
            practitioner_reflection: None,
            reaudit_of_id: reaudit,
            submitted_at: None,
            returned_reason: None,
            response_reflection: None,
            acknowledged_at: None,
            version: 1,
            created_at: now,
            updated_at: now,
            created_by: Some(creator),
            moderation_sampled: false,
        };
        repo::insert(conn, &row)?;
        log_change(conn, creator, "create", &row)?;
        Ok(row)
    }
}

/// Whether `code` is a grade of the scale; else the message naming the codes that are.
pub fn grade_error(grades: &[GradeRow], code: &str) -> Option<String> {
    if grades.iter().any(|g| g.code == code) {
        None
    } else {
        let codes: Vec<&str> = grades.iter().map(|g| g.code.as_str()).collect();
        Some(format!("must be one of: {}", codes.join(", ")))
    }
}

/// Changes a draft (JSON merge patch).
pub fn update(
    conn: &mut DbConn,
    audit: &Authorized<AuditRow>,
    patch: &AuditPatch,
) -> ApiResult<()> {
    let row = audit.record();
    let mut errors = Vec::new();
    if let Some(grade) = patch.overall_grade.value() {
        let grades = standards_repo::grades_of(conn, row.grade_scale_id)?;
        if let Some(message) = grade_error(&grades, grade) {
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
    let changes = DraftChanges {
        summary: patch.summary.clone().apply_text(row.summary.clone()),
        overall_grade: patch
            .overall_grade
            .clone()
            .apply_text(row.overall_grade.clone()),
        child_views: patch
            .child_views
            .clone()
            .apply_text(row.child_views.clone()),
        family_views: patch
            .family_views
            .clone()
            .apply_text(row.family_views.clone()),
        views_not_sought_reason: patch
            .views_not_sought_reason
            .clone()
            .apply_text(row.views_not_sought_reason.clone()),
        practitioner_reflection: patch
            .practitioner_reflection
            .clone()
            .apply_text(row.practitioner_reflection.clone()),
        side_by_side: patch.side_by_side.unwrap_or(row.side_by_side),
        period_start,
        period_end,
        version: row.version + 1,
        updated_at: now_utc(),
    };
    if !repo::update_draft(conn, row.id, row.version, &changes)? {
        return Err(ApiError::Raced);
    }
    log_change(conn, audit.actor().id, "update", row)?;
    Ok(())
}

/// Takes a step of the audit's life from the version authorised, or answers `Raced`.
fn step(conn: &mut DbConn, row: &AuditRow, step: AuditStep) -> ApiResult<()> {
    if repo::step(conn, row.id, row.version, &step)? {
        Ok(())
    } else {
        Err(ApiError::Raced)
    }
}

fn case_of(conn: &mut DbConn, row: &AuditRow) -> ApiResult<CaseRow> {
    case_repo::find(conn, row.case_id)?.ok_or(ApiError::NotFound)
}

/// Opens the audit's escalation if `grade_code` is an escalating grade (at most one per audit).
fn escalate_if_needed(
    conn: &mut DbConn,
    row: &AuditRow,
    grade_code: &str,
    rules: &Rules,
) -> ApiResult<()> {
    let grades = standards_repo::grades_of(conn, row.grade_scale_id)?;
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
    let standards: Vec<i32> = repo::judgements_of(conn, row.id)?
        .into_iter()
        .filter(|j| j.grade.as_deref().is_some_and(|g| escalating.contains(&g)))
        .map(|j| j.standard_number)
        .collect();
    let case = case_of(conn, row)?;
    let (calendar, _) = calendar_repo::load(conn)?;
    escalation_service::open_for_audit(
        conn,
        &case,
        AuditConcern {
            audit_id: row.id,
            auditor_id: row.auditor_id,
            grade_label: &grade.label,
            standards,
        },
        &calendar,
        rules,
    )?;
    Ok(())
}

/// Whether a submitted audit is drawn into the QA unit's moderation sample: one in
/// `sample_rate` of each auditor's submissions (the first, then every `sample_rate`th), and
/// every audit graded at an escalating grade. An audit returned and submitted again keeps its
/// place in the count.
fn sampled_for_moderation(
    conn: &mut DbConn,
    row: &AuditRow,
    sample_rate: i32,
) -> QueryResult<bool> {
    let escalating = match &row.overall_grade {
        Some(grade) => standards_repo::grades_of(conn, row.grade_scale_id)?
            .iter()
            .any(|g| g.code == *grade && g.triggers_escalation),
        None => false,
    };
    let earlier = repo::submissions_before(conn, row.auditor_id, row.id)?;
    Ok(escalating || earlier % i64::from(sample_rate.max(1)) == 0)
}

/// Submits a complete draft: the practitioner is told at once; an escalating grade opens the
/// audit's one escalation; the audit may be drawn into the moderation sample.
pub fn submit(conn: &mut DbConn, audit: &Authorized<AuditRow>, rules: &Rules) -> ApiResult<()> {
    let row = audit.record();
    let errors = completeness_errors(conn, row)?;
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let now = now_utc();
    let sampled = sampled_for_moderation(conn, row, rules.moderation_sample_rate)?;
    step(
        conn,
        row,
        AuditStep {
            status: Some(AuditStatus::Submitted),
            submitted_at: Some(Some(now)),
            returned_reason: Some(None),
            moderation_sampled: Some(sampled),
            ..AuditStep::new(row.version + 1, now)
        },
    )?;
    crate::reports::tallies::count_submission(conn, row, now, 1)?;
    crate::events::emit(conn, crate::events::EventType::AuditSubmitted, row)?;
    if let Some(grade) = &row.overall_grade {
        escalate_if_needed(conn, row, grade, rules)?;
    }
    let case = case_of(conn, row)?;
    notify(
        conn,
        &[row.practitioner_id],
        audit.actor().id,
        &Notice {
            kind: "audit_submitted",
            title: format!(
                "An audit of your work on case {} ({}) was submitted",
                case.display_name, case.external_ref
            ),
            record_type: "audit",
            record_id: row.id.uuid(),
            case_id: Some(row.case_id),
            urgent: false,
        },
    )?;
    log_change(conn, audit.actor().id, "update", row)?;
    Ok(())
}

fn tell_auditor(
    conn: &mut DbConn,
    audit: &Authorized<AuditRow>,
    kind: &str,
    title: String,
) -> QueryResult<usize> {
    let row = audit.record();
    notify(
        conn,
        &[Some(row.auditor_id)],
        audit.actor().id,
        &Notice {
            kind,
            title,
            record_type: "audit",
            record_id: row.id.uuid(),
            case_id: Some(row.case_id),
            urgent: false,
        },
    )
}

/// A QA officer returns a submitted audit to its auditor.
pub fn return_to_draft(
    conn: &mut DbConn,
    audit: &Authorized<AuditRow>,
    reason: &str,
) -> ApiResult<()> {
    let row = audit.record();
    step(
        conn,
        row,
        AuditStep {
            status: Some(AuditStatus::Draft),
            returned_reason: Some(Some(reason.to_string())),
            submitted_at: Some(None),
            ..AuditStep::new(row.version + 1, now_utc())
        },
    )?;
    if let Some(submitted_at) = row.submitted_at {
        crate::reports::tallies::count_submission(conn, row, submitted_at, -1)?;
    }
    tell_auditor(
        conn,
        audit,
        "audit_returned",
        "An audit you submitted was returned to you".into(),
    )?;
    log_change(conn, audit.actor().id, "update", row)?;
    Ok(())
}

/// The audited practitioner's reply; answering is the acknowledgement.
pub fn reply(conn: &mut DbConn, audit: &Authorized<AuditRow>, reflection: &str) -> ApiResult<()> {
    let row = audit.record();
    let now = now_utc();
    step(
        conn,
        row,
        AuditStep {
            response_reflection: Some(Some(reflection.to_string())),
            acknowledged_at: Some(Some(now)),
            ..AuditStep::new(row.version + 1, now)
        },
    )?;
    tell_auditor(
        conn,
        audit,
        "audit_response",
        format!("{} replied to your audit", audit.actor().display_name),
    )?;
    log_change(conn, audit.actor().id, "update", row)?;
    Ok(())
}

/// Moderates a submitted audit. Never withdraws an escalation; opens one if the moderated grade
/// calls for it.
pub fn moderate(
    conn: &mut DbConn,
    audit: &Authorized<AuditRow>,
    input: &NewModeration,
    rules: &Rules,
) -> ApiResult<()> {
    let row = audit.record();
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
        let grades = standards_repo::grades_of(conn, row.grade_scale_id)?;
        if let Some(message) = grade_error(&grades, &grade) {
            return Err(ApiError::field("moderated_grade", message));
        }
        grade
    };
    let now = now_utc();
    step(
        conn,
        row,
        AuditStep {
            status: Some(AuditStatus::Moderated),
            ..AuditStep::new(row.version + 1, now)
        },
    )?;
    repo::insert_moderation(
        conn,
        &ModerationRow {
            id: ModerationId::new(),
            audit_id: row.id,
            moderator_id: audit.actor().id,
            agreed: input.agreed,
            original_grade: original,
            moderated_grade: moderated.clone(),
            rationale: input.rationale.clone(),
            created_at: now,
        },
    )?;
    escalate_if_needed(conn, row, &moderated, rules)?;
    tell_auditor(
        conn,
        audit,
        "audit_moderated",
        if input.agreed {
            "Your audit was moderated: grade agreed".into()
        } else {
            "Your audit was moderated: grade changed".into()
        },
    )?;
    log_change(conn, audit.actor().id, "update", row)?;
    Ok(())
}
