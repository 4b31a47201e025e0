//! Calibration: how far moderators agree with auditors on the overall grade, per auditor and per
//! team: percent agreement and weighted Cohen's kappa (linear weights on the ordinal grade
//! scale), with the count behind each and a flag where fewer than 10 moderated audits make the
//! figure unreliable.

use std::collections::BTreeMap;

use diesel::dsl::count_star;
use diesel::prelude::*;
use serde_json::json;

use super::{grade_ranks, weighted_kappa, Period, ReportTable, Scope};
use crate::db::schema::{audit_moderations, audits, users};
use crate::db::types::{UnitId, UserId};
use crate::db::DbConn;
use crate::error::ApiResult;

/// Moderations below this count make a figure unreliable.
pub const RELIABLE_FROM: usize = 10;

// Moderations are counted by their audit's team and auditor in one grouped query.
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    audits::team_id,
    audits::auditor_id,
    audit_moderations::original_grade,
    audit_moderations::moderated_grade,
);

/// One moderation: the audit's team, its auditor, the auditor's and the moderator's grade ranks.
type Pair = (UnitId, UserId, i32, i32);

fn pairs(conn: &mut DbConn, period: Period, scope: &Scope) -> ApiResult<(Vec<Pair>, i32)> {
    let ranks = grade_ranks(conn)?;
    let top = ranks.values().copied().max().unwrap_or(4);
    let (start, end) = period.instants();
    // Counted per team, auditor and pair of grades in the database: a few hundred rows
    // however many moderations there were.
    let rows: Vec<(UnitId, UserId, String, String, i64)> = audit_moderations::table
        .inner_join(audits::table.on(audits::id.eq(audit_moderations::audit_id)))
        .filter(audit_moderations::created_at.ge(start))
        .filter(audit_moderations::created_at.lt(end))
        .filter(audits::team_id.eq_any(&scope.teams))
        .group_by((
            audits::team_id,
            audits::auditor_id,
            audit_moderations::original_grade,
            audit_moderations::moderated_grade,
        ))
        .select((
            audits::team_id,
            audits::auditor_id,
            audit_moderations::original_grade,
            audit_moderations::moderated_grade,
            count_star(),
        ))
        .load(conn)?;
    Ok((
        rows.into_iter()
            .filter_map(|(team, auditor, original, moderated, n)| {
                let pair = (
                    team,
                    auditor,
                    *ranks.get(&original)?,
                    *ranks.get(&moderated)?,
                );
                Some(std::iter::repeat_n(pair, usize::try_from(n).ok()?))
            })
            .flatten()
            .collect(),
        top,
    ))
}

fn row(label: String, ratings: &[(i32, i32)], top: i32, scope: &Scope) -> Vec<serde_json::Value> {
    let n = ratings.len() as i64;
    let agreed = ratings.iter().filter(|(a, b)| a == b).count() as i64;
    let kappa = weighted_kappa(ratings, top);
    vec![
        json!(label),
        scope.count(n),
        scope.share(agreed, n),
        if n < scope.suppress_below {
            json!({"value": null, "suppressed": true})
        } else {
            json!(kappa)
        },
        json!(ratings.len() < RELIABLE_FROM),
    ]
}

/// The calibration tables: overall, per auditor and per team.
pub fn tables(conn: &mut DbConn, period: Period, scope: &Scope) -> ApiResult<Vec<ReportTable>> {
    let (pairs, top) = pairs(conn, period, scope)?;
    let before = period.previous();
    let (earlier, _) = self::pairs(conn, before, scope)?;
    let earlier: Vec<(i32, i32)> = earlier.iter().map(|(_, _, a, b)| (*a, *b)).collect();
    let columns = vec![
        "Who".to_string(),
        "Moderated audits".to_string(),
        "Agreement on the overall grade (%)".to_string(),
        "Weighted kappa".to_string(),
        "Fewer than 10: unreliable".to_string(),
    ];
    let all: Vec<(i32, i32)> = pairs.iter().map(|(_, _, a, b)| (*a, *b)).collect();
    let mut by_auditor: BTreeMap<UserId, Vec<(i32, i32)>> = BTreeMap::new();
    let mut by_team: BTreeMap<UnitId, Vec<(i32, i32)>> = BTreeMap::new();
    for (team, auditor, a, b) in &pairs {
        by_auditor.entry(*auditor).or_default().push((*a, *b));
        by_team.entry(*team).or_default().push((*a, *b));
    }
    let ids: Vec<String> = by_auditor.keys().map(|u| u.to_string()).collect();
    let names: std::collections::HashMap<String, String> = users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    // The analyst sees auditors by number, not by name.
    let named = scope.suppress_below == 0;
    let mut auditor_rows: Vec<Vec<serde_json::Value>> = by_auditor
        .iter()
        .enumerate()
        .map(|(n, (auditor, ratings))| {
            let label = if named {
                names
                    .get(&auditor.to_string())
                    .cloned()
                    .unwrap_or_else(|| "Unknown".into())
            } else {
                format!("Auditor {}", n + 1)
            };
            row(label, ratings, top, scope)
        })
        .collect();
    if named {
        // By name; numbered auditors stay in number order.
        auditor_rows.sort_by(|a, b| a[0].as_str().cmp(&b[0].as_str()));
    }
    let mut team_rows: Vec<Vec<serde_json::Value>> = by_team
        .iter()
        .map(|(team, ratings)| row(scope.name(*team), ratings, top, scope))
        .collect();
    team_rows.sort_by(|a, b| a[0].as_str().cmp(&b[0].as_str()));
    Ok(vec![
        ReportTable {
            name: "overall".into(),
            caption:
                "Moderators' agreement with auditors on the overall grade, this period and the previous"
                    .into(),
            columns: columns.clone(),
            rows: vec![
                row(scope.label.clone(), &all, top, scope),
                row(
                    format!("{} ({})", scope.label, before.label()),
                    &earlier,
                    top,
                    scope,
                ),
            ],
        },
        ReportTable {
            name: "by-auditor".into(),
            caption: "Agreement per auditor".into(),
            columns: columns.clone(),
            rows: auditor_rows,
        },
        ReportTable {
            name: "by-team".into(),
            caption: "Agreement per team audited".into(),
            columns,
            rows: team_rows,
        },
    ])
}

/// Moderations in the period and how many agreed: for the quarterly report.
pub fn agreement(conn: &mut DbConn, period: Period, scope: &Scope) -> ApiResult<(i64, i64)> {
    if scope.whole {
        // Every moderation is of an audit of some team: count them without the join.
        let ranks = grade_ranks(conn)?;
        let (start, end) = period.instants();
        let rows: Vec<(String, String, i64)> = audit_moderations::table
            .filter(audit_moderations::created_at.ge(start))
            .filter(audit_moderations::created_at.lt(end))
            .group_by((
                audit_moderations::original_grade,
                audit_moderations::moderated_grade,
            ))
            .select((
                audit_moderations::original_grade,
                audit_moderations::moderated_grade,
                count_star(),
            ))
            .load(conn)?;
        let rated: Vec<(i32, i32, i64)> = rows
            .into_iter()
            .filter_map(|(a, b, n)| Some((*ranks.get(&a)?, *ranks.get(&b)?, n)))
            .collect();
        let all = rated.iter().map(|r| r.2).sum();
        let agreed = rated.iter().filter(|r| r.0 == r.1).map(|r| r.2).sum();
        return Ok((all, agreed));
    }
    let (pairs, _) = pairs(conn, period, scope)?;
    let agreed = pairs.iter().filter(|(_, _, a, b)| a == b).count() as i64;
    Ok((pairs.len() as i64, agreed))
}
