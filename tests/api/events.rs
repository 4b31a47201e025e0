//! The events feed: what happened here, written with the change, read with `after=` by a
//! poller that never misses an event however the writers' transactions interleave.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use diesel::Connection;
use qa_api::events::{emit_parts, number_new_events, read, EventType};
use qa_test_macros::both_backends;
use qa_tests::workflow::{setup, submitted_audit};
use qa_tests::Backend;
use serde_json::Value;

async fn feed(t: &qa_tests::workflow::Loop, query: &str) -> Value {
    let answer = t
        .app
        .get(&format!("/api/v1/events{query}"), Some(&t.qa.token))
        .await;
    answer.expect(200);
    answer.body.clone()
}

#[both_backends]
async fn submitting_an_audit_puts_it_on_the_feed_without_narrative(backend: Backend) {
    let t = setup(backend).await;
    let audit = submitted_audit(&t, "good").await;
    let page = feed(&t, "").await;
    let items = page["items"].as_array().unwrap();
    let submitted: Vec<&Value> = items
        .iter()
        .filter(|e| e["type"] == "audit.submitted")
        .collect();
    assert_eq!(submitted.len(), 1);
    let event = submitted[0];
    assert_eq!(event["record_type"], "audit");
    assert_eq!(event["record_id"], audit.as_str());
    assert_eq!(event["case_id"], t.c.case_own.as_str());
    assert_eq!(event["team_id"], t.c.team_one.as_str());
    let keys: BTreeSet<&str> = event
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "case_id",
            "id",
            "occurred_at",
            "record_id",
            "record_type",
            "seq",
            "team_id",
            "type"
        ])
    );
    assert_eq!(page["next_after"], items.last().unwrap()["seq"]);
}

#[both_backends]
async fn after_and_types_select_the_later_events_of_those_types(backend: Backend) {
    let t = setup(backend).await;
    submitted_audit(&t, "good").await;
    let first = feed(&t, "").await;
    let after = first["next_after"].as_i64().unwrap();
    assert!(after > 0);
    let nothing_new = feed(&t, &format!("?after={after}")).await;
    assert_eq!(nothing_new["items"].as_array().unwrap().len(), 0);
    assert_eq!(nothing_new["next_after"], after);
    // An inadequate grade also raises an escalation: two events, two types.
    submitted_audit(&t, "inadequate").await;
    let later = feed(&t, &format!("?after={after}")).await;
    let types: BTreeSet<&str> = later["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert!(types.contains("audit.submitted"), "{types:?}");
    assert!(types.contains("escalation.raised"), "{types:?}");
    let only = feed(&t, &format!("?after={after}&types=escalation.raised")).await;
    assert!(only["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["type"] == "escalation.raised"));
    let limited = feed(&t, "?limit=1").await;
    assert_eq!(limited["items"].as_array().unwrap().len(), 1);
    let bad = t
        .app
        .get(
            "/api/v1/events?after=-1&limit=5000&types=audit.deleted",
            Some(&t.qa.token),
        )
        .await;
    bad.expect_problem(422);
    let mut fields = bad.error_fields();
    fields.sort();
    assert_eq!(fields, vec!["after", "limit", "types"]);
}

#[both_backends]
async fn the_feed_is_for_roles_that_see_every_case(backend: Backend) {
    let t = setup(backend).await;
    let admin = t.app.create_user("Ada Admin", &["admin"], None);
    for user in [
        &t.c.team_manager,
        &t.c.practitioner,
        &t.c.head_of_service,
        &admin,
    ] {
        t.app
            .get("/api/v1/events", Some(&user.token))
            .await
            .expect_problem(403);
    }
    t.app
        .get("/api/v1/events", Some(&t.analyst.token))
        .await
        .expect(200);
    t.app.get("/api/v1/events", None).await.expect_problem(401);
}

/// Writers commit out of order (each holds its transaction open for a different time after
/// writing its event) while two pollers number and read the feed; every event is seen once,
/// in increasing `seq`, and none is skipped.
#[both_backends]
async fn a_poller_never_misses_an_event_under_concurrent_writers(backend: Backend) {
    let t = setup(backend).await;
    let pool = t.app.state.pool.clone();
    const WRITERS: usize = 6;
    const EACH: usize = 25;
    let writing = Arc::new(AtomicBool::new(true));
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let pool = pool.clone();
            std::thread::spawn(move || {
                let mut written = Vec::new();
                for i in 0..EACH {
                    let mut conn = pool.get().unwrap();
                    let id = format!("{:08}-0000-7000-8000-{:012}", w, i);
                    conn.transaction::<_, diesel::result::Error, _>(|conn| {
                        emit_parts(
                            conn,
                            EventType::AuditSubmitted,
                            "audit",
                            id.clone(),
                            None,
                            None,
                        )
                        .unwrap();
                        // Hold the transaction open so later writers commit first.
                        std::thread::sleep(std::time::Duration::from_millis(
                            ((w * 7 + i * 3) % 11) as u64,
                        ));
                        Ok(())
                    })
                    .unwrap();
                    written.push(id);
                }
                written
            })
        })
        .collect();
    let pollers: Vec<_> = (0..2)
        .map(|_| {
            let pool = pool.clone();
            let writing = writing.clone();
            std::thread::spawn(move || {
                let mut seen: Vec<(i64, String)> = Vec::new();
                let mut after = 0;
                loop {
                    let done = !writing.load(Ordering::SeqCst);
                    let mut conn = pool.get().unwrap();
                    number_new_events(&mut conn).unwrap();
                    let page = read(&mut conn, after, &[], 7).unwrap();
                    drop(conn);
                    for event in &page {
                        assert!(event.seq > after, "seq {} after {after}", event.seq);
                        after = event.seq;
                        seen.push((event.seq, event.record_id.clone()));
                    }
                    if done && page.is_empty() {
                        return seen;
                    }
                }
            })
        })
        .collect();
    let mut expected: Vec<String> = Vec::new();
    for writer in writers {
        expected.extend(writer.join().unwrap());
    }
    writing.store(false, Ordering::SeqCst);
    expected.sort();
    for poller in pollers {
        let seen = poller.join().unwrap();
        let seqs: Vec<i64> = seen.iter().map(|(s, _)| *s).collect();
        assert_eq!(
            seqs,
            (1..=(WRITERS * EACH) as i64).collect::<Vec<_>>(),
            "every place in the feed, once, in order"
        );
        let mut ids: Vec<String> = seen.into_iter().map(|(_, id)| id).collect();
        ids.sort();
        assert_eq!(ids, expected);
    }
}

#[both_backends]
async fn a_service_account_with_events_read_polls_the_feed(backend: Backend) {
    let t = setup(backend).await;
    let audit = submitted_audit(&t, "good").await;
    let admin = t.app.create_user("Ada Admin", &["admin"], None);
    let poller = crate::service_accounts::service_token(&t.app, &admin, &["events:read"]).await;
    let exports_only =
        crate::service_accounts::service_token(&t.app, &admin, &["exports:read"]).await;
    let page = t.app.get("/api/v1/events", Some(&poller)).await;
    page.expect(200);
    assert!(page.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["record_id"] == audit.as_str()));
    t.app
        .get("/api/v1/events", Some(&exports_only))
        .await
        .expect_problem(403);
}
