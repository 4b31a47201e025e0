//! Who may do what to an escalation, and when: the person it is raised to, or anyone above them
//! in scope (a head of service over the team, a senior leader), answers and resolves it while
//! it is open; the raiser moves it up the dispute resolution process, withdraws it, and accepts
//! or disputes (moves up) a resolution; a reviewing officer records a Cafcass referral.

use super::dto::EscalationStatus;
use super::model::EscalationRow;
use crate::auth::caller::Caller;
use crate::auth::policy::{by_role, by_state, Guarded, Loaded, Refusal};
use crate::auth::roles::Role;

/// Roles that raise practice alerts and escalations by hand.
pub const RAISERS: [Role; 4] = [
    Role::ReviewingOfficer,
    Role::QaOfficer,
    Role::HeadOfService,
    Role::SeniorLeader,
];

/// The highest stage of the dispute resolution process (the director).
pub const TOP_STAGE: i32 = 4;

crate::operations! {
    /// What a caller may do to an escalation.
    pub enum EscalationOperation {
        /// Add a response to the timeline.
        Responses = "responses",
        /// Resolve it.
        Resolve = "resolve",
        /// Move it up the dispute resolution process (or dispute a resolution).
        Stage = "stage",
        /// Withdraw it.
        Withdraw = "withdraw",
        /// Accept its resolution.
        Accept = "accept",
        /// Record a referral to Cafcass.
        CafcassReferral = "cafcass-referral",
    }
    if_match: []
}

fn open(row: &EscalationRow) -> Result<(), Refusal> {
    if row.status == EscalationStatus::Open {
        Ok(())
    } else {
        by_state(format!("This escalation is {}.", row.status))
    }
}

/// Whether the resolution waits for the raiser to accept or dispute it.
fn awaiting_acceptance(row: &EscalationRow) -> bool {
    row.status == EscalationStatus::Resolved && row.accepted_at.is_none()
}

impl Guarded for EscalationRow {
    type Operation = EscalationOperation;

    fn role_gate(caller: &Caller, operation: EscalationOperation) -> Result<(), Refusal> {
        if operation == EscalationOperation::CafcassReferral && !caller.has(Role::ReviewingOfficer)
        {
            return by_role("Only a reviewing officer refers a case to Cafcass.");
        }
        Ok(())
    }

    fn permits(
        caller: &Caller,
        escalation: &Loaded<Self>,
        operation: EscalationOperation,
    ) -> Result<(), Refusal> {
        let row = &escalation.record;
        let raiser = row.raised_by == Some(caller.user_id);
        match operation {
            EscalationOperation::Responses | EscalationOperation::Resolve => {
                let may = row.raised_to == Some(caller.user_id)
                    || caller.has(Role::SeniorLeader)
                    || (caller.has(Role::HeadOfService) && caller.manages_team(row.team_id));
                if !may {
                    return by_role(
                        "Only the person it is raised to, a head of service over the team or a senior leader may answer this escalation.",
                    );
                }
                open(row)
            }
            EscalationOperation::Stage => {
                if !raiser {
                    return by_role("Only the person who raised it moves it up a stage.");
                }
                if row.status != EscalationStatus::Open && !awaiting_acceptance(row) {
                    return by_state(format!("This escalation is {}.", row.status));
                }
                if row.stage >= TOP_STAGE {
                    return by_state(
                        "This escalation is with the director: there is no stage above.",
                    );
                }
                Ok(())
            }
            EscalationOperation::Withdraw => {
                if !raiser {
                    return by_role("Only the person who raised it may withdraw it.");
                }
                open(row)
            }
            EscalationOperation::Accept => {
                if !raiser {
                    return by_role("Only the person who raised it accepts its resolution.");
                }
                if !awaiting_acceptance(row) {
                    return by_state("There is no resolution waiting to be accepted.");
                }
                Ok(())
            }
            EscalationOperation::CafcassReferral => {
                if row.status == EscalationStatus::Withdrawn {
                    return by_state("This escalation was withdrawn.");
                }
                if row.cafcass_referred_on.is_some() {
                    return by_state("A referral to Cafcass is already recorded.");
                }
                Ok(())
            }
        }
    }
}
