//! `qa-bench`: the draft-to-submit workload of `make bench`. Concurrent workers each start an
//! audit, judge the ten standards, fill in the overall grade and views, and submit; it reports
//! throughput, latency percentiles and errors as JSON on standard output. It also measures what
//! one full audit costs in requests and database statements (from the server's
//! `qa_db_statements_total` metric, on an otherwise idle server).
//!
//! Usage: qa-bench <base-url> <access-token> <case-id,case-id,...> <connections> <seconds>

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

struct Flow {
    client: reqwest::Client,
    base: String,
    token: String,
}

impl Flow {
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
        merge_patch: Option<&str>,
    ) -> Result<(u16, Value, Option<String>, Duration), String> {
        let started = Instant::now();
        let mut request = self
            .client
            .request(method, format!("{}{}", self.base, path))
            .bearer_auth(&self.token);
        if let Some(tag) = merge_patch {
            request = request
                .header("content-type", "application/merge-patch+json")
                .header("if-match", tag)
                .body(body.unwrap_or(Value::Null).to_string());
        } else if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let etag = response
            .headers()
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = response.json::<Value>().await.unwrap_or(Value::Null);
        Ok((status, body, etag, started.elapsed()))
    }

    /// One audit from draft to submitted; returns each request's latency, or the first failure.
    async fn audit(&self, case_id: &str, grade: &str) -> Result<Vec<Duration>, String> {
        let mut latencies = Vec::with_capacity(13);
        let (status, body, _, t) = self
            .call(
                reqwest::Method::POST,
                "/api/v1/audits",
                Some(json!({"kind": "case_file", "case_id": case_id})),
                None,
            )
            .await?;
        latencies.push(t);
        if status != 201 {
            return Err(format!("create answered {status}: {body}"));
        }
        let id = body["id"].as_str().unwrap_or_default().to_string();
        let mut etag = None;
        for n in 1..=10 {
            let (status, body, tag, t) = self
                .call(
                    reqwest::Method::PUT,
                    &format!("/api/v1/audits/{id}/judgements/{n}"),
                    Some(json!({"grade": grade, "evidence": "Seen on the case file", "strengths": "Timely visits"})),
                    None,
                )
                .await?;
            latencies.push(t);
            if status != 200 {
                return Err(format!("judgement answered {status}: {body}"));
            }
            etag = tag;
        }
        let tag = etag.unwrap_or_else(|| "*".into());
        let (status, body, _, t) = self
            .call(
                reqwest::Method::PATCH,
                &format!("/api/v1/audits/{id}"),
                Some(json!({"overall_grade": grade, "summary": "Benchmark audit", "child_views": "Happy at school", "family_views": "Feels supported"})),
                Some(&tag),
            )
            .await?;
        latencies.push(t);
        if status != 200 {
            return Err(format!("patch answered {status}: {body}"));
        }
        let (status, body, _, t) = self
            .call(
                reqwest::Method::POST,
                &format!("/api/v1/audits/{id}/submit"),
                Some(json!({})),
                None,
            )
            .await?;
        latencies.push(t);
        if status != 200 {
            return Err(format!("submit answered {status}: {body}"));
        }
        Ok(latencies)
    }
}

async fn statements(client: &reqwest::Client, base: &str) -> u64 {
    let text = client.get(format!("{base}/metrics")).send().await.ok();
    let text = match text {
        Some(r) => r.text().await.unwrap_or_default(),
        None => String::new(),
    };
    text.lines()
        .find(|l| l.starts_with("qa_db_statements_total "))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .map(|v| v as u64)
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 6 {
        eprintln!(
            "usage: qa-bench <base-url> <token> <case-ids comma separated> <connections> <seconds>"
        );
        std::process::exit(2);
    }
    let base = args[1].trim_end_matches('/').to_string();
    let cases: Vec<String> = args[3].split(',').map(str::to_string).collect();
    let connections: usize = args[4].parse().expect("connections");
    let seconds: u64 = args[5].parse().expect("seconds");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(connections)
        .build()
        .expect("client");
    let flow = Arc::new(Flow {
        client: client.clone(),
        base: base.clone(),
        token: args[2].clone(),
    });

    // Cost of one audit, measured alone.
    let before = statements(&client, &base).await;
    let single = flow.audit(&cases[0], "inadequate").await;
    let after = statements(&client, &base).await;
    // The two metric scrapes themselves run no statement.
    let statements_per_audit = after.saturating_sub(before);
    let requests_per_audit = single.as_ref().map(|l| l.len()).unwrap_or(0);

    let latencies = Arc::new(Mutex::new(Vec::<Duration>::new()));
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let flows_done = Arc::new(Mutex::new(0usize));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut workers = Vec::new();
    for worker in 0..connections {
        let (flow, latencies, errors, flows_done, stop, cases) = (
            flow.clone(),
            latencies.clone(),
            errors.clone(),
            flows_done.clone(),
            stop.clone(),
            cases.clone(),
        );
        workers.push(tokio::spawn(async move {
            let mut n = worker;
            while !stop.load(Ordering::Relaxed) {
                let case = &cases[n % cases.len()];
                n += connections;
                match flow
                    .audit(case, if n % 7 == 0 { "inadequate" } else { "good" })
                    .await
                {
                    Ok(l) => {
                        latencies.lock().unwrap().extend(l);
                        *flows_done.lock().unwrap() += 1;
                    }
                    Err(e) => errors.lock().unwrap().push(e),
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        let _ = w.await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut all = latencies.lock().unwrap().clone();
    all.sort();
    let errors = errors.lock().unwrap().clone();
    let flows = *flows_done.lock().unwrap();
    let result = json!({
        "requests": all.len(),
        "audits_submitted": flows,
        "seconds": elapsed,
        "requests_per_second": all.len() as f64 / elapsed,
        "audits_per_second": flows as f64 / elapsed,
        "p50_ms": percentile(&all, 0.50),
        "p99_ms": percentile(&all, 0.99),
        "errors": errors.len(),
        "first_error": errors.first(),
        "requests_per_audit": requests_per_audit,
        "statements_per_audit": statements_per_audit,
        "single_audit_error": single.err(),
    });
    println!("{result}");
}
