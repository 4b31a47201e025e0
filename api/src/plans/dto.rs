//! Action plans, measures and readings as the API shows them.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::model::{MeasureRow, ReadingRow};
use super::policy::PlanOperation;
use crate::actions::dto::{Action, ActionKind, PlanSource};
use crate::actions::model::PlanRow;
use crate::dates::{format_date, to_utc};
use crate::db::types::{CaseId, UserId};
use crate::extract::Patch;
use crate::labels::Labels;

crate::text_enum! {
    /// How a measure is measured.
    pub enum MeasureMethod {
        /// From re-audits: the share of the plan's re-audits graded good or better on the
        /// measure's standard, computed on each re-audit's submission.
        Reaudit = "reaudit",
        /// From observations of practice.
        Observation = "observation",
        /// From feedback.
        Feedback = "feedback",
        /// A performance indicator.
        PerformanceIndicator = "performance_indicator",
        /// Anything else.
        Other = "other",
    }
}

crate::text_enum! {
    /// Whether a plan is still worked on.
    pub enum PlanStatus {
        /// Its actions are being done.
        Open = "open",
        /// Closed: kept as it was, no longer changed.
        Closed = "closed",
    }
}

crate::text_enum! {
    /// Where a reading came from.
    pub enum ReadingSource {
        /// Entered by hand.
        Entered = "entered",
        /// Recorded when an action was verified.
        Verification = "verification",
        /// Computed from the plan's re-audits.
        Reaudit = "reaudit",
    }
}

/// How far a plan's actions have got.
#[derive(Debug, Default, Clone, Serialize, ToSchema)]
pub struct ActionPlanProgress {
    /// Actions, cancelled ones left out.
    pub actions_total: i64,
    /// Completed or verified.
    pub completed: i64,
    /// Verified by the QA unit.
    pub verified: i64,
    /// Past their due date and unfinished.
    pub overdue: i64,
}

/// A dated reading of a measure.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Reading {
    /// The value.
    pub value: f64,
    /// The day it describes.
    #[schema(format = Date)]
    pub read_on: String,
    /// A note (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where it came from.
    pub source: ReadingSource,
}

impl Reading {
    /// From a stored reading.
    pub fn from_row(row: ReadingRow, narrative: bool) -> Self {
        Self {
            value: row.value,
            read_on: format_date(row.read_on),
            note: row.note.filter(|_| narrative),
            source: if row.action_id.is_some() {
                ReadingSource::Verification
            } else {
                ReadingSource::Entered
            },
        }
    }
}

/// What improvement a plan expects, and whether it came.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Measure {
    /// Identifier.
    pub id: Uuid,
    /// What is measured.
    pub description: String,
    /// The practice standard.
    pub standard_number: Option<i32>,
    /// How.
    pub method: MeasureMethod,
    /// Where it started.
    pub baseline_value: f64,
    /// When.
    #[schema(format = Date)]
    pub baseline_on: String,
    /// Where it should get to.
    pub target_value: f64,
    /// By when.
    #[schema(format = Date)]
    pub target_on: String,
    /// Readings, oldest first.
    pub readings: Vec<Reading>,
    /// The latest reading's value, if any.
    pub latest_value: Option<f64>,
    /// Whether the latest reading has reached the target (a target below the baseline is
    /// reached from above).
    pub target_met: bool,
}

impl Measure {
    /// From a row and its readings, oldest first.
    pub fn new(row: MeasureRow, readings: Vec<Reading>) -> Self {
        let latest_value = readings.last().map(|r| r.value);
        let rising = row.target_value >= row.baseline_value;
        let target_met = latest_value.is_some_and(|v| {
            if rising {
                v >= row.target_value
            } else {
                v <= row.target_value
            }
        });
        Self {
            id: row.id.uuid(),
            description: row.description,
            standard_number: row.standard_number,
            method: row.method,
            baseline_value: row.baseline_value,
            baseline_on: format_date(row.baseline_on),
            target_value: row.target_value,
            target_on: format_date(row.target_on),
            readings,
            latest_value,
            target_met,
        }
    }
}

/// The grade change on one standard across a plan's or a theme's re-audits.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct StandardImpact {
    /// The standard.
    pub standard_number: i32,
    /// Re-audits graded on it, with the original graded too.
    pub compared: i64,
    /// Graded better than the original.
    pub improved: i64,
    /// Graded the same.
    pub same: i64,
    /// Graded worse.
    pub worse: i64,
    /// The mean change in grade ranks (−3…+3).
    pub mean_change: Option<f64>,
}

/// An action plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionPlan {
    /// Identifier.
    pub id: Uuid,
    /// What it is.
    pub title: String,
    /// Where it came from.
    pub source: PlanSource,
    /// The record it came from (the audit, the theme, the complaint...).
    pub source_id: Option<Uuid>,
    /// Who owns it.
    pub owner_id: Option<Uuid>,
    /// The owner's name.
    pub owner_name: Option<String>,
    /// The child's case, for an audit's plan.
    pub case_id: Option<Uuid>,
    /// The case's initials or pseudonym.
    pub case_display_name: Option<String>,
    /// The case's reference.
    pub case_external_ref: Option<String>,
    /// The team or service it belongs to (null: the whole council).
    pub unit_id: Option<Uuid>,
    /// The unit's name.
    pub unit_name: Option<String>,
    /// When it should be done.
    #[schema(format = Date)]
    pub due_on: Option<String>,
    /// `open` or `closed`.
    pub status: String,
    /// How far its actions have got.
    pub progress: ActionPlanProgress,
    /// Its actions (on the single read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<Action>>,
    /// Its measures (on the single read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measures: Option<Vec<Measure>>,
    /// Grade change per standard across the plan's re-audits (on the single read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reaudit_impact: Option<Vec<StandardImpact>>,
    /// Version, also the `ETag`.
    pub version: i32,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// What the caller may do to it now.
    pub allowed_operations: Vec<PlanOperation>,
}

impl ActionPlan {
    /// From a row and its progress.
    pub fn new(
        row: PlanRow,
        progress: ActionPlanProgress,
        allowed_operations: Vec<PlanOperation>,
        labels: &Labels,
        unit_name: Option<String>,
    ) -> Self {
        Self {
            id: row.id.uuid(),
            title: row.title,
            source: row.source,
            source_id: row.source_id.map(|s| s.uuid()),
            owner_id: row.owner_id.map(UserId::uuid),
            owner_name: labels.person(row.owner_id),
            case_id: row.case_id.map(CaseId::uuid),
            case_display_name: labels.case_name(row.case_id),
            case_external_ref: labels.case_ref(row.case_id),
            unit_id: row.team_id.map(|u| u.uuid()),
            unit_name,
            due_on: row.due_on.map(format_date),
            status: row.status,
            progress,
            actions: None,
            measures: None,
            reaudit_impact: None,
            version: row.version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
            allowed_operations,
        }
    }
}

/// A page of action plans.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionPlanPage {
    /// The plans.
    pub items: Vec<ActionPlan>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    /// Pass as `cursor` for the previous page; null on the first.
    pub prev_cursor: Option<String>,
    /// How many the whole list holds, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

/// Making an action plan (audits and closed themes make their own).
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewPlan {
    /// What it is.
    #[schema(min_length = 1, max_length = 300)]
    #[validate(length(min = 1, max = 300))]
    pub title: String,
    /// Where it came from: `inspection`, `peer_review`, `case_review`, `complaint`,
    /// `escalation`, `self_evaluation` (audits and themes make their own plans).
    pub source: PlanSource,
    /// The record it came from, if any.
    pub source_id: Option<Uuid>,
    /// Who owns it: an active user who can see the plan's team or service.
    pub owner_id: Uuid,
    /// The team it belongs to.
    pub team_id: Option<Uuid>,
    /// The service it belongs to (instead of a team).
    pub service_id: Option<Uuid>,
    /// When it should be done.
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default, with = "crate::dates::serde_date::option")]
    pub due_on: Option<Date>,
}

/// Changes to a plan (JSON merge patch).
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
pub struct PlanPatch {
    /// What it is.
    #[schema(min_length = 1, max_length = 300)]
    #[validate(length(min = 1, max = 300))]
    pub title: Option<String>,
    /// Who owns it.
    pub owner_id: Option<Uuid>,
    /// When it should be done (`null` clears it).
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub due_on: Patch<String>,
    /// `closed` closes it: a closed plan is kept as it was and no longer changes (`open` on
    /// an open plan changes nothing).
    #[schema(pattern = "^(open|closed)$")]
    pub status: Option<String>,
}

/// An action added to a plan.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewPlanAction {
    /// What must be done.
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(length(min = 1, max = 5000))]
    pub description: String,
    /// Who does it: an active user who can see the plan's team or service.
    pub owner_id: Uuid,
    /// By when (today or later).
    #[schema(value_type = String, format = Date)]
    #[serde(with = "crate::dates::serde_date")]
    pub due_on: Date,
    /// `practice_development`, `service_improvement` or `training` (remedial actions come
    /// from audits).
    pub kind: ActionKind,
    /// Related practice standard.
    #[schema(minimum = 1, maximum = 100)]
    #[validate(range(min = 1, max = 100))]
    pub standard_number: Option<i32>,
}

/// A measure added to a plan.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewMeasure {
    /// What is measured, e.g. "Audits graded good or better on lived experience (%)".
    #[schema(min_length = 1, max_length = 1000)]
    #[validate(length(min = 1, max = 1000))]
    pub description: String,
    /// The practice standard (required for `reaudit`).
    #[schema(minimum = 1, maximum = 100)]
    #[validate(range(min = 1, max = 100))]
    pub standard_number: Option<i32>,
    /// How it is measured.
    pub method: MeasureMethod,
    /// Where it starts.
    #[validate(range(min = -1e9, max = 1e9))]
    pub baseline_value: f64,
    /// When the baseline was taken.
    #[schema(value_type = String, format = Date)]
    #[serde(with = "crate::dates::serde_date")]
    pub baseline_on: Date,
    /// Where it should get to.
    #[validate(range(min = -1e9, max = 1e9))]
    pub target_value: f64,
    /// By when (after the baseline).
    #[schema(value_type = String, format = Date)]
    #[serde(with = "crate::dates::serde_date")]
    pub target_on: Date,
}

/// A reading of a measure.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
pub struct NewReading {
    /// The value.
    #[validate(range(min = -1e9, max = 1e9))]
    pub value: f64,
    /// The day it describes (not in the future).
    #[schema(value_type = String, format = Date)]
    #[serde(with = "crate::dates::serde_date")]
    pub read_on: Date,
    /// A note.
    #[schema(max_length = 5000)]
    #[validate(length(max = 5000))]
    pub note: Option<String>,
}

/// The grade change per standard of a re-audit against the audit it re-audits.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditImpact {
    /// The re-audit.
    pub audit_id: Uuid,
    /// The audit it re-audits.
    pub original_id: Uuid,
    /// One line per standard.
    pub standards: Vec<StandardChange>,
}

/// One standard's grade before and after.
#[derive(Debug, Serialize, ToSchema)]
pub struct StandardChange {
    /// The standard.
    pub standard_number: i32,
    /// The original's grade (null: not applicable or not graded).
    pub original_grade: Option<String>,
    /// The re-audit's grade.
    pub grade: Option<String>,
    /// The change in grade ranks, −3…+3 (null when either is not graded).
    pub change: Option<i32>,
}
