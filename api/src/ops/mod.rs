//! Operations: request ids, metrics, security headers, health probes and the fallback that
//! turns unknown routes into 404 and wrong methods into 405 problems.

pub mod backup;
pub mod fallback;
pub mod health;
pub mod memory;
pub mod metrics;
pub mod middleware;
pub mod request_id;
pub mod shutdown;
