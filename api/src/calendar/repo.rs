//! The stored one-off changes to the bank-holiday rules.

use std::collections::BTreeMap;

use diesel::prelude::*;
use time::Date;

use super::rules::{Adjustment, Calendar};
use crate::db::schema::calendar_adjustments;
use crate::db::DbConn;

/// The calendar with the stored changes, and the names of added dates.
pub fn load(conn: &mut DbConn) -> QueryResult<(Calendar, BTreeMap<Date, String>)> {
    let rows: Vec<(Date, String, String)> = calendar_adjustments::table
        .select((
            calendar_adjustments::date,
            calendar_adjustments::change,
            calendar_adjustments::name,
        ))
        .load(conn)?;
    let mut names = BTreeMap::new();
    let adjustments = rows
        .into_iter()
        .map(|(date, change, name)| {
            names.insert(date, name);
            let change = if change == "remove" {
                Adjustment::Remove
            } else {
                Adjustment::Add
            };
            (date, change)
        })
        .collect::<Vec<_>>();
    Ok((Calendar::new(adjustments), names))
}

/// Every stored change: (date, `add` or `remove`, name), in date order.
pub fn adjustments(conn: &mut DbConn) -> QueryResult<Vec<(Date, String, String)>> {
    calendar_adjustments::table
        .order(calendar_adjustments::date)
        .select((
            calendar_adjustments::date,
            calendar_adjustments::change,
            calendar_adjustments::name,
        ))
        .load(conn)
}

/// Sets the change for a day, replacing any there was (an upsert, so two racing changes of one
/// day cannot collide: the later one stands).
pub fn set_adjustment(conn: &mut DbConn, day: Date, change: &str, name: &str) -> QueryResult<()> {
    let now = crate::dates::now_utc();
    let values = (
        calendar_adjustments::date.eq(day),
        calendar_adjustments::change.eq(change),
        calendar_adjustments::name.eq(name),
        calendar_adjustments::created_at.eq(now),
    );
    let replace = (
        calendar_adjustments::change.eq(change),
        calendar_adjustments::name.eq(name),
        calendar_adjustments::created_at.eq(now),
    );
    match conn {
        DbConn::Pg(c) => diesel::insert_into(calendar_adjustments::table)
            .values(values)
            .on_conflict(calendar_adjustments::date)
            .do_update()
            .set(replace)
            .execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_into(calendar_adjustments::table)
            .values(values)
            .on_conflict(calendar_adjustments::date)
            .do_update()
            .set(replace)
            .execute(c)?,
    };
    Ok(())
}

/// Removes the change for a day; `false` when there was none.
pub fn remove_adjustment(conn: &mut DbConn, day: Date) -> QueryResult<bool> {
    Ok(diesel::delete(calendar_adjustments::table.find(day)).execute(conn)? == 1)
}
