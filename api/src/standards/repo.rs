//! Queries for the reference data.

use diesel::prelude::*;

use super::model::{FrameworkRow, GradeRow, GradeScaleRow, StandardRow};
use crate::db::schema::{frameworks, grade_scales, grades, practice_standards};
use crate::db::types::{FrameworkId, GradeScaleId};
use crate::db::DbConn;

/// All frameworks, newest first.
pub fn list_frameworks(conn: &mut DbConn) -> QueryResult<Vec<FrameworkRow>> {
    frameworks::table
        .order((frameworks::name.asc(), frameworks::version.desc()))
        .select(FrameworkRow::as_select())
        .load(conn)
}

/// One framework.
pub fn find_framework(conn: &mut DbConn, id: FrameworkId) -> QueryResult<Option<FrameworkRow>> {
    frameworks::table
        .find(id)
        .select(FrameworkRow::as_select())
        .first(conn)
        .optional()
}

/// The framework new audits are graded against.
pub fn current_framework(conn: &mut DbConn) -> QueryResult<FrameworkRow> {
    frameworks::table
        .filter(frameworks::is_current.eq(true))
        .order(frameworks::created_at.desc())
        .select(FrameworkRow::as_select())
        .first(conn)
}

/// A framework's standards in number order.
pub fn standards_of(conn: &mut DbConn, framework_id: FrameworkId) -> QueryResult<Vec<StandardRow>> {
    practice_standards::table
        .filter(practice_standards::framework_id.eq(framework_id))
        .order(practice_standards::number.asc())
        .select(StandardRow::as_select())
        .load(conn)
}

/// All grade scales with their grades, best grade first.
pub fn list_grade_scales(conn: &mut DbConn) -> QueryResult<Vec<(GradeScaleRow, Vec<GradeRow>)>> {
    let scales: Vec<GradeScaleRow> = grade_scales::table
        .order((grade_scales::name.asc(), grade_scales::version.desc()))
        .select(GradeScaleRow::as_select())
        .load(conn)?;
    let all_grades: Vec<GradeRow> = grades::table
        .order(grades::rank.desc())
        .select(GradeRow::as_select())
        .load(conn)?;
    Ok(scales
        .into_iter()
        .map(|scale| {
            let own = all_grades
                .iter()
                .filter(|g| g.grade_scale_id == scale.id)
                .cloned()
                .collect();
            (scale, own)
        })
        .collect())
}

/// The grade scale new audits use.
pub fn current_grade_scale(conn: &mut DbConn) -> QueryResult<GradeScaleRow> {
    grade_scales::table
        .filter(grade_scales::is_current.eq(true))
        .order(grade_scales::created_at.desc())
        .select(GradeScaleRow::as_select())
        .first(conn)
}

/// The grades of one scale.
pub fn grades_of(conn: &mut DbConn, scale_id: GradeScaleId) -> QueryResult<Vec<GradeRow>> {
    grades::table
        .filter(grades::grade_scale_id.eq(scale_id))
        .order(grades::rank.desc())
        .select(GradeRow::as_select())
        .load(conn)
}

/// Whether a framework of this name exists.
pub fn has_framework(conn: &mut DbConn, name: &str) -> QueryResult<bool> {
    let n: i64 = frameworks::table
        .filter(frameworks::name.eq(name))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Adds a framework and its standards.
pub fn insert_framework(
    conn: &mut DbConn,
    framework: &FrameworkRow,
    standards: &[StandardRow],
) -> QueryResult<()> {
    diesel::insert_into(frameworks::table)
        .values(framework)
        .execute(conn)?;
    for standard in standards {
        diesel::insert_into(practice_standards::table)
            .values(standard)
            .execute(conn)?;
    }
    Ok(())
}

/// Whether a grade scale of this name exists.
pub fn has_grade_scale(conn: &mut DbConn, name: &str) -> QueryResult<bool> {
    let n: i64 = grade_scales::table
        .filter(grade_scales::name.eq(name))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Adds a grade scale and its grades.
pub fn insert_grade_scale(
    conn: &mut DbConn,
    scale: &GradeScaleRow,
    scale_grades: &[GradeRow],
) -> QueryResult<()> {
    diesel::insert_into(grade_scales::table)
        .values(scale)
        .execute(conn)?;
    for grade in scale_grades {
        diesel::insert_into(grades::table)
            .values(grade)
            .execute(conn)?;
    }
    Ok(())
}
