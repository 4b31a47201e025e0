//! Monitoring forms as the API shows them. Narrative fields are left out for callers limited to
//! structured fields.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::model::{FormRow, QualityCheckRow};
use super::policy::FormOperation;
use crate::dates::{format_date, to_utc};
use crate::db::types::{CaseId, UserId};
use crate::extract::Patch;
use crate::labels::Labels;

crate::text_enum! {
    /// The statutory meeting a form follows.
    pub enum MeetingType {
        /// A looked-after child's review.
        ClaReview = "cla_review",
        /// An initial child protection conference.
        Icpc = "icpc",
        /// A review child protection conference.
        Rcpc = "rcpc",
    }
}

crate::text_enum! {
    /// How the child took part in the meeting.
    pub enum ChildParticipation {
        /// Attended.
        Attended = "attended",
        /// Shared their views without attending.
        ViewsShared = "views_shared",
        /// Through an advocate.
        Advocate = "advocate",
        /// Did not take part.
        NotParticipated = "not_participated",
    }
}

crate::text_enum! {
    /// Whether the child's plan is progressing.
    pub enum PlanProgress {
        /// Yes.
        Yes = "yes",
        /// In part.
        Partly = "partly",
        /// No.
        No = "no",
    }
}

crate::text_enum! {
    /// A quality check's finding against a standard.
    pub enum QualityRating {
        /// Good practice.
        Good = "good",
        /// Adequate.
        Adequate = "adequate",
        /// A concern (needs a comment).
        Concern = "concern",
    }
}

crate::text_enum! {
    /// Where a form is.
    pub enum FormStatus {
        /// Being written by the reviewing officer.
        Draft = "draft",
        /// Submitted: the case's worker and manager are told of concerns and good practice.
        Submitted = "submitted",
    }
}

/// A quality check against one standard.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
pub struct QualityCheck {
    /// The practice standard.
    #[schema(minimum = 1, maximum = 100)]
    #[validate(range(min = 1, max = 100))]
    pub standard_number: i32,
    /// Good, adequate or a concern.
    pub rating: QualityRating,
    /// What the officer saw (narrative; needed for a concern).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub comment: Option<String>,
}

impl QualityCheck {
    /// From a row; the comment only for callers who read narrative.
    pub fn from_row(row: QualityCheckRow, narrative: bool) -> Self {
        Self {
            standard_number: row.standard_number,
            rating: row.rating,
            comment: row.comment.filter(|_| narrative),
        }
    }
}

/// A reviewing officer's monitoring form after a review or conference.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonitoringForm {
    /// Identifier.
    pub id: Uuid,
    /// The case.
    pub case_id: Uuid,
    /// The case's initials or pseudonym.
    pub case_display_name: Option<String>,
    /// The case's reference in the case management system.
    pub case_external_ref: Option<String>,
    /// The case's team.
    pub team_id: Uuid,
    /// The reviewing officer.
    pub officer_id: Uuid,
    /// Their name.
    pub officer_name: Option<String>,
    /// The meeting.
    pub meeting_type: MeetingType,
    /// When it was held.
    #[schema(format = Date)]
    pub meeting_on: String,
    /// Held within its statutory timescale.
    pub held_in_timescale: Option<bool>,
    /// Why it was not (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timescale_reason: Option<String>,
    /// How the child took part.
    pub child_participated: Option<ChildParticipation>,
    /// Notes on the child's participation (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_participation_notes: Option<String>,
    /// Quality checks against the standards.
    pub quality_checks: Vec<QualityCheck>,
    /// Whether the plan is progressing.
    pub plan_progressing: Option<PlanProgress>,
    /// Concerns (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concerns: Option<String>,
    /// Good practice (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub good_practice: Option<String>,
    /// Status.
    pub status: FormStatus,
    /// When submitted.
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
    /// The practice alert or escalation raised from it, if any.
    pub escalation_id: Option<Uuid>,
    /// Version, also the `ETag`.
    pub version: i32,
    /// Started.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// What the caller may do to it now.
    pub allowed_operations: Vec<FormOperation>,
}

impl MonitoringForm {
    /// From a row and its checks; narrative only when `narrative`.
    pub fn new(
        row: FormRow,
        checks: Vec<QualityCheckRow>,
        narrative: bool,
        allowed_operations: Vec<FormOperation>,
    ) -> Self {
        let keep = |v: Option<String>| v.filter(|_| narrative);
        Self {
            id: row.id.uuid(),
            case_id: row.case_id.uuid(),
            case_display_name: None,
            case_external_ref: None,
            team_id: row.team_id.uuid(),
            officer_id: row.officer_id.uuid(),
            officer_name: None,
            meeting_type: row.meeting_type,
            meeting_on: format_date(row.meeting_on),
            held_in_timescale: row.held_in_timescale,
            timescale_reason: keep(row.timescale_reason),
            child_participated: row.child_participated,
            child_participation_notes: keep(row.child_participation_notes),
            quality_checks: checks
                .into_iter()
                .map(|c| QualityCheck::from_row(c, narrative))
                .collect(),
            plan_progressing: row.plan_progressing,
            concerns: keep(row.concerns),
            good_practice: keep(row.good_practice),
            status: row.status,
            submitted_at: row.submitted_at.map(to_utc),
            escalation_id: None,
            version: row.version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
            allowed_operations,
        }
    }

    /// Adds the names screens show.
    pub fn named(mut self, labels: &Labels) -> Self {
        let case = Some(CaseId::from(self.case_id));
        self.case_display_name = labels.case_name(case);
        self.case_external_ref = labels.case_ref(case);
        self.officer_name = labels.person(Some(UserId::from(self.officer_id)));
        self
    }
}

/// A page of monitoring forms.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonitoringFormPage {
    /// The forms.
    pub items: Vec<MonitoringForm>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    /// Pass as `cursor` for the previous page; null on the first.
    pub prev_cursor: Option<String>,
    /// How many the whole list holds, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

/// Starting a monitoring form after a review or conference (a reviewing officer). Everything
/// but the case, the meeting and its day may be filled in later.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewMonitoringForm {
    /// The case.
    pub case_id: Uuid,
    /// The meeting.
    pub meeting_type: MeetingType,
    /// When it was held (not in the future).
    #[schema(value_type = String, format = Date)]
    #[serde(with = "crate::dates::serde_date")]
    pub meeting_on: Date,
    /// Held within its statutory timescale.
    pub held_in_timescale: Option<bool>,
    /// Why it was not.
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub timescale_reason: Option<String>,
    /// How the child took part.
    pub child_participated: Option<ChildParticipation>,
    /// Notes on the child's participation.
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub child_participation_notes: Option<String>,
    /// Quality checks against the standards (one per standard).
    #[serde(default)]
    #[schema(max_items = 20)]
    #[validate(length(max = 20), nested)]
    pub quality_checks: Vec<QualityCheck>,
    /// Whether the plan is progressing.
    pub plan_progressing: Option<PlanProgress>,
    /// Concerns.
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub concerns: Option<String>,
    /// Good practice.
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub good_practice: Option<String>,
}

/// Changes to a draft form (JSON merge patch; `null` clears a field; `quality_checks`
/// replaces the whole set).
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
pub struct MonitoringFormPatch {
    /// The meeting.
    pub meeting_type: Option<MeetingType>,
    /// When it was held.
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default, with = "crate::dates::serde_date::option")]
    pub meeting_on: Option<Date>,
    /// Held within its statutory timescale.
    #[serde(default)]
    #[schema(value_type = Option<bool>)]
    pub held_in_timescale: Patch<bool>,
    /// Why it was not.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 20000)]
    #[validate(length(max = 20000))]
    pub timescale_reason: Patch<String>,
    /// How the child took part.
    #[serde(default)]
    #[schema(value_type = Option<ChildParticipation>)]
    pub child_participated: Patch<ChildParticipation>,
    /// Notes on the child's participation.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 20000)]
    #[validate(length(max = 20000))]
    pub child_participation_notes: Patch<String>,
    /// The whole set of quality checks.
    #[schema(max_items = 20)]
    #[validate(length(max = 20), nested)]
    pub quality_checks: Option<Vec<QualityCheck>>,
    /// Whether the plan is progressing.
    #[serde(default)]
    #[schema(value_type = Option<PlanProgress>)]
    pub plan_progressing: Patch<PlanProgress>,
    /// Concerns.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 20000)]
    #[validate(length(max = 20000))]
    pub concerns: Patch<String>,
    /// Good practice.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 20000)]
    #[validate(length(max = 20000))]
    pub good_practice: Patch<String>,
}
