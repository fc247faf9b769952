//! Bureau workbooks: the template each bureau fills in, reading the filled ones back, and
//! checking them with diagnostics located to file, sheet and cell.

pub mod layout;
pub mod template;
