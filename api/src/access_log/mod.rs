//! The access log (product.md §4.10): every read or change of a case-level record, and every
//! administrator change, appended here. Nothing in the API edits or deletes it.

pub mod handlers;
pub mod indexer;
pub mod repo;
pub mod writer;

pub use repo::{commit, record, AccessEntry, Outcome};
pub use writer::AccessLogWriter;
