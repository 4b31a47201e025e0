//! Database rows of the reference data.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use crate::db::schema::{frameworks, grade_scales, grades, practice_standards};
use crate::db::types::{FrameworkId, GradeId, GradeScaleId, StandardId};

/// A framework row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = frameworks)]
pub struct FrameworkRow {
    /// Identifier.
    pub id: FrameworkId,
    /// Name.
    pub name: String,
    /// Version number.
    pub version: i32,
    /// Whether new audits use it.
    pub is_current: bool,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Updated.
    pub updated_at: PrimitiveDateTime,
}

/// A practice-standard row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = practice_standards)]
pub struct StandardRow {
    /// Identifier.
    pub id: StandardId,
    /// Framework.
    pub framework_id: FrameworkId,
    /// Number within the framework.
    pub number: i32,
    /// Short title.
    pub title: String,
    /// The council's text.
    pub text: String,
}

/// A grade-scale row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = grade_scales)]
pub struct GradeScaleRow {
    /// Identifier.
    pub id: GradeScaleId,
    /// Name.
    pub name: String,
    /// Version number.
    pub version: i32,
    /// Whether new audits use it.
    pub is_current: bool,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Updated.
    pub updated_at: PrimitiveDateTime,
}

/// A grade row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = grades)]
pub struct GradeRow {
    /// Identifier.
    pub id: GradeId,
    /// Scale.
    pub grade_scale_id: GradeScaleId,
    /// Stable code.
    pub code: String,
    /// Label shown to people.
    pub label: String,
    /// Higher is better.
    pub rank: i32,
    /// Whether an overall grade of this kind opens an escalation.
    pub triggers_escalation: bool,
}
