//! Action rules: who may move an action along, and the only place its status changes.

use diesel::prelude::*;
use time::Date;

use super::model::ActionRow;
use super::repo;
use crate::access_log::{self, AccessEntry, Outcome};
use crate::auth::caller::Caller;
use crate::auth::roles::Role;
use crate::cases::repo as case_repo;
use crate::dates::{london_today, now_utc};
use crate::db::schema::{action_plans, actions};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult};
use crate::extract::IfMatch;
use crate::ids::new_id;

/// Whether the caller may see the action.
pub fn can_see(conn: &mut DbConn, caller: &Caller, row: &ActionRow) -> QueryResult<bool> {
    if caller.sees_everything() || row.owner_id.as_deref() == Some(caller.user_id.as_str()) {
        return Ok(true);
    }
    if row
        .team_id
        .as_deref()
        .is_some_and(|t| caller.manages_team(t))
    {
        return Ok(true);
    }
    if caller.has(Role::Practitioner) {
        if let Some(case_id) = &row.case_id {
            if let Some(case) = case_repo::find(conn, case_id)? {
                return Ok(case.allocated_worker_id.as_deref() == Some(caller.user_id.as_str()));
            }
        }
    }
    Ok(false)
}

fn log(
    conn: &mut DbConn,
    caller: &Caller,
    action: &'static str,
    row: &ActionRow,
    outcome: Outcome,
) -> QueryResult<()> {
    if let Some(case_id) = &row.case_id {
        access_log::record(
            conn,
            &[AccessEntry::case_record(
                &caller.user_id,
                action,
                "action",
                &row.id,
                case_id,
                outcome,
            )],
        )?;
    }
    Ok(())
}

/// Loads an action the caller may see; otherwise 404, logged as denied.
pub fn load_visible(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    action: &'static str,
) -> ApiResult<ActionRow> {
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    if can_see(conn, caller, &row)? {
        Ok(row)
    } else {
        log(conn, caller, action, &row, Outcome::Denied)?;
        Err(ApiError::NotFound)
    }
}

/// Reads an action; the handler logs the read.
pub fn read(conn: &mut DbConn, caller: &Caller, id: &str) -> ApiResult<ActionRow> {
    load_visible(conn, caller, id, "read")
}

/// The access-log entry of an allowed read or list of an action about a case.
pub fn read_entry(caller: &Caller, action: &'static str, row: &ActionRow) -> Option<AccessEntry> {
    row.case_id.as_ref().map(|case_id| {
        AccessEntry::case_record(
            &caller.user_id,
            action,
            "action",
            &row.id,
            case_id,
            Outcome::Allowed,
        )
    })
}

/// The plan holding an audit's remedial actions, created on first use.
pub fn audit_plan(
    conn: &mut DbConn,
    audit_id: &str,
    case_id: &str,
    team_id: &str,
    owner: &str,
) -> QueryResult<String> {
    let existing: Option<String> = action_plans::table
        .filter(action_plans::source.eq("audit"))
        .filter(action_plans::source_id.eq(audit_id))
        .select(action_plans::id)
        .first(conn)
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = new_id();
    let now = now_utc();
    diesel::insert_into(action_plans::table)
        .values((
            action_plans::id.eq(&id),
            action_plans::source.eq("audit"),
            action_plans::source_id.eq(audit_id),
            action_plans::title.eq("Remedial actions from a case file audit"),
            action_plans::owner_id.eq(owner),
            action_plans::case_id.eq(case_id),
            action_plans::team_id.eq(team_id),
            action_plans::status.eq("open"),
            action_plans::version.eq(1),
            action_plans::created_at.eq(now),
            action_plans::updated_at.eq(now),
            action_plans::created_by.eq(owner),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The fields of a new remedial action, already checked.
pub struct RemedialInput<'a> {
    /// Plan.
    pub plan_id: &'a str,
    /// Audit.
    pub audit_id: &'a str,
    /// Case.
    pub case_id: &'a str,
    /// Team.
    pub team_id: &'a str,
    /// What.
    pub description: &'a str,
    /// Who.
    pub owner_id: Option<&'a str>,
    /// By when.
    pub due_on: Date,
    /// Standard.
    pub standard_number: Option<i32>,
    /// Raised by.
    pub actor: &'a str,
}

/// Inserts a remedial action; returns its id.
pub fn insert_remedial(conn: &mut DbConn, input: RemedialInput<'_>) -> QueryResult<String> {
    let id = new_id();
    let now = now_utc();
    diesel::insert_into(actions::table)
        .values((
            actions::id.eq(&id),
            actions::plan_id.eq(input.plan_id),
            actions::audit_id.eq(input.audit_id),
            actions::case_id.eq(input.case_id),
            actions::team_id.eq(input.team_id),
            actions::description.eq(input.description),
            actions::owner_id.eq(input.owner_id),
            actions::due_on.eq(input.due_on),
            actions::kind.eq("remedial"),
            actions::standard_number.eq(input.standard_number),
            actions::status.eq("open"),
            actions::version.eq(1),
            actions::created_at.eq(now),
            actions::updated_at.eq(now),
            actions::created_by.eq(input.actor),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The transitions of an action.
#[derive(Debug, Clone)]
pub enum Transition {
    /// open → in_progress.
    Start,
    /// open | in_progress → completed, with evidence.
    Complete(String),
    /// completed → verified, with the impact (QA unit).
    Verify(String),
    /// open | in_progress → cancelled, with a reason.
    Cancel(String),
}

impl Transition {
    fn name(&self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Complete(_) => "complete",
            Self::Verify(_) => "verify",
            Self::Cancel(_) => "cancel",
        }
    }

    fn done(&self) -> &'static str {
        match self {
            Self::Start => "started",
            Self::Complete(_) => "completed",
            Self::Verify(_) => "verified",
            Self::Cancel(_) => "cancelled",
        }
    }

    fn allowed_from(&self) -> &'static [&'static str] {
        match self {
            Self::Start => &["open"],
            Self::Complete(_) | Self::Cancel(_) => &["open", "in_progress"],
            Self::Verify(_) => &["completed"],
        }
    }

    fn may(&self, caller: &Caller, row: &ActionRow) -> bool {
        let owner = row.owner_id.as_deref() == Some(caller.user_id.as_str());
        let manager = row
            .team_id
            .as_deref()
            .is_some_and(|t| caller.manages_team(t));
        let leads = caller.has_any(&[Role::QaOfficer, Role::SeniorLeader]);
        match self {
            Self::Start | Self::Complete(_) => owner || manager || leads,
            Self::Verify(_) => caller.has(Role::QaOfficer),
            Self::Cancel(_) => manager || leads,
        }
    }
}

/// Checks that the caller may see the action (404) and make the step (403).
pub fn authorize(conn: &mut DbConn, caller: &Caller, id: &str, step: &Transition) -> ApiResult<()> {
    let row = load_visible(conn, caller, id, step.name())?;
    if step.may(caller, &row) {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "You may not {} this action.",
            step.name()
        )))
    }
}

/// Moves an action along; the only place an action's status changes.
pub fn transition(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    if_match: IfMatch,
    step: Transition,
) -> ApiResult<ActionRow> {
    authorize(conn, caller, id, &step)?;
    write_tx(conn, |conn| {
        let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
        if_match.check(row.version, false)?;
        if !step.allowed_from().contains(&row.status.as_str()) {
            return Err(ApiError::conflict(format!(
                "This action is {}: it cannot be {} now.",
                row.status.replace('_', " "),
                step.done()
            )));
        }
        let now = now_utc();
        let version = row.version + 1;
        let target = actions::table.find(id);
        match &step {
            Transition::Start => diesel::update(target)
                .set((
                    actions::status.eq("in_progress"),
                    actions::version.eq(version),
                    actions::updated_at.eq(now),
                ))
                .execute(conn)?,
            Transition::Complete(evidence) => diesel::update(target)
                .set((
                    actions::status.eq("completed"),
                    actions::evidence.eq(Some(evidence)),
                    actions::completed_at.eq(Some(now)),
                    actions::version.eq(version),
                    actions::updated_at.eq(now),
                ))
                .execute(conn)?,
            Transition::Verify(impact) => diesel::update(target)
                .set((
                    actions::status.eq("verified"),
                    actions::impact.eq(Some(impact)),
                    actions::verified_at.eq(Some(now)),
                    actions::verified_by.eq(Some(&caller.user_id)),
                    actions::version.eq(version),
                    actions::updated_at.eq(now),
                ))
                .execute(conn)?,
            Transition::Cancel(reason) => diesel::update(target)
                .set((
                    actions::status.eq("cancelled"),
                    actions::cancel_reason.eq(Some(reason)),
                    actions::version.eq(version),
                    actions::updated_at.eq(now),
                ))
                .execute(conn)?,
        };
        let updated = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
        log(conn, caller, "update", &updated, Outcome::Allowed)?;
        Ok(updated)
    })
}

/// Today, for the overdue flag.
pub fn today() -> Date {
    london_today()
}
