//! Programme and theme queries.

use diesel::prelude::*;

use super::dto::{ProgrammeRow, ThemeRow};
use crate::db::schema::{audit_programmes, themes};
use crate::db::DbConn;
use crate::pagination::PageRequest;

/// One programme.
pub fn find_programme(conn: &mut DbConn, id: &str) -> QueryResult<Option<ProgrammeRow>> {
    audit_programmes::table
        .find(id)
        .select(ProgrammeRow::as_select())
        .first(conn)
        .optional()
}

/// A page of programmes.
pub fn list_programmes(conn: &mut DbConn, page: &PageRequest) -> QueryResult<Vec<ProgrammeRow>> {
    let mut query = audit_programmes::table
        .select(ProgrammeRow::as_select())
        .order(audit_programmes::id.asc())
        .limit(page.limit + 1)
        .into_boxed();
    if let Some(after) = &page.after {
        query = query.filter(audit_programmes::id.gt(after.clone()));
    }
    query.load(conn)
}

/// One theme.
pub fn find_theme(conn: &mut DbConn, id: &str) -> QueryResult<Option<ThemeRow>> {
    themes::table
        .find(id)
        .select(ThemeRow::as_select())
        .first(conn)
        .optional()
}

/// A page of themes, optionally of one programme.
pub fn list_themes(
    conn: &mut DbConn,
    programme_id: Option<&str>,
    page: &PageRequest,
) -> QueryResult<Vec<ThemeRow>> {
    let mut query = themes::table
        .select(ThemeRow::as_select())
        .order(themes::id.asc())
        .limit(page.limit + 1)
        .into_boxed();
    if let Some(programme) = programme_id {
        query = query.filter(themes::programme_id.eq(programme.to_string()));
    }
    if let Some(after) = &page.after {
        query = query.filter(themes::id.gt(after.clone()));
    }
    query.load(conn)
}

/// A programme's themes.
pub fn themes_of(conn: &mut DbConn, programme_id: &str) -> QueryResult<Vec<ThemeRow>> {
    themes::table
        .filter(themes::programme_id.eq(programme_id))
        .order(themes::id.asc())
        .select(ThemeRow::as_select())
        .load(conn)
}
