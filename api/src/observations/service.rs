//! An observation's life (product.md §4.4): planned for a worker in the observer's scope,
//! recorded once the worker consents, submitted when complete (the worker is told at once),
//! reflected on by the worker, or cancelled before submission. The only place an observation's
//! status changes; every change is a conditional update on the version the record policy
//! authorised.

use diesel::QueryResult;
use time::Duration;

use super::dto::{
    CancelObservation, ConsentInput, FamilyFeedback, FeedbackFromRole, LearningNeed,
    NewFamilyFeedback, NewLearningNeed, NewObservation, Observation, ObservationPatch,
    ObservationReflection, ObservationStatus, SkillRating, SkillRatingInput,
};
use super::model::{
    FeedbackRow, LearningNeedRow, ObservationJudgementRow, ObservationRow, ObservationState,
    SkillRatingRow,
};
use super::policy::{may_observe_unit, OBSERVABLE};
use super::repo;
use crate::audits::dto::{Judgement, JudgementInput};
use crate::audits::judgements::{check_input, check_standard_of, filled, judgement_gap};
use crate::audits::lifecycle::grade_error;
use crate::auth::caller::Caller;
use crate::auth::policy::{allowed, log_change, Authorized, Loaded};
use crate::cases::model::CaseRow;
use crate::dates::{london_today, now_utc};
use crate::db::types::{
    FrameworkId, LearningNeedId, ObservationFeedbackId, ObservationId, ObservationJudgementId,
    SkillRatingId, UserId,
};
use crate::db::{write_tx, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::labels::Labels;
use crate::notifications::{notify, Notice};
use crate::settings::Rules;
use crate::standards::repo as standards_repo;

/// The observation as the caller sees it; with its judgements, skill ratings, family feedback
/// and learning needs when `detail`.
pub fn present(
    conn: &mut DbConn,
    caller: &Caller,
    observation: &Loaded<ObservationRow>,
    detail: bool,
    labels: Option<&Labels>,
) -> ApiResult<Observation> {
    let narrative = caller.reads_narrative_of(observation);
    let operations = allowed(caller, observation);
    let row = &observation.record;
    let fetched;
    let labels = match labels {
        Some(labels) => labels,
        None => {
            fetched = Labels::fetch(conn, row.case_id, [row.observer_id, row.observed_id])?;
            &fetched
        }
    };
    let mut shown = Observation::new(row.clone(), narrative, operations).named(labels);
    if detail {
        shown.judgements = Some(
            repo::judgements_of(conn, row.id)?
                .into_iter()
                .map(|j| {
                    Judgement::new(
                        j.standard_number,
                        j.grade,
                        j.not_applicable_reason,
                        j.evidence,
                        j.strengths,
                        j.areas_for_development,
                        j.updated_at,
                        narrative,
                    )
                })
                .collect(),
        );
        shown.skill_ratings = Some(
            repo::ratings_of(conn, row.id)?
                .into_iter()
                .map(|r| SkillRating::from_row(r, narrative))
                .collect(),
        );
        shown.family_feedback = Some(
            repo::feedback_of(conn, row.id)?
                .into_iter()
                .map(|f| FamilyFeedback::from_row(f, narrative))
                .collect(),
        );
        // Everyone who may read the observation knows whose it is.
        shown.learning_needs = Some(
            repo::needs_of(conn, row.id)?
                .into_iter()
                .map(|n| LearningNeed::from_row(n, true, narrative, labels))
                .collect(),
        );
    }
    Ok(shown)
}

fn check_observed_on(day: time::Date, rules: &Rules, errors: &mut Vec<FieldError>) {
    let ahead = rules.observation_max_days_ahead;
    if day > london_today() + Duration::days(i64::from(ahead)) {
        errors.push(FieldError::new(
            "observed_on",
            format!("must be no more than {ahead} days ahead"),
        ));
    }
}

/// Plans an observation. The caller is an observer; `case` (if any) is already in their scope.
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    case: Option<&CaseRow>,
    input: &NewObservation,
    rules: &Rules,
) -> ApiResult<ObservationRow> {
    write_tx(conn, |conn| {
        let mut errors = Vec::new();
        let observed_id = UserId::from(input.observed_id);
        let observed = Caller::person(conn, observed_id)?;
        let team = match &observed {
            None => {
                errors.push(FieldError::new("observed_id", "names no active user"));
                None
            }
            Some(_) if observed_id == caller.user_id => {
                errors.push(FieldError::new(
                    "observed_id",
                    "you cannot observe yourself",
                ));
                None
            }
            Some(person) if !person.has_any(&OBSERVABLE) => {
                errors.push(FieldError::new(
                    "observed_id",
                    "must be a practitioner or a manager",
                ));
                None
            }
            Some(person) if !may_observe_unit(caller, person.org_unit_id) => {
                errors.push(FieldError::new(
                    "observed_id",
                    "names someone outside the teams you observe",
                ));
                None
            }
            Some(person) => {
                if person.org_unit_id.is_none() {
                    errors.push(FieldError::new("observed_id", "names someone with no team"));
                }
                person.org_unit_id
            }
        };
        check_observed_on(input.observed_on, rules, &mut errors);
        let framework = match input.framework_id.map(FrameworkId::from) {
            Some(id) => match standards_repo::find_framework(conn, id)? {
                Some(framework) => Some(framework.id),
                None => {
                    errors.push(FieldError::new("framework_id", "names no framework"));
                    None
                }
            },
            None => Some(standards_repo::current_framework(conn)?.id),
        };
        let (Some(team), Some(framework), true) = (team, framework, errors.is_empty()) else {
            return Err(ApiError::Validation(errors));
        };
        let scale = standards_repo::current_grade_scale(conn)?;
        let now = now_utc();
        let row = ObservationRow {
            id: ObservationId::new(),
            observer_id: caller.user_id,
            observed_id,
            team_id: team,
            case_id: case.map(|c| c.id),
            framework_id: framework,
            grade_scale_id: scale.id,
            observed_on: input.observed_on,
            setting: input.setting,
            focus: input.focus.trim().to_string(),
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
            created_at: now,
            updated_at: now,
            created_by: Some(caller.user_id),
        };
        repo::insert(conn, &row)?;
        log_change(conn, caller.user_id, "create", &row)?;
        Ok(row)
    })
}

/// Writes the next state from the version authorised, or answers `Raced`.
fn save(
    conn: &mut DbConn,
    observation: &Authorized<ObservationRow>,
    state: &ObservationState,
) -> ApiResult<()> {
    let row = observation.record();
    if !repo::save(conn, row.id, row.version, state)? {
        return Err(ApiError::Raced);
    }
    log_change(conn, observation.actor().id, "update", row)?;
    Ok(())
}

/// Claims the observation's next version before one of its parts changes, or answers `Raced`.
fn claim(conn: &mut DbConn, observation: &Authorized<ObservationRow>) -> ApiResult<()> {
    let row = observation.record();
    if !repo::bump(conn, row.id, row.version, now_utc())? {
        return Err(ApiError::Raced);
    }
    log_change(conn, observation.actor().id, "update", row)?;
    Ok(())
}

const CHILD_DECLINED: &str = "the child declined consent: nothing about them is kept";

/// Changes the plan, or (with the worker's consent) the record (JSON merge patch).
pub fn update(
    conn: &mut DbConn,
    observation: &Authorized<ObservationRow>,
    patch: &ObservationPatch,
    rules: &Rules,
) -> ApiResult<()> {
    let row = observation.record();
    if patch.records() && row.status == ObservationStatus::Planned {
        return Err(ApiError::conflict(
            "The worker's consent is not recorded: an observation cannot be recorded without it.",
        ));
    }
    let mut errors = Vec::new();
    if let Some(day) = patch.observed_on {
        check_observed_on(day, rules, &mut errors);
    }
    if let Some(grade) = patch.overall_grade.value() {
        let grades = standards_repo::grades_of(conn, row.grade_scale_id)?;
        if let Some(message) = grade_error(&grades, grade) {
            errors.push(FieldError::new("overall_grade", message));
        }
    }
    let impact = patch
        .impact_on_child
        .clone()
        .apply_text(row.impact_on_child.clone());
    if impact.is_some() && row.child_consented == Some(false) {
        errors.push(FieldError::new("impact_on_child", CHILD_DECLINED));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let mut state = row.next_state(now_utc());
    if let Some(day) = patch.observed_on {
        state.observed_on = day;
    }
    if let Some(setting) = patch.setting {
        state.setting = setting;
    }
    if let Some(focus) = &patch.focus {
        state.focus = focus.trim().to_string();
    }
    state.summary = patch.summary.clone().apply_text(row.summary.clone());
    state.strengths = patch.strengths.clone().apply_text(row.strengths.clone());
    state.areas_for_development = patch
        .areas_for_development
        .clone()
        .apply_text(row.areas_for_development.clone());
    state.impact_on_child = impact;
    state.overall_grade = patch
        .overall_grade
        .clone()
        .apply_text(row.overall_grade.clone());
    save(conn, observation, &state)
}

/// Records consent. With the worker's consent the observation can be recorded (draft); without
/// it, it stays planned. When the child or family declined, nothing about them is kept: their
/// feedback and the child's impact are removed.
pub fn consent(
    conn: &mut DbConn,
    observation: &Authorized<ObservationRow>,
    input: &ConsentInput,
) -> ApiResult<()> {
    let row = observation.record();
    let now = now_utc();
    let mut state = row.next_state(now);
    state.worker_consented = Some(input.worker_consented);
    state.child_consented = input.child_consented;
    state.family_consented = input.family_consented;
    state.consent_notes = Some(input.consent_notes.trim().to_string()).filter(|t| !t.is_empty());
    state.consent_recorded_at = Some(now);
    state.status = if input.worker_consented {
        ObservationStatus::Draft
    } else {
        ObservationStatus::Planned
    };
    let mut declined: Vec<FeedbackFromRole> = Vec::new();
    if input.child_consented == Some(false) {
        state.impact_on_child = None;
        declined.extend([FeedbackFromRole::Child, FeedbackFromRole::YoungPerson]);
    }
    if input.family_consented == Some(false) {
        declined.extend([FeedbackFromRole::Parent, FeedbackFromRole::Carer]);
    }
    save(conn, observation, &state)?;
    if !declined.is_empty() {
        repo::delete_feedback_from(conn, row.id, &declined)?;
    }
    Ok(())
}

/// Saves one standard's judgement (a grade with evidence, or a reason it does not apply).
pub fn save_judgement(
    conn: &mut DbConn,
    observation: &Authorized<ObservationRow>,
    standard_number: i32,
    input: &JudgementInput,
) -> ApiResult<()> {
    let row = observation.record();
    check_standard_of(conn, row.framework_id, standard_number)?;
    let checked = check_input(conn, row.grade_scale_id, input)?;
    claim(conn, observation)?;
    repo::put_judgement(
        conn,
        &ObservationJudgementRow {
            id: ObservationJudgementId::new(),
            observation_id: row.id,
            standard_number,
            grade: checked.grade,
            not_applicable_reason: checked.not_applicable_reason,
            evidence: checked.evidence,
            strengths: checked.strengths,
            areas_for_development: checked.areas_for_development,
            updated_at: now_utc(),
        },
    )?;
    Ok(())
}

/// Rates one of the council's active practice skills (404 for any other code).
pub fn rate_skill(
    conn: &mut DbConn,
    observation: &Authorized<ObservationRow>,
    code: &str,
    input: &SkillRatingInput,
) -> ApiResult<()> {
    let row = observation.record();
    if !repo::skills(conn, true)?.iter().any(|s| s.code == code) {
        return Err(ApiError::NotFound);
    }
    claim(conn, observation)?;
    repo::put_rating(
        conn,
        &SkillRatingRow {
            id: SkillRatingId::new(),
            observation_id: row.id,
            skill_code: code.to_string(),
            rating: input.rating,
            evidence: input.evidence.trim().to_string(),
            updated_at: now_utc(),
        },
    )?;
    Ok(())
}

/// Adds the child's or family's feedback; refused (409) from someone who declined consent.
pub fn add_feedback(
    conn: &mut DbConn,
    observation: &Authorized<ObservationRow>,
    input: &NewFamilyFeedback,
) -> ApiResult<()> {
    let row = observation.record();
    if input.from_role.is_child() && row.child_consented == Some(false) {
        return Err(ApiError::conflict(
            "The child declined consent: nothing they say is kept.",
        ));
    }
    if input.from_role.is_family() && row.family_consented == Some(false) {
        return Err(ApiError::conflict(
            "The family declined consent: nothing they say is kept.",
        ));
    }
    claim(conn, observation)?;
    repo::insert_feedback(
        conn,
        &FeedbackRow {
            id: ObservationFeedbackId::new(),
            observation_id: row.id,
            from_role: input.from_role,
            feedback: input.feedback.trim().to_string(),
            would_recommend: input.would_recommend,
            created_at: now_utc(),
            created_by: Some(observation.actor().id),
        },
    )?;
    Ok(())
}

/// Raises a learning need for the worker.
pub fn add_learning_need(
    conn: &mut DbConn,
    observation: &Authorized<ObservationRow>,
    input: &NewLearningNeed,
) -> ApiResult<()> {
    let row = observation.record();
    if let Some(number) = input.standard_number {
        let standards = standards_repo::standards_of(conn, row.framework_id)?;
        if !standards.iter().any(|s| s.number == number) {
            return Err(ApiError::field(
                "standard_number",
                "names no standard of the observation's framework",
            ));
        }
    }
    claim(conn, observation)?;
    let now = now_utc();
    repo::insert_need(
        conn,
        &LearningNeedRow {
            id: LearningNeedId::new(),
            observation_id: row.id,
            worker_id: row.observed_id,
            team_id: row.team_id,
            need: input.need.trim().to_string(),
            standard_number: input.standard_number,
            agreed_by_worker: false,
            created_at: now,
            updated_at: now,
            created_by: Some(observation.actor().id),
        },
    )?;
    Ok(())
}

/// Everything that stops a draft observation being submitted, listed at once.
pub fn completeness_errors(
    conn: &mut DbConn,
    row: &ObservationRow,
) -> QueryResult<Vec<FieldError>> {
    let mut errors = Vec::new();
    if row.worker_consented != Some(true) {
        errors.push(FieldError::new(
            "worker_consented",
            "Record the worker's consent",
        ));
    }
    let standards = standards_repo::standards_of(conn, row.framework_id)?;
    let judgements = repo::judgements_of(conn, row.id)?;
    for judgement in &judgements {
        if let Some(standard) = standards
            .iter()
            .find(|s| s.number == judgement.standard_number)
        {
            errors.extend(judgement_gap(
                standard,
                &judgement.grade,
                &judgement.not_applicable_reason,
                &judgement.evidence,
            ));
        }
    }
    if !judgements.iter().any(|j| filled(&j.grade)) {
        errors.push(FieldError::new(
            "judgements",
            "Grade at least one practice standard the practice showed",
        ));
    }
    let rated = repo::ratings_of(conn, row.id)?;
    for skill in repo::skills(conn, true)? {
        if !rated.iter().any(|r| r.skill_code == skill.code) {
            errors.push(FieldError::new(
                format!("skills.{}.rating", skill.code),
                format!("Rate {}", skill.label.to_lowercase()),
            ));
        }
    }
    if !filled(&row.summary) {
        errors.push(FieldError::new("summary", "Summarise what you observed"));
    }
    if row.child_consented == Some(true) && !filled(&row.impact_on_child) {
        errors.push(FieldError::new(
            "impact_on_child",
            "Describe the practice's impact on the child",
        ));
    }
    if !filled(&row.overall_grade) {
        errors.push(FieldError::new("overall_grade", "Choose an overall grade"));
    }
    Ok(errors)
}

fn tell(
    conn: &mut DbConn,
    observation: &Authorized<ObservationRow>,
    recipient: UserId,
    kind: &str,
    title: String,
) -> QueryResult<usize> {
    let row = observation.record();
    notify(
        conn,
        &[Some(recipient)],
        observation.actor().id,
        &Notice {
            kind,
            title,
            record_type: "observation",
            record_id: row.id.uuid(),
            case_id: row.case_id,
            urgent: false,
        },
    )
}

/// Submits a complete draft: the worker is told at once.
pub fn submit(conn: &mut DbConn, observation: &Authorized<ObservationRow>) -> ApiResult<()> {
    let row = observation.record();
    let errors = completeness_errors(conn, row)?;
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let now = now_utc();
    let mut state = row.next_state(now);
    state.status = ObservationStatus::Submitted;
    state.submitted_at = Some(now);
    save(conn, observation, &state)?;
    crate::events::emit(conn, crate::events::EventType::ObservationSubmitted, row)?;
    tell(
        conn,
        observation,
        row.observed_id,
        "observation_submitted",
        format!(
            "{} submitted an observation of your practice: read it and reflect",
            observation.actor().display_name
        ),
    )?;
    Ok(())
}

/// The worker's reflection: acknowledges the observation and agrees learning needs.
pub fn reflect(
    conn: &mut DbConn,
    observation: &Authorized<ObservationRow>,
    input: &ObservationReflection,
) -> ApiResult<()> {
    let row = observation.record();
    let needs = repo::needs_of(conn, row.id)?;
    let agreed: Vec<LearningNeedId> = input
        .agreed_learning_needs
        .iter()
        .map(|id| LearningNeedId::from(*id))
        .collect();
    if agreed.iter().any(|id| !needs.iter().any(|n| n.id == *id)) {
        return Err(ApiError::field(
            "agreed_learning_needs",
            "names a learning need that is not this observation's",
        ));
    }
    let now = now_utc();
    let mut state = row.next_state(now);
    state.status = ObservationStatus::Acknowledged;
    state.reflection = Some(input.reflection.trim().to_string());
    state.acknowledged_at = Some(now);
    save(conn, observation, &state)?;
    if !agreed.is_empty() {
        repo::agree_needs(conn, row.id, &agreed, now)?;
    }
    tell(
        conn,
        observation,
        row.observer_id,
        "observation_reflection",
        format!(
            "{} reflected on your observation of their practice",
            observation.actor().display_name
        ),
    )?;
    Ok(())
}

/// Cancels a planned or draft observation.
pub fn cancel(
    conn: &mut DbConn,
    observation: &Authorized<ObservationRow>,
    input: &CancelObservation,
) -> ApiResult<()> {
    let mut state = observation.record().next_state(now_utc());
    state.status = ObservationStatus::Cancelled;
    state.cancel_reason = Some(input.reason.trim().to_string());
    save(conn, observation, &state)
}
