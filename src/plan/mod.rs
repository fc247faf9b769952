//! The master item list: the plan's hierarchy and items as typed data, and its loader.

pub mod date;
pub mod diagnostic;
pub mod fingerprint;
pub mod fiscal_year;
pub mod format;
pub mod loader;
pub mod model;
pub mod settings;

pub use date::ReportDate;
pub use diagnostic::{Diagnostic, Diagnostics, Location, Severity};
pub use fiscal_year::FiscalYear;
pub use loader::{load_bundled, load_dir, load_sources, SourceFile};
pub use model::*;
pub use settings::{EffectEstimate, FontFile, Grade, GradeScale, ReasonTag, Settings};
