//! A year of observations of practice for the demo council: each team manager observes a
//! worker of their team every month, heads of service and the principal social worker observe
//! now and then; a few workers or families decline consent; learning needs cluster on the two
//! standards the council is weakest at (lived experience and management oversight).
//!
//! Drawn from a generator of its own, so adding observations left every audit, case and
//! person of the council as it was.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use time::{Date, Duration, PrimitiveDateTime};

use super::{
    at, chunk_for, id_at, normal, text, CaseInfo, DemoRefusal, Team, GRADE_CODES, STANDARD_BIAS,
};
use crate::db::schema::{
    learning_needs, observation_feedback, observation_judgements, observation_skill_ratings,
    observations,
};
use crate::db::types::{FrameworkId, GradeScaleId, UserId};
use crate::db::DbConn;
use crate::observations::dto::{FeedbackFromRole, ObservationSetting, ObservationStatus};
use crate::observations::model::{
    FeedbackRow, LearningNeedRow, ObservationJudgementRow, ObservationRow, SkillRatingRow,
};

const SKILLS: [&str; 5] = [
    "child_focus",
    "purposefulness",
    "clarity_about_concerns",
    "collaboration",
    "empathy",
];

/// The standards learning needs cluster on: the council's two weakest.
const CLUSTERED_STANDARDS: [i32; 2] = [5, 9];

const SETTINGS: [(ObservationSetting, u32); 7] = [
    (ObservationSetting::HomeVisit, 45),
    (ObservationSetting::DirectWork, 15),
    (ObservationSetting::ChildProtectionConference, 10),
    (ObservationSetting::CoreGroup, 10),
    (ObservationSetting::Supervision, 10),
    (ObservationSetting::Review, 6),
    (ObservationSetting::TeamMeeting, 4),
];

const FOCUSES: [&str; 5] = [
    "How the worker gathers the child's wishes and feelings",
    "Whether the visit has a clear purpose that moves the plan on",
    "How concerns are explained to the family",
    "Use of direct work tools with the child",
    "Working with the other professionals at the meeting",
];

/// Who observes whom, and where the rows go.
pub(super) struct Cast<'a> {
    pub teams: &'a [Team],
    pub heads: &'a [UserId],
    pub psw: UserId,
    pub cases: &'a [CaseInfo],
}

#[derive(Default)]
struct Rows {
    observations: Vec<ObservationRow>,
    judgements: Vec<ObservationJudgementRow>,
    ratings: Vec<SkillRatingRow>,
    feedback: Vec<FeedbackRow>,
    needs: Vec<LearningNeedRow>,
}

/// Writes the year of observations; answers rows per table.
pub(super) fn seed(
    conn: &mut DbConn,
    seed: u64,
    anchor: Date,
    cast: &Cast<'_>,
    framework_id: FrameworkId,
    scale_id: GradeScaleId,
) -> Result<Vec<(&'static str, usize)>, DemoRefusal> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x0b5e_0b5e);
    let mut rows = Rows::default();
    let start = anchor - Duration::days(365);
    for month in 0..12i64 {
        for (index, team) in cast.teams.iter().enumerate() {
            let worker = team.workers[(month as usize + index) % team.workers.len()];
            let day = start + Duration::days(month * 30 + rng.random_range(0..28));
            observe(
                &mut rng,
                &mut rows,
                cast,
                anchor,
                day,
                team.manager,
                worker,
                team,
                framework_id,
                scale_id,
            );
        }
        if month % 3 == 1 {
            for (service, head) in cast.heads.iter().enumerate() {
                let teams: Vec<&Team> = cast
                    .teams
                    .iter()
                    .filter(|t| t.service_index == service)
                    .collect();
                let team = teams[rng.random_range(0..teams.len())];
                let worker = team.workers[rng.random_range(0..team.workers.len())];
                let day = start + Duration::days(month * 30 + rng.random_range(0..28));
                observe(
                    &mut rng,
                    &mut rows,
                    cast,
                    anchor,
                    day,
                    *head,
                    worker,
                    team,
                    framework_id,
                    scale_id,
                );
            }
        }
        let team = &cast.teams[rng.random_range(0..cast.teams.len())];
        let worker = team.workers[rng.random_range(0..team.workers.len())];
        let day = start + Duration::days(month * 30 + rng.random_range(0..28));
        observe(
            &mut rng,
            &mut rows,
            cast,
            anchor,
            day,
            cast.psw,
            worker,
            team,
            framework_id,
            scale_id,
        );
    }
    // Observations planned for the coming weeks.
    for team in cast.teams.iter().take(3) {
        let worker = team.workers[rng.random_range(0..team.workers.len())];
        let day = anchor + Duration::days(rng.random_range(3..20));
        observe(
            &mut rng,
            &mut rows,
            cast,
            anchor,
            day,
            team.manager,
            worker,
            team,
            framework_id,
            scale_id,
        );
    }
    Ok(vec![
        (
            "observations",
            insert_chunks!(conn, observations::table, &rows.observations, 29),
        ),
        (
            "observation_judgements",
            insert_chunks!(conn, observation_judgements::table, &rows.judgements, 9),
        ),
        (
            "observation_skill_ratings",
            insert_chunks!(conn, observation_skill_ratings::table, &rows.ratings, 6),
        ),
        (
            "observation_feedback",
            insert_chunks!(conn, observation_feedback::table, &rows.feedback, 7),
        ),
        (
            "learning_needs",
            insert_chunks!(conn, learning_needs::table, &rows.needs, 10),
        ),
    ])
}

fn pick<T: Copy>(rng: &mut StdRng, items: &[(T, u32)]) -> T {
    super::pick_weighted(rng, items)
}

#[allow(clippy::too_many_arguments)]
fn observe(
    rng: &mut StdRng,
    rows: &mut Rows,
    cast: &Cast<'_>,
    anchor: Date,
    day: Date,
    observer: UserId,
    worker: UserId,
    team: &Team,
    framework_id: FrameworkId,
    grade_scale_id: GradeScaleId,
) {
    let planned_at: PrimitiveDateTime = at(day - Duration::days(rng.random_range(7..21)), rng);
    let id = id_at(planned_at, rng);
    let setting = pick(rng, &SETTINGS);
    let with_child = matches!(
        setting,
        ObservationSetting::HomeVisit
            | ObservationSetting::DirectWork
            | ObservationSetting::ChildProtectionConference
    );
    let case = cast
        .cases
        .iter()
        .filter(|c| c.worker == worker)
        .nth(rng.random_range(0..3));
    let mut row = ObservationRow {
        id,
        observer_id: observer,
        observed_id: worker,
        team_id: team.id,
        case_id: case
            .filter(|_| with_child || setting == ObservationSetting::CoreGroup)
            .map(|c| c.id),
        framework_id,
        grade_scale_id,
        observed_on: day,
        setting,
        focus: FOCUSES[rng.random_range(0..FOCUSES.len())].into(),
        status: ObservationStatus::Planned,
        worker_consented: None,
        child_consented: None,
        family_consented: None,
        consent_notes: None,
        consent_recorded_at: None,
        summary: None,
        strengths: None,
        areas_for_development: None,
        impact_on_child: None,
        overall_grade: None,
        submitted_at: None,
        reflection: None,
        acknowledged_at: None,
        cancel_reason: None,
        version: 1,
        created_at: planned_at,
        updated_at: planned_at,
        created_by: Some(observer),
    };
    if day > anchor {
        rows.observations.push(row);
        return;
    }
    let observed_at = at(day, rng);
    row.consent_recorded_at = Some(observed_at);
    row.updated_at = observed_at;
    row.version = 2;
    // A few workers decline on the day: the observation is rearranged or cancelled.
    if rng.random_bool(0.06) {
        row.worker_consented = Some(false);
        row.consent_notes =
            Some("The worker asked to rearrange: a difficult visit for the family".into());
        if (anchor - day).whole_days() > 14 {
            row.status = ObservationStatus::Cancelled;
            row.cancel_reason =
                Some("The worker did not consent on the day; a new date will be agreed".into());
            row.version = 3;
        }
        rows.observations.push(row);
        return;
    }
    row.worker_consented = Some(true);
    if with_child {
        row.child_consented = Some(rng.random_bool(0.85));
    }
    if setting == ObservationSetting::HomeVisit {
        row.family_consented = Some(rng.random_bool(0.9));
    }
    row.consent_notes = Some(match (row.child_consented, row.family_consented) {
        (Some(false), _) => {
            "The young person did not want their words kept; the visit went ahead".into()
        }
        (_, Some(false)) => "The parent agreed to the visit but not to feedback being kept".into(),
        _ => "Consent asked before the visit and again at the door".into(),
    });
    row.status = ObservationStatus::Draft;
    let age = (anchor - day).whole_days();
    if age < 10 && rng.random_bool(0.3) {
        rows.observations.push(row);
        return;
    }
    // Practice improves over the year, as the audits show.
    let improvement = (365 - age) as f64 / 365.0 * 0.3;
    let base = 2.7 + team.bias + improvement + normal(rng) * 0.3;
    let mut ranks = Vec::new();
    let mut standards: Vec<i32> = (1..=10).filter(|n| *n != 8).collect();
    for _ in 0..3 {
        let number = standards.remove(rng.random_range(0..standards.len()));
        let value = base + STANDARD_BIAS[(number - 1) as usize] + normal(rng) * 0.45;
        let rank = value.round().clamp(1.0, 4.0) as usize;
        ranks.push(rank);
        rows.judgements.push(ObservationJudgementRow {
            id: id_at(observed_at, rng),
            observation_id: id,
            standard_number: number,
            grade: Some(GRADE_CODES[rank].into()),
            not_applicable_reason: None,
            evidence: Some(text::evidence(rng, rank).into()),
            strengths: Some(text::strength(rng).into()),
            areas_for_development: (rank <= 2).then(|| text::development(rng).into()),
            updated_at: observed_at,
        });
    }
    for skill in SKILLS {
        let rating = (base + 1.0 + normal(rng) * 0.6).round().clamp(1.0, 5.0) as i32;
        rows.ratings.push(SkillRatingRow {
            id: id_at(observed_at, rng),
            observation_id: id,
            skill_code: skill.into(),
            rating,
            evidence: if rating >= 3 {
                text::strength(rng)
            } else {
                text::development(rng)
            }
            .into(),
            updated_at: observed_at,
        });
    }
    let overall = (ranks.iter().sum::<usize>() as f64 / ranks.len() as f64).round() as usize;
    row.overall_grade = Some(GRADE_CODES[overall.clamp(1, 4)].into());
    row.summary = Some(text::summary(rng, overall.clamp(1, 4)).into());
    row.strengths = Some(text::strength(rng).into());
    row.areas_for_development = Some(text::development(rng).into());
    if row.child_consented == Some(true) {
        row.impact_on_child = Some(text::child_view(rng).into());
        if rng.random_bool(0.4) {
            rows.feedback.push(FeedbackRow {
                id: id_at(observed_at, rng),
                observation_id: id,
                from_role: FeedbackFromRole::Child,
                feedback: text::child_view(rng).into(),
                would_recommend: None,
                created_at: observed_at,
                created_by: Some(observer),
            });
        }
    }
    if row.family_consented == Some(true) && rng.random_bool(0.6) {
        rows.feedback.push(FeedbackRow {
            id: id_at(observed_at, rng),
            observation_id: id,
            from_role: FeedbackFromRole::Parent,
            feedback: text::family_view(rng).into(),
            would_recommend: Some(rng.random_bool(0.8)),
            created_at: observed_at,
            created_by: Some(observer),
        });
    }
    let submitted = observed_at + Duration::days(rng.random_range(1..4));
    row.status = ObservationStatus::Submitted;
    row.submitted_at = Some(submitted);
    row.updated_at = submitted;
    row.version = 12;
    let reflected = age > 12 && rng.random_bool(0.92) || age > 3 && rng.random_bool(0.4);
    let needs = rng.random_range(1..=2);
    for _ in 0..needs {
        let standard = if rng.random_bool(0.7) {
            CLUSTERED_STANDARDS[rng.random_range(0..2)]
        } else {
            rng.random_range(1..=10)
        };
        rows.needs.push(LearningNeedRow {
            id: id_at(observed_at, rng),
            observation_id: id,
            worker_id: worker,
            team_id: team.id,
            need: text::action(rng, standard).into(),
            standard_number: Some(standard),
            agreed_by_worker: reflected && rng.random_bool(0.85),
            created_at: observed_at,
            updated_at: submitted,
            created_by: Some(observer),
        });
    }
    if reflected {
        let at_reflection = submitted + Duration::days(rng.random_range(1..8));
        row.status = ObservationStatus::Acknowledged;
        row.reflection = Some(text::reflection(rng).into());
        row.acknowledged_at = Some(at_reflection);
        row.updated_at = at_reflection;
        row.version = 13;
    }
    rows.observations.push(row);
}
