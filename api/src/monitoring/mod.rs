//! Reviewing officers' monitoring forms (product.md §4.5): completed after each statutory
//! review or conference, checking practice against the standards, from which a concern can be
//! raised as a practice alert or an escalation.

pub mod dto;
pub mod handlers;
pub mod model;
pub mod policy;
pub mod repo;
pub mod service;
