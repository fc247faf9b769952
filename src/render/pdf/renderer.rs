//! `report.pdf`: layout (report → pages) then serialisation (pages → bytes).

use super::layout::{layout_report, LayoutOptions, Scope};
use super::{typeset, writer};
use crate::plan::Bureau;
use crate::render::{RenderContext, RenderError, Rendered, Renderer};

pub struct PdfRenderer;

impl Renderer for PdfRenderer {
    fn file_name(&self) -> &'static str {
        "report.pdf"
    }

    fn render(&self, ctx: &RenderContext) -> Result<Rendered, RenderError> {
        let opts = LayoutOptions {
            scope: match ctx.bureau {
                Some(b) => Scope::Bureau(Bureau(b.to_string())),
                None => Scope::All,
            },
            labels: ctx.wording.labels(),
            // Not ..Default::default(): that would load the embedded wording a second time.
            style: Default::default(),
        };
        let laid = layout_report(ctx.report, typeset::bundled(), &opts);
        let pages = laid.document.pages.len();
        let bytes = writer::write_pdf(&laid.document).map_err(|e| RenderError(e.to_string()))?;
        Ok(Rendered {
            bytes,
            pages: Some(pages),
            warnings: laid.warnings.iter().map(|w| w.to_string()).collect(),
        })
    }
}
