//! The product's timescales and limits in one place, with their documented defaults, until
//! the settings resource makes them the council's to change (product.md §3).

/// How many days ahead an observation may be planned.
pub const OBSERVATION_MAX_DAYS_AHEAD: i64 = 30;
