//! The Children's Services Quality Assurance and Learning platform: the JSON REST API.

pub mod access_log;
pub mod actions;
pub mod audits;
pub mod auth;
pub mod calendar;
pub mod cases;
pub mod config;
pub mod dates;
pub mod db;
pub mod demo;
pub mod error;
pub mod escalations;
pub mod extract;
pub mod labels;
pub mod listing;
pub mod notifications;
pub mod openapi;
pub mod ops;
pub mod org;
pub mod pagination;
pub mod programmes;
pub mod respond;
pub mod standards;
pub mod startup;
pub mod state;
pub mod telemetry;
