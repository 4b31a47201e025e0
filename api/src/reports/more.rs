//! The escalations report (time at each stage, recurring and unresolved cases), the
//! participation report (feedback from children and families by channel and theme, with "you
//! said, we did") and workforce learning needs (from observations and audits, by standard).

use std::collections::{BTreeMap, HashMap};

use diesel::dsl::count_star;
use diesel::prelude::*;
use serde_json::{json, Value};
use time::{Date, PrimitiveDateTime};

use super::{Period, ReportTable, Scope};
use crate::calendar::Calendar;
use crate::db::schema::{cases, escalation_events, escalations, feedback, learning_needs};
use crate::db::types::{CaseId, EscalationId, UnitId};
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::escalations::dto::{EscalationSource, EscalationStatus};
use crate::feedback::dto::{Channel, FeedbackKind, SourceRole};

fn table(name: &str, caption: &str, columns: &[&str], rows: Vec<Vec<Value>>) -> ReportTable {
    ReportTable {
        name: name.into(),
        caption: caption.into(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows,
    }
}

/// An escalation: id, team, case, source, status, stage now, raised, resolved.
type Escalation = (
    EscalationId,
    UnitId,
    CaseId,
    EscalationSource,
    EscalationStatus,
    i32,
    PrimitiveDateTime,
    Option<PrimitiveDateTime>,
);

/// Escalations whose events the escalations report reads in one query.
const ESCALATIONS_PER_EVENTS_QUERY: usize = 2_000;

/// The quarterly escalations report.
pub fn escalations_report(
    conn: &mut DbConn,
    period: Period,
    scope: &Scope,
    calendar: &Calendar,
    today: Date,
) -> ApiResult<Vec<ReportTable>> {
    let before = period.previous();
    let (start, end) = period.instants();
    let now: Vec<Escalation> = escalations::table
        .filter(escalations::created_at.ge(start))
        .filter(escalations::created_at.lt(end))
        .filter(super::escalation_teams(scope))
        .select((
            escalations::id,
            escalations::team_id,
            escalations::case_id,
            escalations::source,
            escalations::status,
            escalations::stage,
            escalations::created_at,
            escalations::resolved_at,
        ))
        .load(conn)?;
    let now: Vec<&Escalation> = now.iter().collect();
    let (was_start, was_end) = before.instants();
    let then: Vec<(EscalationSource, i64)> = escalations::table
        .filter(escalations::created_at.ge(was_start))
        .filter(escalations::created_at.lt(was_end))
        .filter(super::escalation_teams(scope))
        .group_by(escalations::source)
        .select((escalations::source, count_star()))
        .load(conn)?;
    let mut tables = Vec::new();
    tables.push(table(
        "by-source",
        "Escalations raised, by where they came from",
        &[
            "Source",
            "Raised",
            "Resolved since",
            "Still open",
            "Previous period raised",
        ],
        EscalationSource::ALL
            .iter()
            .map(|source| {
                let of: Vec<_> = now.iter().filter(|e| e.3 == *source).collect();
                let resolved = of
                    .iter()
                    .filter(|e| e.4 == EscalationStatus::Resolved)
                    .count();
                let open = of.iter().filter(|e| e.4 == EscalationStatus::Open).count();
                vec![
                    json!(source.as_str().replace('_', " ")),
                    scope.count(of.len() as i64),
                    scope.count(resolved as i64),
                    scope.count(open as i64),
                    scope.count(
                        then.iter()
                            .filter(|(s, _)| s == source)
                            .map(|(_, n)| n)
                            .sum(),
                    ),
                ]
            })
            .collect(),
    ));
    // Time at each stage: from the event that brought it there to the next event that moved it
    // on, ended it, or today while it stays.
    // The events of the escalations raised in the period, a chunk of escalations at a time:
    // a million-audit council's quarter holds about 48,000 escalations and 88,000 events, and
    // reading them whole held tens of MiB at once (the server's peak rose from 58 to 104 MiB
    // over six runs of this report on PostgreSQL).
    let day_of = |at: PrimitiveDateTime| crate::dates::london_date(crate::dates::to_utc(at));
    let mut per_stage: BTreeMap<i32, (i64, i64)> = BTreeMap::new();
    for chunk in now.chunks(ESCALATIONS_PER_EVENTS_QUERY) {
        let stage_now: HashMap<EscalationId, i32> = chunk.iter().map(|e| (e.0, e.5)).collect();
        let rows: Vec<(EscalationId, Option<i32>, String, PrimitiveDateTime)> =
            escalation_events::table
                .filter(crate::db::member_of(
                    escalation_events::escalation_id,
                    chunk.iter().map(|e| e.0).collect(),
                ))
                .order((
                    escalation_events::escalation_id,
                    escalation_events::created_at,
                ))
                .select((
                    escalation_events::escalation_id,
                    escalation_events::stage,
                    escalation_events::kind,
                    escalation_events::created_at,
                ))
                .load(conn)?;
        // Each escalation's events are together and in order.
        for events in rows.chunk_by(|a, b| a.0 == b.0) {
            let current_stage = stage_now.get(&events[0].0).copied().unwrap_or_default();
            let mut entered: Option<(i32, Date)> = None;
            for (_, stage, kind, at) in events {
                match kind.as_str() {
                    "raised" | "stage_change" => {
                        if let Some((s, from)) = entered {
                            let cell = per_stage.entry(s).or_default();
                            cell.0 += 1;
                            cell.1 += i64::from(calendar.working_days_between(from, day_of(*at)));
                        }
                        entered = Some((stage.unwrap_or(current_stage), day_of(*at)));
                    }
                    "resolved" | "withdrawn" => {
                        if let Some((s, from)) = entered.take() {
                            let cell = per_stage.entry(s).or_default();
                            cell.0 += 1;
                            cell.1 += i64::from(calendar.working_days_between(from, day_of(*at)));
                        }
                    }
                    _ => {}
                }
            }
            if let Some((s, from)) = entered {
                let cell = per_stage.entry(s).or_default();
                cell.0 += 1;
                cell.1 += i64::from(calendar.working_days_between(from, today));
            }
        }
    }
    tables.push(table(
        "time-at-stage",
        "Working days spent at each stage by the escalations raised in the period (stage 0: practice alerts)",
        &["Stage", "Escalations that reached it", "Mean working days at the stage"],
        per_stage
            .into_iter()
            .map(|(stage, (n, days))| {
                vec![
                    json!(format!("Stage {stage}")),
                    scope.count(n),
                    if n == 0 || (n < scope.suppress_below) {
                        Value::Null
                    } else {
                        json!(((days as f64 / n as f64) * 10.0).round() / 10.0)
                    },
                ]
            })
            .collect(),
    ));
    // Recurring and unresolved: cases escalated more than once in the period, and escalations
    // still open after 20 working days.
    let mut per_case: BTreeMap<CaseId, (i64, UnitId)> = BTreeMap::new();
    for e in &now {
        let cell = per_case.entry(e.2).or_insert((0, e.1));
        cell.0 += 1;
    }
    let recurring: Vec<(CaseId, (i64, UnitId))> =
        per_case.into_iter().filter(|(_, (n, _))| *n > 1).collect();
    let refs: HashMap<CaseId, String> = if scope.suppress_below == 0 {
        let ids: Vec<CaseId> = recurring.iter().map(|(c, _)| *c).collect();
        cases::table
            .filter(crate::db::member_of(cases::id, ids))
            .select((cases::id, cases::external_ref))
            .load::<(CaseId, String)>(conn)?
            .into_iter()
            .collect()
    } else {
        HashMap::new()
    };
    tables.push(table(
        "recurring",
        "Cases escalated more than once in the period",
        &["Case", "Team", "Escalations"],
        if scope.suppress_below > 0 {
            // The analyst: how many such cases, never which.
            vec![vec![
                json!("Cases escalated more than once"),
                Value::Null,
                scope.count(recurring.len() as i64),
            ]]
        } else {
            recurring
                .iter()
                .map(|(case, (n, team))| {
                    vec![
                        json!(refs.get(case).cloned().unwrap_or_default()),
                        json!(scope.name(*team)),
                        json!(n),
                    ]
                })
                .collect()
        },
    ));
    // Open more than 20 working days: raised on or before the last day that is.
    let long_ago = {
        let (mut day, mut working) = (today, 0);
        while working <= 20 {
            if calendar.is_working_day(day) {
                working += 1;
            }
            day = day.previous_day().unwrap_or(day);
        }
        crate::dates::london_day_start(day.next_day().unwrap_or(day))
    };
    let open_per_team = |conn: &mut DbConn, raised_before: Option<PrimitiveDateTime>| {
        let mut query = escalations::table
            .filter(escalations::status.eq(EscalationStatus::Open))
            .filter(super::escalation_teams(scope))
            .group_by(escalations::team_id)
            .select((escalations::team_id, count_star()))
            .into_boxed();
        if let Some(at) = raised_before {
            query = query.filter(escalations::created_at.lt(at));
        }
        query.load::<(UnitId, i64)>(conn)
    };
    let mut unresolved: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for (team, n) in open_per_team(conn, None)? {
        unresolved.entry(scope.name(team)).or_default().0 += n;
    }
    for (team, n) in open_per_team(conn, Some(long_ago))? {
        unresolved.entry(scope.name(team)).or_default().1 += n;
    }
    tables.push(table(
        "unresolved",
        "Escalations open today, per team, and those open more than 20 working days",
        &["Team", "Open", "Open more than 20 working days"],
        unresolved
            .into_iter()
            .map(|(team, (open, long))| vec![json!(team), scope.count(open), scope.count(long)])
            .collect(),
    ));
    Ok(tables)
}

/// The participation report: children's and families' feedback by channel and theme, with
/// "you said, we did" (the words for readers of narrative only).
pub fn participation_report(
    conn: &mut DbConn,
    period: Period,
    scope: &Scope,
) -> ApiResult<Vec<ReportTable>> {
    let before = period.previous();
    type Row = (
        FeedbackKind,
        SourceRole,
        Channel,
        Option<UnitId>,
        Date,
        String,
        String,
        Option<String>,
        Option<Date>,
    );
    let rows: Vec<Row> = feedback::table
        .filter(feedback::kind.eq_any([
            FeedbackKind::Participation,
            FeedbackKind::Compliment,
            FeedbackKind::Complaint,
            FeedbackKind::SurveyResponse,
        ]))
        .filter(feedback::source_role.eq_any([
            SourceRole::Child,
            SourceRole::YoungPerson,
            SourceRole::Parent,
            SourceRole::Carer,
        ]))
        .select((
            feedback::kind,
            feedback::source_role,
            feedback::channel,
            feedback::team_id,
            feedback::received_on,
            feedback::themes,
            feedback::summary,
            feedback::we_did,
            feedback::we_did_on,
        ))
        .load(conn)?;
    let rows: Vec<Row> = rows
        .into_iter()
        .filter(|r| match r.3 {
            Some(team) => scope.covers(team),
            None => scope.whole,
        })
        .collect();
    let in_p = |p: Period| -> Vec<&Row> { rows.iter().filter(|r| p.holds(r.4)).collect() };
    let (now, then) = (in_p(period), in_p(before));
    let mut tables = Vec::new();
    tables.push(table(
        "by-channel",
        "Feedback from children, young people and families, by how it came",
        &[
            "Channel",
            "Children and young people",
            "Parents and carers",
            "Previous period (all)",
        ],
        Channel::ALL
            .iter()
            .filter_map(|channel| {
                let of: Vec<_> = now.iter().filter(|r| r.2 == *channel).collect();
                let was = then.iter().filter(|r| r.2 == *channel).count() as i64;
                if of.is_empty() && was == 0 {
                    return None;
                }
                let young = of
                    .iter()
                    .filter(|r| matches!(r.1, SourceRole::Child | SourceRole::YoungPerson))
                    .count() as i64;
                Some(vec![
                    json!(channel.as_str().replace('_', " ")),
                    scope.count(young),
                    scope.count(of.len() as i64 - young),
                    scope.count(was),
                ])
            })
            .collect(),
    ));
    let mut themes: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for r in &now {
        for theme in r.5.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            themes.entry(theme.to_string()).or_default().0 += 1;
        }
    }
    for r in &then {
        for theme in r.5.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            themes.entry(theme.to_string()).or_default().1 += 1;
        }
    }
    let mut ranked: Vec<_> = themes.into_iter().filter(|(_, (n, _))| *n > 0).collect();
    ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    tables.push(table(
        "by-theme",
        "What children and families raised, by theme",
        &["Theme", "This period", "Previous period"],
        ranked
            .into_iter()
            .map(|(theme, (n, was))| vec![json!(theme), scope.count(n), scope.count(was)])
            .collect(),
    ));
    let participation: Vec<&&Row> = now
        .iter()
        .filter(|r| r.0 == FeedbackKind::Participation)
        .collect();
    let answered = participation.iter().filter(|r| r.7.is_some()).count() as i64;
    tables.push(table(
        "answered",
        "Participation answered with 'you said, we did'",
        &["Measure", "This period"],
        vec![
            vec![
                json!("Statements and forums"),
                scope.count(participation.len() as i64),
            ],
            vec![json!("Answered"), scope.count(answered)],
            vec![
                json!("Answered (%)"),
                scope.share(answered, participation.len() as i64),
            ],
        ],
    ));
    if scope.suppress_below == 0 {
        tables.push(table(
            "you-said-we-did",
            "You said, we did",
            &["Received", "Themes", "You said", "We did", "Answered on"],
            participation
                .iter()
                .filter(|r| r.7.is_some())
                .map(|r| {
                    vec![
                        json!(crate::dates::format_date(r.4)),
                        json!(r.5.replace(',', ", ")),
                        json!(r.6),
                        json!(r.7),
                        json!(r.8.map(crate::dates::format_date)),
                    ]
                })
                .collect(),
        ));
    }
    Ok(tables)
}

/// Workforce learning needs: per standard, needs raised from observations and judgements that
/// require improvement or are inadequate in audits.
pub fn learning_needs_report(
    conn: &mut DbConn,
    period: Period,
    scope: &Scope,
    standards: &[(i32, String)],
) -> ApiResult<Vec<ReportTable>> {
    let (start, end) = period.instants();
    let needs: Vec<(UnitId, Option<i32>, bool)> = learning_needs::table
        .filter(learning_needs::created_at.ge(start))
        .filter(learning_needs::created_at.lt(end))
        .select((
            learning_needs::team_id,
            learning_needs::standard_number,
            learning_needs::agreed_by_worker,
        ))
        .load(conn)?;
    let judged = super::heatmap::tally(conn, period, scope)?;
    let mut rows = Vec::new();
    for (number, title) in standards {
        let of: Vec<_> = needs
            .iter()
            .filter(|n| scope.covers(n.0) && n.1 == Some(*number))
            .collect();
        let agreed = of.iter().filter(|n| n.2).count() as i64;
        let (graded, good) = judged
            .iter()
            .filter(|((_, standard), _)| standard == number)
            .fold((0, 0), |(a, b), (_, (g, ok))| (a + g, b + ok));
        let below = graded - good;
        rows.push(vec![
            json!(format!("{number}. {title}")),
            scope.count(of.len() as i64),
            scope.count(agreed),
            scope.count(below),
            scope.share(below, graded),
        ]);
    }
    let unplaced = needs
        .iter()
        .filter(|n| scope.covers(n.0) && n.1.is_none())
        .count() as i64;
    rows.push(vec![
        json!("Not linked to a standard"),
        scope.count(unplaced),
        Value::Null,
        Value::Null,
        Value::Null,
    ]);
    Ok(vec![table(
        "by-standard",
        "Learning needs from observations, and audit judgements below good, per standard",
        &[
            "Standard",
            "Learning needs raised",
            "Agreed by the worker",
            "Audit judgements below good",
            "Below good (%)",
        ],
        rows,
    )])
}

/// The team briefing: a team manager's own team beside its service as a whole (aggregates only:
/// no other team is named), on the standards, the overall grades and the team's actions.
pub fn team_briefing(
    conn: &mut DbConn,
    period: Period,
    team: &Scope,
    service: &Scope,
    standards: &[(i32, String)],
    today: Date,
) -> ApiResult<Vec<ReportTable>> {
    use super::heatmap;
    let before = period.previous();
    let (team_now, team_then) = (
        heatmap::tally(conn, period, team)?,
        heatmap::tally(conn, before, team)?,
    );
    let service_now = heatmap::tally(conn, period, service)?;
    let per_team = heatmap::per_standard(&team_now, &team_then);
    let per_service = heatmap::per_standard(&service_now, &Default::default());
    let standards_rows = standards
        .iter()
        .map(|(number, title)| {
            let ((graded, good), (was_graded, was_good)) =
                per_team.get(number).copied().unwrap_or_default();
            let ((s_graded, s_good), _) = per_service.get(number).copied().unwrap_or_default();
            let share = team.share(good, graded);
            let was = team.share(was_good, was_graded);
            vec![
                json!(format!("{number}. {title}")),
                team.count(graded),
                share.clone(),
                super::change(&share, &was),
                service.share(s_good, s_graded),
            ]
        })
        .collect();
    use super::quarterly::{action_count, open_actions, ActionMoment};
    let open = open_actions(conn, team, None)?;
    let overdue = open_actions(conn, team, Some(today))?;
    let completed = (
        action_count(conn, period, team, ActionMoment::Completed)?,
        action_count(conn, before, team, ActionMoment::Completed)?,
    );
    Ok(vec![
        table(
            "standards",
            "Good or better on each standard: the team, its change on the previous period, and the service as a whole",
            &[
                "Standard",
                "Team judgements",
                "Team good or better (%)",
                "Change (points)",
                "Service good or better (%)",
            ],
            standards_rows,
        ),
        table(
            "actions",
            "The team's actions",
            &["Measure", "This period", "Previous period"],
            vec![
                vec![json!("Open today"), team.count(open), Value::Null],
                vec![json!("Overdue today"), team.count(overdue), Value::Null],
                vec![
                    json!("Completed"),
                    team.count(completed.0),
                    team.count(completed.1),
                ],
            ],
        ),
    ])
}
