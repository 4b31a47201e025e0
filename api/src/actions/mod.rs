//! Action plans and actions (product.md §4.7): remedial actions and safeguarding alerts raised
//! while auditing, actions tracked from open to verified.

pub mod alerts;
pub mod dto;
pub mod handlers;
pub mod model;
pub mod policy;
pub mod reassign;
pub mod remedial;
pub mod repo;
pub mod service;
