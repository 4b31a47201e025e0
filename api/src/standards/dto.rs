//! What the reference-data endpoints answer.

use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use super::model::{FrameworkRow, GradeRow, GradeScaleRow, StandardRow};
use crate::dates::to_utc;

/// One practice standard.
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeStandard {
    /// Identifier.
    pub id: Uuid,
    /// Number within its framework (1-10 for the seeded framework).
    pub number: i32,
    /// A short title for tables and charts.
    pub title: String,
    /// The council's own wording of the standard.
    pub text: String,
}

impl From<StandardRow> for PracticeStandard {
    fn from(row: StandardRow) -> Self {
        Self {
            id: row.id.uuid(),
            number: row.number,
            title: row.title,
            text: row.text,
        }
    }
}

/// A versioned set of practice standards.
#[derive(Debug, Serialize, ToSchema)]
pub struct Framework {
    /// Identifier.
    pub id: Uuid,
    /// Name, e.g. "Practice Standards 2024".
    pub name: String,
    /// Version; audits record the framework they were graded against.
    pub version: i32,
    /// Whether new audits are graded against this framework.
    pub is_current: bool,
    /// When it was created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Its standards in number order (only on the single-framework read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standards: Option<Vec<PracticeStandard>>,
}

impl Framework {
    /// The framework, with its standards when given.
    pub fn from_row(row: FrameworkRow, standards: Option<Vec<StandardRow>>) -> Self {
        Self {
            id: row.id.uuid(),
            name: row.name,
            version: row.version,
            is_current: row.is_current,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
            standards: standards.map(|s| s.into_iter().map(Into::into).collect()),
        }
    }
}

/// A list of frameworks.
#[derive(Debug, Serialize, ToSchema)]
pub struct FrameworkList {
    /// The frameworks.
    pub items: Vec<Framework>,
    /// Always null: the list is short and comes whole.
    pub next_cursor: Option<String>,
}

/// The current framework's standards.
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeStandardList {
    /// The framework these belong to.
    pub framework_id: Uuid,
    /// The standards in number order.
    pub items: Vec<PracticeStandard>,
    /// Always null: the list is short and comes whole.
    pub next_cursor: Option<String>,
}

/// One grade of a scale.
#[derive(Debug, Serialize, ToSchema)]
pub struct Grade {
    /// Stable code used in requests, e.g. `requires_improvement`.
    pub code: String,
    /// Label shown to people, e.g. "Requires improvement to be good".
    pub label: String,
    /// Higher is better.
    pub rank: i32,
    /// Whether an overall grade of this kind opens a case escalation.
    pub triggers_escalation: bool,
}

impl From<GradeRow> for Grade {
    fn from(row: GradeRow) -> Self {
        Self {
            code: row.code,
            label: row.label,
            rank: row.rank,
            triggers_escalation: row.triggers_escalation,
        }
    }
}

/// A versioned grade scale.
#[derive(Debug, Serialize, ToSchema)]
pub struct GradeScale {
    /// Identifier.
    pub id: Uuid,
    /// Name, e.g. "Ofsted four-point".
    pub name: String,
    /// Version.
    pub version: i32,
    /// Whether new audits use this scale.
    pub is_current: bool,
    /// Its grades, best first.
    pub grades: Vec<Grade>,
}

impl GradeScale {
    /// A scale with its grades.
    pub fn from_rows(row: GradeScaleRow, grades: Vec<GradeRow>) -> Self {
        Self {
            id: row.id.uuid(),
            name: row.name,
            version: row.version,
            is_current: row.is_current,
            grades: grades.into_iter().map(Into::into).collect(),
        }
    }
}

/// A list of grade scales.
#[derive(Debug, Serialize, ToSchema)]
pub struct GradeScaleList {
    /// The scales.
    pub items: Vec<GradeScale>,
    /// Always null: the list is short and comes whole.
    pub next_cursor: Option<String>,
}
