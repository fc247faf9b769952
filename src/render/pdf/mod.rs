//! The PDF report: our own layout on printpdf's page operations.

pub mod fonts;
pub mod ir;
pub mod linebreak;
pub mod typeset;
pub mod writer;
pub mod layout;
