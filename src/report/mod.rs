//! The merged, renderer-neutral report model and its summary statistics.

pub mod compare;
pub mod history;
pub mod merge;
pub mod model;
pub mod summary;

pub use model::*;
