//! The access log as the data protection officer reads it: one entry per record read or
//! changed, found by case whether or not the case index has caught up, and paged by entry even
//! when one request read many records.

use qa_api::access_log::indexer::index_all;
use qa_test_macros::both_backends;
use qa_tests::workflow::{id, start};
use qa_tests::{spawn_app_with, Answer, Backend, TestApp, TestUser};

fn entries(answer: &Answer) -> Vec<(String, String, String)> {
    answer.body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a page: {}", answer.text))
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap().to_string(),
                e["action"].as_str().unwrap().to_string(),
                e["record_id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

async fn app_without_indexer(backend: Backend) -> (TestApp, qa_tests::Council, TestUser, TestUser) {
    let app = spawn_app_with(backend, |s| s.index_access_log = false).await;
    let council = app.council();
    let dpo = app.create_user("Dee Pro", &["dpo"], Some(&council.directorate));
    let qa = app.create_user("Quinn QA", &["qa_officer"], Some(&council.directorate));
    (app, council, dpo, qa)
}

/// An allowed read of a case by `user`, as the log's writer would be handed it.
fn case_read(user: &TestUser, case: &str) -> qa_api::access_log::AccessEntry {
    use qa_api::access_log::{AccessEntry, Outcome};
    AccessEntry::case_record(&user.id, "read", "case", case, case, Outcome::Allowed)
}

#[both_backends]
async fn a_search_by_case_finds_entries_before_and_after_indexing(backend: Backend) {
    let (app, c, dpo, qa) = app_without_indexer(backend).await;
    let audit = id(start(&app, &c.team_manager, &c.case_own).await.expect(201));
    app.get("/api/v1/cases", Some(&qa.token)).await.expect(200);
    app.get(&format!("/api/v1/audits/{audit}"), Some(&qa.token))
        .await
        .expect(200);
    let path = format!(
        "/api/v1/access-log?case_id={}&sort=at&count=true",
        c.case_own
    );
    let before = app.get(&path, Some(&dpo.token)).await;
    let found = entries(before.expect(200));
    // The audit's creation, the case in the list, the audit read.
    assert_eq!(
        found.iter().map(|e| e.1.as_str()).collect::<Vec<_>>(),
        vec!["create", "list", "read"]
    );
    assert_eq!(before.body["total"], 3);
    let indexed = app.with_db(|conn| index_all(conn).expect("index"));
    assert!(indexed >= 3, "the waiting events were indexed ({indexed})");
    let after = app.get(&path, Some(&dpo.token)).await;
    let after = entries(&after);
    assert_eq!(
        after[..found.len()],
        found[..],
        "the same entries, read through the index"
    );
    // ... and, last, the data protection officer's first search of this case: the access
    // log's own use is on record.
    assert_eq!(after.len(), found.len() + 1);
    assert_eq!(after[found.len()].1, "search");
    // Another case's search does not see them.
    let other = app
        .get(
            &format!("/api/v1/access-log?case_id={}", c.case_other_service),
            Some(&dpo.token),
        )
        .await;
    assert!(entries(&other)
        .iter()
        .all(|e| e.1 == "list" || e.1 == "search"));
}

#[both_backends]
async fn one_list_reads_back_one_entry_per_record_page_by_page(backend: Backend) {
    let (app, _c, dpo, qa) = app_without_indexer(backend).await;
    // One request lists the four cases: one event holding four records.
    app.get("/api/v1/cases", Some(&qa.token)).await.expect(200);
    let path = format!("/api/v1/access-log?user_id={}&limit=3", qa.id);
    let first = app.get(&path, Some(&dpo.token)).await;
    let first_entries = entries(first.expect(200));
    assert_eq!(first_entries.len(), 3);
    let cursor = first.body["next_cursor"].as_str().expect("a second page");
    let second = app
        .get(&format!("{path}&cursor={cursor}"), Some(&dpo.token))
        .await;
    let second_entries = entries(&second);
    assert_eq!(second_entries.len(), 1);
    assert!(second.body["next_cursor"].is_null());
    let mut records: Vec<String> = first_entries
        .iter()
        .chain(&second_entries)
        .map(|e| e.2.clone())
        .collect();
    records.sort();
    records.dedup();
    assert_eq!(records.len(), 4, "each case listed once");
    let back = app
        .get(
            &format!(
                "{path}&cursor={}",
                second.body["prev_cursor"].as_str().unwrap()
            ),
            Some(&dpo.token),
        )
        .await;
    assert_eq!(entries(&back), first_entries);
}

/// A search by case reads the indexed events and then the events still waiting. The indexer
/// may commit a batch between those two statements; unless both see one snapshot, the batch's
/// events are in neither (on PostgreSQL's READ COMMITTED each statement sees the latest
/// commit) and a search misses entries that are on record.
#[both_backends]
async fn a_search_by_case_misses_nothing_while_the_indexer_commits(backend: Backend) {
    use qa_api::access_log::indexer::index_batch;
    use qa_api::access_log::repo::{list, AccessLogFilter};
    use qa_api::access_log::{record, AccessEntry, Outcome};
    use qa_api::db::types::CaseId;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;

    let (app, c, _dpo, qa) = app_without_indexer(backend).await;
    let case_id = CaseId::parse(&c.case_own).expect("a case id");
    let filter = AccessLogFilter {
        case_id: Some(case_id),
        ..AccessLogFilter::default()
    };
    let pool = app.state.pool.clone();
    let before = app
        .with_db(|conn| list(conn, &filter, false, None, usize::MAX))
        .expect("a search")
        .len();
    let written = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicBool::new(false));
    const EVENTS: usize = 300;
    let writer = {
        let (pool, written, done) = (pool.clone(), written.clone(), done.clone());
        let (user, case) = (qa.id.clone(), c.case_own.clone());
        std::thread::spawn(move || {
            let mut conn = pool.get().expect("a connection");
            for _ in 0..EVENTS {
                let entry =
                    AccessEntry::case_record(&user, "read", "case", &case, &case, Outcome::Allowed);
                record(&mut conn, &[entry]).expect("recorded");
                written.fetch_add(1, Ordering::SeqCst);
                index_batch(&mut conn).expect("indexed");
            }
            done.store(true, Ordering::SeqCst);
        })
    };
    let reader = std::thread::spawn(move || {
        let mut conn = pool.get().expect("a connection");
        let mut searches = 0;
        loop {
            let finished = done.load(Ordering::SeqCst);
            let on_record = before + written.load(Ordering::SeqCst);
            let found = list(&mut conn, &filter, false, None, usize::MAX).expect("a search");
            assert!(
                found.len() >= on_record,
                "search {searches} found {} entries of {on_record} on record",
                found.len()
            );
            searches += 1;
            if finished {
                return (searches, found.len());
            }
        }
    });
    writer.join().expect("the writer");
    let (searches, last) = reader.join().expect("no search missed an entry");
    assert_eq!(last, before + EVENTS);
    assert!(
        searches > 10,
        "the searches ran beside the indexer ({searches})"
    );
}

/// Events may be indexed again (here marked waiting again; before PostgreSQL's steps claimed
/// their events, two instances could both read them before either marked them): the second
/// batch writes no duplicate and fails nothing, and a search by case finds each entry once.
#[both_backends]
async fn indexing_the_same_events_twice_leaves_one_entry_each(backend: Backend) {
    use diesel::RunQueryDsl as _;

    let (app, c, dpo, qa) = app_without_indexer(backend).await;
    app.get("/api/v1/cases", Some(&qa.token)).await.expect(200);
    let audit = id(start(&app, &c.team_manager, &c.case_own).await.expect(201));
    app.get(&format!("/api/v1/audits/{audit}"), Some(&qa.token))
        .await
        .expect(200);
    let first = app.with_db(|conn| index_all(conn).expect("the first indexing"));
    assert!(first >= 3, "the waiting events were indexed ({first})");
    let reset = app.with_db(|conn| {
        diesel::sql_query("UPDATE access_events SET indexed = FALSE")
            .execute(conn)
            .expect("the events wait again")
    });
    assert!(reset >= first);
    let second = app.with_db(|conn| index_all(conn).expect("the second indexing"));
    assert_eq!(second, reset, "every event was indexed again");
    let found = app
        .get(
            &format!(
                "/api/v1/access-log?case_id={}&sort=at&count=true",
                c.case_own
            ),
            Some(&dpo.token),
        )
        .await;
    let found = entries(found.expect(200));
    assert_eq!(
        found.iter().map(|e| e.1.as_str()).collect::<Vec<_>>(),
        vec!["list", "create", "read"],
        "each entry once"
    );
}

/// Two indexers at once (two instances of the service) take different events: each event is
/// indexed by one of them, once, and every one is indexed. On PostgreSQL a step claims its
/// events with `FOR UPDATE SKIP LOCKED`; without it both would take the same events and both
/// count them.
#[both_backends]
async fn two_indexers_at_once_index_each_event_once(backend: Backend) {
    use diesel::prelude::*;
    use qa_api::access_log::indexer::index_batch;
    use qa_api::access_log::{record, AccessEntry};
    use qa_api::db::schema::{access_case_index, access_events};

    let (app, c, _dpo, qa) = app_without_indexer(backend).await;
    app.with_db(|conn| index_all(conn).expect("what setting up logged"));
    const EVENTS: usize = 120;
    let entries: Vec<AccessEntry> = (0..EVENTS).map(|_| case_read(&qa, &c.case_own)).collect();
    app.with_db(|conn| {
        for entry in &entries {
            record(conn, std::slice::from_ref(entry)).expect("recorded");
        }
    });
    let both_ready = std::sync::Arc::new(std::sync::Barrier::new(2));
    let indexers: Vec<_> = (0..2)
        .map(|_| {
            let pool = app.state.pool.clone();
            let both_ready = both_ready.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().expect("a connection each");
                both_ready.wait();
                let mut indexed = 0;
                loop {
                    match index_batch(&mut conn).expect("a batch") {
                        0 => return indexed,
                        n => indexed += n,
                    }
                }
            })
        })
        .collect();
    let counts: Vec<usize> = indexers
        .into_iter()
        .map(|t| t.join().expect("an indexer"))
        .collect();
    assert_eq!(
        counts.iter().sum::<usize>(),
        EVENTS,
        "each event indexed by one indexer: {counts:?}"
    );
    let (waiting, rows) = app.with_db(|conn| {
        let waiting = access_events::table
            .filter(diesel::dsl::not(access_events::indexed))
            .count()
            .get_result::<i64>(conn)
            .expect("a count");
        let case_id = qa_api::db::types::CaseId::parse(&c.case_own).expect("a case id");
        let rows = access_case_index::table
            .filter(access_case_index::case_id.eq(case_id))
            .count()
            .get_result::<i64>(conn)
            .expect("a count");
        (waiting, rows)
    });
    assert_eq!(waiting, 0, "nothing left waiting");
    assert!(
        rows >= EVENTS as i64,
        "{rows} index rows for {EVENTS} events"
    );
}

/// The background indexer works a few events at a time (resting between steps while requests
/// are logging), and indexes a backlog of many steps completely, each event under its case.
#[both_backends]
async fn the_background_indexer_works_through_a_backlog_of_many_steps(backend: Backend) {
    use diesel::prelude::*;
    use qa_api::access_log::{record, AccessEntry};
    use qa_api::db::schema::{access_case_index, access_events};

    let app = qa_tests::spawn_app(backend).await;
    let c = app.council();
    let qa = app.create_user("Quinn QA", &["qa_officer"], Some(&c.directorate));
    // Not a whole number of steps, so the last step is a partial one.
    const EVENTS: usize = 23;
    let entries: Vec<AccessEntry> = (0..EVENTS).map(|_| case_read(&qa, &c.case_own)).collect();
    app.with_db(|conn| {
        for entry in &entries {
            record(conn, std::slice::from_ref(entry)).expect("recorded");
        }
    });
    let waiting = |app: &qa_tests::TestApp| {
        app.with_db(|conn| {
            access_events::table
                .filter(diesel::dsl::not(access_events::indexed))
                .count()
                .get_result::<i64>(conn)
                .expect("a count")
        })
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while waiting(&app) > 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "{} events still waiting after 30 s",
            waiting(&app)
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let case_id = qa_api::db::types::CaseId::parse(&c.case_own).expect("a case id");
    let indexed_under_case = app.with_db(|conn| {
        access_case_index::table
            .filter(access_case_index::case_id.eq(case_id))
            .count()
            .get_result::<i64>(conn)
            .expect("a count")
    });
    assert!(
        indexed_under_case >= EVENTS as i64,
        "{indexed_under_case} index rows under the case, for {EVENTS} events"
    );
}

/// The background indexer searches from just behind the newest event it has indexed, so an
/// event committed long after its id was taken (a stalled instance) is left for the next search
/// of the whole log, which indexes it; a search by case finds it all the while.
#[both_backends]
async fn an_event_committed_late_is_indexed_by_the_next_search_of_the_whole_log(backend: Backend) {
    use diesel::prelude::*;
    use qa_api::access_log::indexer::Search;
    use qa_api::access_log::record;
    use qa_api::access_log::repo::EventRow;
    use qa_api::db::schema::access_events;
    use qa_api::db::types::{EntryId, UserId};

    let (app, c, dpo, qa) = app_without_indexer(backend).await;
    const WHOLE_LOG_EVERY: std::time::Duration = std::time::Duration::from_millis(400);
    let mut search = Search::every(WHOLE_LOG_EVERY);
    // The first searches cover the whole log: everything waiting from setting up is indexed.
    app.with_db(|conn| while search.step(conn, 5).expect("a step") > 0 {});

    // Taken a minute ago and committed only now.
    let now = time::OffsetDateTime::now_utc();
    let minute_ago = u64::try_from((now.unix_timestamp_nanos() / 1_000_000) - 60_000).unwrap();
    let late_id =
        EntryId::from(uuid::Builder::from_unix_timestamp_millis(minute_ago, &[7; 10]).into_uuid());
    let late = EventRow {
        id: late_id,
        at: time::PrimitiveDateTime::new(now.date(), now.time()),
        user_id: UserId::parse(&qa.id),
        action: "read".into(),
        record_type: "case".into(),
        outcome: "allowed".into(),
        detail: Some("committed late".into()),
        records: format!("{0}:{0}", c.case_own),
        record_count: 1,
        indexed: false,
    };
    let prompt = case_read(&qa, &c.case_own);
    app.with_db(|conn| {
        diesel::insert_into(access_events::table)
            .values(&late)
            .execute(conn)
            .expect("the late event");
        record(conn, std::slice::from_ref(&prompt)).expect("the prompt event");
    });
    let late_waiting = |app: &TestApp| {
        !app.with_db(|conn| {
            access_events::table
                .find(late_id)
                .select(access_events::indexed)
                .first::<bool>(conn)
                .expect("the late event")
        })
    };

    let step = app.with_db(|conn| search.step(conn, 5).expect("a step"));
    assert_eq!(
        step, 1,
        "the step found the prompt event and not the late one"
    );
    assert!(
        late_waiting(&app),
        "the late event waits for the whole log's search"
    );
    let path = format!("/api/v1/access-log?case_id={}&sort=-at", c.case_own);
    let found = app.get(&path, Some(&dpo.token)).await;
    let late_found = found.expect(200).body["items"]
        .as_array()
        .expect("a page")
        .iter()
        .any(|e| e["detail"] == "committed late");
    assert!(
        late_found,
        "a search by case finds the waiting event: {}",
        found.text
    );

    tokio::time::sleep(WHOLE_LOG_EVERY).await;
    // The search by case above logged itself: that event waits too.
    let step = app.with_db(|conn| search.step(conn, 5).expect("a step"));
    assert!(
        step >= 1,
        "the whole log's search found the late event ({step})"
    );
    assert!(!late_waiting(&app), "the late event is indexed");
}

/// The writer's commit sends a batch that fits one INSERT on its own (atomic by itself on
/// PostgreSQL, with no BEGIN and COMMIT around it) and a longer batch in one transaction:
/// every event arrives either way.
#[both_backends]
async fn the_writers_commit_stores_every_event_of_short_and_long_batches(backend: Backend) {
    use diesel::prelude::*;
    use qa_api::access_log::{commit, AccessEntry, Outcome};
    use qa_api::db::schema::access_events;

    let app = qa_tests::spawn_app(backend).await;
    let c = app.council();
    let qa = app.create_user("Quinn QA", &["qa_officer"], Some(&c.directorate));
    // Alternate actions, so that no two entries share an event.
    let batch = |events: usize| -> Vec<AccessEntry> {
        (0..events)
            .map(|n| {
                AccessEntry::case_record(
                    &qa.id,
                    if n % 2 == 0 { "read" } else { "update" },
                    "case",
                    &c.case_own,
                    &c.case_own,
                    Outcome::Allowed,
                )
            })
            .collect()
    };
    let stored = |app: &qa_tests::TestApp| {
        app.with_db(|conn| {
            access_events::table
                .count()
                .get_result::<i64>(conn)
                .expect("a count")
        })
    };
    for events in [3, 501] {
        let before = stored(&app);
        let entries = batch(events);
        app.with_db(|conn| commit(conn, &entries).expect("committed"));
        assert_eq!(
            stored(&app) - before,
            events as i64,
            "a batch of {events} events"
        );
    }
}
