//! Feedback as the API shows it (product.md §4.6). Summaries, responses and other free text are
//! left out for callers limited to structured fields.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::model::{FeedbackRow, StageRow};
use super::policy::FeedbackOperation;
use crate::dates::{format_date, to_utc};
use crate::db::types::{CaseId, UnitId};
use crate::extract::Patch;
use crate::labels::Labels;

crate::text_enum! {
    /// The kind of feedback (product.md §4.6).
    pub enum FeedbackKind {
        /// A compliment.
        Compliment = "compliment",
        /// A complaint, on the statutory or corporate route.
        Complaint = "complaint",
        /// A survey response (imported in batches).
        SurveyResponse = "survey_response",
        /// A commissioned advocacy service's report.
        AdvocacyReport = "advocacy_report",
        /// Feedback from staff.
        StaffFeedback = "staff_feedback",
        /// Feedback from a partner agency.
        PartnerFeedback = "partner_feedback",
        /// Participation: Mind of My Own statements, forums and focus groups.
        Participation = "participation",
    }
}

crate::text_enum! {
    /// Who the feedback came from.
    pub enum SourceRole {
        /// A child.
        Child = "child",
        /// A young person.
        YoungPerson = "young_person",
        /// A parent.
        Parent = "parent",
        /// A carer.
        Carer = "carer",
        /// A professional.
        Professional = "professional",
        /// A member of staff.
        Staff = "staff",
        /// An advocate.
        Advocate = "advocate",
        /// A partner agency.
        PartnerAgency = "partner_agency",
    }
}

crate::text_enum! {
    /// How it came in.
    pub enum Channel {
        /// Letter.
        Letter = "letter",
        /// E-mail.
        Email = "email",
        /// Telephone.
        Phone = "phone",
        /// Online form.
        Online = "online",
        /// In person.
        InPerson = "in_person",
        /// An app (Mind of My Own).
        App = "app",
        /// A survey.
        Survey = "survey",
        /// A forum or focus group.
        Forum = "forum",
        /// Anything else.
        Other = "other",
    }
}

crate::text_enum! {
    /// Where a piece of feedback is. Feedback other than complaints is `recorded`; complaints
    /// go `received` → `acknowledged` → `responded` (per stage) → `closed`, or `withdrawn`.
    pub enum FeedbackStatus {
        /// Recorded (feedback other than complaints).
        Recorded = "recorded",
        /// A complaint received, not yet acknowledged.
        Received = "received",
        /// Acknowledged: the current stage's clock runs.
        Acknowledged = "acknowledged",
        /// The current stage has its response; the next may be requested within its window.
        Responded = "responded",
        /// Closed.
        Closed = "closed",
        /// Withdrawn by the complainant.
        Withdrawn = "withdrawn",
    }
}

crate::text_enum! {
    /// Which procedure a complaint follows.
    pub enum ComplaintRoute {
        /// The Children Act 1989 Representations Procedure (England) Regulations 2006: three
        /// stages.
        Statutory = "statutory",
        /// The council's corporate procedure (the Ombudsman's Complaint Handling Code): two
        /// stages, counted from acknowledgement.
        Corporate = "corporate",
    }
}

crate::text_enum! {
    /// A stage's finding.
    pub enum ComplaintOutcome {
        /// Upheld.
        Upheld = "upheld",
        /// Partly upheld.
        PartiallyUpheld = "partially_upheld",
        /// Not upheld.
        NotUpheld = "not_upheld",
    }
}

/// A commissioned advocacy service's quarterly report, as structured figures.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
pub struct AdvocacyFigures {
    /// The quarter it covers, `YYYY-Qn`.
    #[schema(pattern = "^[0-9]{4}-Q[1-4]$")]
    #[validate(length(min = 7, max = 7))]
    pub quarter: String,
    /// Referrals received.
    #[schema(minimum = 0, maximum = 100000)]
    #[validate(range(min = 0, max = 100000))]
    pub referrals: i32,
    /// Issue-based advocacy cases.
    #[schema(minimum = 0, maximum = 100000)]
    #[validate(range(min = 0, max = 100000))]
    pub issue_based: i32,
    /// Advocacy at child protection conferences and reviews.
    #[schema(minimum = 0, maximum = 100000)]
    #[validate(range(min = 0, max = 100000))]
    pub meetings: i32,
    /// Cases closed with the child's aims met.
    #[schema(minimum = 0, maximum = 100000)]
    #[validate(range(min = 0, max = 100000))]
    pub outcomes_met: i32,
    /// Cases closed with aims partly met.
    #[schema(minimum = 0, maximum = 100000)]
    #[validate(range(min = 0, max = 100000))]
    pub outcomes_partly_met: i32,
    /// Compliments the service passed on.
    #[schema(minimum = 0, maximum = 100000)]
    #[validate(range(min = 0, max = 100000))]
    pub compliments: i32,
    /// Complaints the service supported.
    #[schema(minimum = 0, maximum = 100000)]
    #[validate(range(min = 0, max = 100000))]
    pub complaints: i32,
    /// Challenges the service raised with the council.
    #[schema(minimum = 0, maximum = 100000)]
    #[validate(range(min = 0, max = 100000))]
    pub challenges: i32,
}

/// A survey response's ratings: question and rating (1–5, null for no answer).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Rating {
    /// The question, `q1`…`qN`.
    pub question: String,
    /// 1 (poor) to 5 (very good); null for no answer.
    pub rating: Option<i32>,
}

/// One stage of a complaint: its clock, extension, people, outcome and timeliness.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComplaintStage {
    /// 1 local resolution, 2 investigation, 3 review panel.
    pub stage: i32,
    /// When the stage began (received, acknowledged or requested).
    #[schema(format = Date)]
    pub opened_on: String,
    /// When its response is due now (with any extension; at stage 3 the next of the panel,
    /// its report and the council's response).
    #[schema(format = Date)]
    pub due_on: String,
    /// Working days it has by statute or code.
    pub standard_days: i32,
    /// Working days added by extension.
    pub extended_days: i32,
    /// The most working days it may take with extensions.
    pub max_days: i32,
    /// Why it was extended (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension_reason: Option<String>,
    /// Stage 2's investigating officer (narrative: a person's name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub investigator: Option<String>,
    /// Stage 2's independent person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub independent_person: Option<String>,
    /// Stage 3's three panel members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub panel_members: Option<Vec<String>>,
    /// When stage 3's panel met.
    #[schema(format = Date)]
    pub panel_on: Option<String>,
    /// When its report came.
    #[schema(format = Date)]
    pub report_on: Option<String>,
    /// When the stage was responded to (at stage 3, the council's response).
    #[schema(format = Date)]
    pub responded_on: Option<String>,
    /// The finding.
    pub outcome: Option<ComplaintOutcome>,
    /// The response (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_summary: Option<String>,
    /// Whether it was responded to by its due date.
    pub responded_in_time: Option<bool>,
    /// The last day the next stage may be requested.
    #[schema(format = Date)]
    pub request_window_ends: Option<String>,
    /// Stage 3 (statutory): the last day for the panel to meet.
    #[schema(format = Date)]
    pub panel_due_on: Option<String>,
    /// Stage 3: the last day for the panel's report (once it has met).
    #[schema(format = Date)]
    pub report_due_on: Option<String>,
    /// Stage 3: the last day for the council's response (once the report has come).
    #[schema(format = Date)]
    pub council_response_due_on: Option<String>,
}

impl ComplaintStage {
    /// From a row; names and texts only for callers who read narrative.
    pub fn from_row(row: StageRow, narrative: bool) -> Self {
        let keep = |v: Option<String>| v.filter(|_| narrative);
        Self {
            stage: row.stage,
            opened_on: format_date(row.opened_on),
            due_on: format_date(row.due_on),
            standard_days: row.standard_days,
            extended_days: row.extended_days,
            max_days: row.max_days,
            extension_reason: keep(row.extension_reason),
            investigator: keep(row.investigator),
            independent_person: keep(row.independent_person),
            panel_members: keep(row.panel_members)
                .map(|m| m.split('\n').map(str::to_string).collect()),
            panel_on: row.panel_on.map(format_date),
            report_on: row.report_on.map(format_date),
            responded_on: row.responded_on.map(format_date),
            outcome: row.outcome,
            response_summary: keep(row.response_summary),
            responded_in_time: row.responded_in_time,
            request_window_ends: row.request_window_ends.map(format_date),
            panel_due_on: None,
            report_due_on: None,
            council_response_due_on: None,
        }
    }
}

/// A piece of feedback.
#[derive(Debug, Serialize, ToSchema)]
pub struct Feedback {
    /// Identifier.
    pub id: Uuid,
    /// Kind.
    pub kind: FeedbackKind,
    /// Who it came from.
    pub source_role: SourceRole,
    /// How it came in.
    pub channel: Channel,
    /// When it was received.
    #[schema(format = Date)]
    pub received_on: String,
    /// The team it is about.
    pub team_id: Option<Uuid>,
    /// The team's name.
    pub team_name: Option<String>,
    /// The child's case it is about.
    pub case_id: Option<Uuid>,
    /// The case's initials or pseudonym.
    pub case_display_name: Option<String>,
    /// The case's reference.
    pub case_external_ref: Option<String>,
    /// What it says (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Themes raised.
    pub themes: Vec<String>,
    /// Practice standards it concerns.
    pub standards: Vec<i32>,
    /// Learning identified (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learning: Option<String>,
    /// Status.
    pub status: FeedbackStatus,
    /// A complaint's route.
    pub route: Option<ComplaintRoute>,
    /// A complaint's current stage.
    pub stage: Option<i32>,
    /// When a complaint's acknowledgement is due.
    #[schema(format = Date)]
    pub acknowledge_by: Option<String>,
    /// When it was acknowledged.
    #[schema(format = Date)]
    pub acknowledged_on: Option<String>,
    /// When the current stage's response is due.
    #[schema(format = Date)]
    pub stage_due_on: Option<String>,
    /// The acknowledgement or the current stage's response is past due.
    pub overdue: bool,
    /// Working days until the next deadline (negative once passed); null when none runs.
    pub working_days_left: Option<i32>,
    /// Each stage so far (on the single read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stages: Option<Vec<ComplaintStage>>,
    /// When the complainant went to the Ombudsman.
    #[schema(format = Date)]
    pub ombudsman_referred_on: Option<String>,
    /// The Ombudsman's finding.
    pub ombudsman_outcome: Option<String>,
    /// Why it was withdrawn (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawn_reason: Option<String>,
    /// "You said, we did": what changed (narrative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub we_did: Option<String>,
    /// When the participant was answered.
    #[schema(format = Date)]
    pub we_did_on: Option<String>,
    /// A survey response's ratings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratings: Option<Vec<Rating>>,
    /// The import a survey response came in.
    pub batch_ref: Option<String>,
    /// An advocacy report's figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advocacy: Option<AdvocacyFigures>,
    /// Version, also the `ETag`.
    pub version: i32,
    /// Recorded.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// What the caller may do to it now.
    pub allowed_operations: Vec<FeedbackOperation>,
}

/// Splits a stored comma list.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

impl Feedback {
    /// From a row; narrative only when `narrative`.
    pub fn new(
        row: FeedbackRow,
        narrative: bool,
        allowed_operations: Vec<FeedbackOperation>,
        labels: &Labels,
    ) -> Self {
        let keep = |v: Option<String>| v.filter(|_| narrative);
        Self {
            id: row.id.uuid(),
            kind: row.kind,
            source_role: row.source_role,
            channel: row.channel,
            received_on: format_date(row.received_on),
            team_id: row.team_id.map(UnitId::uuid),
            team_name: None,
            case_id: row.case_id.map(CaseId::uuid),
            case_display_name: labels.case_name(row.case_id),
            case_external_ref: labels.case_ref(row.case_id),
            summary: keep(Some(row.summary)),
            themes: split_list(&row.themes),
            standards: split_list(&row.standards)
                .iter()
                .filter_map(|n| n.parse().ok())
                .collect(),
            learning: keep(row.learning),
            status: row.status,
            route: row.route,
            stage: row.stage,
            acknowledge_by: row.acknowledge_by.map(format_date),
            acknowledged_on: row.acknowledged_on.map(format_date),
            stage_due_on: None,
            overdue: false,
            working_days_left: None,
            stages: None,
            ombudsman_referred_on: row.ombudsman_referred_on.map(format_date),
            ombudsman_outcome: row.ombudsman_outcome,
            withdrawn_reason: keep(row.withdrawn_reason),
            we_did: keep(row.we_did),
            we_did_on: row.we_did_on.map(format_date),
            ratings: row.ratings.as_deref().map(parse_ratings),
            batch_ref: row.batch_ref,
            advocacy: row
                .advocacy
                .as_deref()
                .and_then(|a| serde_json::from_str(a).ok()),
            version: row.version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
            allowed_operations,
        }
    }
}

/// Reads stored ratings (`q1=4;q2=;q3=5`).
pub fn parse_ratings(text: &str) -> Vec<Rating> {
    text.split(';')
        .filter(|p| !p.is_empty())
        .filter_map(|part| {
            let (question, value) = part.split_once('=')?;
            Some(Rating {
                question: question.to_string(),
                rating: value.parse().ok(),
            })
        })
        .collect()
}

/// A page of feedback.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackPage {
    /// The feedback.
    pub items: Vec<Feedback>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
    /// Pass as `cursor` for the previous page; null on the first.
    pub prev_cursor: Option<String>,
    /// How many the whole list holds, when `count=true` was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

/// Recording feedback.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct NewFeedback {
    /// Kind (survey responses come by import).
    pub kind: FeedbackKind,
    /// Who it came from.
    pub source_role: SourceRole,
    /// How it came in.
    pub channel: Channel,
    /// When it was received (not in the future).
    #[schema(value_type = String, format = Date)]
    #[serde(with = "crate::dates::serde_date")]
    pub received_on: Date,
    /// The team it is about.
    pub team_id: Option<Uuid>,
    /// The child's case it is about (in the caller's scope).
    pub case_id: Option<Uuid>,
    /// What it says.
    #[schema(min_length = 1, max_length = 20000)]
    #[validate(length(min = 1, max = 20000))]
    pub summary: String,
    /// Themes raised (short words, e.g. `communication`, `contact`).
    #[serde(default)]
    #[schema(max_items = 20)]
    #[validate(length(max = 20))]
    pub themes: Vec<String>,
    /// Practice standards it concerns.
    #[serde(default)]
    #[schema(max_items = 10)]
    #[validate(length(max = 10))]
    pub standards: Vec<i32>,
    /// Learning identified.
    #[schema(max_length = 20000)]
    #[validate(length(max = 20000))]
    pub learning: Option<String>,
    /// A complaint's route (required for complaints).
    pub route: Option<ComplaintRoute>,
    /// An advocacy report's figures (required for advocacy reports).
    #[validate(nested)]
    pub advocacy: Option<AdvocacyFigures>,
}

/// Changes to feedback (JSON merge patch): the record's words, themes and learning.
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
pub struct FeedbackPatch {
    /// What it says.
    #[schema(min_length = 1, max_length = 20000)]
    #[validate(length(min = 1, max = 20000))]
    pub summary: Option<String>,
    /// Themes raised (the whole list).
    #[schema(max_items = 20)]
    #[validate(length(max = 20))]
    pub themes: Option<Vec<String>>,
    /// Practice standards (the whole list).
    #[schema(max_items = 10)]
    #[validate(length(max = 10))]
    pub standards: Option<Vec<i32>>,
    /// Learning identified (`null` clears it).
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 20000)]
    #[validate(length(max = 20000))]
    pub learning: Patch<String>,
}

/// Extending the current stage.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct ExtendStage {
    /// Working days to add to the stage's standard time (within its maximum).
    #[schema(minimum = 1, maximum = 60)]
    #[validate(range(min = 1, max = 60))]
    pub extra_working_days: i32,
    /// Why.
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(length(min = 1, max = 5000))]
    pub reason: String,
}

/// Responding at the current stage.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct RespondStage {
    /// The finding.
    pub outcome: ComplaintOutcome,
    /// The response.
    #[schema(min_length = 1, max_length = 20000)]
    #[validate(length(min = 1, max = 20000))]
    pub response_summary: String,
    /// When the response was sent (not in the future).
    #[schema(value_type = String, format = Date)]
    #[serde(with = "crate::dates::serde_date")]
    pub responded_on: Date,
}

/// Asking for the next stage.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct EscalateStage {
    /// When the complainant asked (default today; within the request window).
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default, with = "crate::dates::serde_date::option")]
    pub requested_on: Option<Date>,
    /// Stage 2's investigating officer.
    #[schema(max_length = 200)]
    #[validate(length(max = 200))]
    pub investigator: Option<String>,
    /// Stage 2's independent person (reg. 17(2)).
    #[schema(max_length = 200)]
    #[validate(length(max = 200))]
    pub independent_person: Option<String>,
    /// Stage 3's three independent panel members (reg. 19(2)).
    #[serde(default)]
    #[schema(max_items = 3)]
    #[validate(length(max = 3))]
    pub panel_members: Vec<String>,
}

/// Stage 3's dates: the panel, its report and the council's response, each against its own
/// deadline.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct PanelDates {
    /// When the panel met.
    #[schema(value_type = String, format = Date)]
    #[serde(with = "crate::dates::serde_date")]
    pub panel_on: Date,
    /// When its report came.
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default, with = "crate::dates::serde_date::option")]
    pub report_on: Option<Date>,
    /// When the council sent its response to the panel's report (ends the stage).
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default, with = "crate::dates::serde_date::option")]
    pub council_response_on: Option<Date>,
}

/// A referral to the Local Government and Social Care Ombudsman.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct OmbudsmanReferral {
    /// When the complainant went to the Ombudsman.
    #[schema(value_type = String, format = Date)]
    #[serde(with = "crate::dates::serde_date")]
    pub referred_on: Date,
    /// The Ombudsman's finding, when known.
    #[schema(max_length = 200)]
    #[validate(length(max = 200))]
    pub outcome: Option<String>,
}

/// A reason (withdrawing).
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct FeedbackReason {
    /// Why.
    #[schema(min_length = 1, max_length = 5000)]
    #[validate(length(min = 1, max = 5000))]
    pub reason: String,
}

/// "You said, we did": the answer to a participant.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct WeDid {
    /// What changed because of what they said.
    #[schema(min_length = 1, max_length = 20000)]
    #[validate(length(min = 1, max = 20000))]
    pub we_did: String,
}

/// The outcome of a survey import.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportOutcome {
    /// The import's reference.
    pub batch_ref: String,
    /// Responses imported (0 when any row was refused).
    pub imported: i32,
    /// Whether this answer repeats an import made before with the same reference.
    pub replayed: bool,
    /// Every refused row: nothing is imported while any is.
    pub errors: Vec<ImportError>,
}

/// A refused row of a survey import.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportError {
    /// The row's line number in the file (the header is line 1).
    pub row: usize,
    /// The column.
    pub field: String,
    /// Why.
    pub message: String,
}
