//! Feedback (product.md §4.6, the feedback issue): compliments, statutory and corporate
//! complaints on their working-day clocks, participation with "you said, we did", survey
//! responses imported in batches, advocacy reports, staff and partner feedback.

pub mod dto;
pub mod handlers;
pub mod import;
pub mod model;
pub mod policy;
pub mod repo;
pub mod service;
