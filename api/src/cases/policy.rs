//! Who may do what to a case: everyone in scope reads it; the QA unit registers and changes
//! cases by hand (the CMS integration will upsert them).

use super::model::CaseRow;
use crate::auth::caller::Caller;
use crate::auth::policy::{by_role, Guarded, Loaded, Refusal};
use crate::auth::roles::Role;

/// Roles that register and change cases by hand.
pub const CASE_WRITERS: [Role; 1] = [Role::QaOfficer];

crate::operations! {
    /// What a caller may do to a case.
    pub enum CaseOperation {
        /// Change it (`PATCH`).
        Update = "update",
    }
    if_match: [Update]
}

impl Guarded for CaseRow {
    type Operation = CaseOperation;

    fn role_gate(caller: &Caller, _operation: CaseOperation) -> Result<(), Refusal> {
        if caller.has_any(&CASE_WRITERS) {
            Ok(())
        } else {
            by_role("Your roles do not give access to case records.")
        }
    }

    fn permits(
        _caller: &Caller,
        _case: &Loaded<Self>,
        _operation: CaseOperation,
    ) -> Result<(), Refusal> {
        Ok(())
    }
}
