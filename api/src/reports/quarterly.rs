//! The quarterly QA report the PQA manager presents to the leadership team: audits and their
//! grades, the standards, remedial actions and alerts, escalations, observations, compliments
//! and complaints with each stage's timeliness, participation, action plans, moderation and the
//! most frequent learning themes, each beside the previous period.

use std::collections::{BTreeMap, HashMap};

use diesel::dsl::count_star;
use diesel::prelude::*;
use serde_json::{json, Value};
use time::{Date, PrimitiveDateTime};

use super::{calibration, change, heatmap, Definition, Period, ReportTable, Scope};
use crate::actions::dto::{ActionStatus, Severity};
use crate::audits::dto::AuditKind;
use crate::db::schema::{
    action_plans, actions, audits, complaint_stages, escalations, feedback, observations,
    safeguarding_alerts,
};
use crate::db::types::{CaseId, UnitId};
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::escalations::dto::{EscalationSource, EscalationStatus};
use crate::feedback::dto::{ComplaintOutcome, FeedbackKind};
use crate::observations::dto::ObservationStatus;

use super::tallies::AuditCount;

/// Feedback: kind, team, received, themes, answered.
type FeedbackDates = (
    FeedbackKind,
    Option<UnitId>,
    Date,
    Option<String>,
    Option<Date>,
);

/// A complaint's stage: number, responded, in time, outcome, team.
type StageDates = (
    i32,
    Option<Date>,
    Option<bool>,
    Option<ComplaintOutcome>,
    Option<UnitId>,
);

fn table(name: &str, caption: &str, columns: &[&str], rows: Vec<Vec<Value>>) -> ReportTable {
    ReportTable {
        name: name.into(),
        caption: caption.into(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows,
    }
}

/// A row of a measure counted now and before.
fn compared(scope: &Scope, label: &str, now: i64, before: i64) -> Vec<Value> {
    vec![json!(label), scope.count(now), scope.count(before)]
}

/// Audits submitted in a period: (team, kind, overall grade) → count, grouped in the database.
fn audit_counts(conn: &mut DbConn, period: Period, scope: &Scope) -> ApiResult<Vec<AuditCount>> {
    let rows = super::tallies::audit_counts(conn, period)?;
    Ok(rows
        .into_iter()
        .filter(|(team, ..)| scope.covers(*team))
        .collect())
}

fn in_period(at: Option<PrimitiveDateTime>, period: Period) -> bool {
    at.is_some_and(|t| period.holds_instant(t))
}

/// The report's tables, definitions and notes.
pub fn build(
    conn: &mut DbConn,
    period: Period,
    scope: &Scope,
    today: Date,
) -> ApiResult<(Vec<ReportTable>, Vec<Definition>, Vec<String>)> {
    let before = period.previous();
    let ranks = super::grade_ranks(conn)?;
    let mut tables = Vec::new();
    let mut notes = Vec::new();

    // Audits: how many, of which kind, and their overall grades.
    let now_audits = audit_counts(conn, period, scope)?;
    let then_audits = audit_counts(conn, before, scope)?;
    let total = |rows: &[AuditCount]| rows.iter().map(|r| r.3).sum::<i64>();
    let mut rows = vec![compared(
        scope,
        "Audits submitted",
        total(&now_audits),
        total(&then_audits),
    )];
    for kind in AuditKind::ALL {
        let of = |rows: &[AuditCount]| {
            rows.iter()
                .filter(|r| r.1 == *kind)
                .map(|r| r.3)
                .sum::<i64>()
        };
        rows.push(compared(
            scope,
            &format!("of which {}", kind.as_str().replace('_', " ")),
            of(&now_audits),
            of(&then_audits),
        ));
    }
    tables.push(table(
        "audits",
        "Audits submitted in the period, by kind",
        &["Measure", "This period", "Previous period"],
        rows,
    ));
    let mut grades: Vec<(String, i32)> = ranks.iter().map(|(g, r)| (g.clone(), *r)).collect();
    grades.sort_by_key(|(_, r)| -r);
    grades.dedup_by(|a, b| a.0 == b.0);
    let grade_of = |rows: &[AuditCount], grade: &str| {
        rows.iter()
            .filter(|r| r.2.as_deref() == Some(grade))
            .map(|r| r.3)
            .sum::<i64>()
    };
    let (now_total, then_total) = (total(&now_audits), total(&then_audits));
    tables.push(table(
        "overall-grades",
        "Overall grades of the audits submitted",
        &[
            "Grade",
            "This period",
            "Share (%)",
            "Previous period",
            "Previous share (%)",
        ],
        grades
            .iter()
            .map(|(grade, _)| {
                let (n, b) = (grade_of(&now_audits, grade), grade_of(&then_audits, grade));
                vec![
                    json!(grade.replace('_', " ")),
                    scope.count(n),
                    scope.share(n, now_total),
                    scope.count(b),
                    scope.share(b, then_total),
                ]
            })
            .collect(),
    ));

    // The standards: good or better on each, now and before.
    let framework = crate::standards::repo::current_framework(conn)?.id;
    let standards: Vec<(i32, String)> = crate::standards::repo::standards_of(conn, framework)?
        .into_iter()
        .map(|s| (s.number, s.title))
        .collect();
    let now_tally = heatmap::tally(conn, period, scope)?;
    let then_tally = heatmap::tally(conn, before, scope)?;
    let per = heatmap::per_standard(&now_tally, &then_tally);
    tables.push(table(
        "standards",
        "Judgements graded good or better on each practice standard (not applicable left out)",
        &[
            "Standard",
            "Judgements",
            "Good or better (%)",
            "Previous judgements",
            "Previous good or better (%)",
            "Change (points)",
        ],
        standards
            .iter()
            .map(|(number, title)| {
                let ((graded, good), (was_graded, was_good)) =
                    per.get(number).copied().unwrap_or_default();
                let share = scope.share(good, graded);
                let was = scope.share(was_good, was_graded);
                vec![
                    json!(format!("{number}. {title}")),
                    scope.count(graded),
                    share.clone(),
                    scope.count(was_graded),
                    was.clone(),
                    change(&share, &was),
                ]
            })
            .collect(),
    ));
    tables.push(trend(
        conn,
        period,
        scope,
        &standards,
        [&then_tally, &now_tally],
    )?);
    let mut by_team: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    for (team, _, grade, n) in &now_audits {
        let cell = by_team.entry(scope.name(*team)).or_default();
        cell.0 += n;
        if grade
            .as_ref()
            .and_then(|g| ranks.get(g))
            .is_some_and(|r| *r >= super::GOOD_RANK)
        {
            cell.1 += n;
        }
    }
    for (team, _, _, n) in &then_audits {
        by_team.entry(scope.name(*team)).or_default().2 += n;
    }
    tables.push(table(
        "by-team",
        "Audits per team and the share graded good or better overall",
        &[
            "Team",
            "Audits",
            "Good or better overall (%)",
            "Previous audits",
        ],
        by_team
            .into_iter()
            .map(|(team, (n, good, was))| {
                vec![
                    json!(team),
                    scope.count(n),
                    scope.share(good, n),
                    scope.count(was),
                ]
            })
            .collect(),
    ));

    // Remedial actions and safeguarding alerts.
    let (since, _) = before.instants();
    let count =
        |conn: &mut DbConn, p: Period, when: ActionMoment| action_count(conn, p, scope, when);
    let raised = (
        count(conn, period, ActionMoment::Raised)?,
        count(conn, before, ActionMoment::Raised)?,
    );
    let completed = (
        count(conn, period, ActionMoment::Completed)?,
        count(conn, before, ActionMoment::Completed)?,
    );
    let verified = (
        count(conn, period, ActionMoment::Verified)?,
        count(conn, before, ActionMoment::Verified)?,
    );
    let overdue_now = open_actions(conn, scope, Some(today))?;
    let alerts: Vec<(Severity, PrimitiveDateTime, UnitId)> = safeguarding_alerts::table
        .inner_join(audits::table.on(audits::id.eq(safeguarding_alerts::audit_id)))
        .filter(safeguarding_alerts::created_at.ge(since))
        .select((
            safeguarding_alerts::severity,
            safeguarding_alerts::created_at,
            audits::team_id,
        ))
        .load(conn)?;
    let alerts: Vec<_> = alerts.into_iter().filter(|a| scope.covers(a.2)).collect();
    let mut rows = vec![
        compared(scope, "Actions raised", raised.0, raised.1),
        compared(scope, "Actions completed", completed.0, completed.1),
        compared(scope, "Actions verified", verified.0, verified.1),
        vec![
            json!("Actions open and overdue today"),
            scope.count(overdue_now),
            Value::Null,
        ],
    ];
    for severity in Severity::ALL {
        let of = |p: Period| {
            alerts
                .iter()
                .filter(|a| a.0 == *severity && p.holds_instant(a.1))
                .count() as i64
        };
        rows.push(compared(
            scope,
            &format!("Safeguarding alerts ({})", severity.as_str()),
            of(period),
            of(before),
        ));
    }
    tables.push(table(
        "actions",
        "Remedial and improvement actions, and safeguarding alerts",
        &["Measure", "This period", "Previous period"],
        rows,
    ));

    // Escalations: raised by source, resolved, open and overdue by stage, recurring cases.
    let raised_by_source =
        |conn: &mut DbConn, p: Period| -> ApiResult<Vec<(EscalationSource, i64)>> {
            let (start, end) = p.instants();
            Ok(escalations::table
                .filter(escalations::created_at.ge(start))
                .filter(escalations::created_at.lt(end))
                .filter(super::escalation_teams(scope))
                .group_by(escalations::source)
                .select((escalations::source, count_star()))
                .load(conn)?)
        };
    let resolved = |conn: &mut DbConn, p: Period| -> ApiResult<i64> {
        let (start, end) = p.instants();
        Ok(escalations::table
            .filter(escalations::resolved_at.ge(start))
            .filter(escalations::resolved_at.lt(end))
            .filter(super::escalation_teams(scope))
            .count()
            .get_result(conn)?)
    };
    let (now_raised, then_raised) = (
        raised_by_source(conn, period)?,
        raised_by_source(conn, before)?,
    );
    let sum = |rows: &[(EscalationSource, i64)]| rows.iter().map(|r| r.1).sum::<i64>();
    let mut rows = vec![
        compared(scope, "Raised", sum(&now_raised), sum(&then_raised)),
        compared(
            scope,
            "Resolved",
            resolved(conn, period)?,
            resolved(conn, before)?,
        ),
    ];
    for source in EscalationSource::ALL {
        let of = |rows: &[(EscalationSource, i64)]| {
            rows.iter()
                .filter(|r| r.0 == *source)
                .map(|r| r.1)
                .sum::<i64>()
        };
        rows.push(compared(
            scope,
            &format!("Raised from {}", source.as_str().replace('_', " ")),
            of(&now_raised),
            of(&then_raised),
        ));
    }
    // Grouped by due date too, a few hundred rows however many are open.
    let open_at_stage: Vec<(i32, bool, i64)> = escalations::table
        .filter(escalations::status.eq(EscalationStatus::Open))
        .filter(super::escalation_teams(scope))
        .group_by((escalations::stage, escalations::stage_due_on))
        .select((escalations::stage, escalations::stage_due_on, count_star()))
        .load::<(i32, Date, i64)>(conn)?
        .into_iter()
        .map(|(stage, due, n)| (stage, due < today, n))
        .collect();
    for stage in 0..=4 {
        let at: i64 = open_at_stage
            .iter()
            .filter(|e| e.0 == stage)
            .map(|e| e.2)
            .sum();
        if at == 0 {
            continue;
        }
        let overdue: i64 = open_at_stage
            .iter()
            .filter(|e| e.0 == stage && e.1)
            .map(|e| e.2)
            .sum();
        rows.push(vec![
            json!(format!("Open today at stage {stage}")),
            scope.count(at),
            Value::Null,
        ]);
        rows.push(vec![
            json!(format!("of which overdue at stage {stage}")),
            scope.count(overdue),
            Value::Null,
        ]);
    }
    let (start, end) = period.instants();
    let recurring = escalations::table
        .filter(escalations::created_at.ge(start))
        .filter(escalations::created_at.lt(end))
        .filter(super::escalation_teams(scope))
        .group_by(escalations::case_id)
        .having(count_star().gt(1))
        .select(escalations::case_id)
        .load::<CaseId>(conn)?
        .len() as i64;
    rows.push(vec![
        json!("Cases escalated more than once in the period"),
        scope.count(recurring),
        Value::Null,
    ]);
    tables.push(table(
        "escalations",
        "Escalations and practice alerts",
        &["Measure", "This period", "Previous period"],
        rows,
    ));

    // Observations of practice.
    let obs: Vec<(UnitId, ObservationStatus, Option<PrimitiveDateTime>)> = observations::table
        .filter(observations::submitted_at.ge(since))
        .select((
            observations::team_id,
            observations::status,
            observations::submitted_at,
        ))
        .load(conn)?;
    let observed = |p: Period| {
        obs.iter()
            .filter(|o| {
                scope.covers(o.0) && o.1 != ObservationStatus::Cancelled && in_period(o.2, p)
            })
            .count() as i64
    };
    tables.push(table(
        "observations",
        "Observations of practice submitted",
        &["Measure", "This period", "Previous period"],
        vec![compared(
            scope,
            "Observations submitted",
            observed(period),
            observed(before),
        )],
    ));

    // Compliments, complaints (each stage's timeliness and outcomes) and participation.
    let fb: Vec<FeedbackDates> = feedback::table
        .filter(
            feedback::received_on
                .ge(before.from)
                .or(feedback::we_did_on.ge(before.from)),
        )
        .select((
            feedback::kind,
            feedback::team_id,
            feedback::received_on,
            feedback::themes.nullable(),
            feedback::we_did_on,
        ))
        .load(conn)?;
    let covered = |team: Option<UnitId>| match team {
        Some(t) => scope.covers(t),
        None => scope.whole,
    };
    let fb: Vec<_> = fb.into_iter().filter(|f| covered(f.1)).collect();
    let received = |kind: FeedbackKind, p: Period| {
        fb.iter().filter(|f| f.0 == kind && p.holds(f.2)).count() as i64
    };
    let mut rows = Vec::new();
    for (kind, label) in [
        (FeedbackKind::Compliment, "Compliments received"),
        (FeedbackKind::Complaint, "Complaints received"),
        (
            FeedbackKind::Participation,
            "Participation: statements and forums",
        ),
        (FeedbackKind::SurveyResponse, "Survey responses"),
    ] {
        rows.push(compared(
            scope,
            label,
            received(kind, period),
            received(kind, before),
        ));
    }
    let answered = |p: Period| {
        fb.iter()
            .filter(|f| f.0 == FeedbackKind::Participation && f.4.is_some_and(|d| p.holds(d)))
            .count() as i64
    };
    rows.push(compared(
        scope,
        "Participants answered with 'you said, we did'",
        answered(period),
        answered(before),
    ));
    tables.push(table(
        "feedback",
        "Compliments, complaints and participation",
        &["Measure", "This period", "Previous period"],
        rows,
    ));
    let stages: Vec<StageDates> = complaint_stages::table
        .inner_join(feedback::table.on(feedback::id.eq(complaint_stages::feedback_id)))
        .filter(complaint_stages::responded_on.ge(before.from))
        .select((
            complaint_stages::stage,
            complaint_stages::responded_on,
            complaint_stages::responded_in_time,
            complaint_stages::outcome,
            feedback::team_id,
        ))
        .load(conn)?;
    let stages: Vec<_> = stages.into_iter().filter(|s| covered(s.4)).collect();
    let mut rows = Vec::new();
    for stage in 1..=3 {
        let done = |p: Period| -> (i64, i64) {
            let answered: Vec<_> = stages
                .iter()
                .filter(|s| s.0 == stage && s.1.is_some_and(|d| p.holds(d)))
                .collect();
            (
                answered.len() as i64,
                answered.iter().filter(|s| s.2 == Some(true)).count() as i64,
            )
        };
        let ((n, in_time), (was, was_in_time)) = (done(period), done(before));
        let share = scope.share(in_time, n);
        let was_share = scope.share(was_in_time, was);
        let mut row = vec![
            json!(format!("Stage {stage}")),
            scope.count(n),
            scope.count(in_time),
            share.clone(),
            was_share.clone(),
            change(&share, &was_share),
        ];
        for outcome in ComplaintOutcome::ALL {
            row.push(
                scope.count(
                    stages
                        .iter()
                        .filter(|s| {
                            s.0 == stage
                                && s.3 == Some(*outcome)
                                && s.1.is_some_and(|d| period.holds(d))
                        })
                        .count() as i64,
                ),
            );
        }
        rows.push(row);
    }
    let mut columns = vec![
        "Stage",
        "Responded",
        "In time",
        "In time (%)",
        "Previous in time (%)",
        "Change (points)",
    ];
    columns.extend(["Upheld", "Partially upheld", "Not upheld"]);
    tables.push(table(
        "complaints",
        "Complaints answered at each stage and how many within their (extended) time",
        &columns,
        rows,
    ));

    // Action plans.
    let open_plans: Vec<(Option<UnitId>, i64)> = action_plans::table
        .filter(action_plans::status.eq("open"))
        .group_by(action_plans::team_id)
        .select((action_plans::team_id, count_star()))
        .load(conn)?;
    let open_plans: i64 = open_plans
        .into_iter()
        .filter(|p| covered(p.0))
        .map(|p| p.1)
        .sum();
    tables.push(table(
        "action-plans",
        "Action plans open today",
        &["Measure", "Today", "Previous period"],
        vec![vec![
            json!("Open action plans"),
            scope.count(open_plans),
            Value::Null,
        ]],
    ));

    // Moderation.
    let (moderated, agreed) = calibration::agreement(conn, period, scope)?;
    let (was_moderated, was_agreed) = calibration::agreement(conn, before, scope)?;
    let share = scope.share(agreed, moderated);
    let was_share = scope.share(was_agreed, was_moderated);
    tables.push(table(
        "moderation",
        "Moderation: audits moderated and agreement on the overall grade",
        &[
            "Measure",
            "This period",
            "Previous period",
            "Change (points)",
        ],
        vec![
            vec![
                json!("Audits moderated"),
                scope.count(moderated),
                scope.count(was_moderated),
                Value::Null,
            ],
            vec![
                json!("Agreement (%)"),
                share.clone(),
                was_share.clone(),
                change(&share, &was_share),
            ],
        ],
    ));

    // Learning themes: one theme model across feedback and escalations.
    let mut themes: HashMap<String, (i64, i64)> = HashMap::new();
    for (_, _, day, list, _) in &fb {
        for theme in list
            .as_deref()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let cell = themes.entry(theme.to_lowercase()).or_default();
            if period.holds(*day) {
                cell.0 += 1;
            } else if before.holds(*day) {
                cell.1 += 1;
            }
        }
    }
    // Escalation categories counted per period in the database: a few dozen rows.
    for (p, now) in [(period, true), (before, false)] {
        let (start, end) = p.instants();
        let categories: Vec<(Option<String>, i64)> = escalations::table
            .filter(escalations::created_at.ge(start))
            .filter(escalations::created_at.lt(end))
            .filter(super::escalation_teams(scope))
            .filter(escalations::category.is_not_null())
            .group_by(escalations::category)
            .select((escalations::category, count_star()))
            .load(conn)?;
        for (category, n) in categories {
            let Some(category) = category else { continue };
            let cell = themes.entry(category.trim().to_lowercase()).or_default();
            if now {
                cell.0 += n;
            } else {
                cell.1 += n;
            }
        }
    }
    let mut ranked: Vec<(String, (i64, i64))> =
        themes.into_iter().filter(|(_, (n, _))| *n > 0).collect();
    ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    ranked.truncate(10);
    tables.push(table(
        "learning-themes",
        "The most frequent themes raised in feedback and escalations",
        &["Theme", "This period", "Previous period"],
        ranked
            .into_iter()
            .map(|(theme, (n, was))| compared(scope, &theme, n, was))
            .collect(),
    ));
    if now_total == 0 {
        notes.push("No audits were submitted in this period.".into());
    }
    let definitions = vec![
        Definition {
            term: "Period".into(),
            meaning: "An audit counts in the period of its submission date in Europe/London; other records by the date they were received, raised, answered or submitted.".into(),
        },
        Definition {
            term: "Good or better".into(),
            meaning: "Graded good or outstanding; judgements marked not applicable are left out of every denominator.".into(),
        },
        Definition {
            term: "In time".into(),
            meaning: "Answered by the stage's due date counted in working days, with any extension (statutory: 10 working days at stage 1, extendable to 20; 25 at stage 2, extendable to 65).".into(),
        },
        Definition {
            term: "Agreement".into(),
            meaning: "The moderator's overall grade equals the auditor's.".into(),
        },
        Definition {
            term: "Fewer than 5".into(),
            meaning: "For the Performance Team's view, a count of fewer than 5 children or staff is withheld.".into(),
        },
    ];
    Ok((tables, definitions, notes))
}

/// Good or better on each standard over the four periods ending with this one (for a quarter,
/// the last four calendar quarters), oldest first: the report's trend lines.
fn trend(
    conn: &mut DbConn,
    period: Period,
    scope: &Scope,
    standards: &[(i32, String)],
    [previous, current]: [&heatmap::Tally; 2],
) -> ApiResult<ReportTable> {
    let third = period.previous().previous();
    let fourth = third.previous();
    let tallies = [
        heatmap::tally(conn, fourth, scope)?,
        heatmap::tally(conn, third, scope)?,
    ];
    let periods = [fourth, third, period.previous(), period];
    let tallies: [&heatmap::Tally; 4] = [&tallies[0], &tallies[1], previous, current];
    let share_on = |tally: &heatmap::Tally, standard: Option<i32>| {
        let (graded, good) = tally
            .iter()
            .filter(|((_, s), _)| standard.is_none_or(|n| n == *s))
            .fold((0, 0), |(a, b), (_, (g, ok))| (a + g, b + ok));
        scope.share(good, graded)
    };
    let mut columns = vec!["Standard".to_string()];
    columns.extend(periods.iter().map(|p| p.label()));
    let mut rows: Vec<Vec<Value>> = standards
        .iter()
        .map(|(number, title)| {
            let mut row = vec![json!(format!("{number}. {title}"))];
            row.extend(tallies.iter().map(|t| share_on(t, Some(*number))));
            row
        })
        .collect();
    let mut all = vec![json!("All standards")];
    all.extend(tallies.iter().map(|t| share_on(t, None)));
    rows.push(all);
    Ok(ReportTable {
        name: "trend".into(),
        caption: "Judgements graded good or better (%) over the last four periods, oldest first"
            .into(),
        columns,
        rows,
    })
}

/// When an action is counted: raised, completed or verified.
#[derive(Clone, Copy)]
pub(super) enum ActionMoment {
    Raised,
    Completed,
    Verified,
}

/// Actions of the teams raised, completed or verified in the period, counted in the database.
pub(super) fn action_count(
    conn: &mut DbConn,
    period: Period,
    scope: &Scope,
    when: ActionMoment,
) -> ApiResult<i64> {
    let (start, end) = period.instants();
    let of_teams = actions::table.filter(super::action_teams(scope));
    Ok(match when {
        ActionMoment::Raised => of_teams
            .filter(actions::created_at.ge(start))
            .filter(actions::created_at.lt(end))
            .count()
            .get_result(conn)?,
        ActionMoment::Completed => of_teams
            .filter(actions::completed_at.ge(start))
            .filter(actions::completed_at.lt(end))
            .count()
            .get_result(conn)?,
        ActionMoment::Verified => of_teams
            .filter(actions::verified_at.ge(start))
            .filter(actions::verified_at.lt(end))
            .count()
            .get_result(conn)?,
    })
}

/// Actions of the scope open or in progress today; with `due_before`, only those due before it.
pub(super) fn open_actions(
    conn: &mut DbConn,
    scope: &Scope,
    due_before: Option<Date>,
) -> ApiResult<i64> {
    let mut query = actions::table
        .filter(actions::status.eq_any([ActionStatus::Open, ActionStatus::InProgress]))
        .filter(super::action_teams(scope))
        .into_boxed();
    if let Some(day) = due_before {
        query = query.filter(actions::due_on.lt(day));
    }
    Ok(query.count().get_result(conn)?)
}
