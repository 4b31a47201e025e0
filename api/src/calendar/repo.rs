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
