//! Webhooks (issue 18): a service account's subscriptions, delivered to real HTTP receivers
//! this test starts on loopback, signed the Standard Webhooks way and verified here with the
//! secret; retried with backoff, failed after the last retry and replayable; one receiver that
//! hangs never delays another.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use qa_api::events::{emit_parts, EventType};
use qa_test_macros::both_backends;
use qa_tests::{spawn_app, spawn_app_with, Backend, TestApp};
use serde_json::{json, Value};
use sha2::Sha256;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::service_accounts::service_token;

/// What a receiver does with each request.
#[derive(Clone)]
enum Mode {
    /// Answers 204.
    Good,
    /// Answers 500 to the first n requests, then 200.
    FailFirst(usize),
    /// Never answers.
    Hang,
    /// Answers 500 while the flag is set, 200 after.
    FailWhile(Arc<AtomicBool>),
}

/// One request a receiver got.
#[derive(Debug, Clone)]
struct Received {
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

/// A receiver listening on 127.0.0.1.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    fn count(&self) -> usize {
        self.got.lock().unwrap().len()
    }

    fn requests(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}

/// Reads one HTTP/1.1 request (headers, then `content-length` bytes of body).
async fn read_request(stream: &mut tokio::net::TcpStream) -> Option<Received> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).to_string();
    let headers: HashMap<String, String> = head
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[header_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Received { headers, body })
}

async fn receiver(mode: Mode) -> Receiver {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    let got: Arc<Mutex<Vec<Received>>> = Arc::default();
    let seen = Arc::new(AtomicUsize::new(0));
    let record = got.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let (mode, record, seen) = (mode.clone(), record.clone(), seen.clone());
            tokio::spawn(async move {
                let Some(request) = read_request(&mut stream).await else {
                    return;
                };
                let n = seen.fetch_add(1, Ordering::SeqCst);
                record.lock().unwrap().push(request);
                let status = match mode {
                    Mode::Good => "204 No Content",
                    Mode::FailFirst(k) if n < k => "500 Internal Server Error",
                    Mode::FailFirst(_) => "200 OK",
                    Mode::FailWhile(flag) if flag.load(Ordering::SeqCst) => {
                        "500 Internal Server Error"
                    }
                    Mode::FailWhile(_) => "200 OK",
                    Mode::Hang => {
                        tokio::time::sleep(Duration::from_secs(3600)).await;
                        return;
                    }
                };
                let answer =
                    format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
                let _ = stream.write_all(answer.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    Receiver { url, got }
}

/// A service allowing `http://` receivers, looking for due deliveries every 50 ms, with the
/// retry schedule (about 27 hours) shrunk to under two seconds.
async fn webhook_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |s| {
        s.webhook_allow_http = true;
        s.webhook_poll_ms = 50;
        s.webhook_timeout_secs = 10;
        s.webhook_backoff_scale = 0.000_02;
    })
    .await
}

async fn token(app: &TestApp, scopes: &[&str]) -> String {
    let admin = app.create_user("Ada Admin", &["admin"], None);
    service_token(app, &admin, scopes).await
}

/// Subscribes; answers the 201 body (with the secret).
async fn subscribe(app: &TestApp, token: &str, url: &str, types: &[&str]) -> Value {
    let answer = app
        .post(
            "/api/v1/webhooks",
            Some(token),
            &json!({"url": url, "types": types}),
        )
        .await;
    answer.expect(201);
    answer.body.clone()
}

/// Writes an event as a change would; answers its record id.
fn emit(app: &TestApp, event_type: EventType) -> String {
    let record = uuid::Uuid::now_v7().to_string();
    let id = record.clone();
    app.with_db(move |conn| {
        emit_parts(conn, event_type, "audit", id, None, None).expect("event written");
    });
    record
}

async fn wait_for(what: &str, within: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < within, "waited {within:?} for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn deliveries(app: &TestApp, token: &str, subscription: &str, query: &str) -> Vec<Value> {
    let answer = app
        .get(
            &format!("/api/v1/webhooks/{subscription}/deliveries{query}"),
            Some(token),
        )
        .await;
    answer.expect(200);
    answer.body["items"].as_array().unwrap().clone()
}

/// Waits until the subscription's only delivery has the status; answers it.
async fn wait_for_status(
    app: &TestApp,
    token: &str,
    subscription: &str,
    status: &str,
    within: Duration,
) -> Value {
    let start = Instant::now();
    loop {
        let items = deliveries(app, token, subscription, "").await;
        if items.len() == 1 && items[0]["status"] == status {
            return items[0].clone();
        }
        assert!(
            start.elapsed() < within,
            "waited {within:?} for a {status} delivery: {items:?}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The receiver's side of Standard Webhooks, written from the specification: the signed content
/// is `{webhook-id}.{webhook-timestamp}.{body}`, the key the base64 after `whsec_`.
fn verify(secret: &str, request: &Received) -> bool {
    let key = base64::engine::general_purpose::STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(request.headers["webhook-id"].as_bytes());
    mac.update(b".");
    mac.update(request.headers["webhook-timestamp"].as_bytes());
    mac.update(b".");
    mac.update(&request.body);
    let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    request.headers["webhook-signature"]
        .split(' ')
        .any(|s| s == format!("v1,{expected}"))
}

/// The same check with the Python the integrators' page gives, run as written there.
fn verify_with_the_documented_python(secret: &str, request: &Received) -> bool {
    use std::io::Write;
    let page = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/integrators.md"
    ))
    .expect("docs/integrators.md");
    let code = page
        .split("**Verifying a delivery**")
        .nth(1)
        .and_then(|rest| rest.split("```python").nth(1))
        .and_then(|rest| rest.split("```").next())
        .expect("the page's verification snippet");
    let script = format!(
        "{code}\nimport json, sys\nheaders = json.loads(sys.argv[1])\n\
         sys.exit(0 if verify(sys.argv[2], headers, sys.stdin.buffer.read()) else 1)\n"
    );
    let headers = serde_json::to_string(&request.headers).unwrap();
    let mut child = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(headers)
        .arg(secret)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs the documented verification");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&request.body)
        .unwrap();
    child.wait().unwrap().success()
}

#[both_backends]
async fn a_subscriber_receives_its_events_signed_with_its_secret(backend: Backend) {
    let app = webhook_app(backend).await;
    let token = token(&app, &["webhooks:manage"]).await;
    let good = receiver(Mode::Good).await;
    let created = subscribe(&app, &token, &good.url, &["audit.submitted"]).await;
    let secret = created["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_"), "{secret}");
    let subscription = created["id"].as_str().unwrap().to_string();
    // Another type than subscribed is not sent; the subscribed one is.
    emit(&app, EventType::EscalationRaised);
    let record = emit(&app, EventType::AuditSubmitted);
    wait_for("the delivery", Duration::from_secs(10), || {
        good.count() == 1
    })
    .await;
    let request = good.requests().remove(0);
    assert!(verify(&secret, &request), "the signature does not verify");
    let mut tampered = request.clone();
    tampered.body.push(b' ');
    assert!(!verify(&secret, &tampered), "a changed body still verifies");
    assert!(!verify(&qa_api::webhooks::generate_secret(), &request));
    assert!(verify_with_the_documented_python(&secret, &request));
    assert!(!verify_with_the_documented_python(&secret, &tampered));
    let event: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(event["type"], "audit.submitted");
    assert_eq!(event["record_id"], record.as_str());
    assert_eq!(request.headers["webhook-id"], event["id"].as_str().unwrap());
    assert_eq!(request.headers["content-type"], "application/json");
    let sent_at: i64 = request.headers["webhook-timestamp"].parse().unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!((now - sent_at).abs() < 60, "timestamp {sent_at}, now {now}");
    let delivery = wait_for_status(
        &app,
        &token,
        &subscription,
        "delivered",
        Duration::from_secs(5),
    )
    .await;
    assert_eq!(delivery["attempts"], 1);
    assert_eq!(delivery["last_status_code"], 204);
    assert_eq!(delivery["event_id"], event["id"]);
    assert_eq!(delivery["event_seq"], event["seq"]);
    assert!(delivery["next_attempt_at"].is_null());
    // The secret is shown once: never in a read or a list.
    let read = app
        .get(&format!("/api/v1/webhooks/{subscription}"), Some(&token))
        .await;
    read.expect(200);
    assert!(read.body.get("secret").is_none());
    assert_eq!(read.body["types"], json!(["audit.submitted"]));
    let list = app.get("/api/v1/webhooks", Some(&token)).await;
    assert!(!list.text.contains(&secret));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(good.count(), 1, "the escalation was sent too");
}

#[both_backends]
async fn a_receiver_that_fails_twice_gets_the_event_on_the_third_attempt(backend: Backend) {
    let app = webhook_app(backend).await;
    let token = token(&app, &["webhooks:manage"]).await;
    let flaky = receiver(Mode::FailFirst(2)).await;
    let created = subscribe(&app, &token, &flaky.url, &["action.overdue"]).await;
    let subscription = created["id"].as_str().unwrap();
    emit(&app, EventType::ActionOverdue);
    let delivery = wait_for_status(
        &app,
        &token,
        subscription,
        "delivered",
        Duration::from_secs(10),
    )
    .await;
    assert_eq!(delivery["attempts"], 3);
    assert_eq!(delivery["last_status_code"], 200);
    let requests = flaky.requests();
    assert_eq!(requests.len(), 3);
    // The same message each time (the receiver deduplicates by webhook-id), each signed.
    let secret = created["secret"].as_str().unwrap();
    for request in &requests {
        assert_eq!(
            request.headers["webhook-id"],
            requests[0].headers["webhook-id"]
        );
        assert_eq!(request.body, requests[0].body);
        assert!(verify(secret, request));
    }
}

#[both_backends]
async fn a_receiver_that_hangs_does_not_delay_another(backend: Backend) {
    let app = webhook_app(backend).await;
    let token = token(&app, &["webhooks:manage"]).await;
    let hanging = receiver(Mode::Hang).await;
    let good = receiver(Mode::Good).await;
    // The hanging receiver subscribes first, and is owed more events than it may hold at once.
    let stuck = subscribe(&app, &token, &hanging.url, &["audit.submitted"]).await;
    subscribe(&app, &token, &good.url, &["audit.submitted"]).await;
    const EVENTS: usize = 8;
    let started = Instant::now();
    for _ in 0..EVENTS {
        emit(&app, EventType::AuditSubmitted);
    }
    // Every event reaches the good receiver long before the hanging one's 10 s timeout.
    wait_for("the good receiver", Duration::from_secs(5), || {
        good.count() == EVENTS
    })
    .await;
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(hanging.count() >= 1, "the hanging receiver was never tried");
    assert!(
        hanging.count() <= qa_api::webhooks::worker::PER_SUBSCRIPTION,
        "{} requests in flight to one receiver",
        hanging.count()
    );
    // The API answers meanwhile.
    let begun = Instant::now();
    app.get("/api/v1/webhooks", Some(&token)).await.expect(200);
    assert!(begun.elapsed() < Duration::from_secs(2));
    // A delivery being tried cannot be replayed.
    let subscription = stuck["id"].as_str().unwrap();
    let pending = deliveries(&app, &token, subscription, "?status=pending").await;
    assert_eq!(pending.len(), EVENTS);
    app.post(
        &format!(
            "/api/v1/webhooks/{subscription}/deliveries/{}/replay",
            pending[0]["id"].as_str().unwrap()
        ),
        Some(&token),
        &json!({}),
    )
    .await
    .expect_problem(409);
}

#[both_backends]
async fn after_the_last_retry_a_delivery_is_failed_and_a_replay_delivers_it(backend: Backend) {
    let app = webhook_app(backend).await;
    let token = token(&app, &["webhooks:manage"]).await;
    let failing = Arc::new(AtomicBool::new(true));
    let down = receiver(Mode::FailWhile(failing.clone())).await;
    let created = subscribe(&app, &token, &down.url, &["escalation.resolved"]).await;
    let subscription = created["id"].as_str().unwrap();
    emit(&app, EventType::EscalationResolved);
    let failed = wait_for_status(
        &app,
        &token,
        subscription,
        "failed",
        Duration::from_secs(20),
    )
    .await;
    assert_eq!(failed["attempts"], qa_api::webhooks::MAX_ATTEMPTS);
    assert_eq!(failed["last_status_code"], 500);
    assert!(failed["last_error"].as_str().unwrap().contains("500"));
    assert_eq!(down.count(), qa_api::webhooks::MAX_ATTEMPTS as usize);
    let listed = deliveries(&app, &token, subscription, "?status=failed").await;
    assert_eq!(listed.len(), 1);
    assert!(deliveries(&app, &token, subscription, "?status=delivered")
        .await
        .is_empty());
    let replay = format!(
        "/api/v1/webhooks/{subscription}/deliveries/{}/replay",
        failed["id"].as_str().unwrap()
    );
    // Two replays at once: one wins, the other finds it pending (still failing, it stays
    // pending for its retries).
    let empty = json!({});
    let (first, second) = tokio::join!(
        app.post(&replay, Some(&token), &empty),
        app.post(&replay, Some(&token), &empty)
    );
    let mut statuses = vec![first.status, second.status];
    statuses.sort();
    assert_eq!(statuses, vec![200, 409], "{} / {}", first.text, second.text);
    wait_for_status(
        &app,
        &token,
        subscription,
        "failed",
        Duration::from_secs(20),
    )
    .await;
    // The receiver is fixed: a replay delivers it.
    failing.store(false, Ordering::SeqCst);
    let answer = app.post(&replay, Some(&token), &json!({})).await;
    answer.expect(200);
    assert_eq!(answer.body["status"], "pending");
    assert_eq!(answer.body["attempts"], 0);
    let delivered = wait_for_status(
        &app,
        &token,
        subscription,
        "delivered",
        Duration::from_secs(10),
    )
    .await;
    assert_eq!(delivered["attempts"], 1);
    assert!(delivered["delivered_at"].is_string());
    let last = down.requests().pop().unwrap();
    assert!(verify(created["secret"].as_str().unwrap(), &last));
}

#[both_backends]
async fn webhooks_need_the_scope_and_another_accounts_subscription_is_404(backend: Backend) {
    let app = webhook_app(backend).await;
    let admin = app.create_user("Ada Admin", &["admin"], None);
    let mine = service_token(&app, &admin, &["webhooks:manage"]).await;
    let theirs = service_token(&app, &admin, &["webhooks:manage", "events:read"]).await;
    let reader = service_token(&app, &admin, &["events:read"]).await;
    let good = receiver(Mode::Good).await;
    let created = subscribe(&app, &mine, &good.url, &["audit.submitted"]).await;
    let id = created["id"].as_str().unwrap();
    // A second subscription of the same account.
    subscribe(&app, &mine, &good.url, &["escalation.raised"]).await;
    // Without the scope, or as a person: 403; without a token: 401.
    for token in [&reader, &admin.token] {
        app.get("/api/v1/webhooks", Some(token))
            .await
            .expect_problem(403);
        app.post(
            "/api/v1/webhooks",
            Some(token),
            &json!({"url": good.url, "types": ["audit.submitted"]}),
        )
        .await
        .expect_problem(403);
    }
    app.get("/api/v1/webhooks", None).await.expect_problem(401);
    // Another account sees nothing of it.
    let listed = app.get("/api/v1/webhooks", Some(&theirs)).await;
    listed.expect(200);
    assert_eq!(listed.body["items"], json!([]));
    let delivery = uuid::Uuid::now_v7();
    for path in [
        format!("/api/v1/webhooks/{id}"),
        format!("/api/v1/webhooks/{id}/deliveries"),
    ] {
        app.get(&path, Some(&theirs)).await.expect_problem(404);
    }
    app.post(
        &format!("/api/v1/webhooks/{id}/deliveries/{delivery}/replay"),
        Some(&theirs),
        &json!({}),
    )
    .await
    .expect_problem(404);
    app.send(app.request(
        reqwest::Method::DELETE,
        &format!("/api/v1/webhooks/{id}"),
        Some(&theirs),
    ))
    .await
    .expect_problem(404);
    // Its owner lists both of its own, reads and deletes one.
    let own = app.get("/api/v1/webhooks", Some(&mine)).await;
    assert_eq!(own.body["items"].as_array().unwrap().len(), 2);
    app.get(&format!("/api/v1/webhooks/{id}"), Some(&mine))
        .await
        .expect(200);
    app.send(app.request(
        reqwest::Method::DELETE,
        &format!("/api/v1/webhooks/{id}"),
        Some(&mine),
    ))
    .await
    .expect(204);
    app.get(&format!("/api/v1/webhooks/{id}"), Some(&mine))
        .await
        .expect_problem(404);
}

#[both_backends]
async fn a_subscription_needs_an_https_url_and_known_event_types(backend: Backend) {
    // The default: https:// only.
    let app = spawn_app(backend).await;
    let token = token(&app, &["webhooks:manage"]).await;
    let refused = app
        .post(
            "/api/v1/webhooks",
            Some(&token),
            &json!({"url": "http://127.0.0.1:9/hooks", "types": ["audit.submitted", "audit.deleted"]}),
        )
        .await;
    refused.expect_problem(422);
    let mut fields = refused.error_fields();
    fields.sort();
    assert_eq!(fields, vec!["types.1", "url"], "{}", refused.text);
    for (body, field) in [
        (
            json!({"url": "not a url", "types": ["audit.submitted"]}),
            "url",
        ),
        (
            json!({"url": "ftp://cms.council.test/", "types": ["audit.submitted"]}),
            "url",
        ),
        (
            json!({"url": "https://user:pw@cms.council.test/", "types": ["audit.submitted"]}),
            "url",
        ),
        (
            json!({"url": "https://cms.council.test/hooks", "types": []}),
            "types",
        ),
        (json!({"types": ["audit.submitted"]}), "url"),
        (
            json!({"url": "https://cms.council.test/hooks", "types": [7]}),
            "types.0",
        ),
    ] {
        let answer = app.post("/api/v1/webhooks", Some(&token), &body).await;
        answer.expect_problem(422);
        assert_eq!(
            answer.error_fields(),
            vec![field],
            "{body}: {}",
            answer.text
        );
    }
    let listed = app.get("/api/v1/webhooks", Some(&token)).await;
    assert_eq!(
        listed.body["items"],
        json!([]),
        "a refused subscription was written"
    );
    let ok = subscribe(
        &app,
        &token,
        "https://cms.council.test/hooks",
        &["audit.submitted", "escalation.raised"],
    )
    .await;
    assert_eq!(ok["url"], "https://cms.council.test/hooks");
    assert_eq!(ok["version"], 1);
}

/// Workers on several instances read the same due delivery at once; the conditional claim
/// lets exactly one of them send it, and the others skip it until its lease runs out.
#[both_backends]
async fn two_workers_never_claim_the_same_delivery(backend: Backend) {
    // The app's own worker is off: the test's threads are the workers.
    let app = spawn_app_with(backend, |s| {
        s.webhook_allow_http = true;
        s.webhook_poll_ms = 0;
    })
    .await;
    let token = token(&app, &["webhooks:manage"]).await;
    let good = receiver(Mode::Good).await;
    subscribe(&app, &token, &good.url, &["audit.submitted"]).await;
    const EVENTS: usize = 5;
    for _ in 0..EVENTS {
        emit(&app, EventType::AuditSubmitted);
    }
    let pool = app.state.pool.clone();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let pool = pool.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().expect("connection");
                qa_api::webhooks::worker::claim_due(
                    &mut conn,
                    16,
                    time::Duration::seconds(60),
                    &HashMap::new(),
                )
                .expect("claim")
                .into_iter()
                .map(|c| c.id.to_string())
                .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut claimed: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    let total = claimed.len();
    claimed.sort();
    claimed.dedup();
    assert_eq!(total, claimed.len(), "a delivery was claimed twice");
    // At most PER_SUBSCRIPTION per worker: together they took every one, each once.
    assert_eq!(claimed.len(), EVENTS);
    // Held by the lease: nobody claims them again now.
    let again = app.with_db(|conn| {
        qa_api::webhooks::worker::claim_due(conn, 16, time::Duration::seconds(60), &HashMap::new())
            .expect("claim")
    });
    assert!(again.is_empty(), "{again:?}");
}
