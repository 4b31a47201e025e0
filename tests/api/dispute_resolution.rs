//! Practice alerts and the dispute resolution process (product.md §4.5, the IRO Handbook):
//! an informal alert with a reply due in 10 working days, then formal stages held by the
//! case-accountable manager, the head of service, an assistant director and the director, each
//! due in 5 working days, the whole process in 20; skip rules, withdrawal, acceptance or dispute
//! of a resolution, and Cafcass referrals for looked-after children.

use futures_util::future::join_all;
use qa_test_macros::both_backends;
use qa_tests::workflow::{id, kinds, notifications, setup, Loop};
use qa_tests::{Answer, Backend, TestUser};
use serde_json::{json, Value};

/// The cast of the process: a reviewing officer, and the service's and directorate's leads
/// named on the organisation by an administrator.
struct Ladder {
    officer: TestUser,
    assistant_director: TestUser,
    director: TestUser,
}

fn today_plus_working_days(t: &Loop, days: i32) -> String {
    let calendar = t
        .app
        .with_db(|conn| qa_api::calendar::repo::load(conn).unwrap().0);
    let today = qa_api::dates::london_today();
    qa_api::dates::format_date(calendar.add_working_days(today, days).unwrap())
}

async fn ladder(t: &Loop) -> Ladder {
    let officer = t.app.create_user(
        "Rae Reviewer",
        &["reviewing_officer"],
        Some(&t.c.directorate),
    );
    let assistant_director =
        t.app
            .create_user("Ada Assistant", &["senior_leader"], Some(&t.c.directorate));
    let director = t
        .app
        .create_user("Dan Director", &["senior_leader"], Some(&t.c.directorate));
    let admin = t
        .app
        .create_user("Al Admin", &["admin"], Some(&t.c.directorate));
    name_leads(
        t,
        &admin,
        &t.c.service_one,
        json!({
            "lead_user_id": t.c.head_of_service.id, "assistant_director_id": assistant_director.id
        }),
    )
    .await
    .expect(200);
    name_leads(
        t,
        &admin,
        &t.c.directorate,
        json!({"lead_user_id": director.id}),
    )
    .await
    .expect(200);
    Ladder {
        officer,
        assistant_director,
        director,
    }
}

async fn name_leads(t: &Loop, admin: &TestUser, unit: &str, body: Value) -> Answer {
    let path = format!("/api/v1/org-units/{unit}");
    let etag = t
        .app
        .get(&path, Some(&admin.token))
        .await
        .header("etag")
        .unwrap();
    t.app
        .patch(&path, Some(&admin.token), Some(&etag), &body)
        .await
}

async fn alert(t: &Loop, raiser: &TestUser, case: &str, stage: Option<i32>) -> Answer {
    t.app
        .post(
            "/api/v1/escalations",
            Some(&raiser.token),
            &json!({"case_id": case, "source": "practice_alert", "category": "drift_in_planning",
                    "standards": [3, 9], "concern": "No plan review in four months", "stage": stage}),
        )
        .await
}

async fn to_stage(t: &Loop, who: &TestUser, escalation: &str, stage: i32) -> Answer {
    t.app
        .post(
            &format!("/api/v1/escalations/{escalation}/stage"),
            Some(&who.token),
            &json!({"to_stage": stage, "reason": format!("No reply at stage {}", stage - 1)}),
        )
        .await
}

fn back_date(t: &Loop, escalation: &str, column: &str) {
    use diesel::prelude::*;
    let past = qa_api::dates::london_today() - time::Duration::days(40);
    t.app.with_db(|conn| {
        diesel::sql_query(format!(
            "UPDATE escalations SET {column} = '{}' WHERE id = '{escalation}'",
            qa_api::dates::format_date(past)
        ))
        .execute(conn)
        .unwrap()
    });
}

#[both_backends]
async fn a_practice_alert_is_due_in_ten_working_days_and_overdue_without_a_reply(backend: Backend) {
    let t = setup(backend).await;
    let l = ladder(&t).await;
    let raised = alert(&t, &l.officer, &t.c.case_own, None).await;
    raised.expect(201);
    assert_eq!(raised.body["stage"], 0);
    assert_eq!(raised.body["source"], "practice_alert");
    assert_eq!(raised.body["raised_to"], t.c.team_manager.id.as_str());
    assert_eq!(raised.body["stage_due_on"], today_plus_working_days(&t, 10));
    assert!(raised.body["formal_started_on"].is_null());
    assert_eq!(
        kinds(&notifications(&t.app, &t.c.team_manager).await),
        vec!["escalation_raised"]
    );
    let escalation = id(&raised);
    back_date(&t, &escalation, "stage_due_on");
    let overdue = t
        .app
        .get("/api/v1/escalations?overdue=true", Some(&l.officer.token))
        .await;
    assert_eq!(overdue.body["items"][0]["id"], escalation.as_str());
    assert_eq!(overdue.body["items"][0]["overdue"], true);
    // The reply stops the alert's clock.
    t.app
        .post(
            &format!("/api/v1/escalations/{escalation}/responses"),
            Some(&t.c.team_manager.token),
            &json!({"text": "Plan review booked for next week"}),
        )
        .await
        .expect(200);
    let read = t
        .app
        .get(
            &format!("/api/v1/escalations/{escalation}"),
            Some(&l.officer.token),
        )
        .await;
    assert_eq!(read.body["overdue"], false);
    assert!(!read.body["replied_at"].is_null());
    let overdue = t
        .app
        .get("/api/v1/escalations?overdue=true", Some(&l.officer.token))
        .await;
    assert_eq!(overdue.body["items"], json!([]));
    let on_time = t
        .app
        .get("/api/v1/escalations?overdue=false", Some(&l.officer.token))
        .await;
    assert_eq!(on_time.body["items"].as_array().unwrap().len(), 1);
}

#[both_backends]
async fn an_alert_moves_into_the_formal_process_and_up_the_ladder(backend: Backend) {
    let t = setup(backend).await;
    let l = ladder(&t).await;
    let escalation = id(alert(&t, &l.officer, &t.c.case_own, None).await.expect(201));
    let formal = to_stage(&t, &l.officer, &escalation, 1).await;
    formal.expect(200);
    assert_eq!(formal.body["stage"], 1);
    assert_eq!(formal.body["raised_to"], t.c.team_manager.id.as_str());
    assert_eq!(formal.body["stage_due_on"], today_plus_working_days(&t, 5));
    assert_eq!(
        formal.body["formal_started_on"],
        qa_api::dates::format_date(qa_api::dates::london_today())
    );
    assert_eq!(
        formal.body["formal_due_on"],
        today_plus_working_days(&t, 20)
    );
    for (stage, holder) in [
        (2, &t.c.head_of_service),
        (3, &l.assistant_director),
        (4, &l.director),
    ] {
        let moved = to_stage(&t, &l.officer, &escalation, stage).await;
        moved.expect(200);
        assert_eq!(moved.body["raised_to"], holder.id.as_str(), "stage {stage}");
        assert_eq!(
            kinds(&notifications(&t.app, holder).await)[0],
            "escalation_changed",
            "the new holder is told"
        );
        // The formal process keeps the date it began.
        assert_eq!(moved.body["formal_due_on"], formal.body["formal_due_on"]);
    }
    let top = t
        .app
        .get(
            &format!("/api/v1/escalations/{escalation}"),
            Some(&l.officer.token),
        )
        .await;
    assert!(!top.body["allowed_operations"]
        .as_array()
        .unwrap()
        .contains(&json!("stage")));
    let stages: Vec<Value> = top.body["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "stage_change")
        .map(|e| e["stage"].clone())
        .collect();
    assert_eq!(stages, vec![json!(1), json!(2), json!(3), json!(4)]);
    // The timeline names who held it after each move; the ladder who holds each stage now.
    let holders: Vec<Value> = top.body["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "stage_change")
        .map(|e| e["holder_id"].clone())
        .collect();
    assert_eq!(
        holders,
        vec![
            json!(t.c.team_manager.id),
            json!(t.c.head_of_service.id),
            json!(l.assistant_director.id),
            json!(l.director.id)
        ]
    );
    let ladder: Vec<(Value, Value)> = top.body["ladder"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["stage"].clone(), s["holder_name"].clone()))
        .collect();
    assert_eq!(
        ladder,
        vec![
            (json!(0), json!("Tess Manager")),
            (json!(1), json!("Tess Manager")),
            (json!(2), json!("Hugh Head")),
            (json!(3), json!("Ada Assistant")),
            (json!(4), json!("Dan Director")),
        ]
    );
    assert_eq!(top.body["stage_working_days_left"], 5);
}

#[both_backends]
async fn only_a_reviewing_officer_skips_a_stage_and_none_moves_down(backend: Backend) {
    let t = setup(backend).await;
    let l = ladder(&t).await;
    let by_qa = id(alert(&t, &t.qa, &t.c.case_own, None).await.expect(201));
    to_stage(&t, &t.qa, &by_qa, 2).await.expect_problem(409);
    to_stage(&t, &t.qa, &by_qa, 1).await.expect(200);
    to_stage(&t, &t.qa, &by_qa, 1).await.expect_problem(409);
    // Only the raiser moves it.
    to_stage(&t, &l.officer, &by_qa, 2)
        .await
        .expect_problem(403);
    // Only a reviewing officer starts beyond stage 1 or skips.
    let started_high = alert(&t, &t.qa, &t.c.case_own, Some(2)).await;
    started_high.expect_problem(422);
    assert_eq!(started_high.error_fields(), vec!["stage"]);
    let by_officer = id(alert(&t, &l.officer, &t.c.case_own, None).await.expect(201));
    let skipped = to_stage(&t, &l.officer, &by_officer, 3).await;
    skipped.expect(200);
    assert_eq!(skipped.body["raised_to"], l.assistant_director.id.as_str());
    let direct = alert(&t, &l.officer, &t.c.case_own, Some(4)).await;
    direct.expect(201);
    assert_eq!(direct.body["raised_to"], l.director.id.as_str());
    assert!(!direct.body["formal_started_on"].is_null());
}

#[both_backends]
async fn a_stage_nobody_holds_is_refused(backend: Backend) {
    let t = setup(backend).await;
    let officer = t.app.create_user(
        "Rae Reviewer",
        &["reviewing_officer"],
        Some(&t.c.directorate),
    );
    let escalation = id(alert(&t, &officer, &t.c.case_own, None).await.expect(201));
    // No assistant director is named for the service.
    let refused = to_stage(&t, &officer, &escalation, 3).await;
    refused.expect_problem(422);
    assert_eq!(refused.error_fields(), vec!["to_stage"]);
    // Stage 2 falls back to the head of service above the team.
    let stage_two = to_stage(&t, &officer, &escalation, 2).await;
    stage_two.expect(200);
    assert_eq!(stage_two.body["raised_to"], t.c.head_of_service.id.as_str());
    // Leads must hold the post's role.
    let admin = t
        .app
        .create_user("Al Admin", &["admin"], Some(&t.c.directorate));
    let wrong = name_leads(
        &t,
        &admin,
        &t.c.service_one,
        json!({"assistant_director_id": t.c.team_manager.id}),
    )
    .await;
    wrong.expect_problem(422);
    assert_eq!(wrong.error_fields(), vec!["assistant_director_id"]);
    let team = name_leads(
        &t,
        &admin,
        &t.c.team_one,
        json!({"assistant_director_id": officer.id}),
    )
    .await;
    team.expect_problem(422);
}

#[both_backends]
async fn the_formal_process_shows_when_it_runs_past_twenty_working_days(backend: Backend) {
    let t = setup(backend).await;
    let l = ladder(&t).await;
    let escalation = id(alert(&t, &l.officer, &t.c.case_own, Some(1))
        .await
        .expect(201));
    let fresh = t
        .app
        .get(
            &format!("/api/v1/escalations/{escalation}"),
            Some(&l.officer.token),
        )
        .await;
    assert_eq!(fresh.body["formal_overdue"], false);
    back_date(&t, &escalation, "formal_due_on");
    let late = t
        .app
        .get(
            &format!("/api/v1/escalations/{escalation}"),
            Some(&l.officer.token),
        )
        .await;
    assert_eq!(late.body["formal_overdue"], true);
    assert_eq!(
        late.body["overdue"], false,
        "the stage itself is not yet due"
    );
    let overdue = t
        .app
        .get("/api/v1/escalations?overdue=true", Some(&l.officer.token))
        .await;
    assert_eq!(overdue.body["items"][0]["id"], escalation.as_str());
}

#[both_backends]
async fn the_raiser_accepts_a_resolution_or_takes_it_to_the_next_stage(backend: Backend) {
    let t = setup(backend).await;
    let l = ladder(&t).await;
    let accepted = id(alert(&t, &l.officer, &t.c.case_own, Some(1))
        .await
        .expect(201));
    let disputed = id(alert(&t, &l.officer, &t.c.case_own, Some(1))
        .await
        .expect(201));
    for escalation in [&accepted, &disputed] {
        t.app
            .post(
                &format!("/api/v1/escalations/{escalation}/resolve"),
                Some(&t.c.team_manager.token),
                &json!({"resolution": "Plan reviewed; contact restarted"}),
            )
            .await
            .expect(200);
    }
    let done = t
        .app
        .post(
            &format!("/api/v1/escalations/{accepted}/accept"),
            Some(&l.officer.token),
            &json!({"comment": "Agreed"}),
        )
        .await;
    done.expect(200);
    assert!(!done.body["accepted_at"].is_null());
    let left: Vec<&str> = done.body["allowed_operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap())
        .collect();
    assert_eq!(
        left,
        vec!["cafcass-referral"],
        "the process is over; a referral may still come"
    );
    t.app
        .post(
            &format!("/api/v1/escalations/{accepted}/accept"),
            Some(&l.officer.token),
            &json!({}),
        )
        .await
        .expect_problem(409);
    let waiting = t
        .app
        .get(
            "/api/v1/escalations?awaiting_acceptance=true",
            Some(&l.officer.token),
        )
        .await;
    assert_eq!(waiting.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(waiting.body["items"][0]["id"], disputed.as_str());
    // The other is disputed: it opens again with the head of service.
    let up = to_stage(&t, &l.officer, &disputed, 2).await;
    up.expect(200);
    assert_eq!(up.body["status"], "open");
    assert_eq!(up.body["raised_to"], t.c.head_of_service.id.as_str());
    assert!(up.body["resolution"].is_null());
    // Only the raiser accepts.
    t.app
        .post(
            &format!("/api/v1/escalations/{disputed}/accept"),
            Some(&t.c.team_manager.token),
            &json!({}),
        )
        .await
        .expect_problem(403);
}

#[both_backends]
async fn the_raiser_withdraws_an_open_escalation(backend: Backend) {
    let t = setup(backend).await;
    let l = ladder(&t).await;
    let escalation = id(alert(&t, &l.officer, &t.c.case_own, None).await.expect(201));
    let path = format!("/api/v1/escalations/{escalation}/withdraw");
    t.app
        .post(
            &path,
            Some(&t.c.team_manager.token),
            &json!({"reason": "Not mine"}),
        )
        .await
        .expect_problem(403);
    t.app
        .post(&path, Some(&l.officer.token), &json!({"reason": ""}))
        .await
        .expect_problem(422);
    let withdrawn = t
        .app
        .post(
            &path,
            Some(&l.officer.token),
            &json!({"reason": "Raised on the wrong case"}),
        )
        .await;
    withdrawn.expect(200);
    assert_eq!(withdrawn.body["status"], "withdrawn");
    assert_eq!(
        withdrawn.body["withdrawn_reason"],
        "Raised on the wrong case"
    );
    t.app
        .post(&path, Some(&l.officer.token), &json!({"reason": "Again"}))
        .await
        .expect_problem(409);
    to_stage(&t, &l.officer, &escalation, 1)
        .await
        .expect_problem(409);
}

#[both_backends]
async fn only_looked_after_childrens_cases_are_referred_to_cafcass(backend: Backend) {
    let t = setup(backend).await;
    let l = ladder(&t).await;
    let in_need = id(alert(&t, &l.officer, &t.c.case_own, Some(1))
        .await
        .expect(201));
    let body = json!({"referred_on": qa_api::dates::format_date(qa_api::dates::london_today()),
                      "notes": "Care plan not implemented; referred for Cafcass' view"});
    t.app
        .post(
            &format!("/api/v1/escalations/{in_need}/cafcass-referral"),
            Some(&l.officer.token),
            &body,
        )
        .await
        .expect_problem(409);
    let in_care = t.app.create_case(
        &t.c.team_one,
        Some(&t.c.practitioner.id),
        Some(&t.c.team_manager.id),
    );
    t.app.with_db(|conn| {
        use diesel::prelude::*;
        use qa_api::db::schema::cases;
        diesel::update(cases::table.find(&in_care))
            .set(cases::category.eq("child_in_care"))
            .execute(conn)
            .unwrap()
    });
    let escalation = id(alert(&t, &l.officer, &in_care, Some(1)).await.expect(201));
    let path = format!("/api/v1/escalations/{escalation}/cafcass-referral");
    t.app
        .post(&path, Some(&t.qa.token), &body)
        .await
        .expect_problem(403);
    let referred = t.app.post(&path, Some(&l.officer.token), &body).await;
    referred.expect(200);
    assert_eq!(referred.body["cafcass_referred_on"], body["referred_on"]);
    assert!(referred.body["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "cafcass_referral"));
    t.app
        .post(&path, Some(&l.officer.token), &body)
        .await
        .expect_problem(409);
}

#[both_backends]
async fn who_raises_escalations_by_hand_and_on_which_cases(backend: Backend) {
    let t = setup(backend).await;
    let l = ladder(&t).await;
    for user in [&t.c.practitioner, &t.c.team_manager, &t.analyst] {
        alert(&t, user, &t.c.case_own, None)
            .await
            .expect_problem(403);
    }
    // A head of service raises on their service's cases only.
    alert(&t, &t.c.head_of_service, &t.c.case_same_team, None)
        .await
        .expect(201);
    // A case with no case-accountable manager needs someone named.
    let unheld = alert(&t, &t.c.head_of_service, &t.c.case_same_service, None).await;
    unheld.expect_problem(422);
    assert_eq!(unheld.error_fields(), vec!["raised_to"]);
    let outside = alert(&t, &t.c.head_of_service, &t.c.case_other_service, None).await;
    outside.expect_problem(422);
    assert_eq!(outside.error_fields(), vec!["case_id"]);
    // Someone named must be able to see the case; audits raise their own.
    let stranger = t
        .app
        .create_user("Far Manager", &["team_manager"], Some(&t.c.team_three));
    let named = t
        .app
        .post(
            "/api/v1/escalations",
            Some(&l.officer.token),
            &json!({"case_id": t.c.case_own, "source": "audit", "category": "x", "concern": "y",
                    "raised_to": stranger.id, "standards": [11]}),
        )
        .await;
    named.expect_problem(422);
    let mut fields = named.error_fields();
    fields.sort();
    assert_eq!(fields, vec!["raised_to", "source", "standards"]);
}

#[both_backends]
async fn two_moves_up_at_once_let_exactly_one_win(backend: Backend) {
    let t = setup(backend).await;
    let l = ladder(&t).await;
    let escalation = id(alert(&t, &l.officer, &t.c.case_own, None).await.expect(201));
    let answers = join_all((0..4).map(|_| to_stage(&t, &l.officer, &escalation, 1))).await;
    let mut statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 409, 409, 409]);
    let read = t
        .app
        .get(
            &format!("/api/v1/escalations/{escalation}"),
            Some(&l.officer.token),
        )
        .await;
    let moves = read.body["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "stage_change")
        .count();
    assert_eq!(moves, 1);
}
