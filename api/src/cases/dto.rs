//! Cases as the API shows them.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::model::CaseRow;
use crate::dates::{format_date, to_utc};
use crate::ids::{parse_id, parse_opt_id};
use crate::respond::double_option;

/// Category of the council's involvement with the child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseCategory {
    /// Early help.
    EarlyHelp,
    /// Child in need.
    ChildInNeed,
    /// Child protection plan.
    ChildProtection,
    /// Child in care.
    ChildInCare,
    /// Care leaver.
    CareLeaver,
    /// Anything else.
    Other,
}

impl CaseCategory {
    /// Every category's API value.
    pub const VALUES: [&'static str; 6] = [
        "early_help",
        "child_in_need",
        "child_protection",
        "child_in_care",
        "care_leaver",
        "other",
    ];

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::EarlyHelp => "early_help",
            Self::ChildInNeed => "child_in_need",
            Self::ChildProtection => "child_protection",
            Self::ChildInCare => "child_in_care",
            Self::CareLeaver => "care_leaver",
            Self::Other => "other",
        }
    }

    /// Parses a stored value.
    pub fn parse(value: &str) -> Option<Self> {
        Self::VALUES.iter().position(|v| *v == value).map(|i| {
            [
                Self::EarlyHelp,
                Self::ChildInNeed,
                Self::ChildProtection,
                Self::ChildInCare,
                Self::CareLeaver,
                Self::Other,
            ][i]
        })
    }
}

/// Whether the case is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Open.
    Open,
    /// Closed.
    Closed,
}

impl CaseStatus {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
        }
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
}

impl From<CaseRow> for Case {
    fn from(row: CaseRow) -> Self {
        Self {
            id: parse_id(&row.id),
            external_ref: row.external_ref,
            display_name: row.display_name,
            birth_month: row.birth_month,
            category: CaseCategory::parse(&row.category).unwrap_or(CaseCategory::Other),
            team_id: parse_id(&row.team_id),
            allocated_worker_id: parse_opt_id(&row.allocated_worker_id),
            case_manager_id: parse_opt_id(&row.case_manager_id),
            status: if row.status == "closed" {
                CaseStatus::Closed
            } else {
                CaseStatus::Open
            },
            closed_on: row.closed_on.map(format_date),
            retention_class: row.retention_class,
            legal_hold: row.legal_hold,
            version: row.version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
            created_by: parse_opt_id(&row.created_by),
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
}

fn valid_birth_month(value: &str) -> Result<(), validator::ValidationError> {
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
    #[validate(length(min = 1, max = 100))]
    pub external_ref: String,
    /// Initials or pseudonym.
    #[validate(length(min = 1, max = 100))]
    pub display_name: String,
    /// Month of birth, `YYYY-MM`.
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
    #[validate(length(min = 1, max = 50))]
    pub retention_class: Option<String>,
}

/// Changes to a case (JSON merge patch).
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct CasePatch {
    /// Initials or pseudonym.
    #[validate(length(min = 1, max = 100))]
    pub display_name: Option<String>,
    /// Month of birth, or null.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub birth_month: Option<Option<String>>,
    /// Category.
    pub category: Option<CaseCategory>,
    /// The responsible team.
    pub team_id: Option<Uuid>,
    /// The allocated worker, or null.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub allocated_worker_id: Option<Option<Uuid>>,
    /// The case-accountable manager, or null.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub case_manager_id: Option<Option<Uuid>>,
    /// Open or closed; closing sets `closed_on` to today unless given.
    pub status: Option<CaseStatus>,
    /// When it closed, `YYYY-MM-DD`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub closed_on: Option<Option<String>>,
    /// Retention class.
    #[validate(length(min = 1, max = 50))]
    pub retention_class: Option<String>,
}

impl CasePatch {
    /// Checks the nested optional month, which `validator` cannot reach.
    pub fn birth_month_error(&self) -> Option<String> {
        match &self.birth_month {
            Some(Some(month)) => valid_birth_month(month)
                .err()
                .map(|_| "must be a month as YYYY-MM".into()),
            _ => None,
        }
    }
}
