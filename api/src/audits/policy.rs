//! Who may do what to an audit, and when: the auditor writes and submits the draft; a QA officer
//! returns a submitted audit; the audited practitioner replies once it is submitted; a QA
//! officer, a senior leader or the head of service over the team (never the auditor)
//! moderates it.

use super::dto::AuditStatus;
use super::model::AuditRow;
use crate::auth::caller::Caller;
use crate::auth::policy::{by_role, by_state, Guarded, Loaded, Refusal};
use crate::auth::roles::Role;

/// Roles that carry out audits.
pub const AUDITORS: [Role; 4] = [
    Role::TeamManager,
    Role::HeadOfService,
    Role::SeniorLeader,
    Role::QaOfficer,
];

/// Whether the caller may start audits at all.
pub fn is_auditor(caller: &Caller) -> bool {
    caller.has_any(&AUDITORS)
}

crate::operations! {
    /// What a caller may do to an audit.
    pub enum AuditOperation {
        /// Change the draft (`PATCH`).
        Update = "update",
        /// Save a standard's judgement.
        Judgements = "judgements",
        /// Raise a remedial action.
        RemedialActions = "remedial-actions",
        /// Raise a safeguarding alert.
        Alerts = "alerts",
        /// Submit the draft.
        Submit = "submit",
        /// Return a submitted audit to its auditor.
        Return = "return",
        /// Reply to the audit (the audited practitioner).
        Response = "response",
        /// Moderate the grade.
        Moderation = "moderation",
        /// Start a re-audit of the same case (an auditor, once it is submitted).
        Reaudit = "reaudit",
    }
    if_match: [Update]
}

fn only_draft(audit: &AuditRow) -> Result<(), Refusal> {
    if audit.status == AuditStatus::Draft {
        Ok(())
    } else {
        by_state(format!(
            "The audit is {}: only a draft can be changed.",
            audit.status
        ))
    }
}

impl Guarded for AuditRow {
    type Operation = AuditOperation;

    fn permits(
        caller: &Caller,
        audit: &Loaded<Self>,
        operation: AuditOperation,
    ) -> Result<(), Refusal> {
        let row = &audit.record;
        let me = caller.user_id;
        match operation {
            AuditOperation::Update
            | AuditOperation::Judgements
            | AuditOperation::RemedialActions
            | AuditOperation::Alerts
            | AuditOperation::Submit => {
                if row.auditor_id != me {
                    return by_role("Only the auditor may change this audit.");
                }
                only_draft(row)
            }
            AuditOperation::Return => {
                if !caller.has(Role::QaOfficer) {
                    return by_role("Only a QA officer may return an audit.");
                }
                if row.status != AuditStatus::Submitted {
                    return by_state(format!(
                        "Only a submitted audit can be returned; this one is {}.",
                        row.status
                    ));
                }
                Ok(())
            }
            AuditOperation::Response => {
                if row.practitioner_id != Some(me) {
                    return by_role("Only the practitioner whose work was audited may reply.");
                }
                if row.status == AuditStatus::Draft {
                    return by_state("The audit has not been submitted yet.");
                }
                if row.acknowledged_at.is_some() {
                    return by_state("You have already replied to this audit.");
                }
                Ok(())
            }
            AuditOperation::Reaudit => {
                if !is_auditor(caller) {
                    return by_role("Only auditors start re-audits.");
                }
                if row.status == AuditStatus::Draft {
                    return by_state("A draft cannot be re-audited: submit it first.");
                }
                Ok(())
            }
            AuditOperation::Moderation => {
                if row.auditor_id == me {
                    return by_role("An auditor cannot moderate their own audit.");
                }
                let may = caller.has_any(&[Role::QaOfficer, Role::SeniorLeader])
                    || (caller.has(Role::HeadOfService) && caller.manages_team(row.team_id));
                if !may {
                    return by_role(
                        "Only a QA officer, a senior leader or the head of service over the team may moderate.",
                    );
                }
                if row.status != AuditStatus::Submitted {
                    return by_state(format!(
                        "Only a submitted audit can be moderated; this one is {}.",
                        row.status
                    ));
                }
                Ok(())
            }
        }
    }
}
