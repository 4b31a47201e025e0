//! Who may do what to an observation, and when: the observer plans it, records consent, records
//! the observation once the worker has consented, and submits or cancels it; the observed
//! worker reflects once it is submitted.

use super::dto::ObservationStatus;
use super::model::ObservationRow;
use crate::auth::caller::Caller;
use crate::auth::policy::{by_role, by_state, Guarded, Loaded, Refusal};
use crate::auth::roles::Role;

/// Roles that observe practice (product.md §4.4, qa-framework.txt §4.2).
pub const OBSERVERS: [Role; 4] = [
    Role::TeamManager,
    Role::HeadOfService,
    Role::PrincipalSocialWorker,
    Role::SeniorLeader,
];

/// Roles an observed worker holds: frontline practitioners and managers.
pub const OBSERVABLE: [Role; 3] = [Role::Practitioner, Role::TeamManager, Role::HeadOfService];

/// Whether the caller may plan observations at all.
pub fn is_observer(caller: &Caller) -> bool {
    caller.has_any(&OBSERVERS)
}

/// Whether the caller may observe a worker of this org unit: the principal social worker and
/// senior leaders anyone; team managers and heads of service the staff under them.
pub fn may_observe_unit(caller: &Caller, unit: Option<crate::db::types::UnitId>) -> bool {
    caller.has_any(&[Role::PrincipalSocialWorker, Role::SeniorLeader])
        || unit.is_some_and(|u| caller.manages_team(u))
}

crate::operations! {
    /// What a caller may do to an observation.
    pub enum ObservationOperation {
        /// Change the plan or the record (`PATCH`).
        Update = "update",
        /// Record consent.
        Consent = "consent",
        /// Save a standard's judgement.
        Judgements = "judgements",
        /// Rate a practice skill.
        Skills = "skills",
        /// Add the child's or family's feedback.
        FamilyFeedback = "family-feedback",
        /// Raise a learning need.
        LearningNeeds = "learning-needs",
        /// Submit it: the worker is told at once.
        Submit = "submit",
        /// The worker's reflection.
        Reflection = "reflection",
        /// Cancel it before submission.
        Cancel = "cancel",
    }
    if_match: [Update]
}

fn before_submission(row: &ObservationRow) -> Result<(), Refusal> {
    match row.status {
        ObservationStatus::Planned | ObservationStatus::Draft => Ok(()),
        other => by_state(format!(
            "The observation is {other}: only a planned or draft observation can be changed."
        )),
    }
}

fn recording(row: &ObservationRow) -> Result<(), Refusal> {
    match row.status {
        ObservationStatus::Draft => Ok(()),
        ObservationStatus::Planned => by_state(
            "The worker's consent is not recorded: an observation cannot be recorded without it.",
        ),
        other => by_state(format!(
            "The observation is {other}: only a draft can be recorded."
        )),
    }
}

impl Guarded for ObservationRow {
    type Operation = ObservationOperation;

    fn role_gate(caller: &Caller, operation: ObservationOperation) -> Result<(), Refusal> {
        if operation == ObservationOperation::Reflection || is_observer(caller) {
            Ok(())
        } else {
            by_role("Only team managers, heads of service, the principal social worker and senior leaders observe practice.")
        }
    }

    fn permits(
        caller: &Caller,
        observation: &Loaded<Self>,
        operation: ObservationOperation,
    ) -> Result<(), Refusal> {
        let row = &observation.record;
        let me = caller.user_id;
        if operation == ObservationOperation::Reflection {
            if row.observed_id != me {
                return by_role("Only the worker observed may reflect on an observation.");
            }
            return match row.status {
                ObservationStatus::Submitted => Ok(()),
                ObservationStatus::Acknowledged => {
                    by_state("You have already reflected on this observation.")
                }
                other => by_state(format!(
                    "The observation is {other}: it has not been submitted."
                )),
            };
        }
        if row.observer_id != me {
            return by_role("Only the observer may change this observation.");
        }
        match operation {
            ObservationOperation::Update
            | ObservationOperation::Consent
            | ObservationOperation::Cancel => before_submission(row),
            ObservationOperation::Judgements
            | ObservationOperation::Skills
            | ObservationOperation::FamilyFeedback
            | ObservationOperation::LearningNeeds
            | ObservationOperation::Submit => recording(row),
            ObservationOperation::Reflection => Ok(()),
        }
    }
}
