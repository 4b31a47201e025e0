//! Prometheus metrics: request counts and latency by route and status, and pool usage. Labels
//! are route templates, never concrete paths, so no identifier or personal data reaches them.

use actix_web::{get, http::header, HttpResponse};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};

use crate::state::State;

/// The service's instruments.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool_size: IntGauge,
    pool_idle: IntGauge,
    statements: IntGauge,
    background_statements: IntGauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Registers the instruments.
    pub fn new() -> Self {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "qa_http_requests_total",
                "HTTP requests by route template, method and status",
            ),
            &["method", "route", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new("qa_http_request_duration_seconds", "HTTP request latency").buckets(
                vec![
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                ],
            ),
            &["method", "route"],
        )
        .expect("valid metric");
        let pool_size = IntGauge::new("qa_db_pool_connections", "Open database connections")
            .expect("valid metric");
        let pool_idle = IntGauge::new("qa_db_pool_idle_connections", "Idle database connections")
            .expect("valid metric");
        let statements = IntGauge::new(
            "qa_db_statements_total",
            "Statements sent to the database since the process started for requests",
        )
        .expect("valid metric");
        let background_statements = IntGauge::new(
            "qa_db_background_statements_total",
            "Statements background work (the access-log indexer, the scheduler's sweeps, the mail \
             sender) has sent since the process started (not counted in qa_db_statements_total)",
        )
        .expect("valid metric");
        for collector in [
            Box::new(statements.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(background_statements.clone()),
            Box::new(requests.clone()),
            Box::new(latency.clone()),
            Box::new(pool_size.clone()),
            Box::new(pool_idle.clone()),
        ] {
            registry.register(collector).expect("unique metric");
        }
        Self {
            registry,
            requests,
            latency,
            pool_size,
            pool_idle,
            statements,
            background_statements,
        }
    }

    /// Records one finished request.
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests
            .with_label_values(&[method, route, &status.to_string()])
            .inc();
        self.latency
            .with_label_values(&[method, route])
            .observe(seconds);
    }
}

/// Prometheus metrics in the text exposition format. Public, carries no personal data.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain", body = String))
)]
#[get("/metrics")]
pub async fn metrics(state: State) -> HttpResponse {
    let pool = state.pool.state();
    state.metrics.pool_size.set(i64::from(pool.connections));
    state
        .metrics
        .pool_idle
        .set(i64::from(pool.idle_connections));
    let statements = i64::try_from(crate::db::statements_executed()).unwrap_or(i64::MAX);
    state.metrics.statements.set(statements);
    let background = i64::try_from(crate::db::background_statements_executed()).unwrap_or(i64::MAX);
    state.metrics.background_statements.set(background);
    let mut buffer = Vec::new();
    let encoder = TextEncoder::new();
    let _ = encoder.encode(&state.metrics.registry.gather(), &mut buffer);
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, encoder.format_type()))
        .body(buffer)
}
