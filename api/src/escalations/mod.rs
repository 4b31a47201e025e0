//! Escalations about children's cases (product.md §4.5): raised to the case-accountable manager,
//! answered and resolved by them or anyone above them, with a timeline.

pub mod dto;
pub mod handlers;
pub mod model;
pub mod policy;
pub mod repo;
pub mod service;
