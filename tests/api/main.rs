//! The integration suite: one binary, every test on SQLite and on PostgreSQL.

mod access_matrix;
mod audits;
mod bad_input;
mod demo;
mod foundation;
mod identity;
mod migrations;
mod parity;
mod recovery;
