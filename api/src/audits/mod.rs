//! Case file audits (product.md §4.2): grading against the practice standards, remedial actions
//! and alerts raised at once, inadequate ⇒ escalation, the practitioner's reply, moderation.
//! `policy` says who may do what and when; `lifecycle` is the only place a status changes;
//! `judgements` holds the per-standard saves and the completeness rules; `sampling` draws a
//! theme's sample of cases into draft audits.
//! `import` loads a council's past audits from its spreadsheets.

pub mod dto;
pub mod handlers;
pub mod import;
pub mod judgements;
pub mod lifecycle;
pub mod model;
pub mod policy;
pub mod repo;
pub mod sampling;
