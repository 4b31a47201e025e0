//! Programme and theme queries and writes.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use super::dto::ThemeStatus;
use super::model::{ProgrammeRow, ThemeChanges, ThemeRow};
use crate::db::schema::{audit_programmes, themes};
use crate::db::types::{ProgrammeId, ThemeId};
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiResult;
use crate::listing::{finish, resolve_sort, Page, PageRequest, SortParam};

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

crate::sortable! {
    /// The fields the programme list sorts by.
    pub enum ProgrammeSort on audit_programmes for ProgrammeRow {
        CreatedAt = "created_at" => created_at: PrimitiveDateTime,
        UpdatedAt = "updated_at" => updated_at: PrimitiveDateTime,
        Year = "year" => year: i32,
        Title = "title" => title: String,
    }
    default = CreatedAt descending;
    incremental = UpdatedAt;
}

/// A page of programmes.
pub fn list_programmes(
    conn: &mut DbConn,
    sort: Option<SortParam<ProgrammeSort>>,
    page: &PageRequest,
) -> ApiResult<(Page<ProgrammeRow>, Option<i64>)> {
    let keys = resolve_sort(sort, false);
    let query = ProgrammeSort::apply(
        audit_programmes::table
            .into_boxed()
            .select(ProgrammeRow::as_select()),
        &keys,
        page.cursor.as_ref(),
    )?;
    let rows = page.limit(query).load(conn)?;
    let total = if page.count {
        Some(audit_programmes::table.count().get_result(conn)?)
    } else {
        None
    };
    Ok((
        finish(rows, page, &keys, |r| ProgrammeSort::values(r, &keys)),
        total,
    ))
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

crate::sortable! {
    /// The fields the theme list sorts by.
    pub enum ThemeSort on themes for ThemeRow {
        CreatedAt = "created_at" => created_at: PrimitiveDateTime,
        UpdatedAt = "updated_at" => updated_at: PrimitiveDateTime,
        Title = "title" => title: String,
        Status = "status" => status: ThemeStatus,
    }
    default = CreatedAt descending;
    incremental = UpdatedAt;
}

fn themes_filtered<'a>(
    programme_id: Option<ProgrammeId>,
    statuses: Option<&[ThemeStatus]>,
) -> themes::BoxedQuery<'a, MultiBackend> {
    let mut query = themes::table.into_boxed();
    if let Some(programme) = programme_id {
        query = query.filter(themes::programme_id.eq(programme));
    }
    if let Some(statuses) = statuses {
        query = query.filter(crate::db::member_of(themes::status, statuses.to_vec()));
    }
    query
}

/// A page of themes, optionally of one programme or in some statuses.
pub fn list_themes(
    conn: &mut DbConn,
    programme_id: Option<ProgrammeId>,
    statuses: Option<&[ThemeStatus]>,
    sort: Option<SortParam<ThemeSort>>,
    page: &PageRequest,
) -> ApiResult<(Page<ThemeRow>, Option<i64>)> {
    let keys = resolve_sort(sort, false);
    let query = ThemeSort::apply(
        themes_filtered(programme_id, statuses).select(ThemeRow::as_select()),
        &keys,
        page.cursor.as_ref(),
    )?;
    let rows = page.limit(query).load(conn)?;
    let total = if page.count {
        Some(
            themes_filtered(programme_id, statuses)
                .count()
                .get_result(conn)?,
        )
    } else {
        None
    };
    Ok((
        finish(rows, page, &keys, |r| ThemeSort::values(r, &keys)),
        total,
    ))
}

/// A programme's themes.
pub fn themes_of(conn: &mut DbConn, programme_id: ProgrammeId) -> QueryResult<Vec<ThemeRow>> {
    themes::table
        .filter(themes::programme_id.eq(programme_id))
        .order(themes::id.asc())
        .select(ThemeRow::as_select())
        .load(conn)
}
