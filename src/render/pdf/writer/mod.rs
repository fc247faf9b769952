//! Serialises the page display list into PDF bytes, page by page as the layout finishes
//! them ([`PdfWriter`], a [`PageSink`]), or a whole [`Document`] at once ([`write_pdf`]).
//!
//! Each page's content stream is encoded here as soon as the page comes (printpdf makes
//! every glyph its own string object and tracks it in several maps, which cost 60% of the
//! writer's instructions) and goes straight into the file (`file`), deflated. The fonts are
//! embedded as subsets cut by `subsetter` (printpdf's own subsetting needs its `text_layout`
//! feature, which alone was 41% of a cold build). Once every page is in, printpdf builds the
//! page tree and the link annotations; added on its objects: a nested outline pointing at a
//! height on the page, `/Lang`, the document info, PDF/A's metadata and output intent, and
//! a document ID that depends on the content instead of a random number. The structure
//! tree is written last, straight into object streams.
//!
//! `fonts` holds the glyph bookkeeping, `content` the page content streams, `objects` the
//! document objects around the pages, `structure` the tree, `file` the file's objects and
//! cross-reference stream; this module puts them together.

mod content;
mod file;
mod fonts;
mod objects;
mod structure;
mod unhint;
mod xmp;

use lopdf::{Object, ObjectId};
use printpdf as pp;
use std::fmt;
use std::io::Write;

use super::fallback::FallbackFont;
use super::ir::{
    Bookmark, DocInfo, Document, FontStyle, Op, Page, PageSink, Stroke, Structure, A4_HEIGHT,
    A4_WIDTH,
};
use content::{ContentWriter, PageMarks};
use file::{write_name, write_num, write_object, write_ref, ObjNum, PdfFile};
use fonts::{bundled_fonts, GlyphSet};
use objects::{link_annotations, pdf_date, set_fonts, tag_annotations, IdHasher};
use structure::{write_tree, Annotation, Tagging, TreePages};

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
    /// The output could not be written (disk full, permissions): not a bug.
    Io {
        kind: std::io::ErrorKind,
        message: String,
    },
}

impl PdfError {
    pub(crate) fn io(e: std::io::Error) -> PdfError {
        PdfError::Io {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
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
            PdfError::Io { message, .. } => write!(
                f,
                "PDFを書き込めません（{message}）。出力先のフォルダと空き容量を確かめてください。"
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
    let mut bytes = Vec::new();
    let mut writer = PdfWriter::new(&mut bytes, fallbacks)?;
    for page in &doc.pages {
        writer.page(page, &doc.structure);
    }
    let order: Vec<usize> = (0..doc.pages.len()).collect();
    writer.finish(&Finished {
        order: &order,
        bookmarks: &doc.bookmarks,
        info: &doc.info,
        structure: &doc.structure,
    })?;
    Ok(bytes)
}

/// What the writer learns once every page is written.
pub struct Finished<'d> {
    /// The pages in document order, as the slots `PageSink::page` gave them.
    pub order: &'d [usize],
    pub bookmarks: &'d [Bookmark],
    pub info: &'d DocInfo,
    pub structure: &'d Structure,
}

/// What is kept of a page once its content is written.
struct PageRecord {
    /// Its content streams, in order.
    contents: Vec<ObjNum>,
    marks: PageMarks,
    /// Its `Op::Link`s, for printpdf to make annotations of.
    links: Vec<Op>,
}

/// Writes a PDF as the layout hands over its pages: each page's content is encoded,
/// deflated and written to the output at once, and only its marks are kept, so that a
/// report of thousands of pages is never held whole. The pages may come in any order;
/// `finish` is told the document's.
pub struct PdfWriter<'w, 'f> {
    file: PdfFile<'w>,
    glyphs: GlyphSet<'f>,
    tagging: Tagging,
    pages: Vec<PageRecord>,
    id: IdHasher,
    /// The first thing that went wrong; pages after it are not written.
    error: Option<PdfError>,
}

impl<'w, 'f> PdfWriter<'w, 'f> {
    pub fn new(out: &'w mut dyn Write, fallbacks: &'f [FallbackFont]) -> Result<Self, PdfError> {
        Ok(PdfWriter {
            file: PdfFile::new(out)?,
            glyphs: GlyphSet::new(bundled_fonts()?, fallbacks)?,
            tagging: Tagging::default(),
            pages: Vec::new(),
            id: objects::new_id_hasher(),
            error: None,
        })
    }

    fn content(&mut self, slot: usize, ops: &[Op], tree: &Structure) -> Result<(), PdfError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        validate_ops(slot, ops)?;
        self.id.usize(slot);
        self.id.ops(ops);
        let record = &mut self.pages[slot];
        let marks = std::mem::take(&mut record.marks);
        let (content, marks) =
            ContentWriter::new(&mut self.glyphs, &mut self.tagging, tree, marks).write(ops);
        record.marks = marks;
        record.links.extend(
            ops.iter()
                .filter(|op| matches!(op, Op::Link { .. }))
                .cloned(),
        );
        let num = self.file.alloc();
        record.contents.push(num);
        self.file.stream(num, b"", &content, true)
    }

    /// Writes the rest of the document: fonts, page tree, annotations, outline, metadata,
    /// the structure tree and the cross-reference stream.
    pub fn finish(mut self, doc: &Finished) -> Result<(), PdfError> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let pages = doc.order.len();
        if pages == 0 {
            return Err(PdfError::NoPages);
        }
        for (page, slot) in doc.order.iter().enumerate() {
            let record = self.pages.get(*slot).ok_or_else(|| {
                PdfError::Encoding(format!("page {page} is slot {slot}, never written"))
            })?;
            for (op, link) in record.links.iter().enumerate() {
                if let Op::Link { page: target, .. } = link {
                    if *target >= pages {
                        return Err(PdfError::LinkTargetMissing {
                            page,
                            op,
                            target: *target,
                            pages,
                        });
                    }
                }
            }
        }
        check_bookmarks(doc.bookmarks, pages)?;
        let _ = pdf_date(doc.info.created)?;
        let id = self
            .id
            .finish(doc.order, doc.bookmarks, doc.structure, doc.info);

        // printpdf builds the page tree and the link annotations; the pages' content is
        // already written and goes in by reference.
        let a4 = pp::Rect::from_wh(pp::Pt(A4_WIDTH), pp::Pt(A4_HEIGHT));
        let mut pdf = pp::PdfDocument::new(&doc.info.title);
        pdf.pages = doc
            .order
            .iter()
            .map(|slot| pp::PdfPage {
                media_box: a4.clone(),
                trim_box: a4.clone(),
                crop_box: a4.clone(),
                ops: link_annotations(&self.pages[*slot].links),
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
        drop(pdf);
        if let Some(w) = warnings
            .iter()
            .find(|w| w.severity == pp::PdfParseErrorSeverity::Error)
        {
            return Err(PdfError::Encoding(w.msg.clone()));
        }
        let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
        if page_ids.len() != pages {
            return Err(PdfError::Encoding(format!(
                "printpdf wrote {} pages instead of {pages}",
                page_ids.len()
            )));
        }
        // printpdf's own (empty) content streams give way to ours. Its crop and trim
        // boxes are the media box, which is what they are when left out.
        for id in &page_ids {
            let page = lo
                .get_dictionary_mut(*id)
                .map_err(|e| PdfError::Encoding(format!("page: {e}")))?;
            page.remove(b"CropBox");
            page.remove(b"TrimBox");
            if let Some(Object::Reference(old)) = page.remove(b"Contents") {
                lo.objects.remove(&old);
            }
        }
        let fonts = self.glyphs.write_fonts(&mut lo)?;
        set_fonts(&mut lo, page_ids[0], fonts)?;
        let marks: Vec<&PageMarks> = doc.order.iter().map(|s| &self.pages[*s].marks).collect();
        let annotations = tag_annotations(&mut lo, &page_ids, &marks)?;
        objects::finish(&mut lo, doc.info, doc.bookmarks, &page_ids, id)?;

        // The tree's root and parent tree are numbered first: the catalog points at one.
        let struct_root = self.file.alloc();
        let parent_tree = self.file.alloc();
        let catalog = lo
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .map_err(|e| PdfError::Encoding(format!("catalog: {e}")))?;
        // lopdf's objects get the numbers after those written so far, in their order.
        let mut renumber = vec![0; lo.max_id as usize + 1];
        let first = self.file.alloc_many(lo.objects.len());
        for (k, (id, _)) in lo.objects.iter().enumerate() {
            if let Some(slot) = renumber.get_mut(id.0 as usize) {
                *slot = first + k as ObjNum;
            }
        }
        let num = |id: ObjectId| renumber.get(id.0 as usize).copied().unwrap_or(0);
        let mut extra: std::collections::HashMap<ObjectId, Vec<u8>> = Default::default();
        for (page, (id, slot)) in page_ids.iter().zip(doc.order).enumerate() {
            let mut e = b" /Contents [".to_vec();
            for (k, c) in self.pages[*slot].contents.iter().enumerate() {
                if k > 0 {
                    e.push(b' ');
                }
                write_ref(&mut e, *c);
            }
            e.extend_from_slice(b"] /StructParents ");
            write_num(&mut e, page);
            extra.insert(*id, e);
        }
        let mut e = b" /StructTreeRoot ".to_vec();
        write_ref(&mut e, struct_root);
        extra.insert(catalog, e);

        let mut out = Vec::with_capacity(1024);
        for (id, object) in std::mem::take(&mut lo.objects) {
            match object {
                Object::Stream(stream) => {
                    out.clear();
                    let deflate = stream.allows_compression && !stream.dict.has(b"Filter");
                    for (key, value) in stream.dict.iter() {
                        if key.as_slice() != b"Length" {
                            write_name(&mut out, key);
                            out.push(b' ');
                            write_object(&mut out, value, &renumber);
                            out.push(b' ');
                        }
                    }
                    self.file.stream(num(id), &out, &stream.content, deflate)?;
                }
                object => {
                    out.clear();
                    write_object(&mut out, &object, &renumber);
                    if let Some(e) = extra.get(&id) {
                        if out.ends_with(b">>") {
                            out.truncate(out.len() - 2);
                            out.extend_from_slice(e);
                            out.extend_from_slice(b">>");
                        }
                    }
                    self.file.object(num(id), &out)?;
                }
            }
        }
        let page_nums: Vec<ObjNum> = page_ids.iter().map(|id| num(*id)).collect();
        let annotations: Vec<Annotation> = annotations
            .into_iter()
            .map(|(id, page, node)| Annotation {
                num: num(id),
                page,
                node,
            })
            .collect();
        write_tree(
            &mut self.file,
            doc.structure,
            (struct_root, parent_tree),
            &TreePages {
                nums: &page_nums,
                marks: &marks,
            },
            &annotations,
        )?;
        let mut trailer = Vec::new();
        for key in [&b"Root"[..], b"Info", b"ID"] {
            if let Ok(value) = lo.trailer.get(key) {
                write_name(&mut trailer, key);
                trailer.push(b' ');
                write_object(&mut trailer, value, &renumber);
                trailer.push(b' ');
            }
        }
        self.file.finish(&trailer)
    }
}

impl PageSink for PdfWriter<'_, '_> {
    fn page(&mut self, page: &Page, tree: &Structure) -> usize {
        let slot = self.pages.len();
        self.pages.push(PageRecord {
            contents: Vec::new(),
            marks: PageMarks::default(),
            links: Vec::new(),
        });
        if let Err(e) = self.content(slot, &page.ops, tree) {
            self.error.get_or_insert(e);
        }
        slot
    }

    fn add(&mut self, slot: usize, ops: &[Op], tree: &Structure) {
        if slot >= self.pages.len() {
            self.error.get_or_insert(PdfError::Encoding(format!(
                "ops added to page slot {slot}, which was never written"
            )));
            return;
        }
        if let Err(e) = self.content(slot, ops, tree) {
            self.error.get_or_insert(e);
        }
    }
}

/// Beyond this many points from the page a coordinate can only be a layout bug; it also
/// keeps every number writable without an exponent.
const MAX_COORDINATE: f32 = 100_000.0;

/// Refuses what the writer cannot encode. `page` is the page's slot: the order it was
/// written in.
fn validate_ops(page: usize, ops: &[Op]) -> Result<(), PdfError> {
    for (op, o) in ops.iter().enumerate() {
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
                target_y,
                ..
            } => {
                if !usable(&[*x, *y, *w, *h, *target_y]) {
                    return bad("位置・大きさ");
                }
            }
            // An element the tree does not reach is drawn as an artifact.
            Op::Tag(_) => {}
        }
    }
    Ok(())
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
