//! Identity and access: passwords, tokens, roles, the `Caller` extractor and the one policy that
//! decides record scope.

pub mod caller;
pub mod password;
pub mod roles;
pub mod tokens;
