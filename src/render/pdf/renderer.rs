//! `report.pdf`: layout (report → pages) then serialisation (pages → bytes).

use super::fallback::FontStack;
use super::layout::{layout_report_into, LayoutOptions, LayoutWarning};
use super::typeset;
use super::writer::{Finished, PdfError, PdfWriter};
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
        // Each page is written as soon as it is laid out (see `PageSink`).
        let mut file = std::io::BufWriter::with_capacity(1 << 16, SinkWriter(out));
        let mut pdf = PdfWriter::new(&mut file, ctx.fallback_fonts).map_err(pdf_error)?;
        let laid = layout_report_into(ctx.report, &fonts, &opts, &mut pdf);
        let pages = laid.order.len();
        pdf.finish(&Finished {
            order: &laid.order,
            bookmarks: &laid.bookmarks,
            info: &laid.info,
            structure: &laid.structure,
        })
        .map_err(pdf_error)?;
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

/// A failed write is the disk's or the folder's fault, reported as such; anything else is
/// the writer's.
fn pdf_error(e: PdfError) -> RenderError {
    match e {
        PdfError::Io { kind, message } => RenderError::Io(std::io::Error::new(kind, message)),
        e => RenderError::Pdf(e),
    }
}

/// The output as a plain `Write` for the PDF writer.
struct SinkWriter<'a>(&'a mut dyn Sink);

impl std::io::Write for SinkWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
