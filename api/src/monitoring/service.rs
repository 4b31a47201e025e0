//! A monitoring form's life: started by a reviewing officer after a review or conference on a
//! case, written as a draft, submitted when complete; the case's worker and manager are told of
//! the concerns and good practice it records. The only place a form's status changes.

use std::collections::HashMap;

use diesel::QueryResult;

use super::dto::{
    FormStatus, MonitoringForm, MonitoringFormPatch, NewMonitoringForm, QualityCheck, QualityRating,
};
use super::model::{FormRow, FormState, QualityCheckRow};
use super::repo;
use crate::audits::judgements::filled;
use crate::auth::caller::Caller;
use crate::auth::policy::{allowed, log_change, Authorized, Loaded};
use crate::cases::model::CaseRow;
use crate::dates::{london_today, now_utc};
use crate::db::types::{FormId, QualityCheckId};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::escalations::dto::EscalationSource;
use crate::escalations::repo as escalation_repo;
use crate::labels::Labels;
use crate::notifications::{notify, Notice};
use crate::standards::repo as standards_repo;

/// Forms as the caller sees them, with their checks and the escalation each raised: two
/// queries for a whole page.
pub fn present_all(
    conn: &mut DbConn,
    caller: &Caller,
    forms: Vec<Loaded<FormRow>>,
    labels: &Labels,
) -> ApiResult<Vec<MonitoringForm>> {
    let ids: Vec<FormId> = forms.iter().map(|f| f.record.id).collect();
    let mut checks: HashMap<FormId, Vec<QualityCheckRow>> = HashMap::new();
    for check in repo::checks_of(conn, &ids)? {
        checks.entry(check.form_id).or_default().push(check);
    }
    let raised = escalation_repo::ids_by_source(
        conn,
        EscalationSource::MonitoringForm,
        ids.iter().map(|id| id.uuid()).collect(),
    )?;
    Ok(forms
        .into_iter()
        .map(|form| {
            let narrative = caller.reads_narrative_of(&form);
            let operations = allowed(caller, &form);
            let id = form.record.id;
            let mut shown = MonitoringForm::new(
                form.record,
                checks.remove(&id).unwrap_or_default(),
                narrative,
                operations,
            )
            .named(labels);
            shown.escalation_id = raised.get(&id.uuid()).map(|e| e.uuid());
            shown
        })
        .collect())
}

/// One form as the caller sees it.
pub fn present(
    conn: &mut DbConn,
    caller: &Caller,
    form: Loaded<FormRow>,
) -> ApiResult<MonitoringForm> {
    let labels = Labels::fetch(conn, [form.record.case_id], [form.record.officer_id])?;
    present_all(conn, caller, vec![form], &labels)?
        .pop()
        .ok_or(ApiError::NotFound)
}

fn text(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// Checks a set of quality checks against the practice framework: known standards, one check
/// each; answers the rows to write.
fn checked(
    conn: &mut DbConn,
    form: FormId,
    checks: &[QualityCheck],
    errors: &mut Vec<FieldError>,
) -> QueryResult<Vec<QualityCheckRow>> {
    let standards = {
        let framework = standards_repo::current_framework(conn)?.id;
        standards_repo::standards_of(conn, framework)?
    };
    let mut seen = Vec::new();
    for (index, check) in checks.iter().enumerate() {
        if !standards.iter().any(|s| s.number == check.standard_number) {
            errors.push(FieldError::new(
                format!("quality_checks.{index}.standard_number"),
                "names no practice standard",
            ));
        } else if seen.contains(&check.standard_number) {
            errors.push(FieldError::new(
                format!("quality_checks.{index}.standard_number"),
                "checks a standard twice",
            ));
        }
        seen.push(check.standard_number);
    }
    Ok(checks
        .iter()
        .map(|c| QualityCheckRow {
            id: QualityCheckId::new(),
            form_id: form,
            standard_number: c.standard_number,
            rating: c.rating,
            comment: text(&c.comment),
        })
        .collect())
}

fn check_meeting_day(day: time::Date, errors: &mut Vec<FieldError>) {
    if day > london_today() {
        errors.push(FieldError::new(
            "meeting_on",
            "must not be in the future: a form follows the meeting",
        ));
    }
}

/// Starts a form on a case (already in the officer's scope).
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    case: &CaseRow,
    input: &NewMonitoringForm,
) -> ApiResult<FormRow> {
    write_tx(conn, |conn| {
        let id = FormId::new();
        let mut errors = Vec::new();
        check_meeting_day(input.meeting_on, &mut errors);
        let checks = checked(conn, id, &input.quality_checks, &mut errors)?;
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let now = now_utc();
        let row = FormRow {
            id,
            case_id: case.id,
            team_id: case.team_id,
            officer_id: caller.user_id,
            meeting_type: input.meeting_type,
            meeting_on: input.meeting_on,
            held_in_timescale: input.held_in_timescale,
            timescale_reason: text(&input.timescale_reason),
            child_participated: input.child_participated,
            child_participation_notes: text(&input.child_participation_notes),
            plan_progressing: input.plan_progressing,
            concerns: text(&input.concerns),
            good_practice: text(&input.good_practice),
            status: FormStatus::Draft,
            submitted_at: None,
            version: 1,
            created_at: now,
            updated_at: now,
            created_by: Some(caller.user_id),
        };
        repo::insert(conn, &row)?;
        repo::replace_checks(conn, id, &checks)?;
        log_change(conn, caller.user_id, "create", &row)?;
        Ok(row)
    })
}

fn save(conn: &mut DbConn, form: &Authorized<FormRow>, state: &FormState) -> ApiResult<()> {
    let row = form.record();
    if !repo::save(conn, row.id, row.version, state)? {
        return Err(ApiError::Raced);
    }
    log_change(conn, form.actor().id, "update", row)?;
    Ok(())
}

/// Changes a draft (JSON merge patch).
pub fn update(
    conn: &mut DbConn,
    form: &Authorized<FormRow>,
    patch: &MonitoringFormPatch,
) -> ApiResult<()> {
    let row = form.record();
    let mut errors = Vec::new();
    if let Some(day) = patch.meeting_on {
        check_meeting_day(day, &mut errors);
    }
    let checks = match &patch.quality_checks {
        Some(checks) => Some(checked(conn, row.id, checks, &mut errors)?),
        None => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let mut state = row.next_state(now_utc());
    state.meeting_type = patch.meeting_type.unwrap_or(row.meeting_type);
    state.meeting_on = patch.meeting_on.unwrap_or(row.meeting_on);
    state.held_in_timescale = patch.held_in_timescale.clone().apply(row.held_in_timescale);
    state.timescale_reason = patch
        .timescale_reason
        .clone()
        .apply_text(row.timescale_reason.clone());
    state.child_participated = patch
        .child_participated
        .clone()
        .apply(row.child_participated);
    state.child_participation_notes = patch
        .child_participation_notes
        .clone()
        .apply_text(row.child_participation_notes.clone());
    state.plan_progressing = patch.plan_progressing.clone().apply(row.plan_progressing);
    state.concerns = patch.concerns.clone().apply_text(row.concerns.clone());
    state.good_practice = patch
        .good_practice
        .clone()
        .apply_text(row.good_practice.clone());
    save(conn, form, &state)?;
    if let Some(checks) = checks {
        repo::replace_checks(conn, row.id, &checks)?;
    }
    Ok(())
}

/// Everything that stops a draft form being submitted, listed at once.
pub fn completeness_errors(conn: &mut DbConn, row: &FormRow) -> QueryResult<Vec<FieldError>> {
    let mut errors = Vec::new();
    match row.held_in_timescale {
        None => errors.push(FieldError::new(
            "held_in_timescale",
            "Say whether the meeting was held in timescale",
        )),
        Some(false) if !filled(&row.timescale_reason) => errors.push(FieldError::new(
            "timescale_reason",
            "Say why the meeting was not held in timescale",
        )),
        Some(_) => {}
    }
    if row.child_participated.is_none() {
        errors.push(FieldError::new(
            "child_participated",
            "Say how the child took part",
        ));
    }
    if !filled(&row.child_participation_notes) {
        errors.push(FieldError::new(
            "child_participation_notes",
            "Describe the child's participation and views",
        ));
    }
    if row.plan_progressing.is_none() {
        errors.push(FieldError::new(
            "plan_progressing",
            "Say whether the plan is progressing",
        ));
    }
    let checks = repo::checks_of(conn, &[row.id])?;
    if checks.is_empty() {
        errors.push(FieldError::new(
            "quality_checks",
            "Check the quality of practice against at least one standard",
        ));
    }
    for (index, check) in checks.iter().enumerate() {
        if check.rating == QualityRating::Concern && !filled(&check.comment) {
            errors.push(FieldError::new(
                format!("quality_checks.{index}.comment"),
                format!(
                    "Describe the concern about standard {}",
                    check.standard_number
                ),
            ));
        }
    }
    Ok(errors)
}

/// Submits a complete draft: the case's worker and manager are told at once of the concerns
/// and good practice it records.
pub fn submit(conn: &mut DbConn, form: &Authorized<FormRow>, case: &CaseRow) -> ApiResult<()> {
    let row = form.record();
    let errors = completeness_errors(conn, row)?;
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let now = now_utc();
    let mut state = row.next_state(now);
    state.status = FormStatus::Submitted;
    state.submitted_at = Some(now);
    save(conn, form, &state)?;
    let concern = filled(&row.concerns)
        || repo::checks_of(conn, &[row.id])?
            .iter()
            .any(|c| c.rating == QualityRating::Concern);
    let good = filled(&row.good_practice);
    let what = match (concern, good) {
        (true, true) => "concerns and good practice",
        (true, false) => "a concern",
        (false, true) => "good practice",
        (false, false) => return Ok(()),
    };
    notify(
        conn,
        &[case.allocated_worker_id, case.case_manager_id],
        form.actor().id,
        &Notice {
            kind: "monitoring_form_submitted",
            title: format!(
                "A reviewing officer recorded {what} about case {} ({})",
                case.display_name, case.external_ref
            ),
            record_type: "monitoring_form",
            record_id: row.id.uuid(),
            case_id: Some(row.case_id),
            urgent: false,
        },
    )?;
    Ok(())
}
