//! Observations of practice as the API shows them (product.md §4.4). Narrative (free-text)
//! fields are left out for callers limited to structured fields (the performance analyst) and
//! wherever the caller's narrative-reading roles do not cover the record.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::model::{FeedbackRow, LearningNeedRow, ObservationRow, SkillRatingRow, SkillRow};
use super::policy::ObservationOperation;
use crate::audits::dto::Judgement;
use crate::dates::{format_date, to_utc};
use crate::db::types::{CaseId, UserId};
use crate::extract::Patch;
use crate::labels::Labels;

crate::text_enum! {
    /// Where the practice was observed (product.md §4.4).
    pub enum ObservationSetting {
        /// A visit to the child's home.
        HomeVisit = "home_visit",
        /// A child protection conference.
        ChildProtectionConference = "child_protection_conference",
        /// A core group meeting.
        CoreGroup = "core_group",
        /// A review.
        Review = "review",
        /// Supervision.
        Supervision = "supervision",
        /// Direct work with the child.
        DirectWork = "direct_work",
        /// A team meeting.
        TeamMeeting = "team_meeting",
        /// Court.
        Court = "court",
        /// Anywhere else.
        Other = "other",
    }
}

crate::text_enum! {
    /// Where an observation is in its life: planned → (the worker consents) draft → submitted →
    /// acknowledged (the worker reflected), or cancelled before submission.
    pub enum ObservationStatus {
        /// Planned: the conversation before, consent not yet recorded or the worker declined.
        Planned = "planned",
        /// The worker consented: the observer records the observation.
        Draft = "draft",
        /// Submitted: the worker is told at once and reflects.
        Submitted = "submitted",
        /// The worker has reflected and agreed learning needs.
        Acknowledged = "acknowledged",
        /// Cancelled by the observer before submission.
        Cancelled = "cancelled",
    }
}

impl ObservationStatus {
    /// Whether the observed worker (and the case's worker) may read it: once submitted.
    pub fn shared_with_worker(self) -> bool {
        matches!(self, Self::Submitted | Self::Acknowledged)
    }
}

crate::text_enum! {
    /// Who in the family gave feedback on the observed practice.
    pub enum FeedbackFromRole {
        /// The child.
        Child = "child",
        /// A young person.
        YoungPerson = "young_person",
        /// A parent.
        Parent = "parent",
        /// A carer.
        Carer = "carer",
        /// Someone else present.
        Other = "other",
    }
}

impl FeedbackFromRole {
    /// Whether the feedback is the child's own (kept only with the child's consent); otherwise
    /// it is the family's (kept only with the family's consent), except `other`.
    pub fn is_child(self) -> bool {
        matches!(self, Self::Child | Self::YoungPerson)
    }

    /// Whether the feedback comes from the family (a parent or carer).
    pub fn is_family(self) -> bool {
        matches!(self, Self::Parent | Self::Carer)
    }
}

/// A practice skill an observation rates from 1 to 5 (the council's list, held as data).
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeSkill {
    /// Stable code, used in `PUT /observations/{id}/skills/{code}`.
    pub code: String,
    /// Short label for forms and tables.
    pub label: String,
    /// What the skill looks like in practice.
    pub description: String,
    /// Order on forms.
    pub position: i32,
    /// Retired skills keep their ratings but are no longer asked for.
    pub active: bool,
}

impl From<SkillRow> for PracticeSkill {
    fn from(row: SkillRow) -> Self {
        Self {
            code: row.code,
            label: row.label,
            description: row.description,
            position: row.position,
            active: row.active,
        }
    }
}

/// A practice skill's rating in an observation.
#[derive(Debug, Serialize, ToSchema)]
pub struct SkillRating {
    /// The skill's code.
    pub skill_code: String,
    /// 1 (not seen) to 5 (consistently strong).
    pub rating: i32,
    /// What the observer saw (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Last saved.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl SkillRating {
    /// From a row; evidence only for callers who read narrative.
    pub fn from_row(row: SkillRatingRow, narrative: bool) -> Self {
        Self {
            skill_code: row.skill_code,
            rating: row.rating,
            evidence: Some(row.evidence).filter(|_| narrative),
            updated_at: to_utc(row.updated_at),
        }
    }
}

/// Feedback from the child or family on the observed practice, entered by the observer on
/// their behalf.
#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyFeedback {
    /// Identifier.
    pub id: Uuid,
    /// Who gave it.
    pub from_role: FeedbackFromRole,
    /// What they said (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
    /// Whether they would recommend the worker to another family, when asked.
    pub would_recommend: Option<bool>,
    /// When it was recorded.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl FamilyFeedback {
    /// From a row; the words only for callers who read narrative.
    pub fn from_row(row: FeedbackRow, narrative: bool) -> Self {
        Self {
            id: row.id.uuid(),
            from_role: row.from_role,
            feedback: Some(row.feedback).filter(|_| narrative),
            would_recommend: row.would_recommend,
            created_at: to_utc(row.created_at),
        }
    }
}

/// A learning need agreed from an observation: it feeds supervision, training and the
/// workforce development report.
#[derive(Debug, Serialize, ToSchema)]
pub struct LearningNeed {
    /// Identifier.
    pub id: Uuid,
    /// The observation it came from.
    pub observation_id: Uuid,
    /// The worker (left out for callers who see learning needs only counted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worker_id: Option<Uuid>,
    /// The worker's name (likewise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worker_name: Option<String>,
    /// The worker's team when observed.
    pub team_id: Uuid,
    /// The need (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub need: Option<String>,
    /// The practice standard it relates to.
    pub standard_number: Option<i32>,
    /// Whether the worker agreed it in their reflection.
    pub agreed_by_worker: bool,
    /// When it was raised.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl LearningNeed {
    /// From a row. `named`: the caller may know whose need it is; `narrative`: and read it.
    pub fn from_row(row: LearningNeedRow, named: bool, narrative: bool, labels: &Labels) -> Self {
        let worker = Some(row.worker_id).filter(|_| named);
        Self {
            id: row.id.uuid(),
            observation_id: row.observation_id.uuid(),
            worker_id: worker.map(UserId::uuid),
            worker_name: labels.person(worker),
            team_id: row.team_id.uuid(),
            need: Some(row.need).filter(|_| narrative),
            standard_number: row.standard_number,
            agreed_by_worker: row.agreed_by_worker,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
        }
    }
}

/// A page of learning needs.
#[derive(Debug, Serialize, ToSchema)]
pub struct LearningNeedPage {
    /// The learning needs.
    pub items: Vec<LearningNeed>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    /// Pass as `cursor` for the previous page; null on the first.
    pub prev_cursor: Option<String>,
    /// How many the whole list holds, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

/// Learning needs counted by team and standard, naming nobody: the workforce development
/// figures every reader of learning needs may see, the analyst included.
#[derive(Debug, Serialize, ToSchema)]
pub struct LearningNeedCount {
    /// The team.
    pub team_id: Uuid,
    /// The team's name.
    pub team_name: Option<String>,
    /// The practice standard, or null for needs tied to none.
    pub standard_number: Option<i32>,
    /// How many learning needs.
    pub count: i64,
    /// How many of them the worker agreed.
    pub agreed: i64,
}

/// Learning needs counted by team and standard.
#[derive(Debug, Serialize, ToSchema)]
pub struct LearningNeedCounts {
    /// One row per team and standard with at least one need, by team then standard.
    pub items: Vec<LearningNeedCount>,
}

/// An observation of a worker's practice. Lists carry the observation itself; the single read
/// adds its judgements, skill ratings, family feedback and learning needs.
#[derive(Debug, Serialize, ToSchema)]
pub struct Observation {
    /// Identifier.
    pub id: Uuid,
    /// Who observes.
    pub observer_id: Uuid,
    /// The observer's name.
    pub observer_name: Option<String>,
    /// The worker observed.
    pub observed_id: Uuid,
    /// The observed worker's name.
    pub observed_name: Option<String>,
    /// The observed worker's team when the observation was planned.
    pub team_id: Uuid,
    /// The child's case the practice was about, if any.
    pub case_id: Option<Uuid>,
    /// The case's initials or pseudonym.
    pub case_display_name: Option<String>,
    /// The case's reference in the case management system.
    pub case_external_ref: Option<String>,
    /// The framework judged against.
    pub framework_id: Uuid,
    /// The grade scale used.
    pub grade_scale_id: Uuid,
    /// The day of the observation.
    #[schema(format = Date)]
    pub observed_on: String,
    /// Where.
    pub setting: ObservationSetting,
    /// What the observation focuses on, agreed in the conversation before (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
    /// Status.
    pub status: ObservationStatus,
    /// Whether the worker consented; null until consent is recorded.
    pub worker_consented: Option<bool>,
    /// Whether the child consented; null when not asked (not present).
    pub child_consented: Option<bool>,
    /// Whether the family consented; null when not asked (not present).
    pub family_consented: Option<bool>,
    /// Notes on consent (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_notes: Option<String>,
    /// When consent was last recorded.
    #[serde(with = "time::serde::rfc3339::option")]
    pub consent_recorded_at: Option<OffsetDateTime>,
    /// Summary of what was observed (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Strengths (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strengths: Option<String>,
    /// Areas for development (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub areas_for_development: Option<String>,
    /// The practice's impact on the child (narrative); never kept when the child declined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact_on_child: Option<String>,
    /// Overall grade code from the observation's grade scale.
    pub overall_grade: Option<String>,
    /// When submitted.
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
    /// The worker's reflection (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reflection: Option<String>,
    /// When the worker reflected.
    #[serde(with = "time::serde::rfc3339::option")]
    pub acknowledged_at: Option<OffsetDateTime>,
    /// Why it was cancelled (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_reason: Option<String>,
    /// Version, also the `ETag`.
    pub version: i32,
    /// Planned.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Judgements of the standards that applied (on the single read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judgements: Option<Vec<Judgement>>,
    /// Practice skills rated (on the single read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skill_ratings: Option<Vec<SkillRating>>,
    /// Feedback from the child and family (on the single read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_feedback: Option<Vec<FamilyFeedback>>,
    /// Learning needs (on the single read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learning_needs: Option<Vec<LearningNeed>>,
    /// What the caller may do to it now.
    pub allowed_operations: Vec<ObservationOperation>,
}

impl Observation {
    /// From a row; narrative fields only when `narrative`.
    pub fn new(
        row: ObservationRow,
        narrative: bool,
        allowed_operations: Vec<ObservationOperation>,
    ) -> Self {
        let keep = |v: Option<String>| v.filter(|_| narrative);
        Self {
            id: row.id.uuid(),
            observer_id: row.observer_id.uuid(),
            observer_name: None,
            observed_id: row.observed_id.uuid(),
            observed_name: None,
            team_id: row.team_id.uuid(),
            case_id: row.case_id.map(CaseId::uuid),
            case_display_name: None,
            case_external_ref: None,
            framework_id: row.framework_id.uuid(),
            grade_scale_id: row.grade_scale_id.uuid(),
            observed_on: format_date(row.observed_on),
            setting: row.setting,
            focus: keep(Some(row.focus)),
            status: row.status,
            worker_consented: row.worker_consented,
            child_consented: row.child_consented,
            family_consented: row.family_consented,
            consent_notes: keep(row.consent_notes),
            consent_recorded_at: row.consent_recorded_at.map(to_utc),
            summary: keep(row.summary),
            strengths: keep(row.strengths),
            areas_for_development: keep(row.areas_for_development),
            impact_on_child: keep(row.impact_on_child),
            overall_grade: row.overall_grade,
            submitted_at: row.submitted_at.map(to_utc),
            reflection: keep(row.reflection),
            acknowledged_at: row.acknowledged_at.map(to_utc),
            cancel_reason: keep(row.cancel_reason),
            version: row.version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
            judgements: None,
            skill_ratings: None,
            family_feedback: None,
            learning_needs: None,
            allowed_operations,
        }
    }

    /// Adds the names screens show: the case's and the people's.
    pub fn named(mut self, labels: &Labels) -> Self {
        let case = self.case_id.map(CaseId::from);
        self.case_display_name = labels.case_name(case);
        self.case_external_ref = labels.case_ref(case);
        self.observer_name = labels.person(Some(UserId::from(self.observer_id)));
        self.observed_name = labels.person(Some(UserId::from(self.observed_id)));
        self
    }
}

/// A page of observations.
#[derive(Debug, Serialize, ToSchema)]
pub struct ObservationPage {
    /// The observations.
    pub items: Vec<Observation>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    /// Pass as `cursor` for the previous page; null on the first.
    pub prev_cursor: Option<String>,
    /// How many the whole list holds, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

/// Planning an observation (the conversation before).
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewObservation {
    /// The worker to observe: an active practitioner or manager in the observer's scope.
    pub observed_id: Uuid,
    /// The child's case, when the practice is about one (it must be in the observer's scope).
    pub case_id: Option<Uuid>,
    /// The day of the observation: not more than 30 days ahead.
    #[schema(value_type = String, format = Date)]
    #[serde(with = "crate::dates::serde_date")]
    pub observed_on: Date,
    /// Where.
    pub setting: ObservationSetting,
    /// What the observation will focus on.
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(length(min = 1, max = 5000))]
    pub focus: String,
    /// The practice framework to judge against (default: the current one).
    pub framework_id: Option<Uuid>,
}

/// Changes to a planned or draft observation (JSON merge patch; `null` clears a field). The
/// record's fields (summary onwards) need the worker's consent first.
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
pub struct ObservationPatch {
    /// The day of the observation: not more than 30 days ahead.
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default, with = "crate::dates::serde_date::option")]
    pub observed_on: Option<Date>,
    /// Where.
    pub setting: Option<ObservationSetting>,
    /// What the observation focuses on.
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(length(min = 1, max = 5000))]
    pub focus: Option<String>,
    /// Summary of what was observed.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub summary: Patch<String>,
    /// Strengths.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub strengths: Patch<String>,
    /// Areas for development.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub areas_for_development: Patch<String>,
    /// The practice's impact on the child (refused when the child declined consent).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub impact_on_child: Patch<String>,
    /// Overall grade code from the observation's grade scale.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub overall_grade: Patch<String>,
}

impl ObservationPatch {
    /// Whether the patch writes the observation record itself (which needs the worker's
    /// consent), not only its plan.
    pub fn records(&self) -> bool {
        self.summary.is_given()
            || self.strengths.is_given()
            || self.areas_for_development.is_given()
            || self.impact_on_child.is_given()
            || self.overall_grade.is_given()
    }
}

/// Consent to the observation, recorded by the observer.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ConsentInput {
    /// Whether the worker consented. Without it nothing can be recorded.
    pub worker_consented: bool,
    /// Whether the child consented; leave out when the child was not present. When false,
    /// nothing about the child is kept.
    pub child_consented: Option<bool>,
    /// Whether the family consented; leave out when no family member was present. When false,
    /// nothing about the family is kept.
    pub family_consented: Option<bool>,
    /// How consent was sought and anything said about it.
    #[schema(max_length = 5000)]
    #[validate(length(max = 5000))]
    pub consent_notes: String,
}

/// A practice skill's rating.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct SkillRatingInput {
    /// 1 (not seen) to 5 (consistently strong).
    #[schema(minimum = 1, maximum = 5)]
    #[validate(range(min = 1, max = 5))]
    pub rating: i32,
    /// What the observer saw.
    #[schema(min_length = 1, max_length = 20000)]
    #[validate(length(min = 1, max = 20000))]
    pub evidence: String,
}

/// Feedback from the child or family, entered by the observer on their behalf.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewFamilyFeedback {
    /// Who gave it.
    pub from_role: FeedbackFromRole,
    /// What they said.
    #[schema(min_length = 1, max_length = 20000)]
    #[validate(length(min = 1, max = 20000))]
    pub feedback: String,
    /// Whether they would recommend the worker to another family, when asked.
    pub would_recommend: Option<bool>,
}

/// A learning need raised by the observer.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewLearningNeed {
    /// The need.
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(length(min = 1, max = 5000))]
    pub need: String,
    /// The practice standard it relates to.
    #[schema(minimum = 1, maximum = 100)]
    #[validate(range(min = 1, max = 100))]
    pub standard_number: Option<i32>,
}

/// The observed worker's reflection (the conversation after).
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ObservationReflection {
    /// Their reflection on the observation.
    #[schema(min_length = 1, max_length = 20000)]
    #[validate(length(min = 1, max = 20000))]
    pub reflection: String,
    /// The learning needs of this observation the worker agrees with.
    #[serde(default)]
    #[schema(max_items = 100)]
    #[validate(length(max = 100))]
    pub agreed_learning_needs: Vec<Uuid>,
}

/// Cancelling an observation before it is submitted.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct CancelObservation {
    /// Why.
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(length(min = 1, max = 5000))]
    pub reason: String,
}
