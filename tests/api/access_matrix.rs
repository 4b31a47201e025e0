//! The access matrix: every role × every endpoint × the record's relation to the caller.
//! Adding a resource means adding rows here; each row is one line.

use qa_test_macros::both_backends;
use qa_tests::{spawn_app, workflow, Backend, Council, TestApp, TestUser};
use reqwest::Method;
use serde_json::{json, Value};

/// The record a request is about, relative to a practitioner in team one, their team manager
/// and their head of service.
#[derive(Debug, Clone, Copy)]
enum Relation {
    /// Allocated to the practitioner.
    Own,
    /// Another worker's case in the same team.
    SameTeam,
    /// A case of another team in the same service.
    SameService,
    /// A case of another service.
    OtherService,
}

const RELATIONS: [Relation; 4] = [
    Relation::Own,
    Relation::SameTeam,
    Relation::SameService,
    Relation::OtherService,
];

const ROLES: [&str; 10] = [
    "practitioner",
    "team_manager",
    "head_of_service",
    "senior_leader",
    "qa_officer",
    "reviewing_officer",
    "principal_social_worker",
    "performance_analyst",
    "admin",
    "dpo",
];

/// `(role, method, path, expected status per relation [own, same team, same service, other])`.
/// `{case}` is replaced by the case in that relation.
const CASE_ROWS: &[(&str, &str, &str, [u16; 4])] = &[
    (
        "practitioner",
        "GET",
        "/api/v1/cases/{case}",
        [200, 404, 404, 404],
    ),
    (
        "team_manager",
        "GET",
        "/api/v1/cases/{case}",
        [200, 200, 404, 404],
    ),
    (
        "head_of_service",
        "GET",
        "/api/v1/cases/{case}",
        [200, 200, 200, 404],
    ),
    (
        "senior_leader",
        "GET",
        "/api/v1/cases/{case}",
        [200, 200, 200, 200],
    ),
    (
        "qa_officer",
        "GET",
        "/api/v1/cases/{case}",
        [200, 200, 200, 200],
    ),
    (
        "reviewing_officer",
        "GET",
        "/api/v1/cases/{case}",
        [200, 200, 200, 200],
    ),
    (
        "principal_social_worker",
        "GET",
        "/api/v1/cases/{case}",
        [200, 200, 200, 200],
    ),
    (
        "performance_analyst",
        "GET",
        "/api/v1/cases/{case}",
        [200, 200, 200, 200],
    ),
    ("admin", "GET", "/api/v1/cases/{case}", [403, 403, 403, 403]),
    ("dpo", "GET", "/api/v1/cases/{case}", [200, 200, 200, 200]),
    (
        "practitioner",
        "PATCH",
        "/api/v1/cases/{case}",
        [403, 403, 403, 403],
    ),
    (
        "team_manager",
        "PATCH",
        "/api/v1/cases/{case}",
        [403, 403, 403, 403],
    ),
    (
        "head_of_service",
        "PATCH",
        "/api/v1/cases/{case}",
        [403, 403, 403, 403],
    ),
    (
        "senior_leader",
        "PATCH",
        "/api/v1/cases/{case}",
        [403, 403, 403, 403],
    ),
    (
        "qa_officer",
        "PATCH",
        "/api/v1/cases/{case}",
        [200, 200, 200, 200],
    ),
    (
        "reviewing_officer",
        "PATCH",
        "/api/v1/cases/{case}",
        [403, 403, 403, 403],
    ),
    (
        "principal_social_worker",
        "PATCH",
        "/api/v1/cases/{case}",
        [403, 403, 403, 403],
    ),
    (
        "performance_analyst",
        "PATCH",
        "/api/v1/cases/{case}",
        [403, 403, 403, 403],
    ),
    (
        "admin",
        "PATCH",
        "/api/v1/cases/{case}",
        [403, 403, 403, 403],
    ),
    ("dpo", "PATCH", "/api/v1/cases/{case}", [403, 403, 403, 403]),
    // The audits are drafts (not side by side): not even the case's own worker sees them
    // before they are submitted.
    (
        "practitioner",
        "GET",
        "/api/v1/audits/{audit}",
        [404, 404, 404, 404],
    ),
    (
        "team_manager",
        "GET",
        "/api/v1/audits/{audit}",
        [200, 200, 404, 404],
    ),
    (
        "head_of_service",
        "GET",
        "/api/v1/audits/{audit}",
        [200, 200, 200, 404],
    ),
    (
        "senior_leader",
        "GET",
        "/api/v1/audits/{audit}",
        [200, 200, 200, 200],
    ),
    (
        "qa_officer",
        "GET",
        "/api/v1/audits/{audit}",
        [200, 200, 200, 200],
    ),
    (
        "reviewing_officer",
        "GET",
        "/api/v1/audits/{audit}",
        [200, 200, 200, 200],
    ),
    (
        "principal_social_worker",
        "GET",
        "/api/v1/audits/{audit}",
        [200, 200, 200, 200],
    ),
    (
        "performance_analyst",
        "GET",
        "/api/v1/audits/{audit}",
        [200, 200, 200, 200],
    ),
    (
        "admin",
        "GET",
        "/api/v1/audits/{audit}",
        [403, 403, 403, 403],
    ),
    ("dpo", "GET", "/api/v1/audits/{audit}", [200, 200, 200, 200]),
    (
        "practitioner",
        "POST",
        "/api/v1/audits",
        [403, 403, 403, 403],
    ),
    (
        "team_manager",
        "POST",
        "/api/v1/audits",
        [201, 201, 422, 422],
    ),
    (
        "head_of_service",
        "POST",
        "/api/v1/audits",
        [201, 201, 201, 422],
    ),
    (
        "senior_leader",
        "POST",
        "/api/v1/audits",
        [201, 201, 201, 201],
    ),
    ("qa_officer", "POST", "/api/v1/audits", [201, 201, 201, 201]),
    (
        "reviewing_officer",
        "POST",
        "/api/v1/audits",
        [403, 403, 403, 403],
    ),
    (
        "principal_social_worker",
        "POST",
        "/api/v1/audits",
        [403, 403, 403, 403],
    ),
    (
        "performance_analyst",
        "POST",
        "/api/v1/audits",
        [403, 403, 403, 403],
    ),
    ("admin", "POST", "/api/v1/audits", [403, 403, 403, 403]),
    ("dpo", "POST", "/api/v1/audits", [403, 403, 403, 403]),
    (
        "practitioner",
        "PUT",
        "/api/v1/audits/{audit}/judgements/1",
        [404, 404, 404, 404],
    ),
    (
        "team_manager",
        "PUT",
        "/api/v1/audits/{audit}/judgements/1",
        [403, 403, 404, 404],
    ),
    (
        "qa_officer",
        "PUT",
        "/api/v1/audits/{audit}/judgements/1",
        [200, 200, 200, 200],
    ),
    (
        "admin",
        "PUT",
        "/api/v1/audits/{audit}/judgements/1",
        [403, 403, 403, 403],
    ),
    (
        "practitioner",
        "GET",
        "/api/v1/escalations/{escalation}",
        [200, 404, 404, 404],
    ),
    (
        "team_manager",
        "GET",
        "/api/v1/escalations/{escalation}",
        [200, 200, 404, 404],
    ),
    (
        "head_of_service",
        "GET",
        "/api/v1/escalations/{escalation}",
        [200, 200, 200, 404],
    ),
    (
        "qa_officer",
        "GET",
        "/api/v1/escalations/{escalation}",
        [200, 200, 200, 200],
    ),
    (
        "performance_analyst",
        "GET",
        "/api/v1/escalations/{escalation}",
        [200, 200, 200, 200],
    ),
    (
        "admin",
        "GET",
        "/api/v1/escalations/{escalation}",
        [403, 403, 403, 403],
    ),
    (
        "practitioner",
        "GET",
        "/api/v1/actions/{action}",
        [200, 404, 404, 404],
    ),
    (
        "team_manager",
        "GET",
        "/api/v1/actions/{action}",
        [200, 200, 404, 404],
    ),
    (
        "head_of_service",
        "GET",
        "/api/v1/actions/{action}",
        [200, 200, 200, 404],
    ),
    (
        "senior_leader",
        "GET",
        "/api/v1/actions/{action}",
        [200, 200, 200, 200],
    ),
    (
        "admin",
        "GET",
        "/api/v1/actions/{action}",
        [403, 403, 403, 403],
    ),
    (
        "practitioner",
        "GET",
        "/api/v1/observations/{observation}",
        [200, 404, 404, 404],
    ),
    (
        "team_manager",
        "GET",
        "/api/v1/observations/{observation}",
        [200, 200, 404, 404],
    ),
    (
        "head_of_service",
        "GET",
        "/api/v1/observations/{observation}",
        [200, 200, 200, 404],
    ),
    (
        "senior_leader",
        "GET",
        "/api/v1/observations/{observation}",
        [200, 200, 200, 200],
    ),
    (
        "qa_officer",
        "GET",
        "/api/v1/observations/{observation}",
        [200, 200, 200, 200],
    ),
    (
        "reviewing_officer",
        "GET",
        "/api/v1/observations/{observation}",
        [200, 200, 200, 200],
    ),
    (
        "principal_social_worker",
        "GET",
        "/api/v1/observations/{observation}",
        [200, 200, 200, 200],
    ),
    (
        "performance_analyst",
        "GET",
        "/api/v1/observations/{observation}",
        [200, 200, 200, 200],
    ),
    (
        "dpo",
        "GET",
        "/api/v1/observations/{observation}",
        [200, 200, 200, 200],
    ),
    (
        "admin",
        "GET",
        "/api/v1/observations/{observation}",
        [403, 403, 403, 403],
    ),
    (
        "team_manager",
        "POST",
        "/api/v1/observations/{observation}/cancel",
        [403, 403, 404, 404],
    ),
    (
        "qa_officer",
        "POST",
        "/api/v1/observations/{observation}/cancel",
        [403, 403, 403, 403],
    ),
    (
        "team_manager",
        "POST",
        "/api/v1/observations/{observation}/reflection",
        [403, 403, 404, 404],
    ),
    (
        "practitioner",
        "POST",
        "/api/v1/observations/{observation}/reflection",
        [200, 404, 404, 404],
    ),
    (
        "practitioner",
        "GET",
        "/api/v1/monitoring-forms/{form}",
        [200, 404, 404, 404],
    ),
    (
        "team_manager",
        "GET",
        "/api/v1/monitoring-forms/{form}",
        [200, 200, 404, 404],
    ),
    (
        "head_of_service",
        "GET",
        "/api/v1/monitoring-forms/{form}",
        [200, 200, 200, 404],
    ),
    (
        "reviewing_officer",
        "GET",
        "/api/v1/monitoring-forms/{form}",
        [200, 200, 200, 200],
    ),
    (
        "performance_analyst",
        "GET",
        "/api/v1/monitoring-forms/{form}",
        [200, 200, 200, 200],
    ),
    (
        "admin",
        "GET",
        "/api/v1/monitoring-forms/{form}",
        [403, 403, 403, 403],
    ),
    (
        "team_manager",
        "PATCH",
        "/api/v1/monitoring-forms/{form}",
        [403, 403, 403, 403],
    ),
    (
        "reviewing_officer",
        "PATCH",
        "/api/v1/monitoring-forms/{form}",
        [409, 409, 409, 409],
    ),
    (
        "team_manager",
        "POST",
        "/api/v1/escalations/{escalation}/withdraw",
        [403, 403, 404, 404],
    ),
    (
        "reviewing_officer",
        "POST",
        "/api/v1/escalations/{escalation}/cafcass-referral",
        [409, 409, 409, 409],
    ),
    (
        "qa_officer",
        "POST",
        "/api/v1/escalations/{escalation}/cafcass-referral",
        [403, 403, 403, 403],
    ),
    // Feedback about a child's case (a complaint the QA unit recorded).
    (
        "practitioner",
        "GET",
        "/api/v1/feedback/{feedback}",
        [200, 404, 404, 404],
    ),
    (
        "team_manager",
        "GET",
        "/api/v1/feedback/{feedback}",
        [200, 200, 404, 404],
    ),
    (
        "head_of_service",
        "GET",
        "/api/v1/feedback/{feedback}",
        [200, 200, 200, 404],
    ),
    (
        "qa_officer",
        "GET",
        "/api/v1/feedback/{feedback}",
        [200, 200, 200, 200],
    ),
    (
        "performance_analyst",
        "GET",
        "/api/v1/feedback/{feedback}",
        [200, 200, 200, 200],
    ),
    (
        "admin",
        "GET",
        "/api/v1/feedback/{feedback}",
        [403, 403, 403, 403],
    ),
    (
        "team_manager",
        "POST",
        "/api/v1/feedback/{feedback}/acknowledge",
        [403, 403, 403, 403],
    ),
    (
        "performance_analyst",
        "POST",
        "/api/v1/feedback/{feedback}/acknowledge",
        [403, 403, 403, 403],
    ),
    (
        "qa_officer",
        "POST",
        "/api/v1/feedback/{feedback}/acknowledge",
        [200, 200, 200, 200],
    ),
    (
        "team_manager",
        "PATCH",
        "/api/v1/feedback/{feedback}",
        [403, 403, 404, 404],
    ),
    (
        "qa_officer",
        "PATCH",
        "/api/v1/feedback/{feedback}",
        [200, 200, 200, 200],
    ),
    // Legal holds (issue 19): the data protection officer only, on any case.
    (
        "team_manager",
        "POST",
        "/api/v1/cases/{case}/legal-hold",
        [403, 403, 403, 403],
    ),
    (
        "senior_leader",
        "POST",
        "/api/v1/cases/{case}/legal-hold",
        [403, 403, 403, 403],
    ),
    (
        "dpo",
        "POST",
        "/api/v1/cases/{case}/legal-hold",
        [201, 201, 201, 201],
    ),
    (
        "admin",
        "POST",
        "/api/v1/cases/{case}/legal-hold/release",
        [403, 403, 403, 403],
    ),
    (
        "dpo",
        "POST",
        "/api/v1/cases/{case}/legal-hold/release",
        [200, 200, 200, 200],
    ),
];

/// `(role, method, path, expected status)` for endpoints that are not about one case.
/// `{team}` is team one, `{user}` the practitioner, `{unit}` the directorate.
const ROLE_ROWS: &[(&str, &str, &str, u16)] = &[
    ("practitioner", "GET", "/api/v1/cases", 200),
    ("admin", "GET", "/api/v1/cases", 403),
    ("qa_officer", "POST", "/api/v1/cases", 201),
    ("practitioner", "POST", "/api/v1/cases", 403),
    ("team_manager", "POST", "/api/v1/cases", 403),
    ("admin", "POST", "/api/v1/cases", 403),
    ("performance_analyst", "POST", "/api/v1/cases", 403),
    ("admin", "GET", "/api/v1/users", 200),
    ("admin", "GET", "/api/v1/users/{user}", 200),
    ("admin", "POST", "/api/v1/users", 201),
    ("admin", "PATCH", "/api/v1/users/{user}", 200),
    // The colleague's password: a reset ends that user's sessions, and the practitioner's
    // token is still needed below.
    ("admin", "POST", "/api/v1/users/{colleague}/password", 200),
    ("admin", "GET", "/api/v1/users/{user}/totp", 200),
    ("admin", "GET", "/api/v1/role-mappings", 200),
    ("admin", "POST", "/api/v1/role-mappings", 201),
    ("admin", "GET", "/api/v1/job-title-roles", 200),
    ("admin", "POST", "/api/v1/job-title-roles", 201),
    ("admin", "GET", "/api/v1/service-accounts", 200),
    ("admin", "POST", "/api/v1/service-accounts", 201),
    // Like the password reset, a second factor's reset ends that user's sessions.
    ("admin", "POST", "/api/v1/users/{colleague}/totp/reset", 200),
    ("admin", "POST", "/api/v1/org-units", 201),
    ("admin", "PATCH", "/api/v1/org-units/{unit}", 200),
    ("dpo", "GET", "/api/v1/access-log", 200),
    ("practitioner", "GET", "/api/v1/audits", 200),
    ("admin", "GET", "/api/v1/audits", 403),
    ("admin", "GET", "/api/v1/escalations", 403),
    ("admin", "GET", "/api/v1/actions", 403),
    ("practitioner", "GET", "/api/v1/notifications", 200),
    ("admin", "GET", "/api/v1/notifications", 200),
    ("practitioner", "GET", "/api/v1/themes", 200),
    ("qa_officer", "POST", "/api/v1/themes", 201),
    ("team_manager", "POST", "/api/v1/themes", 403),
    ("qa_officer", "POST", "/api/v1/audit-programmes", 201),
    ("senior_leader", "POST", "/api/v1/audit-programmes", 403),
    ("team_manager", "POST", "/api/v1/observations", 201),
    (
        "principal_social_worker",
        "POST",
        "/api/v1/observations",
        201,
    ),
    ("practitioner", "POST", "/api/v1/observations", 403),
    ("qa_officer", "POST", "/api/v1/observations", 403),
    ("admin", "POST", "/api/v1/observations", 403),
    ("practitioner", "GET", "/api/v1/observations", 200),
    ("admin", "GET", "/api/v1/observations", 403),
    ("performance_analyst", "GET", "/api/v1/learning-needs", 200),
    (
        "performance_analyst",
        "GET",
        "/api/v1/learning-needs/counts",
        200,
    ),
    ("admin", "GET", "/api/v1/learning-needs", 403),
    ("reviewing_officer", "POST", "/api/v1/monitoring-forms", 201),
    ("team_manager", "POST", "/api/v1/monitoring-forms", 403),
    ("admin", "POST", "/api/v1/monitoring-forms", 403),
    ("practitioner", "GET", "/api/v1/monitoring-forms", 200),
    ("admin", "GET", "/api/v1/monitoring-forms", 403),
    ("reviewing_officer", "POST", "/api/v1/escalations", 201),
    ("qa_officer", "POST", "/api/v1/escalations", 201),
    ("practitioner", "POST", "/api/v1/escalations", 403),
    ("team_manager", "POST", "/api/v1/escalations", 403),
    ("admin", "POST", "/api/v1/escalations", 403),
    ("admin", "GET", "/api/v1/action-plans", 403),
    ("practitioner", "GET", "/api/v1/action-plans", 200),
    ("practitioner", "POST", "/api/v1/action-plans", 403),
    ("admin", "POST", "/api/v1/action-plans", 403),
    ("admin", "POST", "/api/v1/actions/bulk", 403),
    ("practitioner", "PATCH", "/api/v1/settings", 403),
    (
        "practitioner",
        "PUT",
        "/api/v1/calendar/adjustments/2027-06-07",
        403,
    ),
    (
        "qa_officer",
        "DELETE",
        "/api/v1/calendar/adjustments/2027-06-07",
        403,
    ),
    (
        "admin",
        "PUT",
        "/api/v1/calendar/adjustments/2027-06-07",
        200,
    ),
    ("practitioner", "GET", "/api/v1/calendar/adjustments", 200),
    ("qa_officer", "GET", "/api/v1/reports/quarterly-qa", 200),
    ("senior_leader", "GET", "/api/v1/reports/quarterly-qa", 200),
    (
        "principal_social_worker",
        "GET",
        "/api/v1/reports/calibration",
        200,
    ),
    (
        "performance_analyst",
        "GET",
        "/api/v1/reports/standards-heatmap",
        200,
    ),
    (
        "head_of_service",
        "GET",
        "/api/v1/reports/quarterly-qa",
        200,
    ),
    ("team_manager", "GET", "/api/v1/reports/quarterly-qa", 403),
    ("team_manager", "GET", "/api/v1/reports/team-briefing", 200),
    ("practitioner", "GET", "/api/v1/reports/quarterly-qa", 403),
    (
        "reviewing_officer",
        "GET",
        "/api/v1/reports/quarterly-qa",
        403,
    ),
    ("admin", "GET", "/api/v1/reports/quarterly-qa", 403),
    ("dpo", "GET", "/api/v1/reports/quarterly-qa", 403),
    ("qa_officer", "POST", "/api/v1/feedback", 201),
    ("team_manager", "POST", "/api/v1/feedback", 201),
    ("practitioner", "POST", "/api/v1/feedback", 403),
    ("performance_analyst", "POST", "/api/v1/feedback", 403),
    ("admin", "POST", "/api/v1/feedback", 403),
    ("practitioner", "GET", "/api/v1/feedback", 200),
    ("performance_analyst", "GET", "/api/v1/feedback", 200),
    ("admin", "GET", "/api/v1/feedback", 403),
    (
        "team_manager",
        "POST",
        "/api/v1/feedback/import?batch_ref=matrix",
        403,
    ),
    (
        "admin",
        "POST",
        "/api/v1/feedback/import?batch_ref=matrix",
        403,
    ),
    (
        "team_manager",
        "POST",
        "/api/v1/audits/import?batch_ref=matrix",
        403,
    ),
    (
        "admin",
        "POST",
        "/api/v1/audits/import?batch_ref=matrix",
        403,
    ),
    ("dpo", "POST", "/api/v1/audits/import?batch_ref=matrix", 403),
    ("qa_officer", "PATCH", "/api/v1/settings", 403),
    ("performance_analyst", "GET", "/api/v1/exports", 200),
    ("performance_analyst", "GET", "/api/v1/exports/audits", 200),
    ("team_manager", "GET", "/api/v1/exports/actions", 200),
    ("qa_officer", "GET", "/api/v1/exports/judgements", 200),
    ("practitioner", "GET", "/api/v1/exports/audits", 403),
    ("reviewing_officer", "GET", "/api/v1/exports/audits", 403),
    ("admin", "GET", "/api/v1/exports/audits", 403),
    ("dpo", "GET", "/api/v1/exports", 403),
    ("qa_officer", "GET", "/api/v1/events", 200),
    ("performance_analyst", "GET", "/api/v1/events", 200),
    ("senior_leader", "GET", "/api/v1/events", 200),
    ("head_of_service", "GET", "/api/v1/events", 403),
    ("team_manager", "GET", "/api/v1/events", 403),
    ("practitioner", "GET", "/api/v1/events", 403),
    ("admin", "GET", "/api/v1/events", 403),
    ("dpo", "GET", "/api/v1/events", 403),
    // Webhook subscriptions belong to service accounts (webhooks:manage): no person has them.
    ("admin", "GET", "/api/v1/webhooks", 403),
    ("admin", "POST", "/api/v1/webhooks", 403),
    ("qa_officer", "GET", "/api/v1/webhooks", 403),
    ("qa_officer", "POST", "/api/v1/webhooks", 403),
    ("senior_leader", "GET", "/api/v1/webhooks", 403),
    ("performance_analyst", "GET", "/api/v1/webhooks", 403),
    ("dpo", "POST", "/api/v1/webhooks", 403),
    // The CMS's upserts are for service accounts with cases:write only.
    ("qa_officer", "PUT", "/api/v1/integration/cases/CMS-1", 403),
    ("admin", "PUT", "/api/v1/integration/cases/CMS-1", 403),
    // So are the staff and team upserts (staff:write, teams:write) and the batches.
    ("qa_officer", "PUT", "/api/v1/integration/staff/CMS-1", 403),
    ("admin", "PUT", "/api/v1/integration/staff/CMS-1", 403),
    ("qa_officer", "PUT", "/api/v1/integration/teams/CMS-1", 403),
    ("admin", "PUT", "/api/v1/integration/teams/CMS-1", 403),
    ("qa_officer", "POST", "/api/v1/integration/cases:batch", 403),
    ("admin", "POST", "/api/v1/integration/cases:batch", 403),
    ("qa_officer", "POST", "/api/v1/integration/staff:batch", 403),
    ("admin", "POST", "/api/v1/integration/staff:batch", 403),
    ("qa_officer", "POST", "/api/v1/integration/teams:batch", 403),
    ("admin", "POST", "/api/v1/integration/teams:batch", 403),
    ("dpo", "POST", "/api/v1/subject-access-requests", 201),
    ("qa_officer", "POST", "/api/v1/subject-access-requests", 403),
    ("admin", "POST", "/api/v1/subject-access-requests", 403),
    ("dpo", "GET", "/api/v1/subject-access-requests", 200),
    (
        "practitioner",
        "GET",
        "/api/v1/subject-access-requests",
        403,
    ),
    (
        "senior_leader",
        "GET",
        "/api/v1/subject-access-requests",
        403,
    ),
    ("admin", "GET", "/api/v1/subject-access-requests", 403),
    ("dpo", "GET", "/api/v1/legal-holds", 200),
    ("qa_officer", "GET", "/api/v1/legal-holds", 403),
    ("admin", "GET", "/api/v1/legal-holds", 403),
    ("dpo", "GET", "/api/v1/retention/classes", 200),
    ("admin", "GET", "/api/v1/retention/classes", 403),
    ("qa_officer", "GET", "/api/v1/retention/classes", 403),
    ("dpo", "GET", "/api/v1/retention/dry-run", 200),
    ("senior_leader", "GET", "/api/v1/retention/dry-run", 403),
    ("dpo", "GET", "/api/v1/retention/tombstones", 200),
    ("admin", "GET", "/api/v1/retention/tombstones", 403),
];

fn body_for(method: &str, path: &str, council: &Council, n: usize, case: &str) -> Value {
    match (method, path) {
        ("POST", "/api/v1/audits") => json!({"kind": "case_file", "case_id": case}),
        ("PUT", "/api/v1/calendar/adjustments/2027-06-07") => {
            json!({"change": "add", "name": "Extra bank holiday"})
        }
        ("PUT", _) => json!({"grade": "good", "evidence": "Seen"}),
        ("POST", "/api/v1/themes") => {
            json!({"title": "T", "rationale": "R", "source": "qa_activity"})
        }
        ("POST", "/api/v1/audit-programmes") => json!({"title": "P", "year": 2027}),
        ("POST", "/api/v1/observations") => json!({
            "observed_id": council.practitioner.id, "observed_on": "2026-11-02",
            "setting": "home_visit", "focus": "F"
        }),
        ("POST", "/api/v1/observations/{observation}/cancel") => json!({"reason": "R"}),
        ("POST", "/api/v1/monitoring-forms") => json!({
            "case_id": case, "meeting_type": "icpc", "meeting_on": "2026-11-02"
        }),
        ("POST", "/api/v1/escalations") => json!({
            "case_id": case, "source": "practice_alert", "category": "c", "concern": "x"
        }),
        ("POST", "/api/v1/escalations/{escalation}/withdraw") => json!({"reason": "R"}),
        ("POST", "/api/v1/escalations/{escalation}/cafcass-referral") => {
            json!({"referred_on": "2026-11-02", "notes": "N"})
        }
        ("PATCH", "/api/v1/monitoring-forms/{form}") => json!({"concerns": "C"}),
        ("POST", "/api/v1/feedback") => json!({
            "kind": "compliment", "source_role": "parent", "channel": "email",
            "received_on": "2026-11-02", "team_id": council.team_one, "summary": "Thank you"
        }),
        ("PATCH", "/api/v1/feedback/{feedback}") => json!({"themes": ["communication"]}),
        ("POST", "/api/v1/observations/{observation}/reflection") => json!({"reflection": "R"}),
        ("POST", "/api/v1/cases/{case}/legal-hold") => json!({"reason": "Public inquiry"}),
        ("POST", "/api/v1/subject-access-requests") => json!({
            "case_id": case, "requester_role": "parent", "received_on": "2026-11-02"
        }),
        ("POST", "/api/v1/cases") => json!({
            "external_ref": format!("MATRIX-{n}"), "display_name": "X.Y.",
            "category": "child_in_need", "team_id": council.team_one
        }),
        ("POST", "/api/v1/users") => json!({
            "email": format!("matrix{n}@example.test"), "display_name": "Matrix User",
            "roles": ["practitioner"], "team_id": council.team_one,
            "password": "a perfectly long new password"
        }),
        ("POST", "/api/v1/service-accounts") => json!({
            "name": format!("System {n}"), "scopes": ["events:read"],
            "expires_on": qa_api::dates::format_date(
                qa_api::dates::london_date(time::OffsetDateTime::now_utc()) + time::Duration::days(30)
            )
        }),
        ("POST", "/api/v1/webhooks") => {
            json!({"url": "https://cms.council.test/hooks", "types": ["audit.submitted"]})
        }
        ("POST", "/api/v1/role-mappings") => {
            json!({"group": format!("group-{n}"), "role": "practitioner"})
        }
        ("POST", "/api/v1/job-title-roles") => {
            json!({"job_title": format!("Title {n}"), "role": "practitioner"})
        }
        ("POST", "/api/v1/users/{colleague}/password") => {
            json!({"password": "another long new password"})
        }
        ("POST", "/api/v1/org-units") => {
            json!({"name": format!("Team {n}"), "kind": "team", "parent_id": council.service_one})
        }
        ("PATCH", "/api/v1/users/{user}") => json!({"display_name": "Pat Worker"}),
        ("PATCH", "/api/v1/org-units/{unit}") => json!({"name": "Children's Services"}),
        ("PATCH", _) => json!({"display_name": "C.D."}),
        _ => Value::Null,
    }
}

async fn call(app: &TestApp, token: &str, method: &str, path: &str, body: Value) -> u16 {
    let method = Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = app.request(method.clone(), path, Some(token));
    if method == Method::PATCH {
        // The version the caller can read, if they can read it at all; a made-up one
        // otherwise (the role and scope refusals come before the precondition).
        let etag = app
            .get(path, Some(token))
            .await
            .header("etag")
            .unwrap_or_else(|| "\"1\"".to_string());
        request = request
            .header("if-match", etag)
            .header("content-type", "application/merge-patch+json")
            .body(body.to_string());
    } else if !body.is_null() {
        request = request.json(&body);
    }
    app.send(request).await.status
}

/// The records of each relation: a case, a draft audit of it by a QA officer, an escalation
/// and a remedial action on it (the action owned by the case's worker), and a senior leader's
/// submitted observation of practice on it by a worker of its team.
struct Records {
    case: String,
    audit: String,
    escalation: String,
    action: String,
    observation: String,
    form: String,
    feedback: String,
}

async fn records_by_relation(
    app: &TestApp,
    council: &Council,
    qa_token: &str,
    observer: &TestUser,
    reviewing_officer: &TestUser,
) -> Vec<Records> {
    let mut out = Vec::new();
    let workers = [
        council.practitioner.clone(),
        council.colleague.clone(),
        app.create_user("South Worker", &["practitioner"], Some(&council.team_two)),
        app.create_user("East Worker", &["practitioner"], Some(&council.team_three)),
    ];
    for (case, worker) in [
        &council.case_own,
        &council.case_same_team,
        &council.case_same_service,
        &council.case_other_service,
    ]
    .into_iter()
    .zip(&workers)
    {
        let observation = workflow::id(
            workflow::plan_observation(app, observer, worker, Some(case))
                .await
                .expect(201),
        );
        let form = workflow::id(
            app.post(
                "/api/v1/monitoring-forms",
                Some(&reviewing_officer.token),
                &json!({"case_id": case, "meeting_type": "cla_review", "meeting_on": "2026-11-02",
                        "held_in_timescale": true, "child_participated": "attended",
                        "child_participation_notes": "Chaired", "plan_progressing": "yes",
                        "quality_checks": [{"standard_number": 2, "rating": "good"}]}),
            )
            .await
            .expect(201),
        );
        app.post(
            &format!("/api/v1/monitoring-forms/{form}/submit"),
            Some(&reviewing_officer.token),
            &json!({}),
        )
        .await
        .expect(200);
        workflow::consent_all(app, observer, &observation).await;
        workflow::record_observation(app, observer, &observation).await;
        app.post(
            &format!("/api/v1/observations/{observation}/submit"),
            Some(&observer.token),
            &json!({}),
        )
        .await
        .expect(200);
        let audit = app
            .post(
                "/api/v1/audits",
                Some(qa_token),
                &json!({"kind": "case_file", "case_id": case}),
            )
            .await;
        audit.expect(201);
        let audit_id = audit.body["id"].as_str().unwrap().to_string();
        let action = app
            .post(
                &format!("/api/v1/audits/{audit_id}/remedial-actions"),
                Some(qa_token),
                &json!({"description": "Do it"}),
            )
            .await;
        action.expect(201);
        // An escalation comes from an inadequate audit of the case.
        let escalating = app
            .post(
                "/api/v1/audits",
                Some(qa_token),
                &json!({"kind": "case_file", "case_id": case}),
            )
            .await;
        let escalating_id = escalating.body["id"].as_str().unwrap().to_string();
        for n in 1..=10 {
            app.put(
                &format!("/api/v1/audits/{escalating_id}/judgements/{n}"),
                Some(qa_token),
                &json!({"grade": "inadequate", "evidence": "e"}),
            )
            .await
            .expect(200);
        }
        app.patch(
            &format!("/api/v1/audits/{escalating_id}"),
            Some(qa_token),
            Some("\"11\""),
            &json!({"overall_grade": "inadequate", "views_not_sought_reason": "Too young"}),
        )
        .await
        .expect(200);
        let submitted = app
            .post(
                &format!("/api/v1/audits/{escalating_id}/submit"),
                Some(qa_token),
                &json!({}),
            )
            .await;
        submitted.expect(200);
        let feedback = workflow::id(
            app.post(
                "/api/v1/feedback",
                Some(qa_token),
                &json!({"kind": "complaint", "route": "statutory", "source_role": "parent",
                        "channel": "letter", "received_on": "2026-11-02", "case_id": case,
                        "summary": "Visits keep being cancelled"}),
            )
            .await
            .expect(201),
        );
        out.push(Records {
            feedback,
            case: case.clone(),
            audit: audit_id,
            escalation: submitted.body["escalation_id"]
                .as_str()
                .unwrap()
                .to_string(),
            action: action.body["id"].as_str().unwrap().to_string(),
            observation,
            form,
        });
    }
    out
}

#[both_backends]
async fn every_role_gets_the_expected_status_for_every_endpoint_and_relation(backend: Backend) {
    let app = spawn_app(backend).await;
    let council = app.council();
    let mut users = std::collections::HashMap::new();
    for role in ROLES {
        users.insert(role, app.user_for_role(&council, role));
    }
    let records = records_by_relation(
        &app,
        &council,
        &users["qa_officer"].token,
        &users["senior_leader"],
        &users["reviewing_officer"],
    )
    .await;
    let mut failures = Vec::new();
    for (row, (role, method, template, expected)) in CASE_ROWS.iter().enumerate() {
        for ((relation, want), record) in RELATIONS.iter().zip(expected).zip(&records) {
            let path = template
                .replace("{case}", &record.case)
                .replace("{audit}", &record.audit)
                .replace("{escalation}", &record.escalation)
                .replace("{action}", &record.action)
                .replace("{observation}", &record.observation)
                .replace("{form}", &record.form)
                .replace("{feedback}", &record.feedback);
            let got = call(
                &app,
                &users[role].token,
                method,
                &path,
                body_for(method, template, &council, row, &record.case),
            )
            .await;
            if got != *want {
                failures.push(format!(
                    "{role} {method} {template} ({relation:?}): expected {want}, got {got}"
                ));
            }
        }
    }
    for (row, (role, method, template, want)) in ROLE_ROWS.iter().enumerate() {
        let path = template
            .replace("{user}", &council.practitioner.id)
            .replace("{colleague}", &council.colleague.id)
            .replace("{unit}", &council.directorate)
            .replace("{team}", &council.team_one);
        let got = call(
            &app,
            &users[role].token,
            method,
            &path,
            body_for(method, template, &council, row, &council.case_own),
        )
        .await;
        if got != *want {
            failures.push(format!(
                "{role} {method} {template}: expected {want}, got {got}"
            ));
        }
    }
    // Administrator-only endpoints refuse every other role with 403.
    for role in ROLES.iter().filter(|r| **r != "admin") {
        for (method, template) in [
            ("GET", "/api/v1/users"),
            ("POST", "/api/v1/org-units"),
            ("GET", "/api/v1/users/{user}"),
            ("GET", "/api/v1/users/{user}/totp"),
            ("POST", "/api/v1/users/{user}/totp/reset"),
            ("GET", "/api/v1/role-mappings"),
            ("POST", "/api/v1/role-mappings"),
            ("GET", "/api/v1/job-title-roles"),
            ("POST", "/api/v1/job-title-roles"),
            ("GET", "/api/v1/service-accounts"),
            ("POST", "/api/v1/service-accounts"),
        ] {
            let path = template.replace("{user}", &council.practitioner.id);
            let got = call(
                &app,
                &users[role].token,
                method,
                &path,
                body_for(method, template, &council, 99, &council.case_own),
            )
            .await;
            if got != 403 {
                failures.push(format!(
                    "{role} {method} {template}: expected 403, got {got}"
                ));
            }
        }
        if *role != "dpo" {
            let got = call(
                &app,
                &users[role].token,
                "GET",
                "/api/v1/access-log",
                Value::Null,
            )
            .await;
            if got != 403 {
                failures.push(format!(
                    "{role} GET /api/v1/access-log: expected 403, got {got}"
                ));
            }
        }
    }
    // Every role may change its own password (here with a wrong current one: 422, not 403),
    // and none may reset its own through the admin endpoint.
    for role in ROLES {
        let user = &users[role];
        let own = app
            .post(
                "/api/v1/me/password",
                Some(&user.token),
                &json!({"current_password": "not the password", "new_password": "a long enough new one"}),
            )
            .await;
        if own.status != 422 {
            failures.push(format!(
                "{role} POST /api/v1/me/password: expected 422, got {}",
                own.status
            ));
        }
        let reset = app
            .post(
                &format!("/api/v1/users/{}/password", user.id),
                Some(&user.token),
                &json!({"password": "a long enough new one"}),
            )
            .await;
        if reset.status != 403 {
            failures.push(format!(
                "{role} POST /api/v1/users/{{self}}/password: expected 403, got {}",
                reset.status
            ));
        }
        // Every role may set up a second factor of its own (here confirming one never begun:
        // 409, not 403), and none may reset its own.
        let confirm = app
            .post(
                "/api/v1/me/totp/confirm",
                Some(&user.token),
                &json!({"code": "123456"}),
            )
            .await;
        if confirm.status != 409 {
            failures.push(format!(
                "{role} POST /api/v1/me/totp/confirm: expected 409, got {}",
                confirm.status
            ));
        }
        let reset = app
            .post(
                &format!("/api/v1/users/{}/totp/reset", user.id),
                Some(&user.token),
                &json!({}),
            )
            .await;
        if reset.status != 403 {
            failures.push(format!(
                "{role} POST /api/v1/users/{{self}}/totp/reset: expected 403, got {}",
                reset.status
            ));
        }
    }
    // Every role reads the reference data and itself.
    for role in ROLES {
        for path in [
            "/api/v1/me",
            "/api/v1/practice-standards",
            "/api/v1/org-units",
            "/api/v1/staff",
            "/api/v1/notifications",
            "/api/v1/practice-skills",
            "/api/v1/settings",
            "/api/v1/me/notification-preferences",
            "/api/v1/me/totp",
        ] {
            let got = call(&app, &users[role].token, "GET", path, Value::Null).await;
            if got != 200 {
                failures.push(format!("{role} GET {path}: expected 200, got {got}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "access matrix failures:\n{}",
        failures.join("\n")
    );
}

#[both_backends]
async fn case_lists_hold_exactly_the_cases_in_scope(backend: Backend) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let all = vec![
        c.case_own.clone(),
        c.case_same_team.clone(),
        c.case_same_service.clone(),
        c.case_other_service.clone(),
    ];
    let expectations: Vec<(&str, Vec<String>)> = vec![
        ("practitioner", vec![c.case_own.clone()]),
        (
            "team_manager",
            vec![c.case_own.clone(), c.case_same_team.clone()],
        ),
        (
            "head_of_service",
            vec![
                c.case_own.clone(),
                c.case_same_team.clone(),
                c.case_same_service.clone(),
            ],
        ),
        ("qa_officer", all.clone()),
        ("performance_analyst", all),
    ];
    for (role, mut expected) in expectations {
        let user = app.user_for_role(&c, role);
        let answer = app.get("/api/v1/cases", Some(&user.token)).await;
        answer.expect(200);
        let mut got: Vec<String> = answer.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect();
        got.sort();
        expected.sort();
        assert_eq!(got, expected, "{role}");
    }
}

/// An audit list filtered to a team or a service holds exactly what the caller's unfiltered
/// list holds of it: the filter narrows the scope and never widens it, whether the teams it
/// names are ones the caller sees whole or not.
#[both_backends]
async fn an_audit_list_filtered_to_teams_holds_exactly_what_the_scope_holds_of_them(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let c = app.council();
    let qa = app.user_for_role(&c, "qa_officer");
    for case in [
        &c.case_own,
        &c.case_same_team,
        &c.case_same_service,
        &c.case_other_service,
    ] {
        app.post(
            "/api/v1/audits",
            Some(&qa.token),
            &json!({"kind": "case_file", "case_id": case}),
        )
        .await
        .expect(201);
    }
    let filters = [
        (format!("team_id={}", c.team_one), vec![&c.team_one]),
        (format!("team_id={}", c.team_two), vec![&c.team_two]),
        (format!("team_id={}", c.team_three), vec![&c.team_three]),
        (
            format!("service_id={}", c.service_one),
            vec![&c.team_one, &c.team_two],
        ),
        (format!("service_id={}", c.service_two), vec![&c.team_three]),
    ];
    let ids_of = |answer: &Value, teams: Option<&[&String]>| -> Vec<String> {
        answer["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|item| {
                teams.is_none_or(|teams| {
                    teams
                        .iter()
                        .any(|team| item["team_id"].as_str() == Some(team.as_str()))
                })
            })
            .map(|item| item["id"].as_str().unwrap().to_string())
            .collect()
    };
    let mut seen_by_manager = 0;
    for role in [
        "practitioner",
        "team_manager",
        "head_of_service",
        "qa_officer",
    ] {
        let user = app.user_for_role(&c, role);
        let all = app.get("/api/v1/audits?limit=100", Some(&user.token)).await;
        all.expect(200);
        for (filter, teams) in &filters {
            let expected = ids_of(&all.body, Some(teams));
            let got = app
                .get(
                    &format!("/api/v1/audits?limit=100&{filter}"),
                    Some(&user.token),
                )
                .await;
            got.expect(200);
            assert_eq!(ids_of(&got.body, None), expected, "{role}, {filter}");
            if role == "team_manager" {
                seen_by_manager += expected.len();
            }
        }
    }
    // The team manager sees team one's two audits whole, and nothing of the other teams.
    assert_eq!(seen_by_manager, 2 + 2);
}

#[both_backends]
async fn every_api_resource_needs_a_token(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = uuid::Uuid::now_v7();
    for (method, path) in [
        ("GET", "/api/v1/me".to_string()),
        ("GET", "/api/v1/cases".to_string()),
        ("POST", "/api/v1/cases".to_string()),
        ("GET", format!("/api/v1/cases/{id}")),
        ("PATCH", format!("/api/v1/cases/{id}")),
        ("GET", "/api/v1/users".to_string()),
        ("POST", "/api/v1/users".to_string()),
        ("GET", format!("/api/v1/users/{id}")),
        ("GET", "/api/v1/org-units".to_string()),
        ("POST", "/api/v1/org-units".to_string()),
        ("GET", "/api/v1/access-log".to_string()),
        ("GET", "/api/v1/practice-standards".to_string()),
        ("POST", "/api/v1/me/password".to_string()),
        ("GET", "/api/v1/me/totp".to_string()),
        ("POST", "/api/v1/me/totp/enrolment".to_string()),
        ("POST", "/api/v1/me/totp/confirm".to_string()),
        ("POST", "/api/v1/me/totp/recovery-codes".to_string()),
        ("POST", "/api/v1/me/totp/disable".to_string()),
        ("GET", format!("/api/v1/users/{id}/totp")),
        ("POST", format!("/api/v1/users/{id}/totp/reset")),
        ("GET", "/api/v1/role-mappings".to_string()),
        ("POST", "/api/v1/role-mappings".to_string()),
        ("DELETE", format!("/api/v1/role-mappings/{id}")),
        ("GET", "/api/v1/job-title-roles".to_string()),
        ("POST", "/api/v1/job-title-roles".to_string()),
        ("DELETE", format!("/api/v1/job-title-roles/{id}")),
        ("PUT", "/api/v1/integration/staff/CMS-1".to_string()),
        ("PUT", "/api/v1/integration/teams/CMS-1".to_string()),
        ("POST", "/api/v1/integration/cases:batch".to_string()),
        ("POST", "/api/v1/integration/staff:batch".to_string()),
        ("POST", "/api/v1/integration/teams:batch".to_string()),
        ("GET", "/api/v1/service-accounts".to_string()),
        ("POST", "/api/v1/service-accounts".to_string()),
        ("GET", format!("/api/v1/service-accounts/{id}")),
        ("POST", format!("/api/v1/service-accounts/{id}/rotate")),
        ("POST", format!("/api/v1/service-accounts/{id}/revoke")),
        ("GET", "/api/v1/integration/token".to_string()),
        ("GET", "/api/v1/webhooks".to_string()),
        ("POST", "/api/v1/webhooks".to_string()),
        ("GET", format!("/api/v1/webhooks/{id}")),
        ("DELETE", format!("/api/v1/webhooks/{id}")),
        ("GET", format!("/api/v1/webhooks/{id}/deliveries")),
        (
            "POST",
            format!("/api/v1/webhooks/{id}/deliveries/{id}/replay"),
        ),
        ("GET", "/api/v1/notifications".to_string()),
        ("POST", format!("/api/v1/notifications/{id}/read")),
        ("GET", "/api/v1/themes".to_string()),
        ("GET", "/api/v1/audits".to_string()),
        ("GET", "/api/v1/escalations".to_string()),
        ("GET", "/api/v1/actions".to_string()),
        ("GET", "/api/v1/observations".to_string()),
        ("POST", "/api/v1/observations".to_string()),
        ("GET", format!("/api/v1/observations/{id}")),
        ("POST", format!("/api/v1/observations/{id}/reflection")),
        ("GET", "/api/v1/learning-needs".to_string()),
        ("GET", "/api/v1/practice-skills".to_string()),
        ("GET", "/api/v1/monitoring-forms".to_string()),
        ("POST", "/api/v1/monitoring-forms".to_string()),
        ("POST", "/api/v1/escalations".to_string()),
        ("POST", format!("/api/v1/escalations/{id}/stage")),
        ("POST", format!("/api/v1/themes/{id}/sample")),
        ("GET", "/api/v1/action-plans".to_string()),
        ("POST", "/api/v1/action-plans".to_string()),
        ("POST", "/api/v1/actions/bulk".to_string()),
        ("GET", "/api/v1/settings".to_string()),
        ("POST", format!("/api/v1/audits/{id}/reaudit")),
        ("GET", "/api/v1/subject-access-requests".to_string()),
        ("POST", "/api/v1/subject-access-requests".to_string()),
        ("GET", format!("/api/v1/subject-access-requests/{id}")),
        (
            "POST",
            format!("/api/v1/subject-access-requests/{id}/gather"),
        ),
        (
            "GET",
            format!("/api/v1/subject-access-requests/{id}/released"),
        ),
        ("POST", format!("/api/v1/cases/{id}/legal-hold")),
        ("GET", "/api/v1/legal-holds".to_string()),
        ("GET", "/api/v1/retention/classes".to_string()),
        ("GET", "/api/v1/retention/dry-run".to_string()),
    ] {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let answer = app
            .send(app.request(method.clone(), &path, None).json(&json!({})))
            .await;
        assert_eq!(answer.status, 401, "{method} {path}: {}", answer.text);
        answer.expect_problem(401);
    }
}

/// A path parameter filled with a value of its kind.
fn fill_template(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .map(|e| start + e)
            .unwrap_or(rest.len() - 1);
        let value = match &rest[start + 1..end] {
            "date" => "2027-06-07".to_string(),
            "standard_number" => "1".to_string(),
            "code" => "communication".to_string(),
            "name" => "quarterly-qa".to_string(),
            _ => uuid::Uuid::now_v7().to_string(),
        };
        out.push_str(&value);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Service accounts have no narrative access and no user endpoints: every operation of the
/// API that needs a token and does not list the `service_token` scheme answers a service
/// token (holding every scope) with 403. Read from the OpenAPI document, so new endpoints are
/// covered as they are added.
#[both_backends]
async fn a_service_account_is_refused_by_every_user_endpoint(backend: Backend) {
    let app = spawn_app(backend).await;
    let council = app.council();
    let admin = app.user_for_role(&council, "admin");
    let token =
        super::service_accounts::service_token(&app, &admin, &super::service_accounts::ALL_SCOPES)
            .await;
    let document = serde_json::to_value(qa_api::openapi::document()).unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (template, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if !matches!(method.as_str(), "get" | "post" | "put" | "patch" | "delete") {
                continue;
            }
            let Some(security) = operation["security"].as_array().filter(|s| !s.is_empty()) else {
                continue;
            };
            if security.iter().any(|r| r.get("service_token").is_some()) {
                continue;
            }
            let method = method.to_uppercase();
            let path = fill_template(template);
            let got = call(&app, &token, &method, &path, json!({})).await;
            checked += 1;
            if got != 403 {
                failures.push(format!("{method} {template}: expected 403, got {got}"));
            }
        }
    }
    assert!(checked > 100, "only {checked} operations checked");
    assert!(
        failures.is_empty(),
        "service token not refused:\n{}",
        failures.join("\n")
    );
}
