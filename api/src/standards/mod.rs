//! Reference data: practice-standards frameworks and grade scales (product.md §3).

pub mod dto;
pub mod handlers;
pub mod model;
pub mod repo;
pub mod seed;
