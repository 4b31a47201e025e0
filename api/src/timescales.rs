//! The product's timescales and limits in one place, with their documented defaults, until
//! the settings resource makes them the council's to change (product.md §3).

/// How many days ahead an observation may be planned.
pub const OBSERVATION_MAX_DAYS_AHEAD: i64 = 30;

/// Working days a practice alert's holder has to reply before it shows as overdue (local).
pub const PRACTICE_ALERT_REPLY_WORKING_DAYS: i32 = 10;

/// Working days each formal stage of dispute resolution has (a local default, not statute).
pub const DISPUTE_STAGE_WORKING_DAYS: i32 = 5;

/// Working days the whole formal dispute resolution process should take (IRO Handbook).
pub const DISPUTE_FORMAL_WORKING_DAYS: i32 = 20;

/// Working days after which an open escalation counts as long-running (product.md §4.5).
pub const LONG_RUNNING_WORKING_DAYS: i32 = 20;
