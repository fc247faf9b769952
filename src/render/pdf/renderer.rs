//! `report.pdf`: layout (report → pages) then serialisation (pages → bytes).

use super::layout::{layout_report, LayoutOptions};
use super::{typeset, writer};
use crate::plan::Diagnostic;
use crate::render::{RenderContext, RenderError, Rendered, Renderer, Sink};

pub struct PdfRenderer;

impl Renderer for PdfRenderer {
    fn file_name(&self) -> &'static str {
        "report.pdf"
    }

    fn render(&self, ctx: &RenderContext, out: &mut dyn Sink) -> Result<Rendered, RenderError> {
        let opts = LayoutOptions {
            labels: ctx.wording.labels(),
            // Not ..Default::default(): that would load the embedded wording a second time.
            style: Default::default(),
        };
        let laid = layout_report(ctx.report, typeset::bundled(), &opts);
        let pages = laid.document.pages.len();
        let bytes = writer::write_pdf(&laid.document).map_err(RenderError::Pdf)?;
        drop(laid.document);
        out.write_all(&bytes)?;
        out.flush()?;
        Ok(Rendered {
            pages: Some(pages),
            warnings: laid
                .warnings
                .iter()
                .map(|w| Diagnostic::warning(w.to_string()).in_file(self.file_name()))
                .collect(),
        })
    }
}
