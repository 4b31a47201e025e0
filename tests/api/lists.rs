//! The list conventions every list follows: keyset pages both ways, `sort=`, comma-separated
//! filters, `service_id`, `q` search, `count=true`, the names screens show, and a cost in
//! statements that does not grow with the page size.

use qa_test_macros::both_backends;
use qa_tests::workflow::{complete, id, metric, setup, start, submit, Loop};
use qa_tests::{Answer, Backend};
use serde_json::Value;

fn ids(answer: &Answer) -> Vec<String> {
    answer.body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a page: {}", answer.text))
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_string())
        .collect()
}

/// Five audits by the team manager: three drafts and two submitted (on two cases).
async fn five_audits(t: &Loop) -> Vec<String> {
    let mut made = Vec::new();
    for n in 0..5 {
        let case = if n % 2 == 0 {
            &t.c.case_own
        } else {
            &t.c.case_same_team
        };
        let audit = id(start(&t.app, &t.c.team_manager, case).await.expect(201));
        if n >= 3 {
            complete(&t.app, &t.c.team_manager, &audit, "good").await;
            submit(&t.app, &t.c.team_manager, &audit).await.expect(200);
        }
        made.push(audit);
    }
    made
}

async fn list(t: &Loop, query: &str) -> Answer {
    t.app
        .get(&format!("/api/v1/audits?{query}"), Some(&t.qa.token))
        .await
}

#[both_backends]
async fn lists_open_on_the_newest_record_and_sort_by_any_listed_field(backend: Backend) {
    let t = setup(backend).await;
    let made = five_audits(&t).await;
    let newest_first: Vec<String> = made.iter().rev().cloned().collect();
    assert_eq!(ids(list(&t, "").await.expect(200)), newest_first);
    assert_eq!(ids(list(&t, "sort=created_at").await.expect(200)), made);
    // Two keys: status first (draft before submitted), then newest first within each.
    let by_status = list(&t, "sort=status,-created_at").await;
    let statuses: Vec<Value> = by_status.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].clone())
        .collect();
    assert_eq!(
        statuses,
        vec!["draft", "draft", "draft", "submitted", "submitted"]
    );
    assert_eq!(ids(&by_status)[0], made[2]);
    let unknown = list(&t, "sort=colour").await;
    unknown.expect_problem(422);
    assert_eq!(unknown.error_fields(), vec!["sort"]);
}

#[both_backends]
async fn incremental_pulls_come_oldest_change_first(backend: Backend) {
    let t = setup(backend).await;
    let made = five_audits(&t).await;
    let pulled = list(&t, "updated_since=2000-01-01").await;
    let order = ids(pulled.expect(200));
    // Drafts 0-2 last changed when started; 3 and 4 when submitted, after all the drafts.
    assert_eq!(order, made);
}

#[both_backends]
async fn pages_go_forward_and_back_with_the_same_items(backend: Backend) {
    let t = setup(backend).await;
    let made = five_audits(&t).await;
    let first = list(&t, "limit=2").await;
    assert!(first.body["prev_cursor"].is_null());
    let next = first.body["next_cursor"].as_str().unwrap().to_string();
    let second = list(&t, &format!("limit=2&cursor={next}")).await;
    let third = list(
        &t,
        &format!(
            "limit=2&cursor={}",
            second.body["next_cursor"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(ids(&third), vec![made[0].clone()]);
    assert!(third.body["next_cursor"].is_null());
    let back = list(
        &t,
        &format!(
            "limit=2&cursor={}",
            third.body["prev_cursor"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(ids(&back), ids(&second));
    let start = list(
        &t,
        &format!(
            "limit=2&cursor={}",
            back.body["prev_cursor"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(ids(&start), ids(&first));
    assert!(
        start.body["prev_cursor"].is_null(),
        "the first page has no page before it"
    );
    // A cursor belongs to its sort.
    let other_sort = list(&t, &format!("limit=2&sort=created_at&cursor={next}")).await;
    other_sort.expect_problem(422);
    assert_eq!(other_sort.error_fields(), vec!["cursor"]);
}

#[both_backends]
async fn filters_take_comma_lists_and_a_whole_service(backend: Backend) {
    let t = setup(backend).await;
    five_audits(&t).await;
    let submitted = list(&t, "status=submitted,moderated&count=true").await;
    assert_eq!(submitted.body["total"], 2);
    assert_eq!(ids(&submitted).len(), 2);
    let drafts = list(&t, "status=draft&count=true").await;
    assert_eq!(drafts.body["total"], 3);
    let bad = list(&t, "status=submitted,lost").await;
    bad.expect_problem(422);
    assert_eq!(bad.error_fields(), vec!["status"]);
    let service = list(&t, &format!("service_id={}&count=true", t.c.service_one)).await;
    assert_eq!(service.body["total"], 5);
    let other = list(&t, &format!("service_id={}&count=true", t.c.service_two)).await;
    assert_eq!(other.body["total"], 0);
    assert!(
        list(&t, "").await.body.get("total").is_none(),
        "no count unless asked"
    );
}

#[both_backends]
async fn awaiting_response_lists_the_replies_a_worker_owes(backend: Backend) {
    let t = setup(backend).await;
    let made = five_audits(&t).await;
    // Audit 4 is of the practitioner's own case: they reply to it.
    t.app
        .post(
            &format!("/api/v1/audits/{}/response", made[4]),
            Some(&t.c.practitioner.token),
            &serde_json::json!({"reflection": "I will record the child's views"}),
        )
        .await
        .expect(200);
    let owed = list(&t, "awaiting_response=true").await;
    assert_eq!(ids(&owed), vec![made[3].clone()]);
}

#[both_backends]
async fn search_finds_a_case_by_reference_and_audits_by_person(backend: Backend) {
    let t = setup(backend).await;
    let made = five_audits(&t).await;
    let case = t
        .app
        .get(
            &format!("/api/v1/cases/{}", t.c.case_own),
            Some(&t.qa.token),
        )
        .await;
    let reference = case.body["external_ref"].as_str().unwrap().to_string();
    let found = t
        .app
        .get(
            &format!("/api/v1/cases?q={}", reference.to_lowercase()),
            Some(&t.qa.token),
        )
        .await;
    assert_eq!(ids(&found), vec![t.c.case_own.clone()]);
    let by_reference = list(&t, &format!("q={reference}")).await;
    let expected: Vec<String> = [4, 2, 0].iter().map(|&n| made[n].clone()).collect();
    assert_eq!(ids(&by_reference), expected);
    // The team manager is "Tess Manager": every audit is theirs.
    assert_eq!(ids(&list(&t, "q=tess").await).len(), 5);
    assert!(
        ids(&list(&t, "q=nobody%25").await).is_empty(),
        "% is not a wildcard"
    );
}

#[both_backends]
async fn list_items_carry_the_names_screens_show(backend: Backend) {
    let t = setup(backend).await;
    five_audits(&t).await;
    let page = list(&t, "limit=1").await;
    let audit = &page.body["items"][0];
    assert_eq!(audit["case_display_name"], "A.B.");
    assert!(audit["case_external_ref"]
        .as_str()
        .unwrap()
        .starts_with("CMS-"));
    assert_eq!(audit["auditor_name"], "Tess Manager");
    assert_eq!(audit["practitioner_name"], "Pat Worker");
}

async fn statements(t: &Loop) -> u64 {
    counter(t, "qa_db_statements_total").await
}

async fn counter(t: &Loop, name: &str) -> u64 {
    metric(&t.app, name).await
}

#[both_backends]
async fn a_lists_statements_do_not_grow_with_its_page_size(backend: Backend) {
    let t = setup(backend).await;
    five_audits(&t).await;
    let token = t.qa.token.clone();
    for path in [
        "/api/v1/audits",
        "/api/v1/actions",
        "/api/v1/escalations",
        "/api/v1/cases",
    ] {
        let mut costs = Vec::new();
        for limit in [1, 5] {
            // Warm the path once so both sizes are measured alike.
            t.app
                .get(&format!("{path}?limit={limit}"), Some(&token))
                .await;
            // The fewest of three: a settings refresh (every few seconds) may fall inside one.
            let mut fewest = u64::MAX;
            for _ in 0..3 {
                let before = statements(&t).await;
                t.app
                    .get(&format!("{path}?limit={limit}"), Some(&token))
                    .await
                    .expect(200);
                fewest = fewest.min(statements(&t).await - before);
            }
            costs.push(fewest);
        }
        assert_eq!(costs[0], costs[1], "{path}: statements for 1 and 5 rows");
    }
}

/// An audit's read finds the caller, then the audit with everything its page shows (its
/// case's names, the people's names, its moderation and escalation, its judgements, actions
/// and alerts) in one query: two statements of its own, plus at most the three of an
/// access-log group commit it may have to itself (begin, insert, commit).
#[both_backends]
async fn an_audits_read_is_two_statements_and_names_what_its_page_shows(backend: Backend) {
    let t = setup(backend).await;
    let made = five_audits(&t).await;
    let submitted = made.last().unwrap();
    let path = format!("/api/v1/audits/{submitted}");
    let read = t.app.get(&path, Some(&t.qa.token)).await;
    read.expect(200);
    assert_eq!(read.body["case_display_name"], "A.B.");
    assert!(read.body["case_external_ref"]
        .as_str()
        .unwrap()
        .starts_with("CMS-"));
    assert_eq!(read.body["auditor_name"], "Tess Manager");
    assert_eq!(read.body["practitioner_name"], "Pat Worker");
    assert_eq!(read.body["judgements"].as_array().unwrap().len(), 10);
    // The fewest of three: a settings refresh (every few seconds) may fall inside one.
    let mut fewest = u64::MAX;
    for _ in 0..3 {
        let before = statements(&t).await;
        t.app.get(&path, Some(&t.qa.token)).await.expect(200);
        fewest = fewest.min(statements(&t).await - before);
    }
    assert!(
        fewest <= 2 + 3,
        "an audit's read took {fewest} statements: at most the caller, the audit with \
         everything its page shows, and an access-log commit"
    );
}

/// The audit list joins what its items show (the case's names and allocated worker, the
/// people's names, the moderated grade) onto its page in the page's own query: two statements
/// of its own (the caller, the page), plus at most the three of an access-log group commit.
#[both_backends]
async fn an_audit_list_is_two_statements_and_shows_the_moderated_grade(backend: Backend) {
    let t = setup(backend).await;
    let made = five_audits(&t).await;
    t.app
        .post(
            &format!("/api/v1/audits/{}/moderation", made[4]),
            Some(&t.qa.token),
            &serde_json::json!({"agreed": false, "moderated_grade": "inadequate", "rationale": "Risks unaddressed"}),
        )
        .await
        .expect(200);
    let page = list(&t, "status=submitted,moderated").await;
    assert_eq!(ids(&page), vec![made[4].clone(), made[3].clone()]);
    let moderated = &page.body["items"][0];
    assert_eq!(moderated["status"], "moderated");
    assert_eq!(moderated["overall_grade"], "good");
    assert_eq!(moderated["effective_grade"], "inadequate");
    assert_eq!(moderated["case_display_name"], "A.B.");
    assert_eq!(moderated["auditor_name"], "Tess Manager");
    let submitted = &page.body["items"][1];
    assert_eq!(submitted["effective_grade"], "good");
    assert!(submitted["case_external_ref"]
        .as_str()
        .unwrap()
        .starts_with("CMS-"));
    // A page before a cursor comes back in the list's order too.
    let oldest = list(&t, "limit=2&sort=created_at").await;
    let after = list(
        &t,
        &format!(
            "limit=2&sort=created_at&cursor={}",
            oldest.body["next_cursor"].as_str().unwrap()
        ),
    )
    .await;
    let before = list(
        &t,
        &format!(
            "limit=2&sort=created_at&cursor={}",
            after.body["prev_cursor"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(ids(&before), vec![made[0].clone(), made[1].clone()]);
    let mut fewest = u64::MAX;
    for _ in 0..3 {
        let before = statements(&t).await;
        list(&t, "limit=5").await.expect(200);
        fewest = fewest.min(statements(&t).await - before);
    }
    assert!(
        fewest <= 2 + 3,
        "the audit list took {fewest} statements: at most the caller, the page with its names, \
         and an access-log commit"
    );
}

/// The access-log indexer wakes on its own clock, several times a second: its statements are
/// counted apart, so a request's cost read from the metric is the request's alone.
#[both_backends]
async fn the_indexers_statements_are_counted_apart_from_requests(backend: Backend) {
    let t = setup(backend).await;
    let before = counter(&t, "qa_db_background_statements_total").await;
    // Reading a case logs an access event, which the indexer then indexes.
    t.app
        .get(
            &format!("/api/v1/cases/{}", t.c.case_own),
            Some(&t.qa.token),
        )
        .await
        .expect(200);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let now = counter(&t, "qa_db_background_statements_total").await;
        if now > before {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the indexer's statements never reached qa_db_background_statements_total"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Counts the statements a connection compiles into its cache.
struct CountCached(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl diesel::connection::Instrumentation for CountCached {
    fn on_connection_event(&mut self, event: diesel::connection::InstrumentationEvent<'_>) {
        if let diesel::connection::InstrumentationEvent::CacheQuery { .. } = event {
            self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

/// Counts the statements a connection compiles into its cache, and keeps the SQL it sends.
struct CountCachedAndSent {
    cached: CountCached,
    sent: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl diesel::connection::Instrumentation for CountCachedAndSent {
    fn on_connection_event(&mut self, event: diesel::connection::InstrumentationEvent<'_>) {
        if let diesel::connection::InstrumentationEvent::StartQuery { query, .. } = &event {
            self.sent.lock().unwrap().push(query.to_string());
        }
        self.cached.on_connection_event(event);
    }
}

/// The scope of every list (`team_id IN (…)`) and the names of a page's cases and people are
/// one statement for any number of values: compiled once per connection, not on every request.
/// One value is an equality on both backends, so the planner can read the column's index in
/// order (PostgreSQL 15 cannot for `= ANY(…)`, and walked every newer row instead).
#[both_backends]
async fn a_set_of_ids_is_one_prepared_statement_whatever_its_size(backend: Backend) {
    use diesel::connection::Connection as _;
    use diesel::prelude::*;
    use qa_api::db::schema::users;
    use qa_api::db::types::UserId;

    let t = setup(backend).await;
    let user = |id: &str| UserId::parse(id).expect("a user id");
    let mut cast = [
        user(&t.c.practitioner.id),
        user(&t.c.team_manager.id),
        user(&t.qa.id),
    ];
    cast.sort();
    let cached = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let sent = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    // A connection of its own, outside the app's pool, so the app's are left as they were.
    let manager = qa_api::db::ConnectionManager::new(t.app.state.settings.database_url.clone());
    let mut conn = diesel::r2d2::ManageConnection::connect(&manager).expect("a connection");
    conn.set_instrumentation(CountCachedAndSent {
        cached: CountCached(cached.clone()),
        sent: sent.clone(),
    });
    let mut members = |size: usize| -> Vec<UserId> {
        let found: Vec<UserId> = users::table
            .filter(qa_api::db::member_of(users::id, cast[..size].to_vec()))
            .select(users::id)
            .order(users::id)
            .load(&mut conn)
            .expect("the users");
        assert_eq!(found, cast[..size], "{size} ids");
        found
    };
    for size in [1, 3, 2, 1, 3] {
        members(size);
    }
    // An equality for one value, and for any other number a JSON array (SQLite) or one array
    // parameter (PostgreSQL). diesel's own `eq_any` writes one placeholder per value on SQLite
    // and never caches the statement: zero there.
    assert_eq!(
        cached.load(std::sync::atomic::Ordering::Relaxed),
        2,
        "statements compiled for 1, 3, 2, 1 and 3 ids"
    );
    let sent = sent.lock().unwrap().clone();
    let one = &sent[0];
    assert!(
        (one.contains("id` = ?") || one.contains(r#"id" = $1"#))
            && !one.contains("ANY")
            && !one.contains("json_each"),
        "one id: {one}"
    );
    let three = &sent[1];
    assert!(
        three.contains("ANY") || three.contains("json_each"),
        "three ids: {three}"
    );
    assert!(members(0).is_empty());
}

/// An audit's read finds the audit and what its page shows in one statement with scalar
/// subqueries: it is compiled once per connection and kept, not compiled on every read.
#[both_backends]
async fn an_audits_read_is_compiled_once_per_connection(backend: Backend) {
    use diesel::connection::Connection as _;
    use qa_api::db::types::AuditId;

    let t = setup(backend).await;
    let made = five_audits(&t).await;
    let cached = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let manager = qa_api::db::ConnectionManager::new(t.app.state.settings.database_url.clone());
    let mut conn = diesel::r2d2::ManageConnection::connect(&manager).expect("a connection");
    conn.set_instrumentation(CountCached(cached.clone()));
    for audit in made.iter().chain(made.iter()) {
        let id = AuditId::parse(audit).expect("an audit id");
        let (loaded, surroundings) = qa_api::audits::repo::load_detail(&mut conn, id)
            .expect("the read")
            .expect("the audit");
        assert_eq!(loaded.record.id, id);
        assert_eq!(surroundings.case.display_name, "A.B.");
    }
    assert_eq!(
        cached.load(std::sync::atomic::Ordering::Relaxed),
        1,
        "statements compiled for ten reads of five audits"
    );
}
