//! The standards heatmap: per practice standard and team (or service), the share of judgements
//! graded good or better in the period, how many there were, and the change on the previous
//! period. Not-applicable judgements are left out of every denominator.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Value};

use super::{change, grade_ranks, Period, ReportTable, Scope, GOOD_RANK};
use crate::db::types::UnitId;
use crate::db::DbConn;
use crate::error::ApiResult;

/// Graded judgements and those good or better, per (team, standard).
pub type Tally = BTreeMap<(UnitId, i32), (i64, i64)>;

/// Counts the judgements of audits submitted in the period, from the report tallies.
pub fn tally(conn: &mut DbConn, period: Period, scope: &Scope) -> ApiResult<Tally> {
    let ranks = grade_ranks(conn)?;
    let grouped = super::tallies::judgement_counts(conn, period)?;
    let mut tally = Tally::new();
    for (team, standard, grade, n) in grouped {
        if !scope.covers(team) {
            continue;
        }
        let good = ranks.get(&grade).copied().is_some_and(|r| r >= GOOD_RANK);
        let cell = tally.entry((team, standard)).or_default();
        cell.0 += n;
        if good {
            cell.1 += n;
        }
    }
    Ok(tally)
}

/// Sums a tally per standard over the units `group` maps teams to.
pub fn by_group(tally: &Tally, group: impl Fn(UnitId) -> Option<UnitId>) -> Tally {
    let mut out = Tally::new();
    for ((team, standard), (graded, good)) in tally {
        if let Some(unit) = group(*team) {
            let cell = out.entry((unit, *standard)).or_default();
            cell.0 += graded;
            cell.1 += good;
        }
    }
    out
}

/// The heatmap's table: one row per unit, per standard the share good or better (with the
/// count and the change on the previous period in their own columns).
pub fn table(
    name: &str,
    caption: &str,
    scope: &Scope,
    standards: &[(i32, String)],
    now: &Tally,
    before: &Tally,
) -> ReportTable {
    let mut units: Vec<UnitId> = now.keys().chain(before.keys()).map(|(u, _)| *u).collect();
    units.sort_by_key(|u| scope.name(*u));
    units.dedup();
    let mut columns = vec!["Team or service".to_string()];
    for (number, title) in standards {
        columns.push(format!("{number}. {title}: good or better (%)"));
        columns.push(format!("{number}: judgements"));
        columns.push(format!("{number}: change (points)"));
    }
    let rows = units
        .iter()
        .map(|unit| {
            let mut row: Vec<Value> = vec![json!(scope.name(*unit))];
            for (number, _) in standards {
                let (graded, good) = now.get(&(*unit, *number)).copied().unwrap_or_default();
                let (was_graded, was_good) =
                    before.get(&(*unit, *number)).copied().unwrap_or_default();
                let share = scope.share(good, graded);
                row.push(share.clone());
                row.push(scope.count(graded));
                row.push(change(&share, &scope.share(was_good, was_graded)));
            }
            row
        })
        .collect();
    ReportTable {
        name: name.into(),
        caption: caption.into(),
        columns,
        rows,
    }
}

/// (graded, good or better) now, and before.
pub type NowAndBefore = ((i64, i64), (i64, i64));

/// Totals per standard over everything covered: (graded, good) now and before.
pub fn per_standard(now: &Tally, before: &Tally) -> HashMap<i32, NowAndBefore> {
    let mut out: HashMap<i32, NowAndBefore> = HashMap::new();
    for ((_, standard), (graded, good)) in now {
        let cell = out.entry(*standard).or_default();
        cell.0 .0 += graded;
        cell.0 .1 += good;
    }
    for ((_, standard), (graded, good)) in before {
        let cell = out.entry(*standard).or_default();
        cell.1 .0 += graded;
        cell.1 .1 += good;
    }
    out
}
