//! The working-day calendar (product.md §3): the arithmetic in [`rules`], the one-off changes in
//! the database, and the HTTP reads.

pub mod handlers;
pub mod repo;
pub mod rules;

pub use rules::Calendar;
