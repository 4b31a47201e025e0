//! Monitoring form rows, read and written whole, and what the record policy knows of a form.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::dto::{ChildParticipation, FormStatus, MeetingType, PlanProgress, QualityRating};
use crate::auth::policy::CaseRecord;
use crate::db::schema::{monitoring_forms, monitoring_quality_checks};
use crate::db::types::{CaseId, FormId, QualityCheckId, UnitId, UserId};

/// A monitoring form row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = monitoring_forms)]
#[diesel(treat_none_as_default_value = false)]
pub struct FormRow {
    /// Identifier.
    pub id: FormId,
    /// The case.
    pub case_id: CaseId,
    /// The case's team.
    pub team_id: UnitId,
    /// The reviewing officer.
    pub officer_id: UserId,
    /// Review or conference.
    pub meeting_type: MeetingType,
    /// The day it was held.
    pub meeting_on: Date,
    /// Held within its statutory timescale.
    pub held_in_timescale: Option<bool>,
    /// Why not.
    pub timescale_reason: Option<String>,
    /// How the child took part.
    pub child_participated: Option<ChildParticipation>,
    /// Notes on the child's participation.
    pub child_participation_notes: Option<String>,
    /// Whether the plan is progressing.
    pub plan_progressing: Option<PlanProgress>,
    /// Concerns.
    pub concerns: Option<String>,
    /// Good practice.
    pub good_practice: Option<String>,
    /// Draft or submitted.
    pub status: FormStatus,
    /// When submitted.
    pub submitted_at: Option<PrimitiveDateTime>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Updated.
    pub updated_at: PrimitiveDateTime,
    /// Creator.
    pub created_by: Option<UserId>,
}

/// Every field of a form that changes after it is started, written whole on the version
/// authorised.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = monitoring_forms)]
#[diesel(treat_none_as_null = true)]
pub struct FormState {
    /// Review or conference.
    pub meeting_type: MeetingType,
    /// The day.
    pub meeting_on: Date,
    /// Held in timescale.
    pub held_in_timescale: Option<bool>,
    /// Why not.
    pub timescale_reason: Option<String>,
    /// How the child took part.
    pub child_participated: Option<ChildParticipation>,
    /// Notes.
    pub child_participation_notes: Option<String>,
    /// Plan progressing.
    pub plan_progressing: Option<PlanProgress>,
    /// Concerns.
    pub concerns: Option<String>,
    /// Good practice.
    pub good_practice: Option<String>,
    /// Status.
    pub status: FormStatus,
    /// When submitted.
    pub submitted_at: Option<PrimitiveDateTime>,
    /// The new version.
    pub version: i32,
    /// Now.
    pub updated_at: PrimitiveDateTime,
}

impl FormRow {
    /// The row's changeable fields, as the starting point of its next state at `now`.
    pub fn next_state(&self, now: PrimitiveDateTime) -> FormState {
        FormState {
            meeting_type: self.meeting_type,
            meeting_on: self.meeting_on,
            held_in_timescale: self.held_in_timescale,
            timescale_reason: self.timescale_reason.clone(),
            child_participated: self.child_participated,
            child_participation_notes: self.child_participation_notes.clone(),
            plan_progressing: self.plan_progressing,
            concerns: self.concerns.clone(),
            good_practice: self.good_practice.clone(),
            status: self.status,
            submitted_at: self.submitted_at,
            version: self.version + 1,
            updated_at: now,
        }
    }
}

impl CaseRecord for FormRow {
    const KIND: &'static str = "monitoring_form";

    fn record_id(&self) -> uuid::Uuid {
        self.id.uuid()
    }

    fn case_id(&self) -> Option<CaseId> {
        Some(self.case_id)
    }

    fn team_id(&self) -> Option<UnitId> {
        Some(self.team_id)
    }

    fn participants(&self) -> Vec<UserId> {
        vec![self.officer_id]
    }

    fn version(&self) -> i32 {
        self.version
    }

    fn visible_to_case_worker(&self) -> bool {
        self.status == FormStatus::Submitted
    }
}

crate::scoped_table!(monitoring_forms {
    team: team_id,
    case: case_id,
    names: [officer_id],
    worker_names: [],
    shown_to_worker: monitoring_forms::status
        .eq(FormStatus::Submitted)
        .nullable()
});

/// A quality check of a form against one standard.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = monitoring_quality_checks)]
#[diesel(treat_none_as_default_value = false)]
pub struct QualityCheckRow {
    /// Identifier.
    pub id: QualityCheckId,
    /// The form.
    pub form_id: FormId,
    /// The standard.
    pub standard_number: i32,
    /// Good, adequate or a concern.
    pub rating: QualityRating,
    /// What the officer saw.
    pub comment: Option<String>,
}
