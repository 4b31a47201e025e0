//! Cases as the API shows them.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::model::CaseRow;
use super::policy::CaseOperation;
use crate::dates::{format_date, to_utc};
use crate::db::types::UserId;
use crate::extract::Patch;

crate::text_enum! {
    /// Category of the council's involvement with the child.
    pub enum CaseCategory {
        /// Early help.
        EarlyHelp = "early_help",
        /// Child in need.
        ChildInNeed = "child_in_need",
        /// Child protection plan.
        ChildProtection = "child_protection",
        /// Child in care.
        ChildInCare = "child_in_care",
        /// Care leaver.
        CareLeaver = "care_leaver",
        /// Anything else.
        Other = "other",
    }
}

crate::text_enum! {
    /// Whether the case is open.
    pub enum CaseStatus {
        /// Open.
        Open = "open",
        /// Closed.
        Closed = "closed",
    }
}

/// A child's case: a thin reference to the case in the case management system.
#[derive(Debug, Serialize, ToSchema)]
pub struct Case {
    /// Identifier.
    pub id: Uuid,
    /// The CMS person/case id (unique).
    pub external_ref: String,
    /// Initials or pseudonym chosen by the council.
    pub display_name: String,
    /// Month of birth, `YYYY-MM`.
    pub birth_month: Option<String>,
    /// Category of involvement.
    pub category: CaseCategory,
    /// The responsible team.
    pub team_id: Uuid,
    /// The allocated worker.
    pub allocated_worker_id: Option<Uuid>,
    /// The case-accountable manager.
    pub case_manager_id: Option<Uuid>,
    /// Open or closed.
    pub status: CaseStatus,
    /// When it closed, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub closed_on: Option<String>,
    /// Retention class.
    pub retention_class: String,
    /// Under legal hold: retention never deletes it.
    pub legal_hold: bool,
    /// Version, also the `ETag`.
    pub version: i32,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Who created it.
    pub created_by: Option<Uuid>,
    /// What the caller may do to it now.
    pub allowed_operations: Vec<CaseOperation>,
}

impl Case {
    /// The representation of a case for a caller who may do `allowed_operations`.
    pub fn new(row: CaseRow, allowed_operations: Vec<CaseOperation>) -> Self {
        Self {
            id: row.id.uuid(),
            external_ref: row.external_ref,
            display_name: row.display_name,
            birth_month: row.birth_month,
            category: row.category,
            team_id: row.team_id.uuid(),
            allocated_worker_id: row.allocated_worker_id.map(UserId::uuid),
            case_manager_id: row.case_manager_id.map(UserId::uuid),
            status: row.status,
            closed_on: row.closed_on.map(format_date),
            retention_class: row.retention_class,
            legal_hold: row.legal_hold,
            version: row.version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
            created_by: row.created_by.map(UserId::uuid),
            allowed_operations,
        }
    }
}

/// A page of cases.
#[derive(Debug, Serialize, ToSchema)]
pub struct CasePage {
    /// The cases.
    pub items: Vec<Case>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    /// Pass as `cursor` for the previous page; null on the first.
    pub prev_cursor: Option<String>,
    /// How many the whole list holds, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

/// A month of birth as `YYYY-MM`, 1900 to 2100.
pub fn valid_birth_month(value: &str) -> Result<(), validator::ValidationError> {
    let ok = value.len() == 7
        && value.as_bytes()[4] == b'-'
        && value[..4]
            .parse::<u16>()
            .is_ok_and(|y| (1900..=2100).contains(&y))
        && value[5..]
            .parse::<u8>()
            .is_ok_and(|m| (1..=12).contains(&m));
    if ok {
        Ok(())
    } else {
        let mut error = validator::ValidationError::new("birth_month");
        error.message = Some("must be a month as YYYY-MM".into());
        Err(error)
    }
}

/// A new case.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewCase {
    /// The CMS person/case id, unique.
    #[schema(min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub external_ref: String,
    /// Initials or pseudonym.
    #[schema(min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub display_name: String,
    /// Month of birth, `YYYY-MM`.
    #[schema(pattern = "^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])$")]
    #[validate(custom(function = "valid_birth_month"))]
    pub birth_month: Option<String>,
    /// Category.
    pub category: CaseCategory,
    /// The responsible team (an org unit of kind `team`).
    pub team_id: Uuid,
    /// The allocated worker.
    pub allocated_worker_id: Option<Uuid>,
    /// The case-accountable manager.
    pub case_manager_id: Option<Uuid>,
    /// Retention class (default `standard`).
    #[schema(min_length = 1, max_length = 50)]
    #[validate(length(min = 1, max = 50))]
    pub retention_class: Option<String>,
}

/// Changes to a case (JSON merge patch).
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
pub struct CasePatch {
    /// Initials or pseudonym.
    #[schema(min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub display_name: Option<String>,
    /// Month of birth, or null.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub birth_month: Patch<String>,
    /// Category.
    pub category: Option<CaseCategory>,
    /// The responsible team.
    pub team_id: Option<Uuid>,
    /// The allocated worker, or null.
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub allocated_worker_id: Patch<Uuid>,
    /// The case-accountable manager, or null.
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub case_manager_id: Patch<Uuid>,
    /// Open or closed; closing sets `closed_on` to today unless given.
    pub status: Option<CaseStatus>,
    /// When it closed, `YYYY-MM-DD`.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub closed_on: Patch<String>,
    /// Retention class.
    #[schema(min_length = 1, max_length = 50)]
    #[validate(length(min = 1, max = 50))]
    pub retention_class: Option<String>,
}

impl CasePatch {
    /// Checks the nested optional month, which `validator` cannot reach.
    pub fn birth_month_error(&self) -> Option<String> {
        match self.birth_month.value() {
            Some(month) => valid_birth_month(month)
                .err()
                .map(|_| "must be a month as YYYY-MM".into()),
            _ => None,
        }
    }
}
