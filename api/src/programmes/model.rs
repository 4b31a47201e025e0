//! Rows of audit programmes and themes, read and written whole.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::dto::{ThemeSource, ThemeStatus};
use crate::db::schema::{audit_programmes, themes};
use crate::db::types::{ProgrammeId, ThemeId, UserId};

/// A programme row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_programmes)]
#[diesel(treat_none_as_default_value = false)]
pub struct ProgrammeRow {
    /// Identifier.
    pub id: ProgrammeId,
    /// Title.
    pub title: String,
    /// Year.
    pub year: i32,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Updated.
    pub updated_at: PrimitiveDateTime,
    /// Creator.
    pub created_by: Option<UserId>,
}

/// A theme row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = themes)]
#[diesel(treat_none_as_default_value = false)]
pub struct ThemeRow {
    /// Identifier.
    pub id: ThemeId,
    /// Programme.
    pub programme_id: Option<ProgrammeId>,
    /// Title.
    pub title: String,
    /// Why.
    pub rationale: String,
    /// Where the theme came from.
    pub source: ThemeSource,
    /// `YYYY-MM`.
    pub planned_month: Option<String>,
    /// Lead.
    pub lead_id: Option<UserId>,
    /// Cases to sample.
    pub sample_size: Option<i32>,
    /// Status.
    pub status: ThemeStatus,
    /// Findings.
    pub findings: Option<String>,
    /// Recommendations.
    pub recommendations: Option<String>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Updated.
    pub updated_at: PrimitiveDateTime,
    /// Creator.
    pub created_by: Option<UserId>,
}

/// The fields of a theme a change rewrites.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = themes)]
#[diesel(treat_none_as_null = true)]
pub struct ThemeChanges {
    /// Title.
    pub title: String,
    /// Why.
    pub rationale: String,
    /// `YYYY-MM`.
    pub planned_month: Option<String>,
    /// Lead.
    pub lead_id: Option<UserId>,
    /// Cases to sample.
    pub sample_size: Option<i32>,
    /// Status.
    pub status: ThemeStatus,
    /// Findings.
    pub findings: Option<String>,
    /// Recommendations.
    pub recommendations: Option<String>,
    /// The new version.
    pub version: i32,
    /// Now.
    pub updated_at: PrimitiveDateTime,
}
