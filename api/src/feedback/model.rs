//! Feedback and complaint-stage rows, and what the record policy knows of feedback.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use super::dto::{
    Channel, ComplaintOutcome, ComplaintRoute, FeedbackKind, FeedbackStatus, SourceRole,
};
use crate::auth::policy::CaseRecord;
use crate::db::schema::{complaint_stages, feedback};
use crate::db::types::{CaseId, FeedbackId, StageId, UnitId, UserId};

/// A feedback row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = feedback)]
#[diesel(treat_none_as_default_value = false)]
pub struct FeedbackRow {
    /// Identifier.
    pub id: FeedbackId,
    /// Kind.
    pub kind: FeedbackKind,
    /// Who it came from.
    pub source_role: SourceRole,
    /// How it came in.
    pub channel: Channel,
    /// When received.
    pub received_on: Date,
    /// The team it is about.
    pub team_id: Option<UnitId>,
    /// The case it is about.
    pub case_id: Option<CaseId>,
    /// What it says.
    pub summary: String,
    /// Themes, comma-separated.
    pub themes: String,
    /// Standards, comma-separated.
    pub standards: String,
    /// Learning.
    pub learning: Option<String>,
    /// Status.
    pub status: FeedbackStatus,
    /// A complaint's route.
    pub route: Option<ComplaintRoute>,
    /// A complaint's current stage.
    pub stage: Option<i32>,
    /// When the current stage is due.
    pub stage_due_on: Option<Date>,
    /// When the acknowledgement is due.
    pub acknowledge_by: Option<Date>,
    /// When acknowledged.
    pub acknowledged_on: Option<Date>,
    /// When referred to the Ombudsman.
    pub ombudsman_referred_on: Option<Date>,
    /// The Ombudsman's finding.
    pub ombudsman_outcome: Option<String>,
    /// Why withdrawn.
    pub withdrawn_reason: Option<String>,
    /// "You said, we did".
    pub we_did: Option<String>,
    /// When answered.
    pub we_did_on: Option<Date>,
    /// A survey response's ratings, `q1=4;q2=;…`.
    pub ratings: Option<String>,
    /// The import it came in.
    pub batch_ref: Option<String>,
    /// An advocacy report's figures, JSON.
    pub advocacy: Option<String>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: PrimitiveDateTime,
    /// Updated.
    pub updated_at: PrimitiveDateTime,
    /// Recorded by.
    pub created_by: Option<UserId>,
}

/// Every field of feedback that changes after it is recorded, written whole on the version
/// authorised.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = feedback)]
#[diesel(treat_none_as_null = true)]
pub struct FeedbackState {
    /// What it says.
    pub summary: String,
    /// Themes.
    pub themes: String,
    /// Standards.
    pub standards: String,
    /// Learning.
    pub learning: Option<String>,
    /// Status.
    pub status: FeedbackStatus,
    /// Current stage.
    pub stage: Option<i32>,
    /// When the current stage is due.
    pub stage_due_on: Option<Date>,
    /// When acknowledged.
    pub acknowledged_on: Option<Date>,
    /// When referred to the Ombudsman.
    pub ombudsman_referred_on: Option<Date>,
    /// The Ombudsman's finding.
    pub ombudsman_outcome: Option<String>,
    /// Why withdrawn.
    pub withdrawn_reason: Option<String>,
    /// "You said, we did".
    pub we_did: Option<String>,
    /// When answered.
    pub we_did_on: Option<Date>,
    /// The new version.
    pub version: i32,
    /// Now.
    pub updated_at: PrimitiveDateTime,
}

impl FeedbackRow {
    /// The row's changeable fields, as the starting point of its next state at `now`.
    pub fn next_state(&self, now: PrimitiveDateTime) -> FeedbackState {
        FeedbackState {
            summary: self.summary.clone(),
            themes: self.themes.clone(),
            standards: self.standards.clone(),
            learning: self.learning.clone(),
            status: self.status,
            stage: self.stage,
            stage_due_on: self.stage_due_on,
            acknowledged_on: self.acknowledged_on,
            ombudsman_referred_on: self.ombudsman_referred_on,
            ombudsman_outcome: self.ombudsman_outcome.clone(),
            withdrawn_reason: self.withdrawn_reason.clone(),
            we_did: self.we_did.clone(),
            we_did_on: self.we_did_on,
            version: self.version + 1,
            updated_at: now,
        }
    }
}

impl CaseRecord for FeedbackRow {
    const KIND: &'static str = "feedback";

    fn record_id(&self) -> uuid::Uuid {
        self.id.uuid()
    }

    fn case_id(&self) -> Option<CaseId> {
        self.case_id
    }

    fn team_id(&self) -> Option<UnitId> {
        self.team_id
    }

    fn participants(&self) -> Vec<UserId> {
        self.created_by.into_iter().collect()
    }

    fn version(&self) -> i32 {
        self.version
    }
}

crate::scoped_table!(feedback {
    team: team_id,
    case: case_id,
    names: [created_by]
});

/// A complaint's stage.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = complaint_stages)]
#[diesel(treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct StageRow {
    /// Identifier.
    pub id: StageId,
    /// The complaint.
    pub feedback_id: FeedbackId,
    /// 1-3.
    pub stage: i32,
    /// When it began.
    pub opened_on: Date,
    /// When its response (or next stage-3 step) is due.
    pub due_on: Date,
    /// Working days by statute or code.
    pub standard_days: i32,
    /// Working days added.
    pub extended_days: i32,
    /// The most working days.
    pub max_days: i32,
    /// Why extended.
    pub extension_reason: Option<String>,
    /// Stage 2's investigating officer.
    pub investigator: Option<String>,
    /// Stage 2's independent person.
    pub independent_person: Option<String>,
    /// Stage 3's panel, one per line.
    pub panel_members: Option<String>,
    /// When stage 3's panel met.
    pub panel_on: Option<Date>,
    /// When its report came.
    pub report_on: Option<Date>,
    /// When responded.
    pub responded_on: Option<Date>,
    /// The finding.
    pub outcome: Option<ComplaintOutcome>,
    /// The response.
    pub response_summary: Option<String>,
    /// Responded by the due date.
    pub responded_in_time: Option<bool>,
    /// The last day the next stage may be requested.
    pub request_window_ends: Option<Date>,
    /// Created.
    pub created_at: PrimitiveDateTime,
}
