//! Serialises the page display list ([`Document`]) into PDF bytes.
//!
//! printpdf builds the page tree and writes the link annotations. The fonts are embedded
//! here, as subsets cut by `subsetter` (printpdf's own subsetting needs its `text_layout`
//! feature, which alone was 41% of a cold build), and the page content streams are encoded
//! here: printpdf makes every glyph its own string object, formats it byte by byte and
//! tracks it in several maps, which on 100 pages of Japanese text cost 60% of the writer's
//! instructions (callgrind: 742 million per call with printpdf drawing the text, 302
//! million with this).
//!
//! Also added on printpdf's object tree: a nested outline pointing at a height on the page
//! (printpdf's bookmarks are flat and point at a page only), `/Lang`, the document info,
//! and a document ID that depends on the content instead of a random number, so that the
//! same `Document` always gives the same bytes.
//!
//! `fonts` holds the glyph bookkeeping, `content` the page content streams, `objects` the
//! document objects around the pages; this module validates the input and puts them together.

mod content;
mod fonts;
mod objects;
mod structure;
mod xmp;

use lopdf::ObjectId;
use printpdf as pp;
use std::fmt;

use super::fallback::FallbackFont;
use super::ir::{Bookmark, Document, FontStyle, Op, Stroke, A4_HEIGHT, A4_WIDTH};
use content::{set_fonts, set_page_content, ContentWriter};
use fonts::{bundled_fonts, GlyphSet};
use objects::{
    compress_stream, compress_streams, finish, link_annotations, pdf_date, tag_annotations,
};
use structure::{write_tree, Tagging};

/// Why a PDF could not be written. Every case but `CreatedOutOfRange` means the layout
/// handed over something it should not have: a bug to report, not a mistake of the user.
#[derive(Debug, Clone, PartialEq)]
pub enum PdfError {
    /// The document has no page.
    NoPages,
    /// A bundled font could not be read.
    FontUnreadable { style: FontStyle },
    /// A coordinate, size or line width is not a usable number (NaN, infinite, absurdly
    /// large, or a negative width or font size). `page` and `op` are 0-based.
    BadNumber {
        page: usize,
        op: usize,
        what: &'static str,
    },
    /// A text line contains a line break.
    LineBreakInText { page: usize, op: usize },
    /// A link jumps to a page the document does not have.
    LinkTargetMissing {
        page: usize,
        op: usize,
        target: usize,
        pages: usize,
    },
    /// A bookmark points at a page the document does not have, or at a height that is
    /// not a number.
    BookmarkTargetInvalid {
        title: String,
        target: usize,
        pages: usize,
    },
    /// The creation date is outside the years 1 to 9999.
    CreatedOutOfRange { created: i64 },
    /// printpdf or lopdf reported a failure while encoding.
    Encoding(String),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const BUG: &str = "プログラムの不具合です。このメッセージを開発担当者に伝えてください。";
        match self {
            PdfError::NoPages => write!(f, "PDFを作成できません: ページが1枚もありません。{BUG}"),
            PdfError::FontUnreadable { style } => {
                let name = match style {
                    FontStyle::Regular => "BIZ UDゴシック Regular",
                    FontStyle::Bold => "BIZ UDゴシック Bold",
                };
                write!(f, "PDFを作成できません: 同梱フォント「{name}」を読み込めませんでした。{BUG}")
            }
            PdfError::BadNumber { page, op, what } => write!(
                f,
                "PDFを作成できません: {}ページ目の{}番目の描画命令の{what}が正しい数値ではありません。{BUG}",
                page + 1,
                op + 1
            ),
            PdfError::LineBreakInText { page, op } => write!(
                f,
                "PDFを作成できません: {}ページ目の{}番目の描画命令の文字列に改行が含まれています。{BUG}",
                page + 1,
                op + 1
            ),
            PdfError::LinkTargetMissing { page, op, target, pages } => write!(
                f,
                "PDFを作成できません: {}ページ目の{}番目のリンクの飛び先 {}ページ目がありません（全{pages}ページ）。{BUG}",
                page + 1,
                op + 1,
                target + 1
            ),
            PdfError::BookmarkTargetInvalid { title, target, pages } => write!(
                f,
                "PDFを作成できません: しおり「{title}」の飛び先（{}ページ目、全{pages}ページ）が正しくありません。{BUG}",
                target + 1
            ),
            PdfError::CreatedOutOfRange { created } => write!(
                f,
                "PDFを作成できません: 作成日時（1970年からの秒数 {created}）が西暦1年～9999年の範囲にありません。\
                 環境変数 SOURCE_DATE_EPOCH を設定している場合は、その値を確認してください。"
            ),
            PdfError::Encoding(detail) => {
                write!(f, "PDFを作成できません: PDFの書き出し中にエラーが発生しました（{detail}）。{BUG}")
            }
        }
    }
}

impl std::error::Error for PdfError {}

/// Encodes `doc` as a PDF file. The same `Document` always gives the same bytes.
pub fn write_pdf(doc: &Document) -> Result<Vec<u8>, PdfError> {
    write_pdf_with_fonts(doc, &[])
}

/// Encodes `doc`, drawing the characters the bundled font lacks from `fallbacks` (the
/// fonts the layout measured them with). The same `Document` and fonts always give the
/// same bytes.
pub fn write_pdf_with_fonts(
    doc: &Document,
    fallbacks: &[FallbackFont],
) -> Result<Vec<u8>, PdfError> {
    validate(doc)?;
    let glyphs = GlyphSet::new(bundled_fonts()?, fallbacks, doc)?;

    let a4 = pp::Rect::from_wh(pp::Pt(A4_WIDTH), pp::Pt(A4_HEIGHT));
    let mut pdf = pp::PdfDocument::new(&doc.info.title);
    pdf.pages = doc
        .pages
        .iter()
        .map(|page| pp::PdfPage {
            media_box: a4.clone(),
            trim_box: a4.clone(),
            crop_box: a4.clone(),
            ops: link_annotations(page),
        })
        .collect();

    let opts = pp::PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == pp::PdfParseErrorSeverity::Error)
    {
        return Err(PdfError::Encoding(w.msg.clone()));
    }

    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    if page_ids.len() != doc.pages.len() {
        return Err(PdfError::Encoding(format!(
            "printpdf wrote {} pages instead of {}",
            page_ids.len(),
            doc.pages.len()
        )));
    }
    let fonts = glyphs.write_fonts(&mut lo)?;
    set_fonts(&mut lo, page_ids[0], fonts)?;
    let tagging = Tagging::new(&doc.structure);
    let mut marks = Vec::with_capacity(page_ids.len());
    // Each page's content is deflated as soon as it is written, so that a report of
    // thousands of pages never holds all of them uncompressed (the 100× plan's peak).
    let mut deflate = flate2::Compress::new(flate2::Compression::new(6), true);
    for (page, id) in doc.pages.iter().zip(&page_ids) {
        let (content, m) = ContentWriter::new(&glyphs, &tagging).page(page);
        let mut stream = lopdf::Stream::new(lopdf::Dictionary::new(), content);
        compress_stream(&mut deflate, &mut stream)?;
        set_page_content(&mut lo, *id, stream)?;
        marks.push(m);
    }
    let annotations = tag_annotations(&mut lo, &page_ids, &marks)?;
    let tree = write_tree(
        &mut lo,
        &doc.structure,
        &tagging,
        &page_ids,
        &marks,
        &annotations,
    )?;

    finish(&mut lo, doc, &page_ids, tree)?;
    compress_streams(&mut lo)?;
    let mut bytes = Vec::new();
    // Object streams: the structure tree is thousands of small dictionaries, which would
    // otherwise each be written, with their cross-reference entry, uncompressed.
    // lopdf deflates each object stream with a compressor of its own; at its default of 100
    // objects a stream, the structure tree's thousands of small dictionaries made setting
    // up compressors most of the cost of saving. Bigger streams also pack better.
    let save = lopdf::SaveOptions {
        use_object_streams: true,
        use_xref_streams: true,
        object_stream_config: lopdf::ObjectStreamConfig {
            max_objects_per_stream: OBJECTS_PER_STREAM,
            compression_level: 6,
        },
        ..Default::default()
    };
    lo.save_with_options(&mut bytes, save)
        .map_err(|e| PdfError::Encoding(format!("save: {e}")))?;
    Ok(bytes)
}

/// Beyond this many points from the page a coordinate can only be a layout bug; it also
/// keeps every number writable without an exponent.
const MAX_COORDINATE: f32 = 100_000.0;

/// Objects packed into one object stream.
const OBJECTS_PER_STREAM: usize = 1_000;

fn validate(doc: &Document) -> Result<(), PdfError> {
    let pages = doc.pages.len();
    if pages == 0 {
        return Err(PdfError::NoPages);
    }
    for (page, p) in doc.pages.iter().enumerate() {
        for (op, o) in p.ops.iter().enumerate() {
            let bad = |what| Err(PdfError::BadNumber { page, op, what });
            let usable = |vs: &[f32]| {
                vs.iter()
                    .all(|v| v.is_finite() && v.abs() <= MAX_COORDINATE)
            };
            let stroke_ok =
                |s: &Stroke| s.width.is_finite() && (0.0..=MAX_COORDINATE).contains(&s.width);
            match o {
                Op::Text {
                    x,
                    y,
                    size,
                    text,
                    spacing,
                    ..
                } => {
                    if !usable(&[*x, *y]) {
                        return bad("位置");
                    }
                    if !usable(spacing) {
                        return bad("文字の間隔");
                    }
                    if !(size.is_finite() && *size > 0.0 && *size <= MAX_COORDINATE) {
                        return bad("文字の大きさ");
                    }
                    if text.contains(['\n', '\r']) {
                        return Err(PdfError::LineBreakInText { page, op });
                    }
                }
                Op::Rect {
                    x, y, w, h, stroke, ..
                } => {
                    if !usable(&[*x, *y, *w, *h]) {
                        return bad("位置・大きさ");
                    }
                    if stroke.as_ref().is_some_and(|s| !stroke_ok(s)) {
                        return bad("線の太さ");
                    }
                }
                Op::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    stroke,
                } => {
                    if !usable(&[*x1, *y1, *x2, *y2]) {
                        return bad("位置");
                    }
                    if !stroke_ok(stroke) {
                        return bad("線の太さ");
                    }
                }
                Op::Link {
                    x,
                    y,
                    w,
                    h,
                    page: target,
                    target_y,
                } => {
                    if !usable(&[*x, *y, *w, *h, *target_y]) {
                        return bad("位置・大きさ");
                    }
                    if *target >= pages {
                        return Err(PdfError::LinkTargetMissing {
                            page,
                            op,
                            target: *target,
                            pages,
                        });
                    }
                }
                // An element the tree does not reach is drawn as an artifact.
                Op::Tag(_) => {}
            }
        }
    }
    fn check_bookmarks(marks: &[Bookmark], pages: usize) -> Result<(), PdfError> {
        for b in marks {
            if b.page >= pages || !(b.y.is_finite() && b.y.abs() <= MAX_COORDINATE) {
                return Err(PdfError::BookmarkTargetInvalid {
                    title: b.title.clone(),
                    target: b.page,
                    pages,
                });
            }
            check_bookmarks(&b.children, pages)?;
        }
        Ok(())
    }
    check_bookmarks(&doc.bookmarks, pages)?;
    let _ = pdf_date(doc.info.created)?;
    Ok(())
}

fn style_index(style: FontStyle) -> usize {
    match style {
        FontStyle::Regular => 0,
        FontStyle::Bold => 1,
    }
}

/// Rounds to 1/100 pt: far below what print or screen shows, and it keeps the numbers
/// free of float noise such as 741.8900146.
fn round2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

const SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, 64 bit: stable across platforms and releases, which `std`'s hasher is not.
fn fnv1a(bytes: &[u8], mut h: u64) -> u64 {
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
