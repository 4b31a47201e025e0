//! Service accounts: the council's other systems (the case management system, the Performance
//! Team's scripts) calling the API with scoped, expiring tokens (product.md §6).
//!
//! A token is `qasa_` and 43 base62 characters (256 bits), so secret scanners can recognise a
//! leaked one; it is shown once and stored only as its SHA-256 hash. A service account has no
//! narrative access and no user endpoints: [`crate::auth::caller::SignedIn`] refuses its token
//! with 403 (401 when the token is unknown, expired or revoked).
//!
//! # Declaring the scope an endpoint needs
//!
//! The one way: the operation's OpenAPI security names the scope, and the handler takes a
//! [`ServiceCaller`] (service accounts only) or a [`Principal`] (people or service accounts):
//!
//! ```ignore
//! #[utoipa::path(tag = "events", security(("service_token" = ["events:read"])), ...)]
//! #[get("/api/v1/events")]
//! pub async fn list_events(state: State, caller: ServiceCaller, ...) -> ApiResult<HttpResponse>
//! ```
//!
//! The extractor reads the scopes from that same declaration (the generated document), so the
//! documented scope is the enforced one: a token without it is refused with 403 naming it, a
//! service token on an operation that declares no `service_token` security is refused with
//! 403, and every use is written to the access log. [`ServiceCaller::require`] checks a further
//! scope inside a handler when one operation needs two.

pub mod caller;
pub mod handlers;
pub mod scope;
pub mod token;

pub use caller::{Principal, ServiceCaller};
pub use scope::Scope;
