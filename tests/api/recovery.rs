//! Recovery from a database crash: the API keeps answering while PostgreSQL restarts (2xx, or
//! 503 `/problems/unavailable` with `Retry-After`, never a 500), drops the dead connections
//! and is ready again, sign-in included, within 10 s of the database coming back. Runs on its
//! own throwaway cluster, since restarting the shared server would break the other tests.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use qa_api::config::DatabaseUrl;
use qa_tests::cluster::{skip_cluster, Cluster};
use qa_tests::{spawn_app_on, Backend, TestApp, TestDatabase, TEST_PASSWORD};
use reqwest::Method;
use serde_json::json;

/// One answer seen under load.
#[derive(Debug, Clone)]
struct Seen {
    what: &'static str,
    status: u16,
    retry_after: bool,
    problem_type: String,
}

impl Seen {
    fn acceptable(&self) -> bool {
        (200..300).contains(&self.status)
            || (self.status == 503
                && self.retry_after
                && self.problem_type == "/problems/unavailable")
    }
}

async fn one(what: &'static str, builder: reqwest::RequestBuilder) -> Seen {
    match builder.timeout(Duration::from_secs(30)).send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            let retry_after = response.headers().contains_key("retry-after");
            let body: serde_json::Value = response.json().await.unwrap_or_default();
            Seen {
                what,
                status,
                retry_after,
                problem_type: body["type"].as_str().unwrap_or_default().to_string(),
            }
        }
        Err(error) => Seen {
            what,
            status: 0,
            retry_after: false,
            problem_type: format!("transport error: {error}"),
        },
    }
}

async fn ready_and_signing_in(app: &TestApp, email: &str) -> bool {
    let ready = app.get("/health/ready", None).await.status == 200;
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": email, "password": TEST_PASSWORD}),
        )
        .await;
    ready && login.status == 200
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_api_recovers_within_ten_seconds_of_a_database_crash_restart() {
    if skip_cluster() {
        return;
    }
    let cluster = Arc::new(
        tokio::task::spawn_blocking(Cluster::start)
            .await
            .expect("cluster task"),
    );
    let database = TestDatabase::existing(DatabaseUrl::Postgres(cluster.url()));
    let app = Arc::new(spawn_app_on(Backend::Postgres, database, |_| {}).await);
    let council = app.council();
    let manager = council.team_manager.clone();
    assert!(ready_and_signing_in(&app, &manager.email).await);

    let stop = Arc::new(AtomicBool::new(false));
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let mut load = Vec::new();
    // Eight clients, as many as the pool has connections: probes, sign-ins, reads of case
    // records (each also writes the access log) and audit drafts (writes).
    for client in 0..8 {
        let (app, stop, seen, manager) = (app.clone(), stop.clone(), seen.clone(), manager.clone());
        let case = council.case_own.clone();
        load.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let answer = match client % 4 {
                    0 => one("ready", app.request(Method::GET, "/health/ready", None)).await,
                    1 => {
                        let body = json!({"email": manager.email, "password": TEST_PASSWORD});
                        let request = app.request(Method::POST, "/api/v1/auth/login", None);
                        one("login", request.json(&body)).await
                    }
                    2 => {
                        let request =
                            app.request(Method::GET, "/api/v1/cases?limit=5", Some(&manager.token));
                        one("read", request).await
                    }
                    _ => {
                        let body = json!({"kind": "case_file", "case_id": case});
                        let request =
                            app.request(Method::POST, "/api/v1/audits", Some(&manager.token));
                        one("write", request.json(&body)).await
                    }
                };
                seen.lock().expect("lock").push(answer);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(1)).await;

    let restarting = cluster.clone();
    let crash_started = Instant::now();
    tokio::task::spawn_blocking(move || restarting.restart_immediate())
        .await
        .expect("restart task");
    let back = Instant::now();
    let mut recovered = None;
    while back.elapsed() < Duration::from_secs(30) {
        if ready_and_signing_in(&app, &manager.email).await {
            recovered = Some(back.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Keep the load on a little longer: answers after recovery count too.
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop.store(true, Ordering::Relaxed);
    for task in load {
        task.await.expect("load task");
    }

    let seen = seen.lock().expect("lock").clone();
    let unavailable = seen.iter().filter(|s| s.status == 503).count();
    let bad: Vec<&Seen> = seen.iter().filter(|s| !s.acceptable()).collect();
    eprintln!(
        "database restart took {:.2} s; ready and signing in {:.2} s after it was back; \
         {} requests, {} answered 503, {} unacceptable",
        (back - crash_started).as_secs_f64(),
        recovered.map(|d| d.as_secs_f64()).unwrap_or(f64::NAN),
        seen.len(),
        unavailable,
        bad.len()
    );
    assert!(
        bad.is_empty(),
        "answers other than 2xx or 503 with Retry-After: {bad:?}"
    );
    let recovered = recovered.expect("the API never became ready again");
    assert!(
        recovered < Duration::from_secs(10),
        "ready only after {recovered:?}"
    );
    for what in ["ready", "login", "read", "write"] {
        assert!(
            seen.iter().any(|s| s.what == what && s.status < 300),
            "no {what} succeeded"
        );
    }
}
