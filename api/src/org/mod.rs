//! The organisation (directorate → service → team) and the people in it.

pub mod dto;
pub mod handlers;
pub mod model;
pub mod repo;
pub mod service;
