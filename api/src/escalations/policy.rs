//! Who may answer an escalation: the person it is raised to, or anyone above them in scope (a
//! head of service over the team, a senior leader), while it is open.

use super::dto::EscalationStatus;
use super::model::EscalationRow;
use crate::auth::caller::Caller;
use crate::auth::policy::{by_role, by_state, Guarded, Loaded, Refusal};
use crate::auth::roles::Role;

crate::operations! {
    /// What a caller may do to an escalation.
    pub enum EscalationOperation {
        /// Add a response to the timeline.
        Responses = "responses",
        /// Resolve it.
        Resolve = "resolve",
    }
    if_match: []
}

impl Guarded for EscalationRow {
    type Operation = EscalationOperation;

    fn permits(
        caller: &Caller,
        escalation: &Loaded<Self>,
        _operation: EscalationOperation,
    ) -> Result<(), Refusal> {
        let row = &escalation.record;
        let may = row.raised_to == Some(caller.user_id)
            || caller.has(Role::SeniorLeader)
            || (caller.has(Role::HeadOfService) && caller.manages_team(row.team_id));
        if !may {
            return by_role(
                "Only the person it is raised to, a head of service over the team or a senior leader may answer this escalation.",
            );
        }
        if row.status != EscalationStatus::Open {
            return by_state(format!("This escalation is {}.", row.status));
        }
        Ok(())
    }
}
