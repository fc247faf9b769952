//! Renderers: each turns the report model into one output file. They share one interface so
//! `build` writes them all the same way (atomically, in order), as mdBook's renderers do.

pub mod csv;
pub mod html;
pub mod json;
pub mod pdf;
pub mod xlsx;

use std::fmt;

use crate::report::Report;
use crate::wording::Wording;

/// What a renderer is given: the merged report and the wording to print it with.
pub struct RenderContext<'a> {
    pub report: &'a Report,
    pub wording: &'a Wording,
    /// Only the units of this bureau (build --by-bureau); None for the full report.
    pub bureau: Option<&'a str>,
}

/// A rendered file.
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// Page count, for formats that have pages.
    pub pages: Option<usize>,
    /// Things the reader of the output should know (a missing glyph, a cut cell).
    pub warnings: Vec<String>,
}

#[derive(Debug)]
pub struct RenderError(pub String);

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RenderError {}

pub trait Renderer {
    /// The output's file name: report.pdf.
    fn file_name(&self) -> &'static str;
    fn render(&self, ctx: &RenderContext) -> Result<Rendered, RenderError>;
}

/// Every output `build` writes, the PDF first (it is what `--by-bureau` splits).
pub fn all() -> Vec<Box<dyn Renderer + Sync>> {
    vec![
        Box::new(pdf::PdfRenderer),
        Box::new(xlsx::XlsxRenderer),
        Box::new(html::HtmlRenderer),
        Box::new(json::JsonRenderer),
        Box::new(json::SchemaRenderer),
        Box::new(csv::CsvRenderer),
    ]
}
