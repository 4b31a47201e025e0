//! The stored settings: only those changed from their defaults, and one row (`*`) whose
//! version is the version of the settings as a whole, claimed by every change.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use crate::db::schema::settings;
use crate::db::types::UserId;
use crate::db::DbConn;

/// The key of the row that versions the settings as a whole.
const WHOLE: &str = "*";

/// The settings changed from their defaults: (key, value).
pub fn stored(conn: &mut DbConn) -> QueryResult<Vec<(String, i32)>> {
    settings::table
        .filter(settings::key.ne(WHOLE))
        .select((settings::key, settings::value))
        .load(conn)
}

/// When each stored setting last changed, and by whom.
pub fn changes(conn: &mut DbConn) -> QueryResult<Vec<(String, PrimitiveDateTime, Option<UserId>)>> {
    settings::table
        .filter(settings::key.ne(WHOLE))
        .select((settings::key, settings::updated_at, settings::updated_by))
        .load(conn)
}

/// The version of the settings as a whole (0 before the first change).
pub fn version(conn: &mut DbConn) -> QueryResult<i32> {
    Ok(settings::table
        .find(WHOLE)
        .select(settings::version)
        .first(conn)
        .optional()?
        .unwrap_or(0))
}

/// Claims the next version of the settings if they are still at `version`; `false` when
/// another change came first.
pub fn claim(
    conn: &mut DbConn,
    version: i32,
    now: PrimitiveDateTime,
    actor: UserId,
) -> QueryResult<bool> {
    if version == 0 {
        let inserted = match conn {
            DbConn::Pg(c) => diesel::insert_into(settings::table)
                .values((
                    settings::key.eq(WHOLE),
                    settings::value.eq(0),
                    settings::version.eq(1),
                    settings::updated_at.eq(now),
                    settings::updated_by.eq(actor),
                ))
                .on_conflict_do_nothing()
                .execute(c)?,
            DbConn::Sqlite(c) => diesel::insert_into(settings::table)
                .values((
                    settings::key.eq(WHOLE),
                    settings::value.eq(0),
                    settings::version.eq(1),
                    settings::updated_at.eq(now),
                    settings::updated_by.eq(actor),
                ))
                .on_conflict_do_nothing()
                .execute(c)?,
        };
        return Ok(inserted == 1);
    }
    let changed = diesel::update(
        settings::table
            .find(WHOLE)
            .filter(settings::version.eq(version)),
    )
    .set((
        settings::version.eq(version + 1),
        settings::updated_at.eq(now),
        settings::updated_by.eq(actor),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Stores a setting's value, or (`None`) goes back to its default.
pub fn put(
    conn: &mut DbConn,
    key: &str,
    value: Option<i32>,
    version: i32,
    now: PrimitiveDateTime,
    actor: UserId,
) -> QueryResult<()> {
    diesel::delete(settings::table.find(key)).execute(conn)?;
    if let Some(value) = value {
        diesel::insert_into(settings::table)
            .values((
                settings::key.eq(key),
                settings::value.eq(value),
                settings::version.eq(version),
                settings::updated_at.eq(now),
                settings::updated_by.eq(actor),
            ))
            .execute(conn)?;
    }
    Ok(())
}
