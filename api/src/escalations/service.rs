//! Escalation rules (product.md §4.5, the IRO Handbook's dispute resolution process): opening
//! one per source record, practice alerts (stage 0, a reply due in 10 working days) and the
//! formal stages (1 the case-accountable manager, 2 the head of service, 3 an assistant
//! director, 4 the director; 5 working days a stage, 20 for the whole process), answering,
//! resolving, accepting or disputing, withdrawing, and Cafcass referrals. The only place an
//! escalation's status changes, each change a conditional update on the version authorised.

use diesel::QueryResult;
use time::Date;

use super::dto::{
    AcceptResolution, CafcassReferral, Escalation, EscalationSource, EscalationStatus, EventKind,
    LadderStep, NewEscalation, StageChange, WithdrawEscalation,
};
use super::model::{EscalationRow, EscalationState, EventRow};
use super::policy::{EscalationOperation, RAISERS};
use super::repo;
use crate::auth::caller::Caller;
use crate::auth::policy::{allowed, check_named_person, log_change, Authorized, Loaded};
use crate::auth::roles::Role;
use crate::calendar::Calendar;
use crate::cases::dto::CaseCategory;
use crate::cases::model::CaseRow;
use crate::cases::repo as case_repo;
use crate::dates::{london_date, london_today, now_utc, to_utc};
use crate::db::types::{AnyId, AuditId, EscalationId, EventId, UserId};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::monitoring::repo as form_repo;
use crate::notifications::{notify, Notice};
use crate::org::repo as org_repo;
use crate::settings::Rules;
use crate::standards::repo as standards_repo;

/// An escalation as the caller sees it, with its timeline when `timeline` is given, and what
/// the caller may do to it now.
pub fn present(
    caller: &Caller,
    escalation: Loaded<EscalationRow>,
    calendar: &Calendar,
    rules: &Rules,
    timeline: Option<Vec<EventRow>>,
) -> Escalation {
    let operations = allowed(caller, &escalation);
    let narrative = caller.reads_narrative_of(&escalation);
    let row = escalation.record;
    let today = london_today();
    let opened = london_date(to_utc(row.created_at));
    let open_days = calendar.working_days_between(opened, today);
    let long_running = open_days > rules.long_running_working_days;
    let left = (row.status == EscalationStatus::Open)
        .then(|| calendar.working_days_between(today, row.stage_due_on));
    let mut shown = Escalation::new(row, today, long_running, narrative, timeline, operations);
    shown.stage_working_days_left = left;
    shown
}

/// Who holds each stage of the process for the escalation's case now.
pub fn ladder(conn: &mut DbConn, row: &EscalationRow) -> ApiResult<Vec<LadderStep>> {
    let case = case_repo::find(conn, row.case_id)?.ok_or(ApiError::NotFound)?;
    let mut steps = Vec::new();
    for stage in 0..=super::policy::TOP_STAGE {
        let holder = holder_for_stage(conn, &case, stage)?;
        steps.push(LadderStep {
            stage,
            title: stage_title(stage).to_string(),
            holder_id: holder.map(UserId::uuid),
            holder_name: None,
        });
    }
    let names = org_repo::names(
        conn,
        steps.iter().filter_map(|s| s.holder_id.map(UserId::from)),
    )?;
    for step in &mut steps {
        step.holder_name = step
            .holder_id
            .and_then(|h| names.get(&UserId::from(h)).cloned());
    }
    Ok(steps)
}

#[allow(clippy::too_many_arguments)]
fn add_event(
    conn: &mut DbConn,
    escalation: &EscalationRow,
    kind: EventKind,
    actor: Option<UserId>,
    text: Option<&str>,
    stage: i32,
    holder: Option<UserId>,
) -> ApiResult<()> {
    // The timeline's turning points are also the feed's events, written in the same
    // transaction.
    let feed = match kind {
        EventKind::Raised => Some(crate::events::EventType::EscalationRaised),
        EventKind::StageChange => Some(crate::events::EventType::EscalationStaged),
        EventKind::Resolved => Some(crate::events::EventType::EscalationResolved),
        _ => None,
    };
    if let Some(event_type) = feed {
        crate::events::emit(conn, event_type, escalation)?;
    }
    repo::insert_event(
        conn,
        &EventRow {
            id: EventId::new(),
            escalation_id: escalation.id,
            kind,
            actor_id: actor,
            text: text.map(str::to_string),
            stage: Some(stage),
            created_at: now_utc(),
            holder_id: holder,
        },
    )?;
    Ok(())
}

/// Who a case's escalation goes to: its case-accountable manager, else a manager of its team.
fn case_accountable_manager(conn: &mut DbConn, case: &CaseRow) -> QueryResult<Option<UserId>> {
    if case.case_manager_id.is_some() {
        return Ok(case.case_manager_id);
    }
    Ok(
        org_repo::users_with_role_in(conn, Role::TeamManager, std::slice::from_ref(&case.team_id))?
            .into_iter()
            .next(),
    )
}

/// Who holds a stage of the process for a case, from the org tree: 0 and 1 the
/// case-accountable manager; 2 the service's lead (else a head of service above the team); 3
/// the service's assistant director; 4 the directorate's lead. `None` when the tree names
/// nobody.
pub fn holder_for_stage(
    conn: &mut DbConn,
    case: &CaseRow,
    stage: i32,
) -> QueryResult<Option<UserId>> {
    let above = org_repo::ancestors(conn, case.team_id)?;
    let service = match above.first() {
        Some(id) => org_repo::find_unit(conn, *id)?,
        None => None,
    };
    Ok(match stage {
        0 | 1 => case_accountable_manager(conn, case)?,
        2 => match service.as_ref().and_then(|s| s.lead_user_id) {
            Some(lead) => Some(lead),
            None => org_repo::heads_of_service_over(conn, case.team_id)?
                .into_iter()
                .next(),
        },
        3 => service.and_then(|s| s.assistant_director_id),
        _ => match above.get(1) {
            Some(directorate) => {
                org_repo::find_unit(conn, *directorate)?.and_then(|d| d.lead_user_id)
            }
            None => None,
        },
    })
}

fn stage_title(stage: i32) -> &'static str {
    match stage {
        0 => "the case-accountable manager (practice alert)",
        1 => "the case-accountable manager",
        2 => "the head of service",
        3 => "the assistant director",
        _ => "the director",
    }
}

/// When a stage begun on `today` is due: a practice alert's reply, or a formal stage.
pub fn stage_due(calendar: &Calendar, rules: &Rules, stage: i32, today: Date) -> Date {
    let days = if stage == 0 {
        rules.practice_alert_reply_working_days
    } else {
        rules.dispute_stage_working_days
    };
    calendar.add_working_days(today, days).unwrap_or(today)
}

/// The formal process's start and due dates when it begins on `today`.
pub fn formal_dates(
    calendar: &Calendar,
    rules: &Rules,
    today: Date,
) -> (Option<Date>, Option<Date>) {
    (
        Some(today),
        calendar.add_working_days(today, rules.dispute_formal_working_days),
    )
}

fn tell(
    conn: &mut DbConn,
    recipients: &[Option<UserId>],
    actor: UserId,
    row: &EscalationRow,
    kind: &str,
    title: String,
) -> QueryResult<usize> {
    notify(
        conn,
        recipients,
        actor,
        &Notice {
            kind,
            title,
            record_type: "escalation",
            record_id: row.id.uuid(),
            case_id: Some(row.case_id),
            urgent: false,
        },
    )
}

/// What an audit's escalation says.
pub struct AuditConcern<'a> {
    /// The audit.
    pub audit_id: AuditId,
    /// The auditor.
    pub auditor_id: UserId,
    /// The grade's label, e.g. "Inadequate".
    pub grade_label: &'a str,
    /// Standards graded with an escalating grade.
    pub standards: Vec<i32>,
}

/// Opens the escalation for an audit graded at an escalating grade, unless it already has one.
/// The `UNIQUE (source, source_id)` constraint with `ON CONFLICT DO NOTHING` makes a second one
/// impossible however submits race. Returns the new escalation's id when one was opened.
pub fn open_for_audit(
    conn: &mut DbConn,
    case: &CaseRow,
    concern: AuditConcern<'_>,
    calendar: &Calendar,
    rules: &Rules,
) -> ApiResult<Option<EscalationId>> {
    // The framework sends an inadequate audit to the case-accountable manager; when that
    // manager is the auditor, escalating to themselves would be no escalation at all, so it goes
    // to the head of service above the team.
    let manager = case_accountable_manager(conn, case)?;
    let auditor_is_manager = manager == Some(concern.auditor_id);
    let raised_to = if auditor_is_manager {
        holder_for_stage(conn, case, 2)?.or(manager)
    } else {
        manager
    };
    let now = now_utc();
    let today = london_today();
    let standards = concern
        .standards
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(",");
    // Raised above the manager, it starts at the head of service's stage.
    let stage = if raised_to == manager { 1 } else { 2 };
    let reviewer = if raised_to == manager {
        "The case-accountable manager"
    } else {
        "The head of service"
    };
    let text = format!(
        "A case file audit graded this case {}. {reviewer} should review the case and respond.",
        concern.grade_label
    );
    let (formal_started_on, formal_due_on) = formal_dates(calendar, rules, today);
    let row = EscalationRow {
        id: EscalationId::new(),
        case_id: case.id,
        team_id: case.team_id,
        source: EscalationSource::Audit,
        source_id: Some(AnyId::from(concern.audit_id.uuid())),
        raised_by: Some(concern.auditor_id),
        raised_to,
        category: Some("inadequate_audit".into()),
        standards,
        concern: text.clone(),
        stage,
        stage_due_on: stage_due(calendar, rules, stage, today),
        status: EscalationStatus::Open,
        resolution: None,
        resolved_by: None,
        resolved_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
        created_by: Some(concern.auditor_id),
        replied_at: None,
        formal_started_on,
        formal_due_on,
        accepted_at: None,
        cafcass_referred_on: None,
        withdrawn_reason: None,
    };
    if !repo::insert_once(conn, &row)? {
        return Ok(None);
    }
    add_event(
        conn,
        &row,
        EventKind::Raised,
        Some(concern.auditor_id),
        Some(&text),
        stage,
        raised_to,
    )?;
    let mut recipients: Vec<Option<UserId>> = vec![raised_to];
    for head in org_repo::heads_of_service_over(conn, case.team_id)? {
        if raised_to != Some(head) {
            recipients.push(Some(head));
        }
    }
    tell(
        conn,
        &recipients,
        concern.auditor_id,
        &row,
        "escalation_raised",
        format!(
            "Escalation: a case file audit graded case {} ({}) {}",
            case.display_name, case.external_ref, concern.grade_label
        ),
    )?;
    Ok(Some(row.id))
}

/// Whether the caller may raise alerts and escalations by hand.
pub fn is_raiser(caller: &Caller) -> bool {
    caller.has_any(&RAISERS)
}

/// Raises a practice alert (stage 0) or an escalation by hand on a case in the caller's scope.
pub fn raise(
    conn: &mut DbConn,
    caller: &Caller,
    case: &CaseRow,
    input: &NewEscalation,
    calendar: &Calendar,
    rules: &Rules,
) -> ApiResult<EscalationRow> {
    let mut errors = Vec::new();
    let stage = input.stage.unwrap_or(0);
    if stage > 1 && !caller.has(Role::ReviewingOfficer) {
        errors.push(FieldError::new(
            "stage",
            "only a reviewing officer starts beyond stage 1",
        ));
    }
    match (input.source, input.source_id) {
        (EscalationSource::Audit, _) => errors.push(FieldError::new(
            "source",
            "audits raise their own escalations when they are submitted",
        )),
        (EscalationSource::MonitoringForm, None) => errors.push(FieldError::new(
            "source_id",
            "names the monitoring form the escalation comes from",
        )),
        (EscalationSource::MonitoringForm, Some(form_id)) => {
            match form_repo::find(conn, form_id.into())? {
                Some(form) if form.case_id == case.id => {}
                Some(_) => errors.push(FieldError::new(
                    "source_id",
                    "names a monitoring form of another case",
                )),
                None => errors.push(FieldError::new("source_id", "names no monitoring form")),
            }
        }
        (_, Some(_)) => errors.push(FieldError::new(
            "source_id",
            "only an escalation from a monitoring form names its source",
        )),
        (_, None) => {}
    }
    let standards = {
        let framework = standards_repo::current_framework(conn)?.id;
        standards_repo::standards_of(conn, framework)?
    };
    if input
        .standards
        .iter()
        .any(|n| !standards.iter().any(|s| s.number == *n))
    {
        errors.push(FieldError::new(
            "standards",
            "names a standard that is not in the practice framework",
        ));
    }
    let raised_to = match input.raised_to.map(UserId::from) {
        Some(person) => {
            check_named_person(conn, "raised_to", person, case.team_id, &mut errors)?;
            Some(person)
        }
        None => {
            let holder = holder_for_stage(conn, case, stage)?;
            if holder.is_none() {
                errors.push(FieldError::new(
                    "raised_to",
                    format!(
                        "nobody holds this stage for the case's team ({}): name who it is raised to",
                        stage_title(stage)
                    ),
                ));
            }
            holder
        }
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let (calendar_today, now) = (london_today(), now_utc());
    let (formal_started_on, formal_due_on) = if stage >= 1 {
        formal_dates(calendar, rules, calendar_today)
    } else {
        (None, None)
    };
    let mut numbers = input.standards.clone();
    numbers.sort_unstable();
    numbers.dedup();
    let row = EscalationRow {
        id: EscalationId::new(),
        case_id: case.id,
        team_id: case.team_id,
        source: input.source,
        source_id: input.source_id.map(AnyId::from),
        raised_by: Some(caller.user_id),
        raised_to,
        category: Some(input.category.trim().to_string()),
        standards: numbers
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(","),
        concern: input.concern.trim().to_string(),
        stage,
        stage_due_on: stage_due(calendar, rules, stage, calendar_today),
        status: EscalationStatus::Open,
        resolution: None,
        resolved_by: None,
        resolved_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
        created_by: Some(caller.user_id),
        replied_at: None,
        formal_started_on,
        formal_due_on,
        accepted_at: None,
        cafcass_referred_on: None,
        withdrawn_reason: None,
    };
    if !repo::insert_once(conn, &row)? {
        return Err(ApiError::conflict(
            "This monitoring form has already raised an escalation.",
        ));
    }
    add_event(
        conn,
        &row,
        EventKind::Raised,
        Some(caller.user_id),
        Some(&row.concern),
        stage,
        raised_to,
    )?;
    let what = if stage == 0 {
        "A practice alert"
    } else {
        "An escalation"
    };
    tell(
        conn,
        &[raised_to],
        caller.user_id,
        &row,
        "escalation_raised",
        format!(
            "{what} about case {} ({}) was raised to you by {}",
            case.display_name, case.external_ref, caller.display_name
        ),
    )?;
    log_change(conn, caller.user_id, "create", &row)?;
    Ok(row)
}

/// Writes the next state from the version authorised, or answers `Raced`.
fn save(
    conn: &mut DbConn,
    escalation: &Authorized<EscalationRow>,
    state: &EscalationState,
) -> ApiResult<()> {
    let row = escalation.record();
    if !repo::save(conn, row.id, row.version, state)? {
        return Err(ApiError::Raced);
    }
    log_change(conn, escalation.actor().id, "update", row)?;
    Ok(())
}

/// Answers an open escalation: a response goes on the timeline (and stops a practice alert's
/// clock); a resolution closes it until the raiser accepts or disputes it.
pub fn answer(
    conn: &mut DbConn,
    escalation: &Authorized<EscalationRow>,
    text: &str,
) -> ApiResult<()> {
    let row = escalation.record();
    let actor = escalation.actor().id;
    let now = now_utc();
    let resolving = escalation.operation() == EscalationOperation::Resolve;
    let mut state = row.next_state(now);
    state.replied_at = row.replied_at.or(Some(now));
    if resolving {
        state.status = EscalationStatus::Resolved;
        state.resolution = Some(text.to_string());
        state.resolved_by = Some(actor);
        state.resolved_at = Some(now);
    }
    save(conn, escalation, &state)?;
    let kind = if resolving {
        EventKind::Resolved
    } else {
        EventKind::Response
    };
    add_event(
        conn,
        row,
        kind,
        Some(actor),
        Some(text),
        row.stage,
        row.raised_to,
    )?;
    tell(
        conn,
        &[row.raised_by, row.raised_to],
        actor,
        row,
        "escalation_changed",
        if resolving {
            "An escalation was resolved: accept the resolution or take it to the next stage".into()
        } else {
            "An escalation has a new response".into()
        },
    )?;
    Ok(())
}

/// Moves an escalation up the process (from a practice alert into the formal process, or a
/// disputed resolution to the next stage): never downwards; only a reviewing officer skips a
/// stage; the new holder comes from the org tree.
pub fn move_stage(
    conn: &mut DbConn,
    escalation: &Authorized<EscalationRow>,
    input: &StageChange,
    caller: &Caller,
    calendar: &Calendar,
    rules: &Rules,
) -> ApiResult<()> {
    let row = escalation.record();
    if input.to_stage <= row.stage {
        return Err(ApiError::conflict(format!(
            "The escalation is at stage {}: it only moves up.",
            row.stage
        )));
    }
    if input.to_stage > row.stage + 1 && !caller.has(Role::ReviewingOfficer) {
        return Err(ApiError::conflict(
            "Only a reviewing officer may skip a stage.",
        ));
    }
    let case = case_repo::find(conn, row.case_id)?.ok_or(ApiError::NotFound)?;
    let Some(holder) = holder_for_stage(conn, &case, input.to_stage)? else {
        return Err(ApiError::field(
            "to_stage",
            format!(
                "nobody holds stage {} for the case's team: an administrator names {} on the organisation",
                input.to_stage,
                stage_title(input.to_stage)
            ),
        ));
    };
    let today = london_today();
    let mut state = row.next_state(now_utc());
    state.stage = input.to_stage;
    state.stage_due_on = stage_due(calendar, rules, input.to_stage, today);
    state.raised_to = Some(holder);
    state.status = EscalationStatus::Open;
    state.resolution = None;
    state.resolved_by = None;
    state.resolved_at = None;
    if row.formal_started_on.is_none() {
        (state.formal_started_on, state.formal_due_on) = formal_dates(calendar, rules, today);
    }
    save(conn, escalation, &state)?;
    add_event(
        conn,
        row,
        EventKind::StageChange,
        Some(caller.user_id),
        Some(input.reason.trim()),
        input.to_stage,
        Some(holder),
    )?;
    tell(
        conn,
        &[Some(holder), row.raised_by],
        caller.user_id,
        row,
        "escalation_changed",
        format!(
            "An escalation about case {} ({}) moved to stage {}: {}",
            case.display_name,
            case.external_ref,
            input.to_stage,
            stage_title(input.to_stage)
        ),
    )?;
    Ok(())
}

/// The raiser withdraws an open escalation.
pub fn withdraw(
    conn: &mut DbConn,
    escalation: &Authorized<EscalationRow>,
    input: &WithdrawEscalation,
) -> ApiResult<()> {
    let row = escalation.record();
    let mut state = row.next_state(now_utc());
    state.status = EscalationStatus::Withdrawn;
    state.withdrawn_reason = Some(input.reason.trim().to_string());
    save(conn, escalation, &state)?;
    add_event(
        conn,
        row,
        EventKind::Withdrawn,
        Some(escalation.actor().id),
        Some(input.reason.trim()),
        row.stage,
        row.raised_to,
    )?;
    tell(
        conn,
        &[row.raised_to],
        escalation.actor().id,
        row,
        "escalation_changed",
        "An escalation raised to you was withdrawn".into(),
    )?;
    Ok(())
}

/// The raiser accepts a resolution: the process is over.
pub fn accept(
    conn: &mut DbConn,
    escalation: &Authorized<EscalationRow>,
    input: &AcceptResolution,
) -> ApiResult<()> {
    let row = escalation.record();
    let now = now_utc();
    let mut state = row.next_state(now);
    state.accepted_at = Some(now);
    save(conn, escalation, &state)?;
    let comment = input
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    add_event(
        conn,
        row,
        EventKind::Accepted,
        Some(escalation.actor().id),
        comment,
        row.stage,
        row.raised_to,
    )?;
    tell(
        conn,
        &[row.raised_to, row.resolved_by],
        escalation.actor().id,
        row,
        "escalation_changed",
        "The resolution of an escalation was accepted".into(),
    )?;
    Ok(())
}

/// A reviewing officer records a referral to Cafcass: looked-after children only.
pub fn refer_to_cafcass(
    conn: &mut DbConn,
    escalation: &Authorized<EscalationRow>,
    input: &CafcassReferral,
) -> ApiResult<()> {
    let row = escalation.record();
    let case = case_repo::find(conn, row.case_id)?.ok_or(ApiError::NotFound)?;
    if case.category != CaseCategory::ChildInCare {
        return Err(ApiError::conflict(
            "Cafcass referrals are for looked-after children: this case is not a child in care.",
        ));
    }
    if input.referred_on > london_today() {
        return Err(ApiError::field("referred_on", "must not be in the future"));
    }
    let mut state = row.next_state(now_utc());
    state.cafcass_referred_on = Some(input.referred_on);
    save(conn, escalation, &state)?;
    add_event(
        conn,
        row,
        EventKind::CafcassReferral,
        Some(escalation.actor().id),
        Some(input.notes.trim()),
        row.stage,
        row.raised_to,
    )?;
    tell(
        conn,
        &[row.raised_to, row.raised_by],
        escalation.actor().id,
        row,
        "escalation_changed",
        format!(
            "Case {} ({}) was referred to Cafcass",
            case.display_name, case.external_ref
        ),
    )?;
    Ok(())
}

/// A command on an escalation, with its body.
#[derive(Debug)]
pub enum Command {
    /// A response.
    Respond(super::dto::EscalationResponse),
    /// A resolution.
    Resolve(super::dto::ResolveEscalation),
    /// A move up the process.
    Stage(StageChange),
    /// A withdrawal.
    Withdraw(WithdrawEscalation),
    /// An acceptance of the resolution.
    Accept(AcceptResolution),
    /// A Cafcass referral.
    Cafcass(CafcassReferral),
}

/// Carries out an authorised command.
pub fn apply(
    conn: &mut DbConn,
    escalation: &Authorized<EscalationRow>,
    caller: &Caller,
    calendar: &Calendar,
    rules: &Rules,
    command: &Command,
) -> ApiResult<()> {
    match command {
        Command::Respond(body) => answer(conn, escalation, &body.text),
        Command::Resolve(body) => answer(conn, escalation, &body.resolution),
        Command::Stage(body) => move_stage(conn, escalation, body, caller, calendar, rules),
        Command::Withdraw(body) => withdraw(conn, escalation, body),
        Command::Accept(body) => accept(conn, escalation, body),
        Command::Cafcass(body) => refer_to_cafcass(conn, escalation, body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_stage_begun_before_christmas_is_due_after_the_new_year_holiday() {
        // 2026: Christmas Friday, Boxing Day Saturday (substitute Monday 28th), New Year's
        // Day Friday. Five working days from Wednesday 23 December: 24, 29, 30, 31, 4 January.
        let calendar = Calendar::seeded();
        assert_eq!(
            stage_due(&calendar, &Rules::DEFAULTS, 1, date!(2026 - 12 - 23)),
            date!(2027 - 01 - 04)
        );
    }

    #[test]
    fn a_practice_alert_raised_before_easter_is_due_ten_working_days_on() {
        // 2027: Good Friday 26 March, Easter Monday 29 March. Ten working days from Tuesday 23
        // March: 24, 25, 30, 31, 1, 2, 5, 6, 7, 8 April.
        let calendar = Calendar::seeded();
        assert_eq!(
            stage_due(&calendar, &Rules::DEFAULTS, 0, date!(2027 - 03 - 23)),
            date!(2027 - 04 - 08)
        );
    }

    #[test]
    fn the_formal_process_is_due_twenty_working_days_after_it_began_across_a_month_end() {
        // From Friday 27 August 2027 (bank holiday Monday 30 August): 20 working days end on
        // Monday 27 September.
        let calendar = Calendar::seeded();
        assert_eq!(
            formal_dates(&calendar, &Rules::DEFAULTS, date!(2027 - 08 - 27)),
            (Some(date!(2027 - 08 - 27)), Some(date!(2027 - 09 - 27)))
        );
    }
}
