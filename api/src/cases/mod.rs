//! The cases registry (product.md §4.1): a thin reference to the child's case in the CMS.

pub mod dto;
pub mod handlers;
pub mod model;
pub mod policy;
pub mod repo;
pub mod service;
