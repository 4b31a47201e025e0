//! Who may do what to a monitoring form: reviewing officers complete them (for every case);
//! only the form's officer changes or submits it, while it is a draft.

use super::dto::FormStatus;
use super::model::FormRow;
use crate::auth::caller::Caller;
use crate::auth::policy::{by_role, by_state, Guarded, Loaded, Refusal};
use crate::auth::roles::Role;

/// Whether the caller completes monitoring forms.
pub fn is_reviewing_officer(caller: &Caller) -> bool {
    caller.has(Role::ReviewingOfficer)
}

crate::operations! {
    /// What a caller may do to a monitoring form.
    pub enum FormOperation {
        /// Change the draft (`PATCH`).
        Update = "update",
        /// Submit it.
        Submit = "submit",
    }
    if_match: [Update]
}

impl Guarded for FormRow {
    type Operation = FormOperation;

    fn role_gate(caller: &Caller, _operation: FormOperation) -> Result<(), Refusal> {
        if is_reviewing_officer(caller) {
            Ok(())
        } else {
            by_role("Only reviewing officers complete monitoring forms.")
        }
    }

    fn permits(
        caller: &Caller,
        form: &Loaded<Self>,
        _operation: FormOperation,
    ) -> Result<(), Refusal> {
        let row = &form.record;
        if row.officer_id != caller.user_id {
            return by_role("Only the reviewing officer who started the form may change it.");
        }
        if row.status != FormStatus::Draft {
            return by_state("The form has been submitted.");
        }
        Ok(())
    }
}
