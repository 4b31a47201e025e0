//! Migrations safe to roll: each runs in a transaction, a database migrated by a newer release
//! is refused with the versions named, and a database seeded by release v0.1.0 migrates to the
//! current schema with its records intact. The v0.1.0 fixtures in tests/fixtures/v0.1.0 were
//! made once by a v0.1.0 build (`seed-demo --cases 20 --audits 40 --anchor 2026-11-25`): the
//! SQLite file itself, and `pg_dump --inserts` of the PostgreSQL database.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_query;
use diesel::sql_types::Text;
use qa_api::config::DatabaseUrl;
use qa_test_macros::both_backends;
use qa_tests::{
    skip_postgres, spawn_app, spawn_app_on, test_settings, Backend, TestApp, TestDatabase,
};
use serde_json::json;

#[derive(QueryableByName)]
struct Version {
    #[diesel(sql_type = Text)]
    version: String,
}

fn versions(app: &TestApp) -> Vec<String> {
    app.with_db(|conn| {
        sql_query("SELECT version FROM __diesel_schema_migrations ORDER BY version")
            .load::<Version>(conn)
            .expect("versions")
            .into_iter()
            .map(|v| v.version)
            .collect()
    })
}

#[both_backends]
async fn a_database_migrated_by_a_newer_release_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    app.with_db(|conn| {
        conn.batch_execute(
            "INSERT INTO __diesel_schema_migrations (version) VALUES ('29991231000001')",
        )
        .expect("record a migration from the future")
    });
    let settings = test_settings(app_url(&app));
    let refused = tokio::task::spawn_blocking(move || qa_api::startup::prepare_database(&settings))
        .await
        .expect("task");
    let message = refused.expect_err("the service must refuse to start");
    assert!(
        message.contains("29991231000001") && message.contains("newer release"),
        "{message}"
    );
}

fn app_url(app: &TestApp) -> DatabaseUrl {
    app.state.settings.database_url.clone()
}

#[both_backends]
async fn a_failing_migration_rolls_back_whole(backend: Backend) {
    let app = spawn_app(backend).await;
    // The folder holds every migration the database has, plus one that fails half way.
    let folder = migrations_before(backend, "2999");
    let broken = folder.join("2999-01-01-000001_half_done");
    std::fs::create_dir_all(&broken).expect("folder");
    std::fs::write(
        broken.join("up.sql"),
        "CREATE TABLE half_done (id INTEGER PRIMARY KEY);\n\
         INSERT INTO half_done (id) VALUES (1);\n\
         ALTER TABLE no_such_table ADD COLUMN x INTEGER;\n",
    )
    .expect("up.sql");
    std::fs::write(broken.join("down.sql"), "DROP TABLE half_done;\n").expect("down.sql");
    let source = diesel_migrations::FileBasedMigrations::from_path(&folder).expect("source");
    let result = app.with_db(|conn| qa_api::db::migrate::apply_source(conn, source));
    let _ = std::fs::remove_dir_all(&folder);
    let message = result.expect_err("the broken migration fails");
    assert!(message.contains("rolled back"), "{message}");
    let table_left = app.with_db(|conn| conn.batch_execute("SELECT id FROM half_done").is_ok());
    assert!(!table_left, "the failed migration's table was left behind");
    assert!(!versions(&app).contains(&"29990101000001".to_string()));
}

#[test]
fn no_migration_opts_out_of_its_transaction() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    for backend in ["postgres", "sqlite"] {
        for entry in std::fs::read_dir(root.join(backend)).expect("migrations") {
            let metadata = entry.expect("entry").path().join("metadata.toml");
            if let Ok(text) = std::fs::read_to_string(&metadata) {
                assert!(
                    !text.replace(' ', "").contains("run_in_transaction=false"),
                    "{} runs outside a transaction",
                    metadata.display()
                );
            }
        }
    }
}

/// Signs in as the demo director and reads the seeded council back through the API.
async fn reads_back_the_v0_1_0_council(app: &TestApp) {
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": "director@demo.test", "password": "demo password 1"}),
        )
        .await;
    login.expect(200);
    let token = login.body["access_token"]
        .as_str()
        .expect("token")
        .to_string();
    let cases = app.get("/api/v1/cases?limit=500", Some(&token)).await;
    cases.expect(200);
    assert_eq!(cases.body["items"].as_array().map(Vec::len), Some(20));
    let audits = app.get("/api/v1/audits?limit=500", Some(&token)).await;
    audits.expect(200);
    let items = audits.body["items"].as_array().expect("audits");
    assert_eq!(items.len(), 40);
    let mut judgements = 0;
    for audit in items.iter().take(10) {
        let one = app
            .get(
                &format!("/api/v1/audits/{}", audit["id"].as_str().expect("id")),
                Some(&token),
            )
            .await;
        one.expect(200);
        judgements += one.body["judgements"].as_array().map(Vec::len).unwrap_or(0);
    }
    assert!(judgements > 0, "no judgements came through the migration");
    app.get("/api/v1/escalations?limit=500", Some(&token))
        .await
        .expect(200);
    app.get("/api/v1/actions?limit=500", Some(&token))
        .await
        .expect(200);
    // And it takes new writes.
    let case = cases.body["items"][0]["id"].clone();
    app.post(
        "/api/v1/audits",
        Some(&token),
        &json!({"kind": "case_file", "case_id": case}),
    )
    .await
    .expect(201);
}

/// The versions diesel records for the migrations this build embeds (`2026-11-25-000001_x` is
/// recorded as `20261125000001`).
fn embedded_versions(backend: &str) -> Vec<String> {
    let mut versions: Vec<String> = qa_api::db::migration_names(backend)
        .iter()
        .map(|name| name.split('_').next().unwrap_or_default().replace('-', ""))
        .collect();
    versions.sort();
    versions
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/v0.1.0/{name}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_database_seeded_at_v0_1_0_migrates_and_reads_back() {
    let dir = std::env::temp_dir().join(format!("qa-v010-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("qa.db");
    std::fs::copy(fixture("sqlite.db"), &path).expect("copy the fixture");
    let app = spawn_app_on(
        Backend::Sqlite,
        TestDatabase::existing(DatabaseUrl::Sqlite(path)),
        |_| {},
    )
    .await;
    assert_eq!(versions(&app), embedded_versions("sqlite"));
    reads_back_the_v0_1_0_council(&app).await;
    drop(app);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_database_seeded_at_v0_1_0_migrates_and_reads_back() {
    if skip_postgres() {
        return;
    }
    let database = TestDatabase::create(Backend::Postgres);
    let DatabaseUrl::Postgres(url) = &database.url else {
        unreachable!("a PostgreSQL test database")
    };
    // psql meta-commands (\restrict) are not SQL: drop them, run the rest as one batch.
    let dump: String = std::fs::read_to_string(fixture("postgres.sql"))
        .expect("dump")
        .lines()
        .filter(|line| !line.starts_with('\\'))
        .collect::<Vec<_>>()
        .join("\n");
    let mut conn = PgConnection::establish(url).expect("connect");
    conn.batch_execute(&dump).expect("load the v0.1.0 dump");
    drop(conn);
    let app = spawn_app_on(Backend::Postgres, database, |_| {}).await;
    assert_eq!(versions(&app), embedded_versions("postgres"));
    reads_back_the_v0_1_0_council(&app).await;
}

/// The backend's folder under `migrations/`.
fn folder_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// Copies the backend's migration folders older than `before` (a version prefix such as
/// `2026-12-05-430000`) into a new folder, so a test can build a database as an earlier release
/// left it.
fn migrations_before(backend: Backend, before: &str) -> std::path::PathBuf {
    let source_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../migrations/{}", folder_name(backend)));
    let folder =
        std::env::temp_dir().join(format!("qa-migrations-{}", uuid::Uuid::new_v4().simple()));
    for entry in std::fs::read_dir(&source_dir).expect("migrations") {
        let entry = entry.expect("entry");
        if entry.file_name().to_string_lossy().as_ref() >= before {
            continue;
        }
        let target = folder.join(entry.file_name());
        std::fs::create_dir_all(&target).expect("folder");
        for file in std::fs::read_dir(entry.path()).expect("files") {
            let file = file.expect("file");
            std::fs::copy(file.path(), target.join(file.file_name())).expect("copy");
        }
    }
    folder
}

#[derive(QueryableByName, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct CaseIndexRow {
    #[diesel(sql_type = Text)]
    case_id: String,
    #[diesel(sql_type = Text)]
    at: String,
    #[diesel(sql_type = Text)]
    event_id: String,
}

fn case_index_rows(conn: &mut qa_api::db::DbConn) -> Vec<CaseIndexRow> {
    // The time as text in one format on both backends, so the rows compare across backends.
    let mut rows =
        sql_query("SELECT case_id, CAST(at AS TEXT) AS at, event_id FROM access_case_index")
            .load::<CaseIndexRow>(conn)
            .expect("case index rows");
    rows.sort();
    rows
}

#[derive(QueryableByName)]
struct KeyColumn {
    #[diesel(sql_type = Text)]
    name: String,
}

/// The case index's primary-key columns in key order.
fn case_index_key(conn: &mut qa_api::db::DbConn, backend: Backend) -> Vec<String> {
    let query = match backend {
        Backend::Sqlite => {
            "SELECT name FROM pragma_table_info('access_case_index') WHERE pk > 0 ORDER BY pk"
        }
        Backend::Postgres => {
            "SELECT a.attname::text AS name FROM pg_index i \
             CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) \
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum \
             WHERE i.indrelid = 'access_case_index'::regclass AND i.indisprimary \
             ORDER BY k.position"
        }
    };
    sql_query(query)
        .load::<KeyColumn>(conn)
        .expect("key columns")
        .into_iter()
        .map(|c| c.name)
        .collect()
}

/// An access event written straight into the database: its id, time, and the (record, case)
/// it touched, as indexes into the test's records and cases.
struct SeededEvent {
    id: String,
    at: &'static str,
    touched: Vec<(usize, usize)>,
}

/// A database whose access log was indexed before the case index was re-keyed by time
/// (migration 2026-12-05-430000) keeps every index row through the migration, and the DPO's
/// search by case still finds each entry through the index. The v0.1.0 upgrade cannot show
/// it: that release had no case index, so the migration's copy ran over no rows there.
#[both_backends]
async fn a_built_case_index_keeps_its_rows_when_it_is_rekeyed_by_time(backend: Backend) {
    use qa_api::access_log::repo::{list, AccessLogFilter};
    use qa_api::db::types::CaseId;

    let folder = migrations_before(backend, "2026-12-05-430000");
    let database = TestDatabase::create(backend);
    let pool = qa_api::db::build_pool(&database.url, 1).expect("pool");
    let mut conn = pool.get().expect("connection");
    let source = diesel_migrations::FileBasedMigrations::from_path(&folder).expect("source");
    qa_api::db::migrate::apply_source(&mut conn, source).expect("the earlier migrations");
    let _ = std::fs::remove_dir_all(&folder);
    assert_eq!(
        case_index_key(&mut conn, backend),
        ["case_id", "event_id"],
        "the database starts with the case index as it was before the migration"
    );

    // Three cases and five indexed events: two at the same instant, one touching two records
    // of one case (one index row), one naming two cases.
    let id = || uuid::Uuid::now_v7().to_string();
    let cases = [id(), id(), id()];
    let records: Vec<String> = (0..6).map(|_| id()).collect();
    let event = |at: &'static str, touched: &[(usize, usize)]| SeededEvent {
        id: id(),
        at,
        touched: touched.to_vec(),
    };
    let events = [
        event("2026-11-20 09:00:00", &[(0, 0), (1, 1)]),
        event("2026-11-20 09:00:00", &[(2, 0)]),
        event("2026-11-20 10:00:00.5", &[(3, 0), (4, 0)]),
        event("2026-11-21 11:00:00", &[(5, 2)]),
        event("2026-11-30 23:59:59.999999", &[(1, 1)]),
    ];
    let mut sql = String::new();
    for SeededEvent {
        id: event,
        at,
        touched,
    } in &events
    {
        let pairs: Vec<String> = touched
            .iter()
            .map(|&(record, case)| format!("{}:{}", records[record], cases[case]))
            .collect();
        sql.push_str(&format!(
            "INSERT INTO access_events (id, at, user_id, action, record_type, outcome, detail, \
             records, record_count, indexed) VALUES ('{event}', '{at}', NULL, 'list', 'audit', \
             'allowed', NULL, '{}', {}, TRUE);\n",
            pairs.join(";"),
            pairs.len()
        ));
        let mut named: Vec<usize> = touched.iter().map(|&(_, case)| case).collect();
        named.dedup();
        for case in named {
            sql.push_str(&format!(
                "INSERT INTO access_case_index (case_id, event_id, at) \
                 VALUES ('{}', '{event}', '{at}');\n",
                cases[case]
            ));
        }
    }
    conn.batch_execute(&sql).expect("the indexed events");
    let before = case_index_rows(&mut conn);
    assert_eq!(before.len(), 6, "one index row per case an event named");
    drop(conn);
    drop(pool);

    // Starting the service runs the migration over the populated index.
    let app = spawn_app_on(backend, database, |_| {}).await;
    assert_eq!(versions(&app), embedded_versions(folder_name(backend)));
    let (after, key) = app.with_db(|conn| (case_index_rows(conn), case_index_key(conn, backend)));
    assert_eq!(key, ["case_id", "at", "event_id"]);
    assert_eq!(after, before, "every index row survives the migration");

    // The search by case, newest first, finds every entry of each case through the index
    // (every event is marked indexed, so nothing else could find them).
    for (case_number, case) in cases.iter().enumerate() {
        let mut expected: Vec<(String, String, usize)> = events
            .iter()
            .flat_map(
                |SeededEvent {
                     id: event,
                     at,
                     touched,
                 }| {
                    touched
                        .iter()
                        .enumerate()
                        .filter(|(_, &(_, c))| c == case_number)
                        .map(|(ordinal, _)| (at.to_string(), event.clone(), ordinal))
                        .collect::<Vec<_>>()
                },
            )
            .collect();
        expected.sort();
        expected.reverse();
        let filter = AccessLogFilter {
            case_id: CaseId::parse(case),
            ..AccessLogFilter::default()
        };
        let found: Vec<(String, usize)> = app
            .with_db(|conn| list(conn, &filter, true, None, 100))
            .expect("search by case")
            .into_iter()
            .map(|entry| (entry.event_id.to_string(), entry.ordinal))
            .collect();
        let expected: Vec<(String, usize)> = expected
            .into_iter()
            .map(|(_, event, ordinal)| (event, ordinal))
            .collect();
        assert_eq!(
            found, expected,
            "case {case_number}'s entries, newest first"
        );
    }
}

#[derive(QueryableByName)]
struct IndexColumn {
    #[diesel(sql_type = Text)]
    name: String,
}

/// The audit list without a filter walks the newest-first index and keeps the rows in the
/// caller's scope; on SQLite that index holds the columns a manager's scope tests (team,
/// auditor, practitioner), so each entry passed over is tested in the index instead of being
/// read from the table.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlites_newest_first_audit_index_holds_the_scope_columns() {
    let app = spawn_app(Backend::Sqlite).await;
    let columns: Vec<String> = app.with_db(|conn| {
        sql_query("SELECT name FROM pragma_index_info('audits_created_idx') ORDER BY seqno")
            .load::<IndexColumn>(conn)
            .expect("the index's columns")
            .into_iter()
            .map(|c| c.name)
            .collect()
    });
    assert_eq!(
        columns,
        [
            "created_at",
            "id",
            "team_id",
            "auditor_id",
            "practitioner_id"
        ],
        "the newest-first order first, then the columns a manager's scope tests"
    );
}
