//! The integration suite: one binary, every test on SQLite and on PostgreSQL.

mod foundation;
mod parity;
