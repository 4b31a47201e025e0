//! Observations of practice (product.md §4.4): the conversation before (purpose, focus,
//! consent), the observation record against the standards and practice skills, the family's
//! feedback, the worker's reflection, and the learning needs that feed workforce development.

pub mod dto;
pub mod handlers;
pub mod model;
pub mod policy;
pub mod repo;
pub mod service;
