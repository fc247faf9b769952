//! Renderers: each turns the finished report model into one output file. They share one
//! interface, as mdBook's renderers do, so the build pipeline writes them all the same way:
//! each streams into its own temporary file, and the set is committed together.

pub mod csv;
pub mod html;
pub mod json;
pub mod pdf;
pub mod xlsx;

use std::fmt;
use std::io::{Seek, Write};

use crate::plan::Diagnostic;
use crate::report::Report;
use crate::wording::Wording;

/// What a renderer is given: the finished report (already cut down to one bureau for
/// `--by-bureau`, see `Report::for_bureau`), the wording to print it with, and the fallback
/// fonts of the settings, already read (renderers read no files). The report's date is a
/// value in `report.meta.date`; renderers format it, never parse it.
pub struct RenderContext<'a> {
    pub report: &'a Report,
    pub wording: &'a Wording,
    pub fallback_fonts: &'a [pdf::fallback::FallbackFont],
}

/// Where a renderer writes: a file in practice, memory in tests. Seekable because the
/// spreadsheet's zip container is written with seeks.
pub trait Sink: Write + Seek + Send {}

impl<T: Write + Seek + Send> Sink for T {}

/// What a renderer says about the file it wrote.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Page count, for formats that have pages.
    pub pages: Option<usize>,
    /// Things the reader of the output should know (a missing glyph, a cut cell), located
    /// in the output file.
    pub warnings: Vec<Diagnostic>,
}

/// Why an output could not be written. Each case keeps its cause (`source()`), so a bug
/// report carries the library's own words.
#[derive(Debug)]
pub enum RenderError {
    /// The PDF writer refused the laid-out document.
    Pdf(pdf::writer::PdfError),
    /// rust_xlsxwriter could not assemble the spreadsheet.
    Xlsx(rust_xlsxwriter::XlsxError),
    /// The report model could not be serialised.
    Json(serde_json::Error),
    /// A wording template failed while rendering (the office's override, usually).
    Wording(String),
    /// Writing the output file failed (disk full, permissions).
    Io(std::io::Error),
    /// A renderer's thread stopped unexpectedly: a bug.
    Internal,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Pdf(e) => write!(f, "PDFの報告書を作れませんでした（{e}）"),
            // The long sheets of report.xlsx are written through temporary files.
            RenderError::Xlsx(rust_xlsxwriter::XlsxError::TempFileError(dir, e)) => write!(
                f,
                "Excelの報告書（report.xlsx）を作るための一時ファイルを {} に書き込めませんでした（{e}）。\
                 一時フォルダ（環境変数 TMPDIR、Windows では TEMP）があること、空き容量があることを確かめてください",
                dir.display()
            ),
            RenderError::Xlsx(e) => {
                write!(f, "Excelの報告書（report.xlsx）を作れませんでした（{e}）")
            }
            RenderError::Json(e) => write!(f, "JSONを書き出せません（{e}）"),
            RenderError::Wording(m) => f.write_str(m),
            RenderError::Io(e) => write!(
                f,
                "出力ファイルを書き込めません（{e}）。出力先のフォルダと空き容量を確かめてください"
            ),
            RenderError::Internal => f.write_str("出力の作成中に内部エラーが起きました"),
        }
    }
}

impl std::error::Error for RenderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RenderError::Pdf(e) => Some(e),
            RenderError::Xlsx(e) => Some(e),
            RenderError::Json(e) => Some(e),
            RenderError::Io(e) => Some(e),
            RenderError::Wording(_) | RenderError::Internal => None,
        }
    }
}

impl From<std::io::Error> for RenderError {
    fn from(e: std::io::Error) -> Self {
        RenderError::Io(e)
    }
}

pub trait Renderer {
    /// The output's file name: report.pdf.
    fn file_name(&self) -> &'static str;
    /// Whether it draws text with fonts, so that the fallback fonts must be read first.
    fn draws_text(&self) -> bool {
        false
    }
    /// Writes the output into `out`.
    fn render(&self, ctx: &RenderContext, out: &mut dyn Sink) -> Result<Rendered, RenderError>;
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

/// Renders into memory: for tests and benchmarks, which look at the bytes.
pub fn render_to_vec(
    renderer: &dyn Renderer,
    ctx: &RenderContext,
) -> Result<(Vec<u8>, Rendered), RenderError> {
    let mut out = std::io::Cursor::new(Vec::new());
    let done = renderer.render(ctx, &mut out)?;
    Ok((out.into_inner(), done))
}
