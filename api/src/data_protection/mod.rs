//! Data protection (issue 19, product.md §4.10): subject access requests on their statutory
//! clock with the gathered bundle, redaction and release; legal holds on cases; the retention
//! schedule and its daily run. The data protection officer's alone.

pub mod bundle;
pub mod dto;
pub mod handlers;
pub mod holds;
pub mod model;
pub mod requests;
pub mod retention;
