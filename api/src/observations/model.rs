//! Observation rows, read and written whole, and what the record policy knows of an
//! observation.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::dto::{FeedbackFromRole, ObservationSetting, ObservationStatus};
use crate::auth::policy::{CaseRecord, Condition, ScopedTable};
use crate::db::schema::{
    learning_needs, observation_feedback, observation_judgements, observation_skill_ratings,
    observations, practice_skills,
};
use crate::db::types::{
    CaseId, FrameworkId, GradeScaleId, LearningNeedId, ObservationFeedbackId, ObservationId,
    ObservationJudgementId, SkillRatingId, UnitId, UserId,
};

/// An observation row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = observations)]
#[diesel(treat_none_as_default_value = false)]
pub struct ObservationRow {
    /// Identifier.
    pub id: ObservationId,
    /// Who observes.
    pub observer_id: UserId,
    /// The worker observed.
    pub observed_id: UserId,
    /// The observed worker's team when planned.
    pub team_id: UnitId,
    /// The child's case, if any.
    pub case_id: Option<CaseId>,
    /// Framework judged against.
    pub framework_id: FrameworkId,
    /// Grade scale.
    pub grade_scale_id: GradeScaleId,
    /// The day.
    pub observed_on: Date,
    /// Where.
    pub setting: ObservationSetting,
    /// What it focuses on.
    pub focus: String,
    /// Status.
    pub status: ObservationStatus,
    /// The worker's consent.
    pub worker_consented: Option<bool>,
    /// The child's consent, when present.
    pub child_consented: Option<bool>,
    /// The family's consent, when present.
    pub family_consented: Option<bool>,
    /// Notes on consent.
    pub consent_notes: Option<String>,
    /// When consent was recorded.
    pub consent_recorded_at: Option<PrimitiveDateTime>,
    /// Summary.
    pub summary: Option<String>,
    /// Strengths.
    pub strengths: Option<String>,
    /// Areas for development.
    pub areas_for_development: Option<String>,
    /// Impact on the child.
    pub impact_on_child: Option<String>,
    /// Overall grade code.
    pub overall_grade: Option<String>,
    /// When submitted.
    pub submitted_at: Option<PrimitiveDateTime>,
    /// The worker's reflection.
    pub reflection: Option<String>,
    /// When the worker reflected.
    pub acknowledged_at: Option<PrimitiveDateTime>,
    /// Why cancelled.
    pub cancel_reason: Option<String>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Updated.
    pub updated_at: PrimitiveDateTime,
    /// Creator.
    pub created_by: Option<UserId>,
}

/// Every field of an observation that changes after it is planned: a change computes the next
/// state from the row it was authorised on and writes it whole, on that version only.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = observations)]
#[diesel(treat_none_as_null = true)]
pub struct ObservationState {
    /// The day.
    pub observed_on: Date,
    /// Where.
    pub setting: ObservationSetting,
    /// What it focuses on.
    pub focus: String,
    /// Status.
    pub status: ObservationStatus,
    /// The worker's consent.
    pub worker_consented: Option<bool>,
    /// The child's consent.
    pub child_consented: Option<bool>,
    /// The family's consent.
    pub family_consented: Option<bool>,
    /// Notes on consent.
    pub consent_notes: Option<String>,
    /// When consent was recorded.
    pub consent_recorded_at: Option<PrimitiveDateTime>,
    /// Summary.
    pub summary: Option<String>,
    /// Strengths.
    pub strengths: Option<String>,
    /// Areas for development.
    pub areas_for_development: Option<String>,
    /// Impact on the child.
    pub impact_on_child: Option<String>,
    /// Overall grade code.
    pub overall_grade: Option<String>,
    /// When submitted.
    pub submitted_at: Option<PrimitiveDateTime>,
    /// The worker's reflection.
    pub reflection: Option<String>,
    /// When the worker reflected.
    pub acknowledged_at: Option<PrimitiveDateTime>,
    /// Why cancelled.
    pub cancel_reason: Option<String>,
    /// The new version.
    pub version: i32,
    /// Now.
    pub updated_at: PrimitiveDateTime,
}

impl ObservationRow {
    /// The row's changeable fields, as the starting point of its next state at `now`.
    pub fn next_state(&self, now: PrimitiveDateTime) -> ObservationState {
        ObservationState {
            observed_on: self.observed_on,
            setting: self.setting,
            focus: self.focus.clone(),
            status: self.status,
            worker_consented: self.worker_consented,
            child_consented: self.child_consented,
            family_consented: self.family_consented,
            consent_notes: self.consent_notes.clone(),
            consent_recorded_at: self.consent_recorded_at,
            summary: self.summary.clone(),
            strengths: self.strengths.clone(),
            areas_for_development: self.areas_for_development.clone(),
            impact_on_child: self.impact_on_child.clone(),
            overall_grade: self.overall_grade.clone(),
            submitted_at: self.submitted_at,
            reflection: self.reflection.clone(),
            acknowledged_at: self.acknowledged_at,
            cancel_reason: self.cancel_reason.clone(),
            version: self.version + 1,
            updated_at: now,
        }
    }
}

impl CaseRecord for ObservationRow {
    const KIND: &'static str = "observation";

    fn record_id(&self) -> uuid::Uuid {
        self.id.uuid()
    }

    fn case_id(&self) -> Option<CaseId> {
        self.case_id
    }

    fn team_id(&self) -> Option<UnitId> {
        Some(self.team_id)
    }

    fn participants(&self) -> Vec<UserId> {
        let mut named = vec![self.observer_id];
        if self.visible_to_case_worker() {
            named.push(self.observed_id);
        }
        named
    }

    fn version(&self) -> i32 {
        self.version
    }

    fn visible_to_case_worker(&self) -> bool {
        self.status.shared_with_worker()
    }
}

crate::scoped_table!(observations {
    team: team_id,
    case: case_id,
    names: [observer_id],
    worker_names: [observed_id],
    shown_to_worker: observations::status
        .eq_any([
            ObservationStatus::Submitted,
            ObservationStatus::Acknowledged
        ])
        .nullable()
});

/// A practice skill of the council's list.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = practice_skills)]
pub struct SkillRow {
    /// Stable code.
    pub code: String,
    /// Label.
    pub label: String,
    /// Description.
    pub description: String,
    /// Order.
    pub position: i32,
    /// Still asked for.
    pub active: bool,
}

/// A judgement of a standard in an observation.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = observation_judgements)]
#[diesel(treat_none_as_default_value = false)]
pub struct ObservationJudgementRow {
    /// Identifier.
    pub id: ObservationJudgementId,
    /// Observation.
    pub observation_id: ObservationId,
    /// Standard number.
    pub standard_number: i32,
    /// Grade code.
    pub grade: Option<String>,
    /// Why it does not apply.
    pub not_applicable_reason: Option<String>,
    /// Evidence.
    pub evidence: Option<String>,
    /// Strengths.
    pub strengths: Option<String>,
    /// Areas for development.
    pub areas_for_development: Option<String>,
    /// Last saved.
    pub updated_at: PrimitiveDateTime,
}

/// A practice skill's rating in an observation.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = observation_skill_ratings)]
pub struct SkillRatingRow {
    /// Identifier.
    pub id: SkillRatingId,
    /// Observation.
    pub observation_id: ObservationId,
    /// The skill.
    pub skill_code: String,
    /// 1-5.
    pub rating: i32,
    /// Evidence.
    pub evidence: String,
    /// Last saved.
    pub updated_at: PrimitiveDateTime,
}

/// Feedback from the child or family.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = observation_feedback)]
#[diesel(treat_none_as_default_value = false)]
pub struct FeedbackRow {
    /// Identifier.
    pub id: ObservationFeedbackId,
    /// Observation.
    pub observation_id: ObservationId,
    /// Who gave it.
    pub from_role: FeedbackFromRole,
    /// What they said.
    pub feedback: String,
    /// Would they recommend the worker.
    pub would_recommend: Option<bool>,
    /// When recorded.
    pub created_at: PrimitiveDateTime,
    /// Who recorded it.
    pub created_by: Option<UserId>,
}

/// A learning need.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = learning_needs)]
#[diesel(treat_none_as_default_value = false)]
pub struct LearningNeedRow {
    /// Identifier.
    pub id: LearningNeedId,
    /// Observation.
    pub observation_id: ObservationId,
    /// The observed worker.
    pub worker_id: UserId,
    /// Their team when observed.
    pub team_id: UnitId,
    /// The need.
    pub need: String,
    /// The standard.
    pub standard_number: Option<i32>,
    /// Agreed by the worker.
    pub agreed_by_worker: bool,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Updated.
    pub updated_at: PrimitiveDateTime,
    /// Creator.
    pub created_by: Option<UserId>,
}

/// Learning needs are about a worker, not a child: their managers see them (by team), the
/// worker sees their own once the observation is shared with them, and the roles that see
/// every record see all. They name no case, so no case's worker sees them through a case.
impl ScopedTable for learning_needs::table {
    fn team_in(units: Vec<UnitId>) -> Condition<Self> {
        Box::new(crate::db::member_of(learning_needs::team_id, units).nullable())
    }

    fn case_allocated_to(_worker: UserId) -> Condition<Self> {
        Box::new(diesel::dsl::sql::<
            diesel::sql_types::Nullable<diesel::sql_types::Bool>,
        >("1 = 0"))
    }

    fn names(user: UserId) -> Option<Condition<Self>> {
        Some(Box::new(learning_needs::worker_id.eq(user).nullable()))
    }
}
