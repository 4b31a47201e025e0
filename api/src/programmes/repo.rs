//! Programme and theme queries and writes.

use diesel::prelude::*;

use super::model::{ProgrammeRow, ThemeChanges, ThemeRow};
use crate::db::schema::{audit_programmes, themes};
use crate::db::types::{ProgrammeId, ThemeId};
use crate::db::DbConn;
use crate::pagination::PageRequest;

/// One programme.
pub fn find_programme(conn: &mut DbConn, id: ProgrammeId) -> QueryResult<Option<ProgrammeRow>> {
    audit_programmes::table
        .find(id)
        .select(ProgrammeRow::as_select())
        .first(conn)
        .optional()
}

/// Adds a programme.
pub fn insert_programme(conn: &mut DbConn, row: &ProgrammeRow) -> QueryResult<()> {
    diesel::insert_into(audit_programmes::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
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
pub fn find_theme(conn: &mut DbConn, id: ThemeId) -> QueryResult<Option<ThemeRow>> {
    themes::table
        .find(id)
        .select(ThemeRow::as_select())
        .first(conn)
        .optional()
}

/// Adds a theme.
pub fn insert_theme(conn: &mut DbConn, row: &ThemeRow) -> QueryResult<()> {
    diesel::insert_into(themes::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Rewrites a theme if it is still at `version`; `false` when another change came first.
pub fn update_theme(
    conn: &mut DbConn,
    id: ThemeId,
    version: i32,
    changes: &ThemeChanges,
) -> QueryResult<bool> {
    let changed = diesel::update(themes::table.find(id).filter(themes::version.eq(version)))
        .set(changes)
        .execute(conn)?;
    Ok(changed == 1)
}

/// A page of themes, optionally of one programme.
pub fn list_themes(
    conn: &mut DbConn,
    programme_id: Option<ProgrammeId>,
    page: &PageRequest,
) -> QueryResult<Vec<ThemeRow>> {
    let mut query = themes::table
        .select(ThemeRow::as_select())
        .order(themes::id.asc())
        .limit(page.limit + 1)
        .into_boxed();
    if let Some(programme) = programme_id {
        query = query.filter(themes::programme_id.eq(programme));
    }
    if let Some(after) = &page.after {
        query = query.filter(themes::id.gt(after.clone()));
    }
    query.load(conn)
}

/// A programme's themes.
pub fn themes_of(conn: &mut DbConn, programme_id: ProgrammeId) -> QueryResult<Vec<ThemeRow>> {
    themes::table
        .filter(themes::programme_id.eq(programme_id))
        .order(themes::id.asc())
        .select(ThemeRow::as_select())
        .load(conn)
}
