//! Serialises the page display list ([`Document`]) into PDF bytes with printpdf.
//!
//! printpdf draws the pages, embeds the bundled fonts as subsets and writes the link
//! annotations. Three things it cannot do are done here on its lopdf object tree before
//! saving: a nested outline whose entries point at a height on the page (printpdf's
//! bookmarks are flat and point at a page only), `/Lang` in the catalog, and a document
//! ID that depends on the content instead of a random number, so that the same
//! `Document` always gives the same bytes.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf as pp;

use super::fonts;
use super::ir::{
    Bookmark, Color, DocInfo, Document, FontStyle, Op, Page, Stroke, A4_HEIGHT, A4_WIDTH,
};

/// Why a PDF could not be written. Every case but `CreatedOutOfRange` means the layout
/// handed over something it should not have: a bug to report, not a mistake of the user.
#[derive(Debug, Clone, PartialEq)]
pub enum PdfError {
    /// The document has no page.
    NoPages,
    /// A bundled font could not be read.
    FontUnreadable { style: FontStyle },
    /// A coordinate, size or line width is not a usable number (NaN, infinite, or a
    /// negative width or font size). `page` and `op` are 0-based.
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
    validate(doc)?;
    let fonts = bundled_fonts()?;
    let mut encoder = Encoder::new(fonts, doc);
    let pages = doc
        .pages
        .iter()
        .map(|page| encoder.page(page))
        .collect::<Vec<_>>();

    let mut pdf = pp::PdfDocument::new(&doc.info.title);
    pdf.pages = pages;
    for (style, font) in [
        (FontStyle::Regular, &fonts.regular),
        (FontStyle::Bold, &fonts.bold),
    ] {
        if encoder.uses(style) {
            let id = encoder.font_id(style);
            pdf.resources
                .fonts
                .map
                .insert(id, pp::PdfFont::new(font.clone()));
        }
    }

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

    finish(&mut lo, doc)?;
    lo.compress();
    save_with_content_id(&mut lo)
}

/// The bundled fonts, parsed once per process: parsing reads the 4.6 MB files' tables.
struct BundledFonts {
    regular: pp::ParsedFont,
    bold: pp::ParsedFont,
}

fn bundled_fonts() -> Result<&'static BundledFonts, PdfError> {
    static FONTS: OnceLock<Result<BundledFonts, PdfError>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let parse = |style| {
                let mut warnings = Vec::new();
                pp::ParsedFont::from_bytes(fonts::font_bytes(style), 0, &mut warnings)
                    .ok_or(PdfError::FontUnreadable { style })
            };
            Ok(BundledFonts {
                regular: parse(FontStyle::Regular)?,
                bold: parse(FontStyle::Bold)?,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

fn validate(doc: &Document) -> Result<(), PdfError> {
    let pages = doc.pages.len();
    if pages == 0 {
        return Err(PdfError::NoPages);
    }
    for (page, p) in doc.pages.iter().enumerate() {
        for (op, o) in p.ops.iter().enumerate() {
            let bad = |what| Err(PdfError::BadNumber { page, op, what });
            let all_finite = |vs: &[f32]| vs.iter().all(|v| v.is_finite());
            let stroke_ok = |s: &Stroke| s.width.is_finite() && s.width >= 0.0;
            match o {
                Op::Text {
                    x, y, size, text, ..
                } => {
                    if !all_finite(&[*x, *y]) {
                        return bad("位置");
                    }
                    if !(size.is_finite() && *size > 0.0) {
                        return bad("文字の大きさ");
                    }
                    if text.contains(['\n', '\r']) {
                        return Err(PdfError::LineBreakInText { page, op });
                    }
                }
                Op::Rect {
                    x, y, w, h, stroke, ..
                } => {
                    if !all_finite(&[*x, *y, *w, *h]) {
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
                    if !all_finite(&[*x1, *y1, *x2, *y2]) {
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
                    if !all_finite(&[*x, *y, *w, *h, *target_y]) {
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
            }
        }
    }
    fn check_bookmarks(marks: &[Bookmark], pages: usize) -> Result<(), PdfError> {
        for b in marks {
            if b.page >= pages || !b.y.is_finite() {
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

/// Turns display-list ops into printpdf ops, remembering which glyphs each font needs.
struct Encoder<'a> {
    fonts: &'a BundledFonts,
    /// Char → glyph id, per style. printpdf's own `TextItem::Text` path looks every
    /// character up through the font's cmap on each use; caching here and emitting glyph
    /// ids makes 100 pages of text about ten times faster.
    glyphs: [HashMap<char, (u16, char)>; 2],
    font_ids: [pp::FontId; 2],
}

impl<'a> Encoder<'a> {
    fn new(fonts: &'a BundledFonts, doc: &Document) -> Self {
        let mut encoder = Encoder {
            fonts,
            glyphs: [HashMap::new(), HashMap::new()],
            font_ids: [pp::FontId(String::new()), pp::FontId(String::new())],
        };
        encoder.name_fonts(doc);
        encoder
    }

    /// Names each font after the characters it draws. printpdf puts the first six
    /// characters of the font id in front of the font name as the subset tag
    /// ("ABCDEF+BIZUDGothic-Regular"), and its own ids are random: this one is derived
    /// from the content, so the output is reproducible, and differs between subsets of
    /// different glyphs as PDF readers expect.
    fn name_fonts(&mut self, doc: &Document) {
        let mut hashes = [SEED, SEED ^ 0x5bd1_e995];
        for page in &doc.pages {
            for op in &page.ops {
                if let Op::Text { style, text, .. } = op {
                    let h = &mut hashes[style_index(*style)];
                    *h = fnv1a(text.as_bytes(), *h);
                }
            }
        }
        for (i, h) in hashes.into_iter().enumerate() {
            let mut tag = String::with_capacity(6);
            let mut v = h;
            for _ in 0..6 {
                tag.push(char::from(b'A' + (v % 26) as u8));
                v /= 26;
            }
            self.font_ids[i] = pp::FontId(tag);
        }
    }

    fn font_id(&self, style: FontStyle) -> pp::FontId {
        self.font_ids[style_index(style)].clone()
    }

    fn uses(&self, style: FontStyle) -> bool {
        !self.glyphs[style_index(style)].is_empty()
    }

    /// The glyph for `c`, or the geta mark 〓 if the font has none, so that a missing
    /// character shows as a visible mark rather than vanishing. The text extracted
    /// from the PDF then reads 〓 there too: one glyph can map back to one text only.
    fn glyph(&mut self, style: FontStyle, c: char) -> (u16, char) {
        let font = match style {
            FontStyle::Regular => &self.fonts.regular,
            FontStyle::Bold => &self.fonts.bold,
        };
        let cache = &mut self.glyphs[style_index(style)];
        if let Some(hit) = cache.get(&c) {
            return *hit;
        }
        let lookup = |c: char| font.lookup_glyph_index(c as u32).filter(|g| *g != 0);
        let found = match lookup(c) {
            Some(g) => (g, c),
            None => (lookup(fonts::SUBSTITUTE).unwrap_or(0), fonts::SUBSTITUTE),
        };
        cache.insert(c, found);
        found
    }

    fn page(&mut self, page: &Page) -> pp::PdfPage {
        let mut state = GraphicsState::default();
        let mut ops = Vec::with_capacity(page.ops.len() * 2);
        for op in &page.ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    style,
                    color,
                    text,
                } => {
                    if text.is_empty() {
                        continue;
                    }
                    let glyphs = text
                        .chars()
                        .map(|c| {
                            let (gid, shown) = self.glyph(*style, c);
                            pp::Codepoint {
                                gid,
                                offset: 0.0,
                                cid: Some(shown.to_string()),
                            }
                        })
                        .collect();
                    state.begin_text(&mut ops);
                    state.fill(&mut ops, *color);
                    let font = (*style, *size);
                    if state.font != Some(font) {
                        ops.push(pp::Op::SetFont {
                            font: pp::PdfFontHandle::External(self.font_id(*style)),
                            size: pp::Pt(*size),
                        });
                        state.font = Some(font);
                    }
                    ops.push(pp::Op::SetTextMatrix {
                        matrix: pp::TextMatrix::Translate(pt(*x), pt(A4_HEIGHT - *y)),
                    });
                    ops.push(pp::Op::ShowText {
                        items: vec![pp::TextItem::GlyphIds(glyphs)],
                    });
                }
                Op::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill,
                    stroke,
                } => {
                    let mode = match (fill, stroke) {
                        (None, None) => continue,
                        (Some(_), None) => pp::PaintMode::Fill,
                        (None, Some(_)) => pp::PaintMode::Stroke,
                        (Some(_), Some(_)) => pp::PaintMode::FillStroke,
                    };
                    state.end_text(&mut ops);
                    if let Some(c) = fill {
                        state.fill(&mut ops, *c);
                    }
                    if let Some(s) = stroke {
                        state.stroke(&mut ops, *s);
                    }
                    ops.push(pp::Op::DrawRectangle {
                        rectangle: pp::Rect {
                            x: pt(*x),
                            y: pt(A4_HEIGHT - *y - *h),
                            width: pt(*w),
                            height: pt(*h),
                            mode: Some(mode),
                            winding_order: None,
                        },
                    });
                }
                Op::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    stroke,
                } => {
                    state.end_text(&mut ops);
                    state.stroke(&mut ops, *stroke);
                    let point = |x: f32, y: f32| pp::LinePoint {
                        p: pp::Point {
                            x: pt(x),
                            y: pt(A4_HEIGHT - y),
                        },
                        bezier: false,
                    };
                    ops.push(pp::Op::DrawLine {
                        line: pp::Line {
                            points: vec![point(*x1, *y1), point(*x2, *y2)],
                            is_closed: false,
                        },
                    });
                }
                Op::Link {
                    x,
                    y,
                    w,
                    h,
                    page,
                    target_y,
                } => {
                    let (left, right) = (x.min(x + w), x.max(x + w));
                    let (top, bottom) = (y.min(y + h), y.max(y + h));
                    ops.push(pp::Op::LinkAnnotation {
                        link: pp::LinkAnnotation::new(
                            pp::Rect {
                                x: pt(left),
                                y: pt(A4_HEIGHT - bottom),
                                width: pt(right - left),
                                height: pt(bottom - top),
                                mode: None,
                                winding_order: None,
                            },
                            pp::Actions::Goto(pp::Destination::Xyz {
                                // printpdf counts pages from 1 here.
                                page: page + 1,
                                left: None,
                                top: Some(pt(A4_HEIGHT - *target_y).0),
                                zoom: None,
                            }),
                            // No border: the layout draws what the reader sees.
                            Some(pp::BorderArray::Solid([0.0, 0.0, 0.0])),
                            Some(pp::ColorArray::Transparent),
                            Some(pp::HighlightingMode::Invert),
                        ),
                    });
                }
            }
        }
        state.end_text(&mut ops);
        let a4 = pp::Rect::from_wh(pp::Pt(A4_WIDTH), pp::Pt(A4_HEIGHT));
        pp::PdfPage {
            media_box: a4.clone(),
            trim_box: a4.clone(),
            crop_box: a4,
            ops,
        }
    }
}

fn style_index(style: FontStyle) -> usize {
    match style {
        FontStyle::Regular => 0,
        FontStyle::Bold => 1,
    }
}

/// Rounds to 1/100 pt: far below what print or screen shows, and it keeps the content
/// streams free of float noise such as 741.8900146.
fn pt(v: f32) -> pp::Pt {
    pp::Pt((v * 100.0).round() / 100.0)
}

/// What the content stream has already set, so that runs of ops in the same colour or
/// font do not repeat it.
#[derive(Default)]
struct GraphicsState {
    in_text: bool,
    fill: Option<Color>,
    stroke: Option<Color>,
    line_width: Option<f32>,
    font: Option<(FontStyle, f32)>,
}

impl GraphicsState {
    fn begin_text(&mut self, ops: &mut Vec<pp::Op>) {
        if !self.in_text {
            ops.push(pp::Op::StartTextSection);
            self.in_text = true;
        }
    }

    /// Paths may not be drawn inside a text object (BT … ET).
    fn end_text(&mut self, ops: &mut Vec<pp::Op>) {
        if self.in_text {
            ops.push(pp::Op::EndTextSection);
            self.in_text = false;
        }
    }

    fn fill(&mut self, ops: &mut Vec<pp::Op>, c: Color) {
        if self.fill != Some(c) {
            ops.push(pp::Op::SetFillColor { col: rgb(c) });
            self.fill = Some(c);
        }
    }

    fn stroke(&mut self, ops: &mut Vec<pp::Op>, s: Stroke) {
        if self.stroke != Some(s.color) {
            ops.push(pp::Op::SetOutlineColor { col: rgb(s.color) });
            self.stroke = Some(s.color);
        }
        if self.line_width != Some(s.width) {
            ops.push(pp::Op::SetOutlineThickness { pt: pt(s.width) });
            self.line_width = Some(s.width);
        }
    }
}

fn rgb(c: Color) -> pp::Color {
    let channel = |v: u8| (v as f32 / 255.0 * 1000.0).round() / 1000.0;
    pp::Color::Rgb(pp::Rgb {
        r: channel(c.r),
        g: channel(c.g),
        b: channel(c.b),
        icc_profile: None,
    })
}

/// Adds to printpdf's object tree what printpdf does not write: document info, the
/// language, the outline, and viewer preferences.
fn finish(lo: &mut lopdf::Document, doc: &Document) -> Result<(), PdfError> {
    // /Lang needs PDF 1.4; nothing written here needs more than 1.7.
    lo.version = "1.7".to_string();

    let info_id = lo.add_object(info_dict(&doc.info)?);
    lo.trailer.set("Info", Object::Reference(info_id));

    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let outline = if doc.bookmarks.is_empty() {
        None
    } else {
        Some(add_outline(lo, &doc.bookmarks, &page_ids))
    };

    let catalog = lo
        .catalog_mut()
        .map_err(|e| PdfError::Encoding(format!("catalog: {e}")))?;
    catalog.set("Lang", text_string(&doc.info.language));
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    match outline {
        Some(id) => {
            catalog.set("Outlines", Object::Reference(id));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => {
            catalog.remove(b"Outlines");
            catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
    }
    // The document info printpdf wrote is replaced above; drop the orphan.
    lo.prune_objects();
    Ok(())
}

fn info_dict(info: &DocInfo) -> Result<Dictionary, PdfError> {
    let date = pdf_date(info.created)?;
    let date = Object::String(date.into_bytes(), StringFormat::Literal);
    Ok(Dictionary::from_iter(vec![
        ("Title", text_string(&info.title)),
        ("Author", text_string(&info.author)),
        ("Subject", text_string(&info.subject)),
        ("Creator", text_string("shinchoku")),
        ("Producer", text_string("shinchoku (printpdf 0.12)")),
        ("CreationDate", date.clone()),
        ("ModDate", date),
    ]))
}

/// A PDF text string: plain when ASCII, otherwise UTF-16BE with a byte order mark.
fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// `D:YYYYMMDDHHmmSS+09'00'`, the moment in Japan Standard Time: the report's readers
/// are in Japan, and the offset keeps the moment exact.
fn pdf_date(created: i64) -> Result<String, PdfError> {
    const JST: i64 = 9 * 3600;
    let out_of_range = PdfError::CreatedOutOfRange { created };
    let local = created.checked_add(JST).ok_or(out_of_range.clone())?;
    let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    if !(1..=9999).contains(&year) {
        return Err(out_of_range);
    }
    Ok(format!(
        "D:{year:04}{month:02}{day:02}{:02}{:02}{:02}+09'00'",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    ))
}

/// Days since 1970-01-01 → proleptic Gregorian (year, month, day); Howard Hinnant's
/// `civil_from_days`.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Writes the outline tree and returns the id of its root. Top-level entries (pillars)
/// open showing their children (sections); deeper entries start closed, so the panel
/// is a table of contents, not a list of all 105 items.
fn add_outline(lo: &mut lopdf::Document, marks: &[Bookmark], page_ids: &[ObjectId]) -> ObjectId {
    let root = lo.new_object_id();
    let (first, last) = add_outline_level(lo, marks, root, page_ids, 0);
    let visible = marks.len() + marks.iter().map(|m| m.children.len()).sum::<usize>();
    let mut dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Outlines".to_vec())),
        ("Count", Object::Integer(visible as i64)),
    ]);
    dict.set("First", Object::Reference(first));
    dict.set("Last", Object::Reference(last));
    lo.objects.insert(root, Object::Dictionary(dict));
    root
}

/// Writes one level of siblings under `parent`; returns the first and last id.
fn add_outline_level(
    lo: &mut lopdf::Document,
    marks: &[Bookmark],
    parent: ObjectId,
    page_ids: &[ObjectId],
    depth: usize,
) -> (ObjectId, ObjectId) {
    let ids: Vec<ObjectId> = marks.iter().map(|_| lo.new_object_id()).collect();
    for (i, mark) in marks.iter().enumerate() {
        let mut dict = Dictionary::from_iter(vec![
            ("Title", text_string(&mark.title)),
            ("Parent", Object::Reference(parent)),
            (
                "Dest",
                Object::Array(vec![
                    Object::Reference(page_ids[mark.page]),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(pt(A4_HEIGHT - mark.y).0),
                    Object::Null,
                ]),
            ),
        ]);
        if i > 0 {
            dict.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            dict.set("Next", Object::Reference(*next));
        }
        if !mark.children.is_empty() {
            let (first, last) = add_outline_level(lo, &mark.children, ids[i], page_ids, depth + 1);
            dict.set("First", Object::Reference(first));
            dict.set("Last", Object::Reference(last));
            // Positive: open, that many children visible. Negative: closed.
            let n = mark.children.len() as i64;
            dict.set("Count", Object::Integer(if depth == 0 { n } else { -n }));
        }
        lo.objects.insert(ids[i], Object::Dictionary(dict));
    }
    (ids[0], ids[ids.len() - 1])
}

/// Saves the document with a trailer `/ID` derived from its bytes. printpdf writes a
/// random ID; PDF only asks that the ID identify the file, which a hash of the content
/// does, and it keeps the output reproducible.
fn save_with_content_id(lo: &mut lopdf::Document) -> Result<Vec<u8>, PdfError> {
    lo.trailer.remove(b"ID");
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::Encoding(format!("save: {e}")))?;
    let mut id = Vec::with_capacity(16);
    id.extend_from_slice(&fnv1a(&bytes, SEED).to_be_bytes());
    id.extend_from_slice(&fnv1a(&bytes, SEED ^ 0x9e37_79b9_7f4a_7c15).to_be_bytes());
    let id = Object::String(id, StringFormat::Hexadecimal);
    lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    bytes.clear();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::Encoding(format!("save: {e}")))?;
    Ok(bytes)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_japan_standard_time() {
        assert_eq!(pdf_date(0).unwrap(), "D:19700101090000+09'00'");
        // 2025-03-31 15:00:00 UTC is 2025-04-01 00:00 in Japan.
        assert_eq!(pdf_date(1_743_433_200).unwrap(), "D:20250401000000+09'00'");
        assert_eq!(pdf_date(951_782_400).unwrap(), "D:20000229090000+09'00'");
        assert!(pdf_date(i64::MAX).is_err());
        assert!(pdf_date(-62_200_000_000).is_err());
    }

    #[test]
    fn text_strings_are_utf16_when_not_ascii() {
        assert_eq!(
            text_string("ja"),
            Object::String(b"ja".to_vec(), StringFormat::Literal)
        );
        assert_eq!(
            text_string("進捗"),
            Object::String(
                vec![0xFE, 0xFF, 0x90, 0x32, 0x63, 0x57],
                StringFormat::Hexadecimal
            )
        );
    }
}
