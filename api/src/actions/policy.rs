//! Who may move an action along, and from which states: the owner, their managers, senior
//! leaders and the QA unit start and complete; only the QA unit verifies; managers, senior
//! leaders and the QA unit cancel.

use super::dto::ActionStatus;
use super::model::ActionRow;
use crate::auth::caller::Caller;
use crate::auth::policy::{by_role, by_state, Guarded, Loaded, Refusal};
use crate::auth::roles::Role;

crate::operations! {
    /// What a caller may do to an action.
    pub enum ActionOperation {
        /// open → in_progress.
        Start = "start",
        /// open | in_progress → completed, with evidence.
        Complete = "complete",
        /// completed → verified, with the impact (QA unit).
        Verify = "verify",
        /// open | in_progress → cancelled, with a reason.
        Cancel = "cancel",
        /// A new owner or due date for an unfinished action (managers, senior leaders, the QA
        /// unit), alone or in bulk.
        Reassign = "reassign",
    }
    if_match: []
}

impl ActionOperation {
    /// The statuses the step starts from.
    pub fn allowed_from(self) -> &'static [ActionStatus] {
        match self {
            Self::Start => &[ActionStatus::Open],
            Self::Complete | Self::Cancel | Self::Reassign => {
                &[ActionStatus::Open, ActionStatus::InProgress]
            }
            Self::Verify => &[ActionStatus::Completed],
        }
    }

    /// The status the step leads to (a reassignment keeps the status).
    pub fn target(self) -> Option<ActionStatus> {
        match self {
            Self::Start => Some(ActionStatus::InProgress),
            Self::Complete => Some(ActionStatus::Completed),
            Self::Verify => Some(ActionStatus::Verified),
            Self::Cancel => Some(ActionStatus::Cancelled),
            Self::Reassign => None,
        }
    }

    fn done(self) -> &'static str {
        match self {
            Self::Start => "started",
            Self::Complete => "completed",
            Self::Verify => "verified",
            Self::Cancel => "cancelled",
            Self::Reassign => "reassigned",
        }
    }
}

impl Guarded for ActionRow {
    type Operation = ActionOperation;

    fn permits(
        caller: &Caller,
        action: &Loaded<Self>,
        operation: ActionOperation,
    ) -> Result<(), Refusal> {
        let row = &action.record;
        let owner = row.owner_id == Some(caller.user_id);
        let manager = row.team_id.is_some_and(|t| caller.manages_team(t));
        let leads = caller.has_any(&[Role::QaOfficer, Role::SeniorLeader]);
        let may = match operation {
            ActionOperation::Start | ActionOperation::Complete => owner || manager || leads,
            ActionOperation::Verify => caller.has(Role::QaOfficer),
            ActionOperation::Cancel | ActionOperation::Reassign => manager || leads,
        };
        if !may {
            return by_role(format!("You may not {operation} this action."));
        }
        if !operation.allowed_from().contains(&row.status) {
            return by_state(format!(
                "This action is {}: it cannot be {} now.",
                row.status.words(),
                operation.done()
            ));
        }
        Ok(())
    }
}
