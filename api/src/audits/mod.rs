//! Case file audits (product.md §4.2): grading against the practice standards, remedial actions
//! and alerts raised at once, inadequate ⇒ escalation, the practitioner's reply, moderation.

pub mod dto;
pub mod handlers;
pub mod model;
pub mod repo;
pub mod service;
