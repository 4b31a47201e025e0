//! In-app notifications (product.md §4.8). Delivery by e-mail is a later adapter behind the same
//! `notify` call.

pub mod handlers;
pub mod repo;

pub use repo::{notify, remind, remind_all, Notice};
