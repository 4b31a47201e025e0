//! The council's settings, the test clock and the one scheduler (the action-plans issue):
//! reminders of every deadline, each sent once however many schedulers sweep.

use futures_util::future::join_all;
use qa_test_macros::both_backends;
use qa_tests::workflow::{id, kinds, metric, notifications, setup, start, Loop};
use qa_tests::{spawn_app_on, spawn_app_with, Backend, TestApp, TestDatabase, TestUser};
use serde_json::{json, Value};

async fn move_clock(app: &TestApp, user: &TestUser, days: i64) -> Value {
    let now = time::OffsetDateTime::now_utc() + time::Duration::days(days);
    let answer = app
        .put(
            "/api/v1/test/clock",
            Some(&user.token),
            &json!({"now": now.format(&time::format_description::well_known::Rfc3339).unwrap()}),
        )
        .await;
    answer.expect(200);
    answer.body.clone()
}

async fn sweep(app: &TestApp, user: &TestUser) -> Value {
    let answer = app
        .post("/api/v1/test/jobs/run", Some(&user.token), &json!({}))
        .await;
    answer.expect(200);
    answer.body["reminders"].clone()
}

/// A remedial action owned by the practitioner, due on `due_on`.
async fn action_due(t: &Loop, due_on: &str) -> String {
    let tm = &t.c.team_manager;
    let audit = id(start(&t.app, tm, &t.c.case_own).await.expect(201));
    id(t.app
        .post(
            &format!("/api/v1/audits/{audit}/remedial-actions"),
            Some(&tm.token),
            &json!({"description": "Update the chronology", "due_on": due_on}),
        )
        .await
        .expect(201))
}

/// A second service over the test's database, as a council running two instances has.
async fn another_service(t: &Loop) -> TestApp {
    let url = t.app.state.settings.database_url.clone();
    spawn_app_on(t.app.backend, TestDatabase::existing(url), |s| {
        s.jobs_interval_secs = 0;
        s.test_clock = true;
    })
    .await
}

fn day(days: i64) -> String {
    qa_api::dates::format_date(qa_api::dates::london_today() + time::Duration::days(days))
}

#[both_backends]
async fn administrators_change_settings_within_their_ranges(backend: Backend) {
    let t = setup(backend).await;
    let admin = t
        .app
        .create_user("Al Admin", &["admin"], Some(&t.c.directorate));
    let read = t
        .app
        .get("/api/v1/settings", Some(&t.c.practitioner.token))
        .await;
    read.expect(200);
    let stage = read.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "dispute_stage_working_days")
        .unwrap()
        .clone();
    assert_eq!(stage["value"], 5);
    assert_eq!(stage["default"], 5);
    assert_eq!(stage["editable_by"], "admin");
    let etag = read.header("etag").unwrap();
    let body = json!({"dispute_stage_working_days": 7});
    t.app
        .patch("/api/v1/settings", Some(&t.qa.token), Some(&etag), &body)
        .await
        .expect_problem(403);
    t.app
        .patch("/api/v1/settings", Some(&admin.token), None, &body)
        .await
        .expect_problem(428);
    let wide = t
        .app
        .patch(
            "/api/v1/settings",
            Some(&admin.token),
            Some(&etag),
            &json!({"dispute_stage_working_days": 99, "reply_working_days": 0}),
        )
        .await;
    wide.expect_problem(422);
    let mut fields = wide.error_fields();
    fields.sort();
    assert_eq!(
        fields,
        vec!["dispute_stage_working_days", "reply_working_days"]
    );
    let changed = t
        .app
        .patch("/api/v1/settings", Some(&admin.token), Some(&etag), &body)
        .await;
    changed.expect(200);
    t.app
        .patch("/api/v1/settings", Some(&admin.token), Some(&etag), &body)
        .await
        .expect_problem(412);
    // The change applies at once to new deadlines, counted by the calendar.
    let officer = t.app.create_user(
        "Rae Reviewer",
        &["reviewing_officer"],
        Some(&t.c.directorate),
    );
    let raised = t
        .app
        .post(
            "/api/v1/escalations",
            Some(&officer.token),
            &json!({"case_id": t.c.case_own, "source": "manual", "category": "c", "concern": "x", "stage": 1}),
        )
        .await;
    raised.expect(201);
    let calendar = t
        .app
        .with_db(|conn| qa_api::calendar::repo::load(conn).unwrap().0);
    let expected = calendar
        .add_working_days(qa_api::dates::london_today(), 7)
        .unwrap();
    assert_eq!(
        raised.body["stage_due_on"],
        qa_api::dates::format_date(expected)
    );
    // null puts it back; every change is in the access log.
    let etag = changed.header("etag").unwrap();
    let reset = t
        .app
        .patch(
            "/api/v1/settings",
            Some(&admin.token),
            Some(&etag),
            &json!({"dispute_stage_working_days": null}),
        )
        .await;
    reset.expect(200);
    let dpo = t
        .app
        .create_user("Dee DPO", &["dpo"], Some(&t.c.directorate));
    let log = t
        .app
        .get(
            &format!("/api/v1/access-log?user_id={}", admin.id),
            Some(&dpo.token),
        )
        .await;
    let details: Vec<String> = log.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["record_type"] == "setting")
        .map(|e| e["detail"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(details.contains(&"5 -> 7".to_string()), "{details:?}");
    assert!(details.contains(&"7 -> 5".to_string()), "{details:?}");
}

#[both_backends]
async fn owners_are_reminded_once_of_actions_due_soon_and_overdue(backend: Backend) {
    let t = setup(backend).await;
    let soon = action_due(&t, &day(2)).await;
    let later = action_due(&t, &day(40)).await;
    let worker = &t.c.practitioner;
    let first = sweep(&t.app, worker).await;
    assert_eq!(first["action_due_soon"], 1, "{first}");
    assert_eq!(first["action_overdue"], 0);
    let again = sweep(&t.app, worker).await;
    assert_eq!(again["action_due_soon"], 0, "once per event: {again}");
    let reminded: Vec<Value> = notifications(&t.app, worker)
        .await
        .into_iter()
        .filter(|n| n["kind"] == "action_due_soon")
        .collect();
    assert_eq!(reminded.len(), 1);
    assert_eq!(reminded[0]["record_id"], soon.as_str());
    // A week on, the first is overdue; the other is still weeks away.
    move_clock(&t.app, worker, 7).await;
    let overdue = sweep(&t.app, worker).await;
    assert_eq!(overdue["action_overdue"], 1, "{overdue}");
    assert_eq!(overdue["weekly_digest"], 1, "the team manager hears of it");
    assert_eq!(
        kinds(&notifications(&t.app, &t.c.team_manager).await),
        vec!["weekly_digest"]
    );
    let listed = t
        .app
        .get("/api/v1/actions?overdue=true", Some(&worker.token))
        .await;
    assert_eq!(
        listed.body["items"][0]["id"],
        soon.as_str(),
        "the list agrees"
    );
    assert_ne!(soon, later);
    assert_eq!(sweep(&t.app, worker).await["action_overdue"], 0);
}

/// A sweep that finds more reminders due than one transaction takes (200)
/// sends each once over several transactions, with the events feed's `action.overdue` for each
/// recorded beside its reminder, and the next sweep finds nothing left to send.
#[both_backends]
async fn a_sweep_over_hundreds_of_overdue_actions_sends_each_reminder_once(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let audit = id(start(&t.app, tm, &t.c.case_own).await.expect(201));
    let path = format!("/api/v1/audits/{audit}/remedial-actions");
    let count = 230;
    // One after another: each action changes its audit, and racing writes to it answer 409.
    for n in 0..count {
        let body = json!({"description": format!("Update the chronology ({n})"), "due_on": day(1)});
        t.app.post(&path, Some(&tm.token), &body).await.expect(201);
    }
    let worker = &t.c.practitioner;
    move_clock(&t.app, worker, 7).await;
    let before = metric(&t.app, "qa_db_statements_total").await;
    let first = sweep(&t.app, worker).await;
    let used = metric(&t.app, "qa_db_statements_total").await - before;
    assert_eq!(first["action_overdue"], count, "{first}");
    // Claims, notifications and events go a batch to a statement: their count follows the
    // batches, not the reminders (a statement each made it 3 per reminder, 690 here).
    assert!(
        used < count as u64 / 4,
        "{used} statements for {count} reminders"
    );
    assert_eq!(first["action_due_soon"], 0, "{first}");
    // The next sweep reads none of them: the database leaves out what was sent, by the key
    // the sweep builds (were the two keys written differently, every sweep would read all 230
    // again, and only the claims' conflicts would stop them going twice).
    let week_on = qa_api::dates::london_today() + time::Duration::days(7);
    let left = t.app.with_db(|conn| {
        qa_api::jobs::actions_to_remind(conn, week_on, week_on).expect("actions to remind")
    });
    assert_eq!(left.len(), 0, "{left:?}");
    assert_eq!(sweep(&t.app, worker).await["action_overdue"], 0);
    let mut reminded = std::collections::BTreeSet::new();
    let mut page = "/api/v1/notifications?limit=100".to_string();
    loop {
        let answer = t.app.get(&page, Some(&worker.token)).await;
        answer.expect(200);
        for n in answer.body["items"].as_array().expect("items") {
            if n["kind"] == "action_overdue" {
                assert!(
                    reminded.insert(n["record_id"].to_string()),
                    "sent twice: {n}"
                );
            }
        }
        match answer.body["next_cursor"].as_str() {
            Some(cursor) => page = format!("/api/v1/notifications?limit=100&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(reminded.len(), count, "one reminder per action");
    let fed: i64 = t.app.with_db(|conn| {
        use diesel::prelude::*;
        qa_api::db::schema::events::table
            .filter(qa_api::db::schema::events::event_type.eq("action.overdue"))
            .count()
            .get_result(conn)
            .expect("count the feed's events")
    });
    assert_eq!(fed, count as i64, "one action.overdue event per reminder");
}

#[both_backends]
async fn escalation_holders_are_reminded_before_and_after_a_stage_falls_due(backend: Backend) {
    let t = setup(backend).await;
    let officer = t.app.create_user(
        "Rae Reviewer",
        &["reviewing_officer"],
        Some(&t.c.directorate),
    );
    let raised = t
        .app
        .post(
            "/api/v1/escalations",
            Some(&officer.token),
            &json!({"case_id": t.c.case_own, "source": "manual", "category": "c", "concern": "x", "stage": 1}),
        )
        .await;
    raised.expect(201);
    let due = qa_api::dates::parse_date(raised.body["stage_due_on"].as_str().unwrap()).unwrap();
    let calendar = t
        .app
        .with_db(|conn| qa_api::calendar::repo::load(conn).unwrap().0);
    // The working day before it is due, then the day after.
    let mut eve = due.previous_day().unwrap();
    while !calendar.is_working_day(eve) {
        eve = eve.previous_day().unwrap();
    }
    let to_eve = (eve - qa_api::dates::london_today()).whole_days();
    move_clock(&t.app, &officer, to_eve).await;
    // What the sweep reads: the stage until it is reminded of, then nothing.
    let to_remind = |today: time::Date, tomorrow: time::Date| {
        t.app.with_db(|conn| {
            qa_api::jobs::stages_to_remind(conn, today, tomorrow)
                .expect("stages to remind")
                .len()
        })
    };
    let late = due.next_day().unwrap();
    assert_eq!((to_remind(eve, due), to_remind(late, late)), (1, 1));
    let before = sweep(&t.app, &officer).await;
    assert_eq!(before["escalation_due_tomorrow"], 1, "{before}");
    assert_eq!((to_remind(eve, due), to_remind(late, late)), (0, 1));
    move_clock(&t.app, &officer, to_eve + 5).await;
    let after = sweep(&t.app, &officer).await;
    assert_eq!(after["escalation_overdue"], 1, "{after}");
    assert_eq!(to_remind(late, late), 0, "reminded of as overdue");
    assert_eq!(sweep(&t.app, &officer).await["escalation_overdue"], 0);
    let holder = kinds(&notifications(&t.app, &t.c.team_manager).await);
    assert!(
        holder.contains(&"escalation_due_tomorrow".to_string()),
        "{holder:?}"
    );
    assert!(
        holder.contains(&"escalation_overdue".to_string()),
        "{holder:?}"
    );
    assert_eq!(
        kinds(&notifications(&t.app, &officer).await),
        vec!["escalation_overdue"],
        "the raiser hears it is overdue"
    );
}

#[both_backends]
async fn two_schedulers_over_one_database_send_each_reminder_once(backend: Backend) {
    let t = setup(backend).await;
    for days in [1, 2, 7, 8] {
        action_due(&t, &day(days)).await;
    }
    let other = another_service(&t).await;
    let worker = &t.c.practitioner;
    // Six days on, on both services' clocks: two actions overdue, two due within days.
    move_clock(&t.app, worker, 6).await;
    move_clock(&other, worker, 6).await;
    let runs = join_all((0..6).map(|n| {
        let app = if n % 2 == 0 { &t.app } else { &other };
        sweep(app, worker)
    }))
    .await;
    let soon: u64 = runs
        .iter()
        .map(|r| r["action_due_soon"].as_u64().unwrap())
        .sum();
    let overdue: u64 = runs
        .iter()
        .map(|r| r["action_overdue"].as_u64().unwrap())
        .sum();
    assert_eq!((soon, overdue), (2, 2), "{runs:?}");
    let received = notifications(&t.app, worker).await;
    assert_eq!(
        received
            .iter()
            .filter(|n| n["kind"] == "action_due_soon" || n["kind"] == "action_overdue")
            .count(),
        4
    );
}

/// A stopping service sends no more reminders: its sweep ends between transactions (a
/// council's first sweep can have hundreds of thousands to send, and the process waits for it),
/// and the next sweep, here another service's over the same database, sends what it left.
#[both_backends]
async fn a_stopping_service_leaves_its_reminders_to_the_next_sweep(backend: Backend) {
    let t = setup(backend).await;
    for days in [1, 2] {
        action_due(&t, &day(days)).await;
    }
    let other = another_service(&t).await;
    let worker = &t.c.practitioner;
    move_clock(&t.app, worker, 6).await;
    move_clock(&other, worker, 6).await;
    t.app.state.stopping.stop();
    let stopped = sweep(&t.app, worker).await;
    assert_eq!(stopped["action_overdue"], 0, "{stopped}");
    let overdue_reminders = |items: Vec<Value>| {
        kinds(&items)
            .into_iter()
            .filter(|kind| kind == "action_overdue")
            .count()
    };
    assert_eq!(
        overdue_reminders(notifications(&t.app, worker).await),
        0,
        "nothing sent while stopping"
    );
    let next = sweep(&other, worker).await;
    assert_eq!(next["action_overdue"], 2, "{next}");
    assert_eq!(overdue_reminders(notifications(&other, worker).await), 2);
}

#[both_backends]
async fn the_test_clock_exists_only_when_the_service_allows_it(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.test_clock = false).await;
    let c = app.council();
    let user = &c.practitioner;
    let set = app
        .put(
            "/api/v1/test/clock",
            Some(&user.token),
            &json!({"now": "2030-01-01T00:00:00Z"}),
        )
        .await;
    set.expect_problem(404);
    app.post("/api/v1/test/jobs/run", Some(&user.token), &json!({}))
        .await
        .expect_problem(404);
    let config = qa_api::config::Settings::from_lookup(|key| match key {
        "QA_ENV" => Some("production".into()),
        "QA_TEST_CLOCK" => Some("1".into()),
        "QA_JWT_SECRET" => Some("x".repeat(48)),
        _ => None,
    });
    assert!(
        config.is_err_and(|problems| problems.contains("QA_TEST_CLOCK")),
        "a movable clock is refused in production"
    );
}

#[both_backends]
async fn people_choose_which_notifications_come_by_email(backend: Backend) {
    let t = setup(backend).await;
    let worker = &t.c.practitioner;
    let read = t
        .app
        .get("/api/v1/me/notification-preferences", Some(&worker.token))
        .await;
    read.expect(200);
    assert_eq!(
        read.body["email_available"], false,
        "no relay in the tests' service"
    );
    assert!(read.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["email"] == false));
    let changed = t
        .app
        .put(
            "/api/v1/me/notification-preferences",
            Some(&worker.token),
            &json!({"action_overdue": true, "audit_submitted": true}),
        )
        .await;
    changed.expect(200);
    let chosen: Vec<&str> = changed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["email"] == true)
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(chosen, vec!["audit_submitted", "action_overdue"]);
    let unknown = t
        .app
        .put(
            "/api/v1/me/notification-preferences",
            Some(&worker.token),
            &json!({"gossip": true}),
        )
        .await;
    unknown.expect_problem(422);
    assert_eq!(unknown.error_fields(), vec!["gossip"]);
    // Each person's choices are their own.
    let other = t
        .app
        .get(
            "/api/v1/me/notification-preferences",
            Some(&t.c.colleague.token),
        )
        .await;
    assert!(other.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["email"] == false));
}

#[both_backends]
async fn a_high_alert_nobody_acknowledges_within_a_working_day_goes_to_the_head_of_service(
    backend: Backend,
) {
    let t = setup(backend).await;
    let mut alerts = Vec::new();
    for case in [&t.c.case_own, &t.c.case_same_team] {
        let audit = id(start(&t.app, &t.qa, case).await.expect(201));
        t.app
            .post(
                &format!("/api/v1/audits/{audit}/alerts"),
                Some(&t.qa.token),
                &json!({"concern": "Bruising seen at the last visit", "severity": "high"}),
            )
            .await
            .expect(201);
        alerts.push(audit);
    }
    // The practitioner reads the alert on their own case: that one is acknowledged.
    let told = notifications(&t.app, &t.c.practitioner).await;
    let own = told
        .iter()
        .find(|n| n["kind"] == "safeguarding_alert_raised" && n["record_id"] == json!(alerts[0]))
        .expect("the worker is told");
    t.app
        .post(
            &format!("/api/v1/notifications/{}/read", own["id"].as_str().unwrap()),
            Some(&t.c.practitioner.token),
            &json!({}),
        )
        .await
        .expect(200);
    // The database leaves out the alert that was read; the other waits for its day to pass.
    let today = qa_api::dates::london_today();
    let waiting = t
        .app
        .with_db(|conn| qa_api::jobs::alerts_to_escalate(conn, today).expect("alerts to escalate"));
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert_eq!(waiting[0].1.to_string(), alerts[1]);
    // Within the working day nothing more is sent.
    assert_eq!(sweep(&t.app, &t.qa).await["alert_unacknowledged"], 0);
    move_clock(&t.app, &t.qa, 5).await;
    assert_eq!(sweep(&t.app, &t.qa).await["alert_unacknowledged"], 1);
    // A later sweep reads neither alert: one was read, the other escalated.
    let today = qa_api::dates::london_today() + time::Duration::days(5);
    let left = t
        .app
        .with_db(|conn| qa_api::jobs::alerts_to_escalate(conn, today).expect("alerts to escalate"));
    assert_eq!(left.len(), 0, "{left:?}");
    assert_eq!(sweep(&t.app, &t.qa).await["alert_unacknowledged"], 0);
    let head = notifications(&t.app, &t.c.head_of_service).await;
    let chased: Vec<&Value> = head
        .iter()
        .filter(|n| n["kind"] == "safeguarding_alert_unacknowledged")
        .collect();
    assert_eq!(chased.len(), 1);
    assert_eq!(chased[0]["record_id"], json!(alerts[1]));
}

async fn next_working_day(app: &TestApp, user: &TestUser) -> String {
    let answer = app
        .get(
            "/api/v1/calendar/working-days?from=2027-06-04&add=1",
            Some(&user.token),
        )
        .await;
    answer.expect(200);
    answer.body["date"].as_str().unwrap().to_string()
}

#[both_backends]
async fn administrators_add_and_take_back_a_bank_holiday_that_every_clock_then_counts(
    backend: Backend,
) {
    let t = setup(backend).await;
    let admin = t
        .app
        .create_user("Al Admin", &["admin"], Some(&t.c.directorate));
    // Friday 4 June 2027: the next working day is Monday 7th, until it is made a holiday.
    assert_eq!(next_working_day(&t.app, &t.qa).await, "2027-06-07");
    t.app
        .put(
            "/api/v1/calendar/adjustments/2027-06-07",
            Some(&t.c.practitioner.token),
            &json!({"change": "add", "name": "Extra bank holiday"}),
        )
        .await
        .expect_problem(403);
    let added = t
        .app
        .put(
            "/api/v1/calendar/adjustments/2027-06-07",
            Some(&admin.token),
            &json!({"change": "add", "name": "Extra bank holiday"}),
        )
        .await;
    added.expect(200);
    assert!(added.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["date"] == "2027-06-07" && a["change"] == "add"));
    assert_eq!(next_working_day(&t.app, &t.qa).await, "2027-06-08");
    let holidays = t
        .app
        .get(
            "/api/v1/calendar/bank-holidays?year=2027",
            Some(&t.qa.token),
        )
        .await;
    assert!(holidays.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["date"] == "2027-06-07" && h["name"] == "Extra bank holiday"));
    t.app
        .put(
            "/api/v1/calendar/adjustments/2027-13-01",
            Some(&admin.token),
            &json!({"change": "add", "name": "No such day"}),
        )
        .await
        .expect_problem(422);
    t.app
        .send(t.app.request(
            reqwest::Method::DELETE,
            "/api/v1/calendar/adjustments/2027-06-07",
            Some(&admin.token),
        ))
        .await
        .expect(200);
    assert_eq!(next_working_day(&t.app, &t.qa).await, "2027-06-07");
    t.app
        .send(t.app.request(
            reqwest::Method::DELETE,
            "/api/v1/calendar/adjustments/2027-06-07",
            Some(&admin.token),
        ))
        .await
        .expect_problem(404);
}
