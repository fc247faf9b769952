//! Bureau workbooks: the template each bureau fills in, reading the filled ones back, and
//! checking them with diagnostics located to file, sheet and cell.

pub mod check;
pub mod diagnostic;
pub mod entry;
pub mod numbers;
pub mod reader;
pub mod safety;
pub mod schema;
pub mod template;

pub use diagnostic::{Diagnostic, Severity};
pub use entry::{BureauEntry, SourceRef};
