//! A year of feedback for the demo council: compliments about every team, statutory and
//! corporate complaints run on the calendar's clocks (most answered in time, some extended,
//! a few taken to stage 2, one to a review panel, a few withdrawn, recent ones still open and
//! one overdue), participation with "you said, we did", staff and partner feedback, quarterly
//! advocacy reports and two imported parent surveys.
//!
//! Drawn from a generator of its own, so the rest of the council is unchanged.

use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use time::{Date, Duration};

use super::{at, id_at, CaseInfo, DemoRefusal, Team};
use crate::calendar::Calendar;
use crate::db::schema::feedback_imports;
use crate::db::types::{FeedbackId, UserId};
use crate::db::DbConn;
use crate::feedback::dto::{
    AdvocacyFigures, Channel, ComplaintOutcome, ComplaintRoute, FeedbackKind, FeedbackStatus,
    SourceRole,
};
use crate::feedback::model::{FeedbackRow, StageRow};
use crate::feedback::service::{acknowledge_by, new_stage};
use crate::settings::Rules;

const COMPLIMENTS: [&str; 4] = [
    "Thank you for listening to my son and for coming back when you said you would",
    "The social worker explained every step of the plan in words we understood",
    "Our foster carer says the team's support made the placement work",
    "The school thanked the team for joining up so quickly after the referral",
];

const COMPLAINTS: [(&str, &[&str], &[i32]); 4] = [
    (
        "Visits were cancelled at short notice and no one called back",
        &["communication", "visits"],
        &[5, 8],
    ),
    (
        "We had three social workers in a year and had to tell our story each time",
        &["continuity"],
        &[1, 5],
    ),
    (
        "The assessment said things about our family that were not true",
        &["accuracy of records"],
        &[2],
    ),
    (
        "Contact with my daughter was stopped without anyone explaining why",
        &["contact", "communication"],
        &[4, 8],
    ),
];

const VOICES: [(&str, &str); 3] = [
    (
        "Care leavers want somewhere to drop in without an appointment",
        "A drop-in every Thursday afternoon at the youth hub from January",
    ),
    (
        "Children in care said reviews feel like meetings about them, not with them",
        "Children now choose where their review is held and can chair part of it",
    ),
    (
        "Young people asked for their social worker's mobile number, not the office line",
        "Every worker's work mobile is now on the child's 'my plan' page",
    ),
];

#[derive(Default)]
struct Rows {
    feedback: Vec<FeedbackRow>,
    stages: Vec<StageRow>,
}

fn blank(
    id: FeedbackId,
    kind: FeedbackKind,
    source_role: SourceRole,
    channel: Channel,
    received_on: Date,
    recorder: UserId,
    rng: &mut StdRng,
) -> FeedbackRow {
    let made = at(received_on, rng);
    FeedbackRow {
        id,
        kind,
        source_role,
        channel,
        received_on,
        team_id: None,
        case_id: None,
        summary: String::new(),
        themes: String::new(),
        standards: String::new(),
        learning: None,
        status: FeedbackStatus::Recorded,
        route: None,
        stage: None,
        stage_due_on: None,
        acknowledge_by: None,
        acknowledged_on: None,
        ombudsman_referred_on: None,
        ombudsman_outcome: None,
        withdrawn_reason: None,
        we_did: None,
        we_did_on: None,
        ratings: None,
        batch_ref: None,
        advocacy: None,
        version: 1,
        created_at: made,
        updated_at: made,
        created_by: Some(recorder),
    }
}

/// One complaint taken as far as its age and a roll of the dice allow.
#[allow(clippy::too_many_arguments)]
fn complaint(
    rows: &mut Rows,
    rng: &mut StdRng,
    calendar: &Calendar,
    rules: &Rules,
    anchor: Date,
    received_on: Date,
    case: &CaseInfo,
    team: &Team,
    qa: UserId,
    n: usize,
) {
    let route = if n % 4 == 3 {
        ComplaintRoute::Corporate
    } else {
        ComplaintRoute::Statutory
    };
    let id: FeedbackId = id_at(at(received_on, rng), rng);
    let (summary, themes, standards) = COMPLAINTS[n % COMPLAINTS.len()];
    let mut row = blank(
        id,
        FeedbackKind::Complaint,
        if n.is_multiple_of(5) {
            SourceRole::YoungPerson
        } else {
            SourceRole::Parent
        },
        [
            Channel::Letter,
            Channel::Email,
            Channel::Phone,
            Channel::Online,
        ][n % 4],
        received_on,
        qa,
        rng,
    );
    row.team_id = Some(team.id);
    row.case_id = Some(case.id);
    row.summary = summary.into();
    row.themes = themes.join(",");
    row.standards = standards
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    row.route = Some(route);
    row.stage = Some(1);
    row.status = FeedbackStatus::Received;
    let ack_by = acknowledge_by(calendar, rules, route, received_on);
    row.acknowledge_by = Some(ack_by);
    let add = |from: Date, days: i32| calendar.add_working_days(from, days).unwrap_or(from);
    // One recent complaint waits past its acknowledgement date: the tracker's overdue one.
    // The statutory stage 1 runs from receipt, acknowledged or not (the service does the same).
    let waiting_stage = |row: &mut FeedbackRow, rows: &mut Rows| {
        if route == ComplaintRoute::Statutory {
            let stage = new_stage(calendar, rules, id, route, 1, row.received_on);
            row.stage_due_on = Some(stage.due_on);
            rows.stages.push(stage);
        }
    };
    if n == 0 {
        row.received_on = anchor - Duration::days(9);
        row.acknowledge_by = Some(acknowledge_by(calendar, rules, route, row.received_on));
        waiting_stage(&mut row, rows);
        rows.feedback.push(row);
        return;
    }
    let acknowledged = add(received_on, rng.random_range(1..=ack_by_days(rules, route)));
    if acknowledged > anchor {
        waiting_stage(&mut row, rows);
        rows.feedback.push(row);
        return;
    }
    row.status = FeedbackStatus::Acknowledged;
    row.acknowledged_on = Some(acknowledged);
    let opened = match route {
        ComplaintRoute::Statutory => received_on,
        ComplaintRoute::Corporate => acknowledged,
    };
    let mut stage = new_stage(calendar, rules, id, route, 1, opened);
    // About one in six is extended with a reason; one in eight is answered late.
    if n % 6 == 1 {
        stage.extended_days = stage.max_days - stage.standard_days;
        stage.due_on = add(stage.opened_on, stage.max_days);
        stage.extension_reason = Some("The family asked to meet after a hospital stay".into());
    }
    let late = n % 8 == 5;
    let answer_in = if late {
        stage.standard_days + stage.extended_days + rng.random_range(1..=4)
    } else {
        rng.random_range(stage.standard_days / 2..=stage.standard_days + stage.extended_days)
    };
    let responded = add(stage.opened_on, answer_in);
    if n % 15 == 7 && responded <= anchor {
        row.status = FeedbackStatus::Withdrawn;
        row.withdrawn_reason = Some("Resolved with the team manager by phone".into());
        row.stage_due_on = None;
        rows.stages.push(stage);
        rows.feedback.push(row);
        return;
    }
    if responded > anchor {
        row.stage_due_on = Some(stage.due_on);
        rows.stages.push(stage);
        rows.feedback.push(row);
        return;
    }
    let outcome = [
        ComplaintOutcome::Upheld,
        ComplaintOutcome::PartiallyUpheld,
        ComplaintOutcome::NotUpheld,
    ][n % 3];
    respond(&mut stage, responded, outcome, calendar, rules);
    row.status = FeedbackStatus::Responded;
    row.stage_due_on = None;
    let window = stage.request_window_ends.unwrap_or(responded);
    rows.stages.push(stage);
    // One in five asks for stage 2 within the window.
    let requested = add(responded, rng.random_range(3..=15));
    if n % 5 != 2 || requested > anchor || requested > window {
        if add(responded, 25) <= anchor {
            row.status = FeedbackStatus::Closed;
        }
        rows.feedback.push(row);
        return;
    }
    let mut two = new_stage(calendar, rules, id, route, 2, requested);
    two.investigator = Some("Investigating officer, QA unit".into());
    two.independent_person = Some("Independent person (commissioned)".into());
    row.stage = Some(2);
    let answered = add(requested, rng.random_range(15..=two.standard_days + 3));
    if answered > anchor {
        row.status = FeedbackStatus::Acknowledged;
        row.stage_due_on = Some(two.due_on);
        rows.stages.push(two);
        rows.feedback.push(row);
        return;
    }
    respond(
        &mut two,
        answered,
        ComplaintOutcome::PartiallyUpheld,
        calendar,
        rules,
    );
    rows.stages.push(two);
    row.status = if add(answered, 25) <= anchor {
        FeedbackStatus::Closed
    } else {
        FeedbackStatus::Responded
    };
    if n == 12 && route == ComplaintRoute::Statutory {
        // The year's one review panel, met and reported on in time, the council's response
        // a day late.
        let asked = add(answered, 10);
        let response = add(
            asked,
            28 + 5 + rules.complaint_council_response_working_days + 1,
        );
        if response <= anchor {
            let mut three = new_stage(calendar, rules, id, route, 3, asked);
            three.panel_members =
                Some("Panel chair\nIndependent member\nIndependent member".into());
            let panel = add(asked, 28);
            let report = add(panel, 5);
            three.panel_on = Some(panel);
            three.report_on = Some(report);
            three.due_on = add(report, rules.complaint_council_response_working_days);
            three.responded_on = Some(response);
            three.responded_in_time = Some(response <= three.due_on);
            three.outcome = Some(ComplaintOutcome::PartiallyUpheld);
            rows.stages.push(three);
            row.stage = Some(3);
            row.status = FeedbackStatus::Closed;
            row.ombudsman_referred_on = Some(add(response, 20)).filter(|d| *d <= anchor);
        }
    }
    rows.feedback.push(row);
}

fn ack_by_days(rules: &Rules, route: ComplaintRoute) -> i32 {
    match route {
        ComplaintRoute::Statutory => rules.complaint_acknowledge_working_days,
        ComplaintRoute::Corporate => rules.corporate_acknowledge_working_days,
    }
}

fn respond(
    stage: &mut StageRow,
    on: Date,
    outcome: ComplaintOutcome,
    calendar: &Calendar,
    rules: &Rules,
) {
    stage.responded_on = Some(on);
    stage.outcome = Some(outcome);
    stage.response_summary = Some("We met the family, apologised and set out what changes".into());
    stage.responded_in_time = Some(on <= stage.due_on);
    stage.request_window_ends =
        calendar.add_working_days(on, rules.complaint_request_window_working_days);
}

/// Writes the year's feedback; answers rows per table.
#[allow(clippy::too_many_arguments)]
pub(super) fn seed(
    conn: &mut DbConn,
    seed: u64,
    anchor: Date,
    teams: &[Team],
    cases: &[CaseInfo],
    qa_officers: &[UserId],
    calendar: &Calendar,
) -> Result<Vec<(&'static str, usize)>, DemoRefusal> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x0fee_dbac);
    let rules = Rules::DEFAULTS;
    let start = anchor - Duration::days(360);
    let qa = qa_officers.first().copied().ok_or_else(|| {
        DemoRefusal::Failed("the demo council needs a QA officer to record feedback".into())
    })?;
    let mut rows = Rows::default();
    let day = |rng: &mut StdRng| start + Duration::days(rng.random_range(0..360));
    // Complaints: about one a week, on cases across the council.
    for n in 0..52 {
        let case = &cases[rng.random_range(0..cases.len())];
        let received = if n == 0 { anchor } else { day(&mut rng) };
        complaint(
            &mut rows,
            &mut rng,
            calendar,
            &rules,
            anchor,
            received,
            case,
            &teams[case.team],
            qa,
            n,
        );
    }
    // Compliments: several a month, recorded by the team's manager or the QA unit.
    for n in 0..110 {
        let team = &teams[rng.random_range(0..teams.len())];
        let received = day(&mut rng);
        let recorder = if n % 3 == 0 { qa } else { team.manager };
        let mut row = blank(
            id_at(at(received, &mut rng), &mut rng),
            FeedbackKind::Compliment,
            [
                SourceRole::Parent,
                SourceRole::Carer,
                SourceRole::Professional,
                SourceRole::Child,
            ][n % 4],
            [Channel::Email, Channel::Letter, Channel::Phone][n % 3],
            received,
            recorder,
            &mut rng,
        );
        row.team_id = Some(team.id);
        row.summary = COMPLIMENTS[n % COMPLIMENTS.len()].into();
        row.themes = ["communication", "direct work", "reliability", "partnership"][n % 4].into();
        row.standards = ["5", "4", "8", "7"][n % 4].into();
        rows.feedback.push(row);
    }
    // Participation: Mind of My Own statements and forums, most answered.
    for n in 0..24 {
        let received = day(&mut rng);
        let (said, did) = VOICES[n % VOICES.len()];
        let mut row = blank(
            id_at(at(received, &mut rng), &mut rng),
            FeedbackKind::Participation,
            if n % 2 == 0 {
                SourceRole::YoungPerson
            } else {
                SourceRole::Child
            },
            if n % 3 == 0 {
                Channel::Forum
            } else {
                Channel::App
            },
            received,
            qa,
            &mut rng,
        );
        row.summary = said.into();
        row.themes = ["participation", "leaving care", "reviews"][n % 3].into();
        if received + Duration::days(45) <= anchor && n % 4 != 3 {
            row.we_did = Some(did.into());
            row.we_did_on = Some(received + Duration::days(30));
        }
        rows.feedback.push(row);
    }
    // Staff and partner feedback.
    for n in 0..20 {
        let team = &teams[n % teams.len()];
        let received = day(&mut rng);
        let staff = n % 2 == 0;
        let mut row = blank(
            id_at(at(received, &mut rng), &mut rng),
            if staff {
                FeedbackKind::StaffFeedback
            } else {
                FeedbackKind::PartnerFeedback
            },
            if staff {
                SourceRole::Staff
            } else {
                SourceRole::PartnerAgency
            },
            Channel::Email,
            received,
            team.manager,
            &mut rng,
        );
        row.team_id = Some(team.id);
        row.summary = if staff {
            "Group supervision has helped the team think about the child's day".into()
        } else {
            "Health visitors would like to be invited to core groups earlier".into()
        };
        row.themes = if staff {
            "supervision"
        } else {
            "multi-agency working"
        }
        .into();
        rows.feedback.push(row);
    }
    // The advocacy service's quarterly reports.
    for quarter in 0..4i64 {
        let received = anchor - Duration::days(20 + 91 * (3 - quarter));
        if received < start {
            continue;
        }
        let mut row = blank(
            id_at(at(received, &mut rng), &mut rng),
            FeedbackKind::AdvocacyReport,
            SourceRole::Advocate,
            Channel::Email,
            received,
            qa,
            &mut rng,
        );
        let (year, q) = quarter_before(received);
        let figures = AdvocacyFigures {
            quarter: format!("{year}-Q{q}"),
            referrals: rng.random_range(30..60),
            issue_based: rng.random_range(10..25),
            meetings: rng.random_range(20..40),
            outcomes_met: rng.random_range(15..30),
            outcomes_partly_met: rng.random_range(3..10),
            compliments: rng.random_range(2..8),
            complaints: rng.random_range(1..5),
            challenges: rng.random_range(2..9),
        };
        row.summary = "Children asked for more say in where reviews are held".into();
        row.learning = Some("Offer advocacy at the first review, not the second".into());
        row.advocacy = serde_json::to_string(&figures).ok();
        rows.feedback.push(row);
    }
    // Two parent surveys, imported.
    let mut imports = Vec::new();
    for (batch, month_back) in [
        ("parents-survey-spring", 240i64),
        ("parents-survey-autumn", 60),
    ] {
        let mut count = 0;
        for n in 0..60 {
            let received = anchor - Duration::days(month_back - (n % 20) as i64);
            let team = &teams[n % teams.len()];
            let mut row = blank(
                id_at(at(received, &mut rng), &mut rng),
                FeedbackKind::SurveyResponse,
                if n % 6 == 0 {
                    SourceRole::Carer
                } else {
                    SourceRole::Parent
                },
                Channel::Survey,
                received,
                qa,
                &mut rng,
            );
            row.team_id = Some(team.id);
            // The autumn survey scores a little better: the plans are working.
            let lift = i32::from(month_back < 100);
            let ratings: Vec<String> = (1..=4)
                .map(|q| {
                    let r = (rng.random_range(2..=5) + lift).min(5);
                    if n % 11 == q {
                        format!("q{q}=")
                    } else {
                        format!("q{q}={r}")
                    }
                })
                .collect();
            row.ratings = Some(ratings.join(";"));
            row.summary = if n % 4 == 0 {
                "I knew who to call and they called back".into()
            } else {
                String::new()
            };
            row.batch_ref = Some(batch.into());
            rows.feedback.push(row);
            count += 1;
        }
        imports.push((
            batch,
            count,
            at(anchor - Duration::days(month_back - 21), &mut rng),
        ));
    }
    let import_rows: Vec<_> = imports
        .iter()
        .map(|(batch, count, when)| {
            (
                feedback_imports::batch_ref.eq(*batch),
                feedback_imports::imported.eq(*count),
                feedback_imports::created_at.eq(*when),
                feedback_imports::created_by.eq(qa),
            )
        })
        .collect();
    for row in &mut rows.feedback {
        row.updated_at = row.updated_at.max(row.created_at);
    }
    let written = crate::feedback::repo::insert(conn, &rows.feedback)?;
    let mut stages = 0;
    for stage in &rows.stages {
        crate::feedback::repo::insert_stage(conn, stage)?;
        stages += 1;
    }
    let mut imported = 0;
    for values in import_rows {
        imported += match conn {
            DbConn::Pg(c) => diesel::insert_into(feedback_imports::table)
                .values(values)
                .execute(c)?,
            DbConn::Sqlite(c) => diesel::insert_into(feedback_imports::table)
                .values(values)
                .execute(c)?,
        };
    }
    Ok(vec![
        ("feedback", written),
        ("complaint_stages", stages),
        ("feedback_imports", imported),
    ])
}

fn quarter_before(day: Date) -> (i32, u8) {
    let q = (u8::from(day.month()) - 1) / 3 + 1;
    if q == 1 {
        (day.year() - 1, 4)
    } else {
        (day.year(), q - 1)
    }
}
