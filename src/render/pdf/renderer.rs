//! `report.pdf`: layout (report → pages) then serialisation (pages → bytes).

use super::fallback::FontStack;
use super::layout::{layout_report, LayoutOptions, LayoutWarning};
use super::{typeset, writer};
use crate::plan::Diagnostic;
use crate::render::{RenderContext, RenderError, Rendered, Renderer, Sink};

pub struct PdfRenderer;

const FONT_HINT: &str =
    "この文字を含むフォントを settings.toml の fallback_fonts に指定すれば、そのまま印刷できます。";

impl Renderer for PdfRenderer {
    fn file_name(&self) -> &'static str {
        "report.pdf"
    }

    fn draws_text(&self) -> bool {
        true
    }

    fn render(&self, ctx: &RenderContext, out: &mut dyn Sink) -> Result<Rendered, RenderError> {
        let opts = LayoutOptions {
            labels: ctx.wording.labels(),
            // Not ..Default::default(): that would load the embedded wording a second time.
            style: Default::default(),
        };
        let fonts = FontStack::new(typeset::bundled(), ctx.fallback_fonts);
        let laid = layout_report(ctx.report, &fonts, &opts);
        let pages = laid.document.pages.len();
        let bytes = writer::write_pdf_with_fonts(&laid.document, ctx.fallback_fonts)
            .map_err(RenderError::Pdf)?;
        drop(laid.document);
        out.write_all(&bytes)?;
        out.flush()?;
        Ok(Rendered {
            pages: Some(pages),
            warnings: laid
                .warnings
                .iter()
                .map(|w| {
                    // The layout knows the character; only here is it known how to get it
                    // printed after all.
                    let hint = match w {
                        LayoutWarning::MissingGlyph { .. } => FONT_HINT,
                        LayoutWarning::ControlCharacters { .. } => "",
                    };
                    Diagnostic::warning(format!("{w}{hint}")).in_file(self.file_name())
                })
                .collect(),
        })
    }
}
