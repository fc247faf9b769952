//! Renderers: each turns the report model into one output format.

pub mod pdf;
