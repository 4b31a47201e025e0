//! Who may do what to feedback: the QA unit (where the customer service team sits) runs every
//! complaint command; whoever recorded feedback, or the QA unit, keeps its words up to date and
//! answers a participant ("you said, we did").

use super::dto::{ComplaintRoute, FeedbackKind, FeedbackStatus};
use super::model::FeedbackRow;
use crate::auth::caller::Caller;
use crate::auth::policy::{by_role, by_state, Guarded, Loaded, Refusal};
use crate::auth::roles::Role;

crate::operations! {
    /// What a caller may do to feedback.
    pub enum FeedbackOperation {
        /// Change its words, themes and learning (`PATCH`).
        Update = "update",
        /// Acknowledge a complaint.
        Acknowledge = "acknowledge",
        /// Extend the current stage.
        Extend = "extend",
        /// Respond at the current stage.
        Respond = "respond",
        /// Open the next stage, on the complainant's request.
        EscalateStage = "escalate-stage",
        /// Record stage 3's panel and report dates.
        Panel = "panel",
        /// Record a referral to the Ombudsman.
        Ombudsman = "ombudsman",
        /// Withdraw the complaint.
        Withdraw = "withdraw",
        /// Close the complaint.
        Close = "close",
        /// Answer a participant: "you said, we did".
        ResponseToParticipant = "response-to-participant",
    }
    if_match: [Update]
}

/// The last stage of a complaint's route.
pub fn last_stage(route: Option<ComplaintRoute>) -> i32 {
    match route {
        Some(ComplaintRoute::Corporate) => 2,
        _ => 3,
    }
}

fn needs(ok: bool, why: &str) -> Result<(), Refusal> {
    if ok {
        Ok(())
    } else {
        by_state(why.to_string())
    }
}

impl Guarded for FeedbackRow {
    type Operation = FeedbackOperation;

    fn role_gate(caller: &Caller, operation: FeedbackOperation) -> Result<(), Refusal> {
        match operation {
            FeedbackOperation::Update | FeedbackOperation::ResponseToParticipant => Ok(()),
            _ if caller.has(Role::QaOfficer) => Ok(()),
            _ => by_role("Complaints are handled by the QA unit's customer service team."),
        }
    }

    fn permits(
        caller: &Caller,
        feedback: &Loaded<Self>,
        operation: FeedbackOperation,
    ) -> Result<(), Refusal> {
        use FeedbackOperation as Op;
        use FeedbackStatus as S;
        let row = &feedback.record;
        let complaint = row.kind == FeedbackKind::Complaint;
        let stage = row.stage.unwrap_or(0);
        match operation {
            Op::Update | Op::ResponseToParticipant => {
                if !(caller.has(Role::QaOfficer) || row.created_by == Some(caller.user_id)) {
                    return by_role("Only the QA unit or whoever recorded it may change it.");
                }
                if operation == Op::ResponseToParticipant {
                    needs(
                        row.kind == FeedbackKind::Participation,
                        "Only participation is answered with 'you said, we did'.",
                    )?;
                    needs(
                        row.we_did.is_none(),
                        "The participant has had their answer.",
                    )?;
                }
                Ok(())
            }
            _ if !complaint => by_state("This is not a complaint."),
            Op::Acknowledge => needs(row.status == S::Received, "The complaint is acknowledged."),
            Op::Extend => {
                needs(
                    row.status == S::Acknowledged,
                    "Only a stage waiting for its response can be extended.",
                )?;
                needs(stage < 3, "Stage 3 runs to the panel's own deadlines.")
            }
            Op::Respond => needs(
                row.status == S::Acknowledged,
                "There is no stage waiting for a response: acknowledge the complaint first.",
            ),
            Op::EscalateStage => {
                needs(
                    row.status == S::Responded,
                    "The next stage follows the current stage's response.",
                )?;
                needs(
                    stage < last_stage(row.route),
                    "This is the last stage of the complaint's route: the Ombudsman comes next.",
                )
            }
            Op::Panel => needs(
                stage == 3 && row.status == S::Acknowledged,
                "Only an open stage 3 has a review panel.",
            ),
            Op::Ombudsman => {
                needs(
                    matches!(row.status, S::Responded | S::Closed),
                    "The Ombudsman follows the council's response.",
                )?;
                needs(
                    row.ombudsman_referred_on.is_none(),
                    "A referral to the Ombudsman is recorded.",
                )
            }
            Op::Withdraw => needs(
                matches!(row.status, S::Received | S::Acknowledged | S::Responded),
                "The complaint is over.",
            ),
            Op::Close => needs(
                row.status == S::Responded,
                "Only a responded complaint can be closed.",
            ),
        }
    }
}
