//! Programmes and themes as the API shows them.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::model::{ProgrammeRow, ThemeRow};
use crate::dates::to_utc;
use crate::db::types::{ProgrammeId, UserId};
use crate::extract::Patch;

crate::text_enum! {
    /// Where a theme came from.
    pub enum ThemeSource {
        /// QA activity.
        QaActivity = "qa_activity",
        /// Performance data.
        PerformanceData = "performance_data",
        /// The safeguarding partnership.
        SafeguardingPartnership = "safeguarding_partnership",
        /// An inspection.
        Inspection = "inspection",
        /// A peer review.
        PeerReview = "peer_review",
        /// Senior management.
        SeniorManagement = "senior_management",
    }
}

crate::text_enum! {
    /// Where a theme is in its life.
    pub enum ThemeStatus {
        /// Planned.
        Planned = "planned",
        /// Auditing under way.
        InProgress = "in_progress",
        /// Closed with findings and recommendations.
        Closed = "closed",
    }
}

/// An annual audit programme.
#[derive(Debug, Serialize, ToSchema)]
pub struct Programme {
    /// Identifier.
    pub id: Uuid,
    /// Title.
    pub title: String,
    /// The year it covers.
    pub year: i32,
    /// Version, also the `ETag`.
    pub version: i32,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Its themes (on the single-programme read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub themes: Option<Vec<Theme>>,
}

impl Programme {
    /// From a row, with themes when given (their narrative only when `narrative`).
    pub fn from_row(row: ProgrammeRow, themes: Option<Vec<ThemeRow>>, narrative: bool) -> Self {
        Self {
            id: row.id.uuid(),
            title: row.title,
            year: row.year,
            version: row.version,
            created_at: to_utc(row.created_at),
            themes: themes.map(|t| {
                t.into_iter()
                    .map(|theme| Theme::new(theme, narrative))
                    .collect()
            }),
        }
    }
}

/// A page of programmes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammePage {
    /// The programmes.
    pub items: Vec<Programme>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    /// Pass as `cursor` for the previous page; null on the first.
    pub prev_cursor: Option<String>,
    /// How many the whole list holds, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

/// A new programme.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewProgramme {
    /// Title, 1-200 characters.
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub title: String,
    /// The year, 2000-2100.
    #[schema(minimum = 2000, maximum = 2100)]
    #[validate(range(min = 2000, max = 2100))]
    pub year: i32,
}

/// An audit theme.
#[derive(Debug, Serialize, ToSchema)]
pub struct Theme {
    /// Identifier.
    pub id: Uuid,
    /// The programme it belongs to.
    pub programme_id: Option<Uuid>,
    /// Title.
    pub title: String,
    /// Why it is audited (narrative: absent for roles that do not read narrative).
    pub rationale: Option<String>,
    /// Where it came from.
    pub source: ThemeSource,
    /// Planned month, `YYYY-MM`.
    pub planned_month: Option<String>,
    /// The lead.
    pub lead_id: Option<Uuid>,
    /// Cases to sample.
    pub sample_size: Option<i32>,
    /// Planned, in progress or closed.
    pub status: ThemeStatus,
    /// Findings (on closing; narrative).
    pub findings: Option<String>,
    /// Recommendations (on closing; narrative); they become an action plan.
    pub recommendations: Option<String>,
    /// Whether the narrative fields were withheld from this caller.
    pub narrative_withheld: bool,
    /// Version, also the `ETag`.
    pub version: i32,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Theme {
    /// A theme as a caller sees it: its rationale, findings and recommendations are narrative,
    /// shown only to roles that read narrative.
    pub fn new(row: ThemeRow, narrative: bool) -> Self {
        let keep = |text: Option<String>| if narrative { text } else { None };
        Self {
            id: row.id.uuid(),
            programme_id: row.programme_id.map(ProgrammeId::uuid),
            title: row.title,
            rationale: keep(Some(row.rationale)),
            source: row.source,
            planned_month: row.planned_month,
            lead_id: row.lead_id.map(UserId::uuid),
            sample_size: row.sample_size,
            status: row.status,
            findings: keep(row.findings),
            recommendations: keep(row.recommendations),
            narrative_withheld: !narrative,
            version: row.version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
        }
    }
}

/// A page of themes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThemePage {
    /// The themes.
    pub items: Vec<Theme>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    /// Pass as `cursor` for the previous page; null on the first.
    pub prev_cursor: Option<String>,
    /// How many the whole list holds, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

fn valid_month(value: &str) -> Result<(), validator::ValidationError> {
    let ok = value.len() == 7
        && value.as_bytes()[4] == b'-'
        && value[..4].parse::<u16>().is_ok()
        && value[5..]
            .parse::<u8>()
            .is_ok_and(|m| (1..=12).contains(&m));
    if ok {
        Ok(())
    } else {
        let mut error = validator::ValidationError::new("month");
        error.message = Some("must be a month as YYYY-MM".into());
        Err(error)
    }
}

/// A new theme.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewTheme {
    /// The programme it belongs to.
    pub programme_id: Option<Uuid>,
    /// Title, 1-200 characters.
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub title: String,
    /// Why it is audited.
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(length(min = 1, max = 5000))]
    pub rationale: String,
    /// Where it came from.
    pub source: ThemeSource,
    /// Planned month, `YYYY-MM`.
    #[schema(pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    #[validate(custom(function = "valid_month"))]
    pub planned_month: Option<String>,
    /// The lead.
    pub lead_id: Option<Uuid>,
    /// Cases to sample, 1-1000.
    #[schema(minimum = 1, maximum = 1000)]
    #[validate(range(min = 1, max = 1000))]
    pub sample_size: Option<i32>,
}

/// Changes to a theme (JSON merge patch). Closing needs findings and recommendations.
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
pub struct ThemePatch {
    /// Title.
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub title: Option<String>,
    /// Rationale.
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(length(min = 1, max = 5000))]
    pub rationale: Option<String>,
    /// Planned month, `YYYY-MM`, or null.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub planned_month: Patch<String>,
    /// The lead, or null.
    #[serde(default)]
    #[schema(value_type = Option<Uuid>)]
    pub lead_id: Patch<Uuid>,
    /// Cases to sample.
    #[schema(minimum = 1, maximum = 1000)]
    #[validate(range(min = 1, max = 1000))]
    pub sample_size: Option<i32>,
    /// New status.
    pub status: Option<ThemeStatus>,
    /// Findings.
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub findings: Option<String>,
    /// Recommendations.
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub recommendations: Option<String>,
}

impl ThemePatch {
    /// Checks the nested optional month.
    pub fn month_error(&self) -> Option<&'static str> {
        match self.planned_month.value() {
            Some(m) if valid_month(m).is_err() => Some("must be a month as YYYY-MM"),
            _ => None,
        }
    }
}
