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
        (name = "audit programme", description = "The annual audit programme and its themes"),
        (name = "access log", description = "Who read or changed which record, for the data protection officer"),
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
    }
}

/// The whole document: the frame with every registered handler's path.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, document) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::startup::routes)
        .split_for_parts();
    document
}

/// The document as YAML, exactly as committed in `openapi.yaml`.
pub fn yaml() -> String {
    document()
        .to_yaml()
        .unwrap_or_else(|e| format!("# could not render the OpenAPI document: {e}\n"))
}
