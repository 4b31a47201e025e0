//! Notifications: each person's own, marked read.

use qa_test_macros::both_backends;
use qa_tests::workflow::{id, setup, start};
use qa_tests::Backend;
use serde_json::json;

#[both_backends]
async fn overdue_actions_are_derived_from_the_due_date(backend: Backend) {
    let t = setup(backend).await;
    let tm = &t.c.team_manager;
    let audit = id(&start(&t.app, tm, &t.c.case_own).await);
    let action = id(&t
        .app
        .post(
            &format!("/api/v1/audits/{audit}/remedial-actions"),
            Some(&tm.token),
            &json!({"description": "Overdue one"}),
        )
        .await);
    t.app
        .post(
            &format!("/api/v1/audits/{audit}/remedial-actions"),
            Some(&tm.token),
            &json!({"description": "Not yet due"}),
        )
        .await
        .expect(201);
    t.app.with_db(|conn| {
        use diesel::prelude::*;
        use qa_api::db::schema::actions;
        diesel::update(actions::table.find(&action))
            .set(actions::due_on.eq(time::macros::date!(2025 - 01 - 10)))
            .execute(conn)
            .unwrap();
    });
    let overdue = t
        .app
        .get("/api/v1/actions?overdue=true", Some(&tm.token))
        .await;
    let items = overdue.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], action.as_str());
    assert_eq!(items[0]["overdue"], true);
    let not_overdue = t
        .app
        .get("/api/v1/actions?overdue=false", Some(&tm.token))
        .await;
    assert_eq!(not_overdue.body["items"].as_array().unwrap().len(), 1);
    t.app
        .get("/api/v1/actions?overdue=maybe&status=done", Some(&tm.token))
        .await
        .expect_problem(422);
}
