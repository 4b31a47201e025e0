//! Feedback rules (product.md §4.6): who records what, and complaints on their working-day
//! clocks. The statutory route follows the Children Act 1989 Representations Procedure
//! (England) Regulations 2006 (stage 1 in 10 working days, extendable to 20; stage 2 requested
//! within 20 working days of the stage 1 response, in 25, extendable to 65; stage 3 requested
//! within 20 of the stage 2 response, the panel within 30 of the request, its report within 5
//! of meeting, the council's response within 15 of the report); the corporate route the
//! Ombudsman's Complaint Handling Code (acknowledge in 5, stage 1 in 10 (+10) from the
//! acknowledgement, stage 2 in 20). Every figure is a setting; every date comes from the one
//! calendar. The only place a complaint's status changes.

use time::Date;

use super::dto::{
    ComplaintRoute, ComplaintStage, EscalateStage, ExtendStage, Feedback, FeedbackKind,
    FeedbackPatch, FeedbackReason, FeedbackStatus, NewFeedback, OmbudsmanReferral, PanelDates,
    RespondStage, WeDid,
};
use super::model::{FeedbackRow, StageRow};
use super::policy::FeedbackOperation;
use super::repo;
use crate::auth::caller::Caller;
use crate::auth::policy::{allowed, log_change, Authorized, Loaded};
use crate::auth::roles::Role;
use crate::calendar::Calendar;
use crate::cases::model::CaseRow;
use crate::dates::{london_today, now_utc};
use crate::db::types::{FeedbackId, StageId, UnitId};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::labels::Labels;
use crate::org::dto::OrgUnitKind;
use crate::org::repo as org_repo;
use crate::settings::Rules;
use crate::standards::repo as standards_repo;

fn add(calendar: &Calendar, from: Date, days: i32) -> Date {
    calendar.add_working_days(from, days).unwrap_or(from)
}

/// A stage's standard and greatest working days on a route.
pub fn stage_days(rules: &Rules, route: ComplaintRoute, stage: i32) -> (i32, i32) {
    match (route, stage) {
        (ComplaintRoute::Statutory, 1) => (
            rules.complaint_stage1_working_days,
            rules.complaint_stage1_max_working_days,
        ),
        (ComplaintRoute::Statutory, 2) => (
            rules.complaint_stage2_working_days,
            rules.complaint_stage2_max_working_days,
        ),
        (ComplaintRoute::Statutory, _) => (
            rules.complaint_panel_working_days,
            rules.complaint_panel_working_days,
        ),
        (ComplaintRoute::Corporate, 1) => (
            rules.corporate_stage1_working_days,
            rules.corporate_stage1_max_working_days,
        ),
        (ComplaintRoute::Corporate, _) => (
            rules.corporate_stage2_working_days,
            rules.corporate_stage2_working_days,
        ),
    }
}

/// When a complaint received on `received_on` must be acknowledged.
pub fn acknowledge_by(
    calendar: &Calendar,
    rules: &Rules,
    route: ComplaintRoute,
    received_on: Date,
) -> Date {
    let days = match route {
        ComplaintRoute::Statutory => rules.complaint_acknowledge_working_days,
        ComplaintRoute::Corporate => rules.corporate_acknowledge_working_days,
    };
    add(calendar, received_on, days)
}

/// A new stage of a complaint opened on `opened_on`, with its clock.
pub fn new_stage(
    calendar: &Calendar,
    rules: &Rules,
    complaint: FeedbackId,
    route: ComplaintRoute,
    stage: i32,
    opened_on: Date,
) -> StageRow {
    let (standard, max) = stage_days(rules, route, stage);
    StageRow {
        id: StageId::new(),
        feedback_id: complaint,
        stage,
        opened_on,
        due_on: add(calendar, opened_on, standard),
        standard_days: standard,
        extended_days: 0,
        max_days: max,
        extension_reason: None,
        investigator: None,
        independent_person: None,
        panel_members: None,
        panel_on: None,
        report_on: None,
        responded_on: None,
        outcome: None,
        response_summary: None,
        responded_in_time: None,
        request_window_ends: None,
        created_at: now_utc(),
    }
}

/// Stage 3's three deadlines: the panel, its report, the council's response (the later two
/// once the earlier dates are known).
pub fn panel_deadlines(
    calendar: &Calendar,
    rules: &Rules,
    stage: &StageRow,
) -> (Date, Option<Date>, Option<Date>) {
    (
        add(
            calendar,
            stage.opened_on,
            rules.complaint_panel_working_days,
        ),
        stage
            .panel_on
            .map(|p| add(calendar, p, rules.complaint_panel_report_working_days)),
        stage
            .report_on
            .map(|r| add(calendar, r, rules.complaint_council_response_working_days)),
    )
}

/// Feedback as the caller sees it; with its stages when `stages` is given.
pub fn present(
    caller: &Caller,
    feedback: &Loaded<FeedbackRow>,
    calendar: &Calendar,
    rules: &Rules,
    labels: &Labels,
    team_name: Option<String>,
    stages: Option<Vec<StageRow>>,
) -> Feedback {
    let narrative = caller.reads_narrative_of(feedback);
    let operations = allowed(caller, feedback);
    let row = &feedback.record;
    let today = london_today();
    let mut shown = Feedback::new(row.clone(), narrative, operations, labels);
    shown.team_name = team_name;
    shown.stage_due_on = row.stage_due_on.map(crate::dates::format_date);
    let next = match row.status {
        FeedbackStatus::Received => row.acknowledge_by,
        FeedbackStatus::Acknowledged => row.stage_due_on,
        _ => None,
    };
    shown.overdue = next.is_some_and(|d| d < today);
    shown.working_days_left = next.map(|d| calendar.working_days_between(today, d));
    shown.stages = stages.map(|all| {
        all.into_iter()
            .map(|s| {
                let (panel, report, response) = panel_deadlines(calendar, rules, &s);
                let stage3 = s.stage == 3 && row.route == Some(ComplaintRoute::Statutory);
                let mut out = ComplaintStage::from_row(s, narrative);
                if stage3 {
                    out.panel_due_on = Some(crate::dates::format_date(panel));
                    out.report_due_on = report.map(crate::dates::format_date);
                    out.council_response_due_on = response.map(crate::dates::format_date);
                }
                out
            })
            .collect()
    });
    shown
}

/// Roles that record feedback of some kind.
pub fn may_record(caller: &Caller) -> bool {
    caller.has_any(&[Role::QaOfficer, Role::TeamManager, Role::HeadOfService])
}

fn list_text(items: &[String], field: &str, errors: &mut Vec<FieldError>) -> String {
    let mut kept: Vec<String> = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let item = item.trim().to_lowercase();
        if item.is_empty() || item.len() > 60 || item.contains(',') {
            errors.push(FieldError::new(
                format!("{field}.{n}"),
                "must be a short word or phrase without commas",
            ));
        } else if !kept.contains(&item) {
            kept.push(item);
        }
    }
    kept.join(",")
}

fn standards_text(
    conn: &mut DbConn,
    numbers: &[i32],
    errors: &mut Vec<FieldError>,
) -> diesel::QueryResult<String> {
    let framework = standards_repo::current_framework(conn)?.id;
    let known = standards_repo::standards_of(conn, framework)?;
    let mut kept: Vec<i32> = Vec::new();
    for (n, number) in numbers.iter().enumerate() {
        if !known.iter().any(|s| s.number == *number) {
            errors.push(FieldError::new(
                format!("standards.{n}"),
                "names no practice standard",
            ));
        } else if !kept.contains(number) {
            kept.push(*number);
        }
    }
    kept.sort_unstable();
    Ok(kept
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(","))
}

/// Records feedback. `case` (if any) is already in the caller's scope.
pub fn record(
    conn: &mut DbConn,
    caller: &Caller,
    case: Option<&CaseRow>,
    input: &NewFeedback,
    calendar: &Calendar,
    rules: &Rules,
) -> ApiResult<FeedbackRow> {
    let qa = caller.has(Role::QaOfficer);
    if !qa
        && !matches!(
            input.kind,
            FeedbackKind::Compliment | FeedbackKind::StaffFeedback | FeedbackKind::PartnerFeedback
        )
    {
        return Err(ApiError::forbidden(
            "Managers record compliments, staff and partner feedback; the QA unit records the rest.",
        ));
    }
    let mut errors = Vec::new();
    if input.kind == FeedbackKind::SurveyResponse {
        errors.push(FieldError::new(
            "kind",
            "survey responses come in by import (POST /api/v1/feedback/import)",
        ));
    }
    match (input.kind, input.route) {
        (FeedbackKind::Complaint, None) => {
            errors.push(FieldError::new("route", "is required for a complaint"))
        }
        (FeedbackKind::Complaint, Some(_)) | (_, None) => {}
        (_, Some(_)) => errors.push(FieldError::new("route", "is for complaints only")),
    }
    match (input.kind, &input.advocacy) {
        (FeedbackKind::AdvocacyReport, None) => errors.push(FieldError::new(
            "advocacy",
            "is required for an advocacy report",
        )),
        (FeedbackKind::AdvocacyReport, Some(_)) | (_, None) => {}
        (_, Some(_)) => errors.push(FieldError::new("advocacy", "is for advocacy reports only")),
    }
    if input.received_on > london_today() {
        errors.push(FieldError::new("received_on", "must not be in the future"));
    }
    let mut team = input.team_id.map(UnitId::from);
    if let Some(case) = case {
        if team.is_some_and(|t| t != case.team_id) {
            errors.push(FieldError::new("team_id", "is not the case's team"));
        }
        team = Some(case.team_id);
    } else if let Some(t) = team {
        match org_repo::find_unit(conn, t)? {
            Some(unit) if unit.kind == OrgUnitKind::Team => {
                if !qa && !caller.manages_team(t) {
                    errors.push(FieldError::new("team_id", "names a team you do not manage"));
                }
            }
            _ => errors.push(FieldError::new("team_id", "names no team")),
        }
    } else if !qa {
        errors.push(FieldError::new(
            "team_id",
            "name the team the feedback is about",
        ));
    }
    let themes = list_text(&input.themes, "themes", &mut errors);
    let standards = standards_text(conn, &input.standards, &mut errors)?;
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let now = now_utc();
    let id = FeedbackId::new();
    let complaint = input.kind == FeedbackKind::Complaint;
    let route = input.route.filter(|_| complaint);
    let first_stage = match route {
        Some(ComplaintRoute::Statutory) => Some(new_stage(
            calendar,
            rules,
            id,
            ComplaintRoute::Statutory,
            1,
            input.received_on,
        )),
        _ => None,
    };
    let row = FeedbackRow {
        id,
        kind: input.kind,
        source_role: input.source_role,
        channel: input.channel,
        received_on: input.received_on,
        team_id: team,
        case_id: case.map(|c| c.id),
        summary: input.summary.trim().to_string(),
        themes,
        standards,
        learning: input
            .learning
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string),
        status: if complaint {
            FeedbackStatus::Received
        } else {
            FeedbackStatus::Recorded
        },
        route,
        stage: complaint.then_some(1),
        stage_due_on: first_stage.as_ref().map(|s| s.due_on),
        acknowledge_by: route.map(|r| acknowledge_by(calendar, rules, r, input.received_on)),
        acknowledged_on: None,
        ombudsman_referred_on: None,
        ombudsman_outcome: None,
        withdrawn_reason: None,
        we_did: None,
        we_did_on: None,
        ratings: None,
        batch_ref: None,
        advocacy: input
            .advocacy
            .as_ref()
            .and_then(|a| serde_json::to_string(a).ok()),
        version: 1,
        created_at: now,
        updated_at: now,
        created_by: Some(caller.user_id),
    };
    repo::insert(conn, std::slice::from_ref(&row))?;
    if let Some(stage) = first_stage {
        repo::insert_stage(conn, &stage)?;
    }
    log_change(conn, caller.user_id, "create", &row)?;
    Ok(row)
}

/// A command on feedback, with its body.
#[derive(Debug)]
pub enum Command {
    /// Change the words, themes, standards or learning.
    Update(FeedbackPatch),
    /// Acknowledge a complaint.
    Acknowledge,
    /// Extend the current stage.
    Extend(ExtendStage),
    /// Respond at the current stage.
    Respond(RespondStage),
    /// Open the next stage.
    Escalate(EscalateStage),
    /// Stage 3's panel and report dates.
    Panel(PanelDates),
    /// A referral to the Ombudsman.
    Ombudsman(OmbudsmanReferral),
    /// Withdraw it.
    Withdraw(FeedbackReason),
    /// Close it.
    Close,
    /// "You said, we did".
    WeDid(WeDid),
}

fn current_stage(conn: &mut DbConn, row: &FeedbackRow) -> ApiResult<StageRow> {
    let stage = row.stage.unwrap_or(1);
    repo::stages_of(conn, row.id)?
        .into_iter()
        .find(|s| s.stage == stage)
        .ok_or_else(|| ApiError::conflict("The complaint has no open stage: acknowledge it first."))
}

/// Carries out an authorised command.
pub fn apply(
    conn: &mut DbConn,
    feedback: &Authorized<FeedbackRow>,
    calendar: &Calendar,
    rules: &Rules,
    command: &Command,
) -> ApiResult<()> {
    let row = feedback.record();
    let today = london_today();
    let mut state = row.next_state(now_utc());
    let route = row.route.unwrap_or(ComplaintRoute::Statutory);
    match command {
        Command::Update(patch) => {
            let mut errors = Vec::new();
            if let Some(summary) = &patch.summary {
                state.summary = summary.trim().to_string();
            }
            if let Some(themes) = &patch.themes {
                state.themes = list_text(themes, "themes", &mut errors);
            }
            if let Some(standards) = &patch.standards {
                state.standards = standards_text(conn, standards, &mut errors)?;
            }
            state.learning = patch.learning.clone().apply_text(row.learning.clone());
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
        }
        Command::Acknowledge => {
            state.status = FeedbackStatus::Acknowledged;
            state.acknowledged_on = Some(today);
            // The corporate route's stage 1 runs from the acknowledgement.
            if route == ComplaintRoute::Corporate {
                let stage = new_stage(calendar, rules, row.id, route, 1, today);
                state.stage_due_on = Some(stage.due_on);
                save(conn, feedback, &state)?;
                repo::insert_stage(conn, &stage)?;
                return Ok(());
            }
        }
        Command::Extend(input) => {
            let mut stage = current_stage(conn, row)?;
            let total = stage.standard_days + stage.extended_days + input.extra_working_days;
            if total > stage.max_days {
                return Err(ApiError::field(
                    "extra_working_days",
                    format!(
                        "stage {} may take at most {} working days: at most {} more",
                        stage.stage,
                        stage.max_days,
                        stage.max_days - stage.standard_days - stage.extended_days
                    ),
                ));
            }
            stage.extended_days += input.extra_working_days;
            stage.due_on = add(
                calendar,
                stage.opened_on,
                stage.standard_days + stage.extended_days,
            );
            stage.extension_reason = Some(input.reason.trim().to_string());
            state.stage_due_on = Some(stage.due_on);
            save(conn, feedback, &state)?;
            repo::update_stage(conn, &stage)?;
            return Ok(());
        }
        Command::Respond(input) => {
            let mut stage = current_stage(conn, row)?;
            if input.responded_on > today || input.responded_on < stage.opened_on {
                return Err(ApiError::field(
                    "responded_on",
                    "must fall between the stage's start and today",
                ));
            }
            stage.responded_on = Some(input.responded_on);
            stage.outcome = Some(input.outcome);
            stage.response_summary = Some(input.response_summary.trim().to_string());
            stage.responded_in_time = Some(input.responded_on <= stage.due_on);
            stage.request_window_ends = Some(add(
                calendar,
                input.responded_on,
                rules.complaint_request_window_working_days,
            ));
            state.status = FeedbackStatus::Responded;
            state.stage_due_on = None;
            save(conn, feedback, &state)?;
            repo::update_stage(conn, &stage)?;
            crate::events::emit(conn, crate::events::EventType::ComplaintResponded, row)?;
            return Ok(());
        }
        Command::Escalate(input) => {
            let stage = current_stage(conn, row)?;
            let requested = input.requested_on.unwrap_or(today);
            let window = stage.request_window_ends.unwrap_or(today);
            if requested > window {
                return Err(ApiError::conflict(format!(
                    "Stage {} could be asked for until {}: that window has closed.",
                    stage.stage + 1,
                    crate::dates::format_date(window)
                )));
            }
            let next_number = stage.stage + 1;
            let mut errors = Vec::new();
            if requested > today || stage.responded_on.is_some_and(|r| requested < r) {
                errors.push(FieldError::new(
                    "requested_on",
                    "must fall between the last response and today",
                ));
            }
            let text = |v: &Option<String>| {
                v.as_deref()
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
            };
            let mut next = new_stage(calendar, rules, row.id, route, next_number, requested);
            if route == ComplaintRoute::Statutory && next_number == 2 {
                next.investigator = text(&input.investigator);
                next.independent_person = text(&input.independent_person);
                if next.investigator.is_none() {
                    errors.push(FieldError::new(
                        "investigator",
                        "stage 2 needs an investigating officer",
                    ));
                }
                if next.independent_person.is_none() {
                    errors.push(FieldError::new(
                        "independent_person",
                        "stage 2 needs an independent person (reg. 17(2))",
                    ));
                }
            }
            if route == ComplaintRoute::Statutory && next_number == 3 {
                let members: Vec<String> = input
                    .panel_members
                    .iter()
                    .map(|m| m.trim().to_string())
                    .filter(|m| !m.is_empty())
                    .collect();
                if members.len() != 3 || members.iter().any(|m| m.len() > 200) {
                    errors.push(FieldError::new(
                        "panel_members",
                        "stage 3's review panel has three independent people (reg. 19(2))",
                    ));
                }
                next.panel_members = Some(members.join("\n"));
            }
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            state.stage = Some(next_number);
            state.status = FeedbackStatus::Acknowledged;
            state.stage_due_on = Some(next.due_on);
            save(conn, feedback, &state)?;
            repo::insert_stage(conn, &next)?;
            return Ok(());
        }
        Command::Panel(input) => {
            let mut stage = current_stage(conn, row)?;
            let mut errors = Vec::new();
            if input.panel_on < stage.opened_on || input.panel_on > today {
                errors.push(FieldError::new(
                    "panel_on",
                    "must fall between the stage 3 request and today",
                ));
            }
            if input
                .report_on
                .is_some_and(|r| r < input.panel_on || r > today)
            {
                errors.push(FieldError::new(
                    "report_on",
                    "must fall between the panel and today",
                ));
            }
            if let Some(response) = input.council_response_on {
                match input.report_on {
                    Some(report) if response >= report && response <= today => {}
                    Some(_) => errors.push(FieldError::new(
                        "council_response_on",
                        "must fall between the panel's report and today",
                    )),
                    None => errors.push(FieldError::new(
                        "council_response_on",
                        "follows the panel's report: give report_on too",
                    )),
                }
            }
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            stage.panel_on = Some(input.panel_on);
            stage.report_on = input.report_on;
            let (_, report_due, response_due) = panel_deadlines(calendar, rules, &stage);
            stage.due_on = response_due.or(report_due).unwrap_or(stage.due_on);
            state.stage_due_on = Some(stage.due_on);
            if let Some(response) = input.council_response_on {
                // The council's response ends stage 3; timely only if the panel and its
                // report kept their own deadlines too.
                let (panel_due, report_due, response_due) =
                    panel_deadlines(calendar, rules, &stage);
                stage.responded_on = Some(response);
                stage.responded_in_time = Some(
                    input.panel_on <= panel_due
                        && input.report_on.zip(report_due).is_some_and(|(r, d)| r <= d)
                        && response_due.is_some_and(|d| response <= d),
                );
                stage.request_window_ends = None;
                state.status = FeedbackStatus::Responded;
                state.stage_due_on = None;
            }
            save(conn, feedback, &state)?;
            repo::update_stage(conn, &stage)?;
            if input.council_response_on.is_some() {
                crate::events::emit(conn, crate::events::EventType::ComplaintResponded, row)?;
            }
            return Ok(());
        }
        Command::Ombudsman(input) => {
            if input.referred_on > today {
                return Err(ApiError::field("referred_on", "must not be in the future"));
            }
            state.ombudsman_referred_on = Some(input.referred_on);
            state.ombudsman_outcome = input
                .outcome
                .as_deref()
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_string);
        }
        Command::Withdraw(input) => {
            state.status = FeedbackStatus::Withdrawn;
            state.withdrawn_reason = Some(input.reason.trim().to_string());
            state.stage_due_on = None;
        }
        Command::Close => {
            state.status = FeedbackStatus::Closed;
            state.stage_due_on = None;
        }
        Command::WeDid(input) => {
            state.we_did = Some(input.we_did.trim().to_string());
            state.we_did_on = Some(today);
        }
    }
    save(conn, feedback, &state)
}

fn save(
    conn: &mut DbConn,
    feedback: &Authorized<FeedbackRow>,
    state: &super::model::FeedbackState,
) -> ApiResult<()> {
    let row = feedback.record();
    if !repo::save(conn, row.id, row.version, state)? {
        return Err(ApiError::Raced);
    }
    log_change(conn, feedback.actor().id, "update", row)?;
    Ok(())
}

/// The operation a command is.
pub fn operation_of(command: &Command) -> FeedbackOperation {
    match command {
        Command::Update(_) => FeedbackOperation::Update,
        Command::Acknowledge => FeedbackOperation::Acknowledge,
        Command::Extend(_) => FeedbackOperation::Extend,
        Command::Respond(_) => FeedbackOperation::Respond,
        Command::Escalate(_) => FeedbackOperation::EscalateStage,
        Command::Panel(_) => FeedbackOperation::Panel,
        Command::Ombudsman(_) => FeedbackOperation::Ombudsman,
        Command::Withdraw(_) => FeedbackOperation::Withdraw,
        Command::Close => FeedbackOperation::Close,
        Command::WeDid(_) => FeedbackOperation::ResponseToParticipant,
    }
}
