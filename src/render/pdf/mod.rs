//! The PDF report: our own layout on printpdf's page operations.

pub mod fallback;
pub mod fonts;
pub mod ir;
pub mod justify;
pub mod layout;
pub mod linebreak;
mod renderer;
pub mod typeset;
pub mod writer;

pub use renderer::PdfRenderer;
