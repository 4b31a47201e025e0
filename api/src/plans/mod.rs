//! Action plans to verified impact (product.md §4.7, the action-plans issue): plans from every
//! source with an owner and a due date, their actions, measures with a baseline, a target and
//! dated readings (entered, recorded on verification, or computed from re-audits), and the
//! re-audit impact per standard.

pub mod dto;
pub mod handlers;
pub mod model;
pub mod policy;
pub mod repo;
pub mod service;
