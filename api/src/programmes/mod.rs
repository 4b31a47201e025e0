//! The annual audit programme and its themes (product.md §4.3).

pub mod dto;
pub mod handlers;
pub mod model;
pub mod repo;
pub mod service;
