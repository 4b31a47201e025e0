//! Action plans and actions (product.md §4.7): remedial actions from audits, tracked from open to
//! verified.

pub mod dto;
pub mod handlers;
pub mod model;
pub mod repo;
pub mod service;
