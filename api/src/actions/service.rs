//! An action's life: the only place its status changes, each step a conditional update on the
//! version authorised.

use super::dto::{Action, VerifyReading};
use super::model::{ActionRow, ActionStep};
use super::policy::ActionOperation;
use super::repo;
use crate::auth::caller::Caller;
use crate::auth::policy::{allowed, log_change, Authorized, Loaded};
use crate::dates::{london_today, now_utc};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::labels::Labels;

/// An action as the caller sees it, with what they may do to it now.
pub fn present(caller: &Caller, action: Loaded<ActionRow>) -> Action {
    let allowed = allowed(caller, &action);
    let narrative = caller.reads_narrative_of(&action);
    Action::new(action.record, london_today(), narrative, allowed)
}

/// An action as the caller sees it, with its case's and owner's names.
pub fn present_named(
    conn: &mut DbConn,
    caller: &Caller,
    action: Loaded<ActionRow>,
) -> ApiResult<Action> {
    let labels = Labels::fetch(conn, action.record.case_id, action.record.owner_id)?;
    Ok(present(caller, action).named(&labels))
}

/// Moves an action one step: `text` is the evidence (complete), the impact (verify) or the
/// reason (cancel); a verification may record a reading of one of the plan's measures.
pub fn take_step(
    conn: &mut DbConn,
    action: &Authorized<ActionRow>,
    text: &str,
    reading: Option<&VerifyReading>,
) -> ApiResult<()> {
    let row = action.record();
    if let Some(reading) = reading {
        crate::plans::service::check_reading(
            conn,
            row.plan_id,
            reading.measure_id.into(),
            &reading.reading,
            "reading.measure_id",
        )?;
    }
    let operation = action.operation();
    let now = now_utc();
    let mut step = ActionStep::new(row.version + 1, now);
    step.status = operation.target();
    match operation {
        ActionOperation::Start => {}
        ActionOperation::Complete => {
            step.evidence = Some(text.to_string());
            step.completed_at = Some(now);
        }
        ActionOperation::Verify => {
            step.impact = Some(text.to_string());
            step.verified_at = Some(now);
            step.verified_by = Some(action.actor().id);
        }
        ActionOperation::Cancel => step.cancel_reason = Some(text.to_string()),
        ActionOperation::Reassign => {}
    }
    if !repo::step(conn, row.id, row.version, &step)? {
        return Err(ApiError::Raced);
    }
    if let Some(reading) = reading {
        crate::plans::service::insert_reading(
            conn,
            reading.measure_id.into(),
            &reading.reading,
            Some(row.id),
            action.actor().id,
        )?;
    }
    if operation == ActionOperation::Verify {
        crate::events::emit(conn, crate::events::EventType::ActionVerified, row)?;
    }
    log_change(conn, action.actor().id, "update", row)?;
    Ok(())
}
