//! Action plans for the demo council: each service has an improvement plan on the standard it
//! is weakest at, owned by its head of service, with actions at every stage and a measure whose
//! monthly readings climb towards the target over the year.
//!
//! Drawn from a generator of its own, so the rest of the council is unchanged.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use time::{Date, Duration};

use super::{at, chunk_for, id_at, DemoRefusal, Team};
use crate::actions::dto::{ActionKind, ActionStatus, PlanSource};
use crate::actions::model::{ActionRow, PlanRow};
use crate::db::schema::{action_plans, actions, measure_readings, plan_measures};
use crate::db::types::{ActionId, MeasureId, PlanId, ReadingId, UnitId, UserId};
use crate::db::DbConn;
use crate::plans::dto::MeasureMethod;
use crate::plans::model::{MeasureRow, ReadingRow};

const PLANS: [(&str, i32, &str); 3] = [
    (
        "The child's lived experience in every record",
        5,
        "Records showing the child's words and wishes (%)",
    ),
    (
        "Management oversight that moves plans on",
        9,
        "Supervision recorded on the case every four weeks (%)",
    ),
    (
        "Plans that are specific and reviewed",
        3,
        "Plans with dated, owned actions (%)",
    ),
];

const ACTIONS: [(&str, ActionKind); 3] = [
    (
        "Direct work tools session for every team",
        ActionKind::Training,
    ),
    (
        "Practice guide on recording the child's voice",
        ActionKind::PracticeDevelopment,
    ),
    (
        "Case recording template gains a 'child's words' section",
        ActionKind::ServiceImprovement,
    ),
];

/// Writes the plans, their actions and measures; answers rows per table.
pub(super) fn seed(
    conn: &mut DbConn,
    seed: u64,
    anchor: Date,
    services: &[UnitId],
    heads: &[UserId],
    teams: &[Team],
) -> Result<Vec<(&'static str, usize)>, DemoRefusal> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x9_1a45);
    let start = anchor - Duration::days(330);
    let (mut plans, mut tasks, mut measures, mut readings) = (vec![], vec![], vec![], vec![]);
    for (n, (service, head)) in services.iter().zip(heads).enumerate() {
        let (title, standard, measure) = PLANS[n % PLANS.len()];
        let made = at(start, &mut rng);
        let plan: PlanId = id_at(made, &mut rng);
        plans.push(PlanRow {
            id: plan,
            source: PlanSource::SelfEvaluation,
            source_id: None,
            title: title.into(),
            owner_id: Some(*head),
            case_id: None,
            team_id: Some(*service),
            status: "open".into(),
            version: 4,
            created_at: made,
            updated_at: made,
            created_by: Some(*head),
            due_on: Some(anchor + Duration::days(90)),
        });
        let manager = teams
            .iter()
            .find(|t| t.service_index == n)
            .map_or(*head, |t| t.manager);
        for (k, (description, kind)) in ACTIONS.iter().enumerate() {
            let raised = made + Duration::days(7 * k as i64);
            let due_on = raised.date() + Duration::days(60 + 60 * k as i64);
            let (status, done) = match k {
                0 => (ActionStatus::Verified, Some(raised + Duration::days(50))),
                1 if due_on < anchor => {
                    (ActionStatus::Completed, Some(raised + Duration::days(80)))
                }
                _ => (ActionStatus::InProgress, None),
            };
            tasks.push(ActionRow {
                id: id_at::<ActionId>(raised, &mut rng),
                plan_id: plan,
                audit_id: None,
                case_id: None,
                team_id: Some(*service),
                description: (*description).into(),
                owner_id: Some(manager),
                due_on,
                kind: *kind,
                standard_number: Some(standard),
                status,
                evidence: done.map(|_| "Delivered to every team; attendance recorded".into()),
                impact: (status == ActionStatus::Verified)
                    .then(|| "Audits since show the child's words more often".into()),
                cancel_reason: None,
                completed_at: done,
                verified_at: (status == ActionStatus::Verified)
                    .then(|| raised + Duration::days(60)),
                verified_by: None,
                version: 3,
                created_at: raised,
                updated_at: done.unwrap_or(raised),
                created_by: Some(*head),
            });
        }
        let id: MeasureId = id_at(made, &mut rng);
        let baseline = 40.0 + f64::from(rng.random_range(0..10));
        measures.push(MeasureRow {
            id,
            plan_id: plan,
            description: measure.into(),
            standard_number: Some(standard),
            method: MeasureMethod::PerformanceIndicator,
            baseline_value: baseline,
            baseline_on: start,
            target_value: 75.0,
            target_on: anchor + Duration::days(90),
            created_at: made,
            created_by: Some(*head),
        });
        for month in 1..=10i64 {
            let on = start + Duration::days(30 * month);
            let value =
                (baseline + 2.8 * month as f64 + f64::from(rng.random_range(-3..3))).round();
            readings.push(ReadingRow {
                id: id_at::<ReadingId>(at(on, &mut rng), &mut rng),
                measure_id: id,
                value,
                read_on: on,
                note: Some("Monthly dip sample of 20 records".into()),
                action_id: None,
                created_at: at(on, &mut rng),
                created_by: Some(*head),
            });
        }
    }
    Ok(vec![
        (
            "action_plans",
            insert_chunks!(conn, action_plans::table, &plans, 13),
        ),
        ("actions", insert_chunks!(conn, actions::table, &tasks, 21)),
        (
            "plan_measures",
            insert_chunks!(conn, plan_measures::table, &measures, 11),
        ),
        (
            "measure_readings",
            insert_chunks!(conn, measure_readings::table, &readings, 8),
        ),
    ])
}
