//! The integration-test harness: `spawn_app` starts the real service on port 0 against a fresh
//! database (a temporary SQLite file, or a PostgreSQL database created for the test and dropped
//! after it) and returns a client with helpers.

pub mod cluster;

use std::path::PathBuf;

use diesel::prelude::*;
use diesel::sql_query;
use qa_api::config::{DatabaseUrl, Settings};
use qa_api::startup::Application;
use reqwest::{Method, RequestBuilder, Response};
use serde_json::Value;

pub mod workflow;

/// Which database a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A fresh temporary SQLite file.
    Sqlite,
    /// A fresh database on the PostgreSQL server named by `QA_TEST_POSTGRES_URL`.
    Postgres,
}

/// The PostgreSQL server tests create databases on, if any. Without an explicit `sslmode` the
/// tests connect in plain text: libpq's OpenSSL clean-up at process exit can race with pooled
/// connections still closing on server threads and abort the test process after it passed.
pub fn postgres_admin_url() -> Option<String> {
    let url = std::env::var("QA_TEST_POSTGRES_URL")
        .ok()
        .filter(|v| !v.is_empty())?;
    if url.contains("sslmode=") {
        Some(url)
    } else if url.contains('?') {
        Some(format!("{url}&sslmode=disable"))
    } else {
        Some(format!("{url}?sslmode=disable"))
    }
}

/// Whether a PostgreSQL test must be skipped; panics in CI, where nothing may skip.
pub fn skip_postgres() -> bool {
    if postgres_admin_url().is_some() {
        return false;
    }
    if std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false") {
        panic!("QA_TEST_POSTGRES_URL is not set in CI: the PostgreSQL suite must run");
    }
    eprintln!("SKIPPED (PostgreSQL): QA_TEST_POSTGRES_URL is not set; `make test` sets it");
    true
}

fn with_database(url: &str, database: &str) -> String {
    // Replace the path (database name) of a postgres:// URL, keeping any query string.
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[scheme_end..]
        .find('/')
        .map(|i| i + scheme_end)
        .unwrap_or(base.len());
    format!("{}/{}{}", &base[..host_end], database, query)
}

/// A database made for one test, removed when dropped.
pub struct TestDatabase {
    /// The URL the app uses.
    pub url: DatabaseUrl,
    cleanup: Cleanup,
}

enum Cleanup {
    // Held only for its Drop, which removes the folder.
    File(#[allow(dead_code)] tempfile_dir::TempDir),
    Postgres {
        admin_url: String,
        name: String,
    },
    /// A database the test manages itself (a throwaway cluster): left alone.
    Kept,
}

mod tempfile_dir {
    /// A temporary folder removed on drop.
    pub struct TempDir(pub std::path::PathBuf);
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl TestDatabase {
    /// Creates a fresh, empty database.
    pub fn create(backend: Backend) -> Self {
        let tag = uuid::Uuid::new_v4().simple().to_string();
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("qa-test-{tag}"));
                std::fs::create_dir_all(&dir).expect("temp dir");
                let path: PathBuf = dir.join("qa.db");
                Self {
                    url: DatabaseUrl::Sqlite(path),
                    cleanup: Cleanup::File(tempfile_dir::TempDir(dir)),
                }
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url().expect("QA_TEST_POSTGRES_URL");
                let name = format!("qa_test_{tag}");
                let mut admin = PgConnection::establish(&admin_url)
                    .unwrap_or_else(|e| panic!("cannot reach the test PostgreSQL server: {e}"));
                sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .expect("create test database");
                Self {
                    url: DatabaseUrl::Postgres(with_database(&admin_url, &name)),
                    cleanup: Cleanup::Postgres { admin_url, name },
                }
            }
        }
    }
}

impl TestDatabase {
    /// A database the test created and removes itself.
    pub fn existing(url: DatabaseUrl) -> Self {
        Self {
            url,
            cleanup: Cleanup::Kept,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup {
            if let Ok(mut admin) = PgConnection::establish(admin_url) {
                let _ = sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin);
            }
        }
    }
}

/// A running service and a client for it.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// The backend under test.
    pub backend: Backend,
    /// The shared state of the running app (its pool and token keys).
    pub state: actix_web::web::Data<qa_api::state::AppState>,
    /// A plain client (no cookie store: tests handle cookies explicitly).
    pub client: reqwest::Client,
    // Declared last so the server's connections close before the database is dropped.
    _database: TestDatabase,
}

/// Settings for a test app on a database.
pub fn test_settings(url: DatabaseUrl) -> Settings {
    Settings {
        database_url: url,
        bind: "127.0.0.1:0".parse().expect("address"),
        pool_size: 8,
        workers: 2,
        jwt_secret: Some("test-secret-test-secret-test-secret-0123456789".into()),
        log_level: std::env::var("QA_TEST_LOG").unwrap_or_else(|_| "warn".into()),
        // Tests sweep deadlines when they choose (the test clock), never behind their back.
        jobs_interval_secs: 0,
        test_clock: true,
        ..Settings::default()
    }
}

/// Starts the service on a fresh database of the given backend.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// Starts the service with adjusted settings.
pub async fn spawn_app_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_on(backend, TestDatabase::create(backend), adjust).await
}

/// Starts the service on a given database.
pub async fn spawn_app_on(
    backend: Backend,
    database: TestDatabase,
    adjust: impl FnOnce(&mut Settings),
) -> TestApp {
    let mut settings = test_settings(database.url.clone());
    adjust(&mut settings);
    qa_api::telemetry::init(&settings);
    let app = tokio::task::spawn_blocking(move || Application::build(settings))
        .await
        .expect("build task")
        .expect("the application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        backend,
        state,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
        _database: database,
    }
}

/// A response read whole.
#[derive(Debug)]
pub struct Answer {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body as JSON (`Value::Null` when empty or not JSON).
    pub body: Value,
    /// The body as text.
    pub text: String,
}

impl Answer {
    async fn read(response: Response) -> Self {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Self {
            status,
            headers,
            body,
            text,
        }
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    /// Asserts the status, printing the body when it differs.
    #[track_caller]
    pub fn expect(&self, status: u16) -> &Self {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.text
        );
        self
    }

    /// Asserts a problem+json answer with the status.
    #[track_caller]
    pub fn expect_problem(&self, status: u16) -> &Self {
        self.expect(status);
        assert_eq!(
            self.header("content-type").as_deref(),
            Some("application/problem+json"),
            "not a problem document: {}",
            self.text
        );
        assert_eq!(self.body["status"], status, "{}", self.text);
        assert!(self.body["type"].is_string() && self.body["title"].is_string());
        self
    }

    /// The fields named in a 422's `errors`.
    pub fn error_fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["field"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl TestApp {
    /// A request builder for a path.
    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let builder = self
            .client
            .request(method, format!("{}{}", self.address, path));
        match token {
            Some(t) => builder.bearer_auth(t),
            None => builder,
        }
    }

    /// Sends a request and reads the answer.
    pub async fn send(&self, builder: RequestBuilder) -> Answer {
        Answer::read(builder.send().await.expect("request sent")).await
    }

    /// `GET` with an optional token.
    pub async fn get(&self, path: &str, token: Option<&str>) -> Answer {
        self.send(self.request(Method::GET, path, token)).await
    }

    /// `POST` of a JSON body.
    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Answer {
        self.send(self.request(Method::POST, path, token).json(body))
            .await
    }

    /// `PUT` of a JSON body.
    pub async fn put(&self, path: &str, token: Option<&str>, body: &Value) -> Answer {
        self.send(self.request(Method::PUT, path, token).json(body))
            .await
    }

    /// `PATCH` of a JSON merge patch with an optional `If-Match`.
    pub async fn patch(
        &self,
        path: &str,
        token: Option<&str>,
        if_match: Option<&str>,
        body: &Value,
    ) -> Answer {
        let mut builder = self
            .request(Method::PATCH, path, token)
            .header("content-type", "application/merge-patch+json")
            .body(body.to_string());
        if let Some(tag) = if_match {
            builder = builder.header("if-match", tag);
        }
        self.send(builder).await
    }

    /// Runs database work against the app's own pool.
    pub fn with_db<T>(&self, work: impl FnOnce(&mut qa_api::db::DbConn) -> T) -> T {
        let mut conn = self.state.pool.get().expect("pooled connection");
        work(&mut conn)
    }
}

/// The password every test user gets.
pub const TEST_PASSWORD: &str = "a long test password nobody uses";

fn test_password_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| qa_api::auth::password::hash_password(TEST_PASSWORD).expect("hash"))
}

/// A user made directly in the database, with a ready access token.
#[derive(Debug, Clone)]
pub struct TestUser {
    /// The user's id.
    pub id: String,
    /// Their email.
    pub email: String,
    /// A valid access token.
    pub token: String,
}

impl TestApp {
    /// Creates an org unit directly; returns its id.
    pub fn create_unit(&self, name: &str, kind: &str, parent: Option<&str>) -> String {
        use qa_api::db::schema::org_units;
        let id = uuid::Uuid::now_v7().to_string();
        let now = qa_api::dates::now_utc();
        self.with_db(|conn| {
            diesel::insert_into(org_units::table)
                .values((
                    org_units::id.eq(&id),
                    org_units::name.eq(name),
                    org_units::kind.eq(kind),
                    org_units::parent_id.eq(parent),
                    org_units::version.eq(1),
                    org_units::created_at.eq(now),
                    org_units::updated_at.eq(now),
                ))
                .execute(conn)
                .expect("insert org unit");
        });
        id
    }

    /// Creates an active user directly and issues them a token.
    pub fn create_user(&self, name: &str, roles: &[&str], unit: Option<&str>) -> TestUser {
        use qa_api::db::schema::users;
        let id = uuid::Uuid::now_v7().to_string();
        let email = format!(
            "{}.{}@example.test",
            name.to_lowercase().replace(' ', "."),
            &id[id.len() - 6..]
        );
        let now = qa_api::dates::now_utc();
        self.with_db(|conn| {
            diesel::insert_into(users::table)
                .values((
                    users::id.eq(&id),
                    users::email.eq(&email),
                    users::display_name.eq(name),
                    users::roles.eq(roles.join(",")),
                    users::team_id.eq(unit),
                    users::active.eq(true),
                    users::password_hash.eq(test_password_hash()),
                    users::version.eq(1),
                    users::created_at.eq(now),
                    users::updated_at.eq(now),
                ))
                .execute(conn)
                .expect("insert user");
        });
        let token = self.state.tokens.issue(&id).expect("token");
        TestUser { id, email, token }
    }
}

impl TestApp {
    /// Drops a PostgreSQL test database at once, cutting the app's connections (readiness tests).
    pub fn drop_database_now(&self) {
        if let Cleanup::Postgres { admin_url, name } = &self._database.cleanup {
            let mut admin = PgConnection::establish(admin_url).expect("admin connection");
            sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut admin)
                .expect("drop database");
        }
    }
}

/// The signing secret of test apps (for forging tokens in tests).
pub const TEST_JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123456789";

/// A small council for scope tests: directorate → two services → three teams, four cases in
/// different relations to a practitioner in team one.
#[derive(Debug, Clone)]
pub struct Council {
    /// The directorate.
    pub directorate: String,
    /// Service one.
    pub service_one: String,
    /// Service two.
    pub service_two: String,
    /// Team one (service one).
    pub team_one: String,
    /// Team two (service one).
    pub team_two: String,
    /// Team three (service two).
    pub team_three: String,
    /// The practitioner in team one.
    pub practitioner: TestUser,
    /// Another worker in team one.
    pub colleague: TestUser,
    /// Team one's manager.
    pub team_manager: TestUser,
    /// Service one's head.
    pub head_of_service: TestUser,
    /// A case of team one allocated to the practitioner.
    pub case_own: String,
    /// A case of team one allocated to the colleague.
    pub case_same_team: String,
    /// A case of team two (same service).
    pub case_same_service: String,
    /// A case of team three (other service).
    pub case_other_service: String,
}

impl TestApp {
    /// Creates a case directly.
    pub fn create_case(&self, team: &str, worker: Option<&str>, manager: Option<&str>) -> String {
        use qa_api::db::schema::cases;
        let id = uuid::Uuid::now_v7().to_string();
        let now = qa_api::dates::now_utc();
        self.with_db(|conn| {
            diesel::insert_into(cases::table)
                .values((
                    cases::id.eq(&id),
                    cases::external_ref.eq(format!("CMS-{}", &id[id.len() - 8..])),
                    cases::display_name.eq("A.B."),
                    cases::category.eq("child_in_need"),
                    cases::team_id.eq(team),
                    cases::allocated_worker_id.eq(worker),
                    cases::case_manager_id.eq(manager),
                    cases::status.eq("open"),
                    cases::retention_class.eq("standard"),
                    cases::legal_hold.eq(false),
                    cases::version.eq(1),
                    cases::created_at.eq(now),
                    cases::updated_at.eq(now),
                ))
                .execute(conn)
                .expect("insert case");
        });
        id
    }

    /// Builds the scope-test council.
    pub fn council(&self) -> Council {
        let directorate = self.create_unit("Children's Services", "directorate", None);
        let service_one = self.create_unit("Safeguarding", "service", Some(&directorate));
        let service_two = self.create_unit("Children in Care", "service", Some(&directorate));
        let team_one = self.create_unit("Safeguarding North", "team", Some(&service_one));
        let team_two = self.create_unit("Safeguarding South", "team", Some(&service_one));
        let team_three = self.create_unit("Care East", "team", Some(&service_two));
        let practitioner = self.create_user("Pat Worker", &["practitioner"], Some(&team_one));
        let colleague = self.create_user("Col League", &["practitioner"], Some(&team_one));
        let team_manager = self.create_user("Tess Manager", &["team_manager"], Some(&team_one));
        let head_of_service =
            self.create_user("Hugh Head", &["head_of_service"], Some(&service_one));
        let manager_id = team_manager.id.clone();
        let case_own = self.create_case(&team_one, Some(&practitioner.id), Some(&manager_id));
        let case_same_team = self.create_case(&team_one, Some(&colleague.id), Some(&manager_id));
        let case_same_service = self.create_case(&team_two, None, None);
        let case_other_service = self.create_case(&team_three, None, None);
        Council {
            directorate,
            service_one,
            service_two,
            team_one,
            team_two,
            team_three,
            practitioner,
            colleague,
            team_manager,
            head_of_service,
            case_own,
            case_same_team,
            case_same_service,
            case_other_service,
        }
    }

    /// A user of the given role placed where that role normally sits in the council.
    pub fn user_for_role(&self, council: &Council, role: &str) -> TestUser {
        match role {
            "practitioner" => council.practitioner.clone(),
            "team_manager" => council.team_manager.clone(),
            "head_of_service" => council.head_of_service.clone(),
            other => self.create_user(
                &format!("Some {other}"),
                &[other],
                Some(&council.directorate),
            ),
        }
    }
}
