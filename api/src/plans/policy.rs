//! Who may do what to an action plan: its owner, the managers of its team or service, the QA
//! unit and senior leaders change it while it is open; anyone who sees it reads it.

use crate::actions::model::PlanRow;
use crate::auth::caller::Caller;
use crate::auth::policy::{by_role, by_state, Guarded, Loaded, Refusal};
use crate::auth::roles::Role;

/// Roles that make plans for any part of the council.
pub const PLANNERS: [Role; 2] = [Role::QaOfficer, Role::SeniorLeader];

crate::operations! {
    /// What a caller may do to an action plan.
    pub enum PlanOperation {
        /// Change it (`PATCH`).
        Update = "update",
        /// Add an action.
        Actions = "actions",
        /// Add a measure.
        Measures = "measures",
        /// Record a reading of a measure.
        Readings = "readings",
    }
    if_match: [Update]
}

impl Guarded for PlanRow {
    type Operation = PlanOperation;

    fn permits(caller: &Caller, plan: &Loaded<Self>, _: PlanOperation) -> Result<(), Refusal> {
        let row = &plan.record;
        let may = row.owner_id == Some(caller.user_id)
            || caller.has_any(&PLANNERS)
            || row.team_id.is_some_and(|unit| caller.manages_team(unit));
        if !may {
            return by_role(
                "Only the plan's owner, the managers of its team or service, the QA unit and senior leaders change it.",
            );
        }
        if row.status != "open" {
            return by_state("The plan is closed.");
        }
        Ok(())
    }
}
