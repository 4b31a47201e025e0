//! Identity and access: passwords, tokens, roles, the `Caller` extractor and the one policy that
//! decides record scope.

pub mod caller;
pub mod client;
pub mod dto;
pub mod handlers;
pub mod job_title_roles;
pub mod oidc;
pub mod oidc_handlers;
pub mod password;
pub mod policy;
pub mod repo;
pub mod role_mappings;
pub mod roles;
pub mod second_factor;
pub mod service;
pub mod throttle;
pub mod tokens;
pub mod totp_handlers;
