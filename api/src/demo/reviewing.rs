//! A year of the reviewing officer's work for the demo council: a monitoring form after each
//! looked-after child's review and child protection conference, practice alerts raised from
//! the worrying ones, and escalations at every stage of the dispute resolution process (some
//! answered, some resolved and accepted, one withdrawn, one referred to Cafcass). The
//! organisation names who holds each stage: each service's head and assistant director, and
//! the directorate's director.
//!
//! Drawn from a generator of its own, so the rest of the council is unchanged.

use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use time::{Date, Duration};

use super::chunk_for;
use super::{at, id_at, CaseInfo, DemoRefusal, Team};
use crate::calendar::Calendar;
use crate::cases::dto::CaseCategory;
use crate::db::schema::{
    escalation_events, escalations, monitoring_forms, monitoring_quality_checks, org_units,
};
use crate::db::types::{AnyId, EscalationId, EventId, FormId, QualityCheckId, UnitId, UserId};
use crate::db::DbConn;
use crate::escalations::dto::{EscalationSource, EscalationStatus, EventKind};
use crate::escalations::model::{EscalationRow, EventRow};
use crate::monitoring::dto::{
    ChildParticipation, FormStatus, MeetingType, PlanProgress, QualityRating,
};
use crate::monitoring::model::{FormRow, QualityCheckRow};
use crate::settings::Rules;

/// Who holds each stage of the process.
pub(super) struct Ladder<'a> {
    pub directorate: UnitId,
    pub director: UserId,
    pub services: &'a [UnitId],
    pub heads: &'a [UserId],
    pub assistant_directors: &'a [UserId],
    pub officer: UserId,
}

const CONCERNS: [&str; 4] = [
    "The plan has drifted since the last review: actions agreed then are not done",
    "Contact with siblings has not happened as the plan says",
    "The child's views are not reflected in the plan",
    "Statutory visits have lapsed in the last three months",
];

/// Writes the leads, the forms and the escalations; answers rows per table.
pub(super) fn seed(
    conn: &mut DbConn,
    seed: u64,
    anchor: Date,
    ladder: &Ladder<'_>,
    teams: &[Team],
    cases: &[CaseInfo],
    calendar: &Calendar,
) -> Result<Vec<(&'static str, usize)>, DemoRefusal> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x1e0_1e0);
    for (n, service) in ladder.services.iter().enumerate() {
        diesel::update(org_units::table.find(service))
            .set((
                org_units::lead_user_id.eq(ladder.heads.get(n).copied()),
                org_units::assistant_director_id.eq(ladder.assistant_directors.get(n).copied()),
            ))
            .execute(conn)?;
    }
    diesel::update(org_units::table.find(ladder.directorate))
        .set(org_units::lead_user_id.eq(Some(ladder.director)))
        .execute(conn)?;

    let reviewed: Vec<&CaseInfo> = cases
        .iter()
        .filter(|c| {
            matches!(
                c.category,
                CaseCategory::ChildInCare | CaseCategory::ChildProtection
            )
        })
        .collect();
    let mut forms = Vec::new();
    let mut checks = Vec::new();
    let mut raised = Vec::new();
    let mut alerts: Vec<EscalationRow> = Vec::new();
    let mut events = Vec::new();
    let rules = Rules::DEFAULTS;
    let start = anchor - Duration::days(365);
    for week in 0..52i64 {
        if reviewed.is_empty() {
            break;
        }
        let case = reviewed[rng.random_range(0..reviewed.len())];
        let day = start + Duration::days(week * 7 + rng.random_range(0..5));
        let meeting_type = match case.category {
            CaseCategory::ChildInCare => MeetingType::ClaReview,
            _ if rng.random_bool(0.3) => MeetingType::Icpc,
            _ => MeetingType::Rcpc,
        };
        let written = at(day, &mut rng);
        let id: FormId = id_at(written, &mut rng);
        let worrying = rng.random_bool(0.45);
        let in_time = rng.random_bool(0.85);
        let draft = week >= 51;
        forms.push(FormRow {
            id,
            case_id: case.id,
            team_id: teams[case.team].id,
            officer_id: ladder.officer,
            meeting_type,
            meeting_on: day,
            held_in_timescale: Some(in_time),
            timescale_reason: (!in_time).then(|| "The family asked to move it a week".into()),
            child_participated: Some(match rng.random_range(0..4) {
                0 => ChildParticipation::Attended,
                1 => ChildParticipation::ViewsShared,
                2 => ChildParticipation::Advocate,
                _ => ChildParticipation::NotParticipated,
            }),
            child_participation_notes: Some(
                "Views gathered before the meeting by the worker".into(),
            ),
            plan_progressing: Some(if worrying {
                PlanProgress::No
            } else if rng.random_bool(0.3) {
                PlanProgress::Partly
            } else {
                PlanProgress::Yes
            }),
            concerns: worrying.then(|| CONCERNS[rng.random_range(0..CONCERNS.len())].into()),
            good_practice: (!worrying && rng.random_bool(0.5))
                .then(|| "Thoughtful direct work; the child's words are in the plan".into()),
            status: if draft {
                FormStatus::Draft
            } else {
                FormStatus::Submitted
            },
            submitted_at: (!draft).then_some(written),
            version: 2,
            created_at: written,
            updated_at: written,
            created_by: Some(ladder.officer),
        });
        for number in [2, 3, 5, 9] {
            let rating = if worrying && number == 3 {
                QualityRating::Concern
            } else if rng.random_bool(0.5) {
                QualityRating::Good
            } else {
                QualityRating::Adequate
            };
            checks.push(QualityCheckRow {
                id: id_at::<QualityCheckId>(written, &mut rng),
                form_id: id,
                standard_number: number,
                rating,
                comment: (rating == QualityRating::Concern)
                    .then(|| "The plan is not SMART and has not moved on".into()),
            });
        }
        if worrying && !draft {
            raised.push((id, case, written));
        }
    }
    // The worrying forms raise alerts; the process runs its course for each.
    let count = raised.len();
    for (n, (form, case, written)) in raised.into_iter().enumerate() {
        let team = &teams[case.team];
        let service = team.service_index;
        // Spread across every stage: most alerts answered at stage 0, the rest taken on.
        let reached = match n % 8 {
            0..=2 => 0,
            3 | 4 => 1,
            5 => 2,
            6 => 3,
            _ => 4,
        };
        let holder_at = |stage: i32| match stage {
            0 | 1 => case.manager,
            2 => ladder.heads[service],
            3 => ladder.assistant_directors[service],
            _ => ladder.director,
        };
        let id: EscalationId = id_at(written, &mut rng);
        let raised_on = written.date();
        let recent = (anchor - raised_on).whole_days() < 30;
        let open = recent || n + 1 == count;
        let mut when = written;
        let mut stage_started = raised_on;
        let mut formal_started = None;
        events.push(EventRow {
            id: id_at::<EventId>(when, &mut rng),
            escalation_id: id,
            kind: EventKind::Raised,
            actor_id: Some(ladder.officer),
            text: Some("Raised from the monitoring form".into()),
            stage: Some(0),
            created_at: when,
            holder_id: Some(holder_at(0)),
        });
        for stage in 1..=reached {
            when += Duration::days(rng.random_range(8..15));
            stage_started = when.date();
            if stage == 1 {
                formal_started = Some(stage_started);
            }
            events.push(EventRow {
                id: id_at::<EventId>(when, &mut rng),
                escalation_id: id,
                kind: EventKind::StageChange,
                actor_id: Some(ladder.officer),
                text: Some("No resolution at the stage before".into()),
                stage: Some(stage),
                created_at: when,
                holder_id: Some(holder_at(stage)),
            });
        }
        let resolved_at = (!open).then(|| when + Duration::days(rng.random_range(2..6)));
        let withdrawn = n == 1;
        if let Some(at) = resolved_at {
            let kind = if withdrawn {
                EventKind::Withdrawn
            } else {
                EventKind::Resolved
            };
            events.push(EventRow {
                id: id_at::<EventId>(at, &mut rng),
                escalation_id: id,
                kind,
                actor_id: Some(if withdrawn {
                    ladder.officer
                } else {
                    holder_at(reached)
                }),
                text: Some(if withdrawn {
                    "Raised on the wrong case".into()
                } else {
                    "Plan reviewed with the family; actions dated and owned".into()
                }),
                stage: Some(reached),
                created_at: at,
                holder_id: Some(holder_at(reached)),
            });
        }
        let cafcass = case.category == CaseCategory::ChildInCare && reached >= 3;
        let stage_days = if reached == 0 {
            rules.practice_alert_reply_working_days
        } else {
            rules.dispute_stage_working_days
        };
        alerts.push(EscalationRow {
            id,
            case_id: case.id,
            team_id: team.id,
            source: EscalationSource::MonitoringForm,
            source_id: Some(AnyId::from(form.uuid())),
            raised_by: Some(ladder.officer),
            raised_to: Some(holder_at(reached)),
            category: Some("drift_in_planning".into()),
            standards: "3".into(),
            concern: "Raised from the monitoring form after the review".into(),
            stage: reached,
            stage_due_on: calendar
                .add_working_days(stage_started, stage_days)
                .unwrap_or(stage_started),
            status: match (resolved_at, withdrawn) {
                (None, _) => EscalationStatus::Open,
                (Some(_), true) => EscalationStatus::Withdrawn,
                (Some(_), false) => EscalationStatus::Resolved,
            },
            resolution: resolved_at
                .filter(|_| !withdrawn)
                .map(|_| "Plan reviewed with the family; actions dated and owned".into()),
            resolved_by: resolved_at
                .filter(|_| !withdrawn)
                .map(|_| holder_at(reached)),
            resolved_at: resolved_at.filter(|_| !withdrawn),
            version: 2 + reached,
            created_at: written,
            updated_at: resolved_at.unwrap_or(when),
            created_by: Some(ladder.officer),
            replied_at: (reached > 0 || resolved_at.is_some()).then_some(when),
            formal_started_on: formal_started,
            formal_due_on: formal_started
                .and_then(|d| calendar.add_working_days(d, rules.dispute_formal_working_days)),
            accepted_at: resolved_at
                .filter(|_| !withdrawn && n % 3 != 0)
                .map(|at| at + Duration::days(1)),
            cafcass_referred_on: cafcass.then(|| when.date()),
            withdrawn_reason: withdrawn.then(|| "Raised on the wrong case".into()),
        });
    }
    Ok(vec![
        (
            "monitoring_forms",
            insert_chunks!(conn, monitoring_forms::table, &forms, 19),
        ),
        (
            "monitoring_quality_checks",
            insert_chunks!(conn, monitoring_quality_checks::table, &checks, 5),
        ),
        (
            "escalations",
            insert_chunks!(conn, escalations::table, &alerts, 26),
        ),
        (
            "escalation_events",
            insert_chunks!(conn, escalation_events::table, &events, 8),
        ),
    ])
}
