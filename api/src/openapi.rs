//! The OpenAPI document, generated from the handlers and DTOs. `qa-api openapi` prints it and
//! the committed `openapi.yaml` must equal that output.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The API's document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Children's Services QA and Learning platform API",
        description = "Case file audits graded against the practice standards, observations, escalations, feedback, action plans and reports.\n\nErrors are RFC 9457 `application/problem+json`. Lists answer `{items, next_cursor}`. `PATCH` needs `If-Match` with the ETag of the version read.",
        license(name = "MIT")
    ),
    paths(
        crate::ops::health::live,
        crate::ops::health::ready,
        crate::ops::metrics::metrics,
        crate::standards::handlers::list_frameworks,
        crate::standards::handlers::get_framework,
        crate::standards::handlers::list_practice_standards,
        crate::standards::handlers::list_grade_scales,
        crate::calendar::handlers::working_days,
        crate::calendar::handlers::bank_holidays,
        crate::auth::handlers::login,
        crate::auth::handlers::refresh,
        crate::auth::handlers::logout,
        crate::auth::handlers::me,
        crate::org::handlers::list_org_units,
        crate::org::handlers::create_org_unit,
        crate::org::handlers::get_org_unit,
        crate::org::handlers::update_org_unit,
        crate::org::handlers::list_users,
        crate::org::handlers::create_user,
        crate::org::handlers::get_user,
        crate::org::handlers::update_user,
        crate::org::handlers::set_password,
        crate::org::handlers::list_staff,
        crate::cases::handlers::list_cases,
        crate::cases::handlers::create_case,
        crate::cases::handlers::get_case,
        crate::cases::handlers::update_case,
        crate::access_log::handlers::list_access_log,
        crate::audits::handlers::create_audit,
        crate::audits::handlers::list_audits,
        crate::audits::handlers::get_audit,
        crate::audits::handlers::update_audit,
        crate::audits::handlers::put_judgement,
        crate::audits::handlers::submit_audit,
        crate::audits::handlers::return_audit,
        crate::audits::handlers::reply_to_audit,
        crate::audits::handlers::moderate_audit,
        crate::audits::handlers::add_remedial_action,
        crate::audits::handlers::add_alert,
        crate::escalations::handlers::list_escalations,
        crate::escalations::handlers::get_escalation,
        crate::escalations::handlers::respond_to_escalation,
        crate::escalations::handlers::resolve_escalation,
        crate::actions::handlers::list_actions,
        crate::actions::handlers::get_action,
        crate::actions::handlers::start_action,
        crate::actions::handlers::complete_action,
        crate::actions::handlers::verify_action,
        crate::actions::handlers::cancel_action,
        crate::notifications::handlers::list_notifications,
        crate::notifications::handlers::mark_notification_read,
        crate::programmes::handlers::list_programmes,
        crate::programmes::handlers::create_programme,
        crate::programmes::handlers::get_programme,
        crate::programmes::handlers::list_themes,
        crate::programmes::handlers::create_theme,
        crate::programmes::handlers::get_theme,
        crate::programmes::handlers::update_theme,
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

/// The document as YAML, exactly as committed in `openapi.yaml`.
pub fn yaml() -> String {
    ApiDoc::openapi()
        .to_yaml()
        .unwrap_or_else(|e| format!("# could not render the OpenAPI document: {e}\n"))
}
