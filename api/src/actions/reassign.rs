//! New owners and due dates for unfinished actions, one at a time or many at once (a manager
//! leaving): every item is checked through the record policy first, then all are changed in
//! one transaction or none is.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::model::ActionRow;
use super::policy::ActionOperation;
use crate::auth::caller::Caller;
use crate::auth::policy::{self, check_named_person, log_change, Authorized};
use crate::dates::{london_today, now_utc};
use crate::db::schema::actions;
use crate::db::types::{ActionId, UserId};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::notifications::{notify, Notice};

/// A new owner, a new due date, or both.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
pub struct Reassignment {
    /// The new owner: an active user who can see the action's team.
    pub owner_id: Option<Uuid>,
    /// The new due date (today or later).
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default, with = "crate::dates::serde_date::option")]
    pub due_on: Option<Date>,
}

/// Reassigning or re-dating many actions at once.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct BulkReassignment {
    /// The actions.
    #[schema(min_items = 1, max_items = 500)]
    #[validate(length(min = 1, max = 500))]
    pub action_ids: Vec<Uuid>,
    /// What changes for each.
    #[serde(flatten)]
    pub change: Reassignment,
}

/// What happened to one action of a bulk change.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkItem {
    /// The action.
    pub action_id: Uuid,
    /// 200 changed; 403, 404, 409 or 422 refused (and nothing was changed).
    pub status: u16,
    /// Why it was refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The outcome of a bulk change: all changed, or none.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkOutcome {
    /// Whether every action was changed.
    pub changed: bool,
    /// One line per action, in the order asked.
    pub items: Vec<BulkItem>,
}

fn checked(conn: &mut DbConn, action: &ActionRow, change: &Reassignment) -> ApiResult<()> {
    let mut errors = Vec::new();
    if change.owner_id.is_none() && change.due_on.is_none() {
        errors.push(FieldError::new(
            "owner_id",
            "give a new owner, a new due date, or both",
        ));
    }
    if let Some(owner) = change.owner_id.map(UserId::from) {
        match action.team_id {
            Some(team) => check_named_person(conn, "owner_id", owner, team, &mut errors)?,
            None => {
                if Caller::person(conn, owner)?.is_none() {
                    errors.push(FieldError::new("owner_id", "names no active user"));
                }
            }
        }
    }
    if change.due_on.is_some_and(|d| d < london_today()) {
        errors.push(FieldError::new("due_on", "must be today or later"));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Gives an authorised action its new owner or due date; the new owner is told.
pub fn reassign(
    conn: &mut DbConn,
    action: &Authorized<ActionRow>,
    change: &Reassignment,
) -> ApiResult<()> {
    let row = action.record();
    checked(conn, row, change)?;
    let owner = change.owner_id.map(UserId::from).or(row.owner_id);
    let changed = diesel::update(
        actions::table
            .find(row.id)
            .filter(actions::version.eq(row.version)),
    )
    .set((
        actions::owner_id.eq(owner),
        actions::due_on.eq(change.due_on.unwrap_or(row.due_on)),
        actions::version.eq(row.version + 1),
        actions::updated_at.eq(now_utc()),
    ))
    .execute(conn)?;
    if changed != 1 {
        return Err(ApiError::Raced);
    }
    if owner != row.owner_id {
        notify(
            conn,
            &[owner],
            action.actor().id,
            &Notice {
                kind: "action_assigned",
                title: format!("{} gave you an action", action.actor().display_name),
                record_type: "action",
                record_id: row.id.uuid(),
                case_id: row.case_id,
                urgent: false,
            },
        )?;
    }
    log_change(conn, action.actor().id, "update", row)?;
    Ok(())
}

fn refusal(action_id: Uuid, error: &ApiError) -> BulkItem {
    let (status, detail) = match error {
        ApiError::NotFound => (404, "No such action in your scope.".to_string()),
        ApiError::Forbidden(why) => (403, why.clone()),
        ApiError::Conflict(why) => (409, why.clone()),
        ApiError::Validation(errors) => (
            422,
            errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        other => (400, other.to_string()),
    };
    BulkItem {
        action_id,
        status,
        detail: Some(detail),
    }
}

/// Checks every action through the record policy and the rules, then changes them all in one
/// transaction, or none: any refusal answers the per-item report with nothing changed.
pub fn bulk(
    conn: &mut DbConn,
    caller: &Caller,
    input: &BulkReassignment,
) -> ApiResult<BulkOutcome> {
    let mut ids: Vec<Uuid> = input.action_ids.clone();
    ids.dedup();
    let mut authorized = Vec::new();
    let mut items = Vec::new();
    let mut refused = false;
    for id in &ids {
        let outcome = policy::authorize::<ActionRow>(
            conn,
            caller,
            ActionId::from(*id),
            ActionOperation::Reassign,
        )
        .and_then(|action| checked(conn, action.record(), &input.change).map(|_| action));
        match outcome {
            Ok(action) => {
                items.push(BulkItem {
                    action_id: *id,
                    status: 200,
                    detail: None,
                });
                authorized.push(action);
            }
            Err(error) if matches!(error, ApiError::Internal(_) | ApiError::Unavailable(_)) => {
                return Err(error)
            }
            Err(error) => {
                refused = true;
                items.push(refusal(*id, &error));
            }
        }
    }
    if refused {
        return Ok(BulkOutcome {
            changed: false,
            items,
        });
    }
    match write_tx(conn, |conn| {
        authorized
            .iter()
            .try_for_each(|action| reassign(conn, action, &input.change))
    }) {
        Ok(()) => Ok(BulkOutcome {
            changed: true,
            items,
        }),
        Err(ApiError::Raced) => Err(ApiError::conflict(
            "An action changed while the bulk change ran; nothing was changed. Try again.",
        )),
        Err(other) => Err(other),
    }
}
