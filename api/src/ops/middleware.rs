//! The one middleware every request passes: request id (header and task-local), security
//! headers, one log line, and metrics by route template.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, Error};

use super::request_id;
use crate::state::AppState;

/// Name of the request-id header.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Content-Security-Policy for the SPA and the API: no inline script or style anywhere, so
/// injected markup can neither run nor restyle a page that shows children's records.
const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; \
     script-src 'self'; connect-src 'self'; font-src 'self' data:; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The API docs page (Swagger UI) ships inline styles it cannot be built without; it shows
/// the contract, not records, so only there are inline styles allowed.
const DOCS_CSP: &str = "default-src 'self'; img-src 'self' data:; \
     style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; \
     font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";

/// Two years, as the HSTS preload list asks; sent only in production, where TLS is certain.
const HSTS: &str = "max-age=63072000; includeSubDomains";

fn is_api_path(path: &str) -> bool {
    path.starts_with("/api/v1") || path.starts_with("/health") || path == "/metrics"
}

/// Request id, security headers, logging and metrics.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, Error> {
    let started = Instant::now();
    let id = req
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(request_id::accept_incoming)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let method = req.method().to_string();
    let path = req.path().to_string();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let future = request_id::sync_scope(id.clone(), || next.call(req));
    let mut response = request_id::scope(id.clone(), future).await?;

    let route = response
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_string());
    let status = response.status().as_u16();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&id) {
        headers.insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let csp = if path.starts_with("/api/docs") {
        DOCS_CSP
    } else {
        CSP
    };
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    let production = state
        .as_ref()
        .is_some_and(|state| state.settings.environment == crate::config::Environment::Production);
    if production {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if is_api_path(&path) || status >= 400 {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(state) = state {
        state.metrics.observe(&method, &route, status, elapsed);
    }
    tracing::info!(
        request_id = %id,
        method = %method,
        route = %route,
        status,
        elapsed_ms = (elapsed * 1000.0).round() as u64,
        "request"
    );
    Ok(response)
}
