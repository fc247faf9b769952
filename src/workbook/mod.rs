//! Bureau workbooks: the template each bureau fills in, reading the filled ones back, and
//! checking them with diagnostics located to file, sheet and cell.

pub mod check;
pub mod entry;
pub mod issue;
pub mod last_year;
pub mod numbers;
pub mod reader;
pub mod safety;
pub mod schema;
pub mod template;

// The diagnostic type is the core's (plan), so the master, the wording and the workbooks
// report alike; kept here too, where most diagnostics are made.
pub use crate::plan::diagnostic::{Diagnostic, Severity};
pub use entry::{BureauEntry, SourceRef};
