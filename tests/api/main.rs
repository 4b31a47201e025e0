//! The integration suite: one binary, one file per feature, every test on SQLite and on
//! PostgreSQL (`#[both_backends]` registers each test twice).

mod access_log;
mod access_matrix;
mod action_plans;
mod actions;
mod allowed_operations;
mod audits;
mod bad_input;
mod concurrency;
mod data_protection;
mod demo;
mod dispute_resolution;
mod escalations;
mod events;
mod exports;
mod feedback;
mod foundation;
mod idempotency;
mod identity;
mod integration;
mod lists;
mod migrations;
mod monitoring;
mod notifications;
mod observations;
mod parity;
mod programmes;
mod qa_unit;
mod recovery;
mod reports;
mod scheduler;
mod second_factor;
mod security;
mod service_accounts;
mod single_sign_on;
mod webhooks;
