//! The OpenAPI document, generated from the handlers and DTOs. Handlers are registered once,
//! in [`crate::startup::routes`]; the same registration builds the document's paths. `qa-api
//! openapi` prints it and the committed `openapi.yaml` must equal that output.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

/// The document's frame: information, shared schemas, security schemes and tags. The paths come
/// from the registered handlers ([`document`]).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Children's Services QA and Learning platform API",
        description = "Case file audits graded against the practice standards, observations, escalations, feedback, action plans and reports.\n\nErrors are RFC 9457 `application/problem+json`. Lists answer `{items, next_cursor}`. `PATCH` needs `If-Match` with the ETag of the version read.",
        license(name = "MIT")
    ),
    components(schemas(crate::error::Problem, crate::error::FieldError)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "operations", description = "Health, readiness and metrics (public)"),
        (name = "reference data", description = "Practice standards, grade scales and the working-day calendar"),
        (name = "auth", description = "Sign-in, token refresh, sign-out and the caller"),
        (name = "organisation", description = "Org units (directorate, services, teams) and user accounts"),
        (name = "cases", description = "The thin registry of children's cases held in the case management system"),
        (name = "audits", description = "Case file, themed, dip-sample and multi-agency audits graded against the practice standards"),
        (name = "escalations", description = "Escalations about children's cases and their timelines"),
        (name = "actions", description = "Remedial and improvement actions, from open to verified"),
        (name = "notifications", description = "The caller's in-app notifications"),
        (name = "observations", description = "Observations of practice: consent, the record, the family's feedback, the worker's reflection and learning needs"),
        (name = "monitoring forms", description = "Reviewing officers' monitoring forms after each review and conference"),
        (name = "feedback", description = "Compliments, statutory and corporate complaints on their working-day clocks, participation with 'you said, we did', imported surveys and advocacy reports"),
        (name = "action plans", description = "Action plans from every source: actions, measures with baselines and targets, readings, re-audit impact"),
        (name = "reports", description = "The quarterly QA report, the standards heatmap and calibration: figures computed from the records, with the previous period and definitions; CSV per table"),
        (name = "settings", description = "The council's timescales and limits, with their defaults and ranges"),
        (name = "audit programme", description = "The annual audit programme and its themes"),
        (name = "access log", description = "Who read or changed which record, for the data protection officer"),
        (name = "events", description = "The feed of what happened here (audits submitted, escalations raised and resolved, actions overdue and verified...), record ids only, for the case management system"),
        (name = "webhooks", description = "A service account's subscriptions to event types, pushed to its receivers as signed webhooks (Standard Webhooks), with each delivery's attempts and replay"),
        (name = "integration", description = "Upserts by the case management system's references, for service accounts"),
        (name = "exports", description = "Whole datasets of structured fields as CSV or NDJSON, streamed, for the Performance Team's scripts; the data dictionary"),
        (name = "data protection", description = "Subject access requests on their statutory clock (gather, redact, release), legal holds and the retention schedule, for the data protection officer"),
        (name = "service accounts", description = "Other systems calling the API with scoped, expiring service tokens (`Authorization: Bearer qasa_...`); an operation a service token may call names its scopes under `service_token` in its security"),
    )
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("Access token from POST /api/v1/auth/login"))
                    .build(),
            ),
        );
        // Service tokens are opaque (`qasa_` and 43 base62 characters), not JWTs; the scopes an
        // operation needs are listed in its security requirement and enforced from there
        // (`service_accounts::scope::declared`).
        components.add_security_scheme(
            crate::service_accounts::scope::SECURITY_SCHEME,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("qasa_ service token")
                    .description(Some(
                        "A service account's token (`qasa_...`), shown once when an administrator \
                         creates or rotates the account. Scopes: cases:write, staff:write, \
                         teams:write, events:read, exports:read, webhooks:manage. A service token \
                         is refused (403) by every operation that does not list it.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The whole document: the frame with every registered handler's path, and the answers every
/// operation of a kind can give documented once ([`document_common_answers`]).
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut document) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::startup::routes)
        .split_for_parts();
    document_common_answers(&mut document);
    document_idempotency_key(&mut document);
    document
}

/// Every `POST` that needs a token takes an `Idempotency-Key` ([`crate::idempotency`]).
fn document_idempotency_key(document: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, Required, ResponseBuilder};
    for item in document.paths.paths.values_mut() {
        let Some(operation) = item.post.as_mut() else {
            continue;
        };
        if operation.security.as_ref().is_none_or(|s| s.is_empty()) {
            continue;
        }
        let parameter = ParameterBuilder::new()
            .name("Idempotency-Key")
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some(
                "Any unique value (a UUID): the first response to this key is kept for 24 hours \
                 and a repeat answers it again (with `Idempotent-Replayed: true`) without running \
                 twice. The same key with another request answers 422; while the first is still \
                 running, 409. Keys are the caller's own.",
            ))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .min_length(Some(1))
                    .max_length(Some(crate::idempotency::MAX_KEY_CHARS))
                    .pattern(Some("^[!-~][ -~]*$")),
            ))
            .build();
        operation
            .parameters
            .get_or_insert_with(Vec::new)
            .push(RefOr::T(parameter));
        for (status, description) in [
            (
                "400",
                "Malformed JSON, or an Idempotency-Key that is not 1 to 255 printable characters",
            ),
            (
                "409",
                "Not allowed now, or a request with this Idempotency-Key is still in progress",
            ),
            (
                "422",
                "Invalid fields, or an Idempotency-Key used with another request",
            ),
        ] {
            operation
                .responses
                .responses
                .entry(status.to_string())
                .or_insert_with(|| {
                    RefOr::T(
                        ResponseBuilder::new()
                            .description(description)
                            .content(
                                "application/problem+json",
                                ContentBuilder::new()
                                    .schema(Some(Ref::from_schema_name("Problem")))
                                    .build(),
                            )
                            .build(),
                    )
                });
        }
    }
}

/// Answers that come from the shared machinery rather than a handler, added to every operation
/// they apply to unless the handler documents them itself: 401 where a token is needed (a
/// missing, expired or signed-out one); 400, 413 and 415 where there is a body (malformed JSON,
/// too large, not JSON); 422 where there are parameters or a body; 429 on lists (a page of more
/// than 100 rows is rate limited per user); 503 everywhere behind the database (an outage
/// answers `Retry-After`, never 500).
fn document_common_answers(document: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    let problem = |description: &str| {
        RefOr::T(
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/problem+json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("Problem")))
                        .build(),
                )
                .build(),
        )
    };
    for (path, item) in document.paths.paths.iter_mut() {
        let behind_database = path.starts_with("/api/v1");
        for operation in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            let has_body = operation.request_body.is_some();
            let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
            let parameters = operation.parameters.as_deref().unwrap_or_default();
            let has_query = parameters
                .iter()
                .any(|p| matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Query));
            let has_path = parameters
                .iter()
                .any(|p| matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Path));
            let is_list = parameters
                .iter()
                .any(|p| matches!(p, RefOr::T(p) if p.name == "limit"));
            let mut wanted = Vec::new();
            if secured {
                wanted.push(("401", "No, invalid, expired or signed-out access token"));
            }
            if has_body {
                wanted.push(("400", "Malformed JSON"));
                wanted.push(("413", "The body is too large"));
                wanted.push(("415", "The body is not JSON"));
            }
            if has_body || has_query || has_path {
                wanted.push(("422", "Invalid fields or parameters"));
            }
            if is_list {
                wanted.push(("429", "Too many large pages; see Retry-After"));
            }
            if behind_database {
                wanted.push(("503", "The database is unavailable; see Retry-After"));
            }
            for (status, description) in wanted {
                operation
                    .responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| problem(description));
            }
        }
    }
}

/// The document as YAML, exactly as committed in `openapi.yaml`.
pub fn yaml() -> String {
    document()
        .to_yaml()
        .unwrap_or_else(|e| format!("# could not render the OpenAPI document: {e}\n"))
}
