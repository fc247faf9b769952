//! Serialises the page display list ([`Document`]) into PDF bytes.
//!
//! printpdf embeds the bundled fonts as subsets (with their widths and the ToUnicode map
//! that makes the text searchable and copyable), builds the page tree and writes the link
//! annotations. The page content streams are encoded here: printpdf makes every glyph
//! its own string object, formats it byte by byte and tracks it in several maps, which on
//! 100 pages of Japanese text cost 60% of the writer's instructions (callgrind: 742
//! million per call with printpdf drawing the text, 302 million with this). So each glyph
//! the document uses is shown to printpdf once, on the first page, for it to subset the
//! fonts to and to map back to its character; the code printpdf gave each glyph is read
//! back from that page, and every page's content is then written with those codes,
//! replacing what printpdf wrote for the first page.
//!
//! Also added on printpdf's object tree: a nested outline pointing at a height on the page
//! (printpdf's bookmarks are flat and point at a page only), `/Lang`, the document info,
//! and a document ID that depends on the content instead of a random number, so that the
//! same `Document` always gives the same bytes.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
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
    validate(doc)?;
    let fonts = bundled_fonts()?;
    let mut glyphs = GlyphSet::new(fonts, doc);
    for page in &doc.pages {
        for op in &page.ops {
            if let Op::Text { style, text, .. } = op {
                glyphs.add(*style, text);
            }
        }
    }

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
    pdf.pages[0].ops.extend(glyphs.registration());
    for (style, font) in [
        (FontStyle::Regular, &fonts.regular),
        (FontStyle::Bold, &fonts.bold),
    ] {
        if glyphs.uses(style) {
            let id = pp::FontId(glyphs.resource_name(style).to_string());
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

    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    if page_ids.len() != doc.pages.len() {
        return Err(PdfError::Encoding(format!(
            "printpdf wrote {} pages instead of {}",
            page_ids.len(),
            doc.pages.len()
        )));
    }
    let codes = glyphs.codes_assigned(&lo, page_ids[0])?;
    for (page, id) in doc.pages.iter().zip(&page_ids) {
        let content = ContentWriter::new(&glyphs, &codes).page(page);
        set_page_content(&mut lo, *id, content)?;
    }

    finish(&mut lo, doc, &page_ids)?;
    compress_streams(&mut lo)?;
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::Encoding(format!("save: {e}")))?;
    Ok(bytes)
}

/// The bundled fonts, parsed once per process.
struct BundledFonts {
    regular: pp::ParsedFont,
    bold: pp::ParsedFont,
    /// For char → glyph lookups: printpdf's face scans the cmap's groups one by one
    /// (tens of thousands of instructions per CJK character); ttf-parser searches them.
    cmaps: [ttf_parser::Face<'static>; 2],
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
            let face = |style| {
                ttf_parser::Face::parse(fonts::font_bytes(style), 0)
                    .map_err(|_| PdfError::FontUnreadable { style })
            };
            Ok(BundledFonts {
                regular: parse(FontStyle::Regular)?,
                bold: parse(FontStyle::Bold)?,
                cmaps: [face(FontStyle::Regular)?, face(FontStyle::Bold)?],
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Beyond this many points from the page a coordinate can only be a layout bug; it also
/// keeps every number writable without an exponent.
const MAX_COORDINATE: f32 = 100_000.0;

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
                    x, y, size, text, ..
                } => {
                    if !usable(&[*x, *y]) {
                        return bad("位置");
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

/// A hasher for `char` keys: one multiplication. The glyph tables are looked up once
/// per character drawn, and SipHash's resistance to chosen keys buys nothing here.
#[derive(Default)]
struct CharHasher(u64);

impl Hasher for CharHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0 ^ u64::from(n)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type CharMap<V> = HashMap<char, V, BuildHasherDefault<CharHasher>>;

/// The glyphs one style of the document draws, in order of first use.
#[derive(Default)]
struct StyleGlyphs {
    /// char → index into `glyphs`.
    index: CharMap<u32>,
    /// (glyph id in the bundled font, the character it stands for in extracted text).
    glyphs: Vec<(u16, char)>,
    /// The font's resource name, which printpdf also uses as the subset tag.
    name: String,
}

/// Every glyph the document draws, per style.
struct GlyphSet<'a> {
    fonts: &'a BundledFonts,
    styles: [StyleGlyphs; 2],
}

impl<'a> GlyphSet<'a> {
    fn new(fonts: &'a BundledFonts, doc: &Document) -> Self {
        let mut set = GlyphSet {
            fonts,
            styles: [StyleGlyphs::default(), StyleGlyphs::default()],
        };
        set.name_fonts(doc);
        set
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
        let tag = |mut v: u64| -> String {
            (0..6)
                .map(|_| {
                    let c = char::from(b'A' + (v % 26) as u8);
                    v /= 26;
                    c
                })
                .collect()
        };
        self.styles[0].name = tag(hashes[0]);
        self.styles[1].name = tag(hashes[1]);
        if self.styles[0].name == self.styles[1].name {
            // The names are the fonts' keys in the resources: they must differ.
            self.styles[1].name = tag(hashes[1].rotate_left(17));
        }
    }

    fn resource_name(&self, style: FontStyle) -> &str {
        &self.styles[style_index(style)].name
    }

    fn uses(&self, style: FontStyle) -> bool {
        !self.styles[style_index(style)].glyphs.is_empty()
    }

    fn add(&mut self, style: FontStyle, text: &str) {
        for c in text.chars() {
            self.glyph_index(style, c);
        }
    }

    /// The glyph for `c`, or the geta mark 〓 if the font has none, so that a missing
    /// character shows as a visible mark rather than vanishing. The text extracted
    /// from the PDF then reads 〓 there too: one glyph can map back to one text only.
    fn glyph_index(&mut self, style: FontStyle, c: char) -> u32 {
        let cmap = &self.fonts.cmaps[style_index(style)];
        let s = &mut self.styles[style_index(style)];
        if let Some(i) = s.index.get(&c) {
            return *i;
        }
        let lookup = |c: char| cmap.glyph_index(c).map(|g| g.0).filter(|g| *g != 0);
        let glyph = match lookup(c) {
            Some(g) => (g, c),
            None => (lookup(fonts::SUBSTITUTE).unwrap_or(0), fonts::SUBSTITUTE),
        };
        // Every missing character is drawn with the one substitute glyph, which must
        // appear once so that it has one text.
        let shared = match glyph.1 == fonts::SUBSTITUTE {
            true => s.glyphs.iter().position(|g| *g == glyph),
            false => None,
        };
        let i = shared.unwrap_or_else(|| {
            s.glyphs.push(glyph);
            s.glyphs.len() - 1
        }) as u32;
        s.index.insert(c, i);
        i
    }

    /// Shows printpdf every glyph once, each with the character it stands for: this is
    /// what it subsets the fonts to and builds the ToUnicode maps from. It ends up on the
    /// first page's content stream, which is then replaced.
    fn registration(&self) -> Vec<pp::Op> {
        let mut ops = vec![pp::Op::StartTextSection];
        for s in &self.styles {
            if s.glyphs.is_empty() {
                continue;
            }
            ops.push(pp::Op::SetFont {
                font: pp::PdfFontHandle::External(pp::FontId(s.name.clone())),
                size: pp::Pt(1.0),
            });
            ops.push(pp::Op::ShowText {
                items: vec![pp::TextItem::GlyphIds(
                    s.glyphs
                        .iter()
                        .map(|(gid, c)| pp::Codepoint {
                            gid: *gid,
                            offset: 0.0,
                            cid: Some(c.to_string()),
                        })
                        .collect(),
                )],
            });
        }
        ops.push(pp::Op::EndTextSection);
        ops
    }

    /// Reads back from the first page the code printpdf wrote for each registered glyph:
    /// the glyph's number in the subset font, which the content streams must use.
    fn codes_assigned(
        &self,
        lo: &lopdf::Document,
        first_page: ObjectId,
    ) -> Result<[Vec<u16>; 2], PdfError> {
        let failed = |what: &str| PdfError::Encoding(format!("glyph codes: {what}"));
        let mut codes = [Vec::new(), Vec::new()];
        if self.styles.iter().all(|s| s.glyphs.is_empty()) {
            return Ok(codes);
        }
        // An unreadable stream reads as empty, and fails the count check below.
        let content = lo.get_page_content(first_page);
        let content =
            lopdf::content::Content::decode(&content).map_err(|e| failed(&e.to_string()))?;
        let mut current: Option<usize> = None;
        for op in &content.operations {
            match (op.operator.as_str(), op.operands.as_slice()) {
                ("Tf", [Object::Name(name), ..]) => {
                    current = self
                        .styles
                        .iter()
                        .position(|s| s.name.as_bytes() == name.as_slice());
                }
                ("TJ" | "Tj", operands) => {
                    let Some(style) = current else {
                        return Err(failed("text before a font"));
                    };
                    let strings = match operands {
                        [Object::Array(items)] => items.as_slice(),
                        single => single,
                    };
                    // Numbers in a TJ array are kerning, not glyphs.
                    for item in strings {
                        if let Object::String(bytes, _) = item {
                            for pair in bytes.chunks(2) {
                                let [hi, lo] = pair else {
                                    return Err(failed("odd-length code"));
                                };
                                codes[style].push(u16::from_be_bytes([*hi, *lo]));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        for (c, s) in codes.iter().zip(&self.styles) {
            if c.len() != s.glyphs.len() {
                return Err(failed(&format!(
                    "{} codes for {} glyphs of {}",
                    c.len(),
                    s.glyphs.len(),
                    s.name
                )));
            }
        }
        Ok(codes)
    }
}

fn style_index(style: FontStyle) -> usize {
    match style {
        FontStyle::Regular => 0,
        FontStyle::Bold => 1,
    }
}

/// The page's links as printpdf annotations: it writes them and resolves page numbers to
/// page objects.
fn link_annotations(page: &Page) -> Vec<pp::Op> {
    let mut ops = Vec::new();
    for op in &page.ops {
        if let Op::Link {
            x,
            y,
            w,
            h,
            page,
            target_y,
        } = op
        {
            let (left, right) = (x.min(x + w), x.max(x + w));
            let (top, bottom) = (y.min(y + h), y.max(y + h));
            ops.push(pp::Op::LinkAnnotation {
                link: pp::LinkAnnotation::new(
                    pp::Rect {
                        x: pp::Pt(round2(left)),
                        y: pp::Pt(round2(A4_HEIGHT - bottom)),
                        width: pp::Pt(round2(right - left)),
                        height: pp::Pt(round2(bottom - top)),
                        mode: None,
                        winding_order: None,
                    },
                    pp::Actions::Goto(pp::Destination::Xyz {
                        // printpdf counts pages from 1 here.
                        page: page + 1,
                        left: None,
                        top: Some(round2(A4_HEIGHT - *target_y)),
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
    ops
}

/// Rounds to 1/100 pt: far below what print or screen shows, and it keeps the numbers
/// free of float noise such as 741.8900146.
fn round2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn set_page_content(
    lo: &mut lopdf::Document,
    page: ObjectId,
    content: Vec<u8>,
) -> Result<(), PdfError> {
    let contents = lo
        .get_dictionary(page)
        .and_then(|d| d.get(b"Contents"))
        .and_then(Object::as_reference)
        .map_err(|e| PdfError::Encoding(format!("page contents: {e}")))?;
    lo.objects.insert(
        contents,
        Object::Stream(lopdf::Stream::new(Dictionary::new(), content)),
    );
    Ok(())
}

/// Writes one page's content stream, skipping colour, width and font settings that are
/// already in effect.
struct ContentWriter<'a> {
    glyphs: &'a GlyphSet<'a>,
    codes: &'a [Vec<u16>; 2],
    out: Vec<u8>,
    in_text: bool,
    fill: Option<Color>,
    stroke: Option<Color>,
    line_width: Option<f32>,
    font: Option<(FontStyle, f32)>,
    /// Where the current text line starts, as the viewer computes it: the sum of the
    /// `Td` moves since `BT`, each rounded as written.
    line_start: (i64, i64),
}

impl<'a> ContentWriter<'a> {
    fn new(glyphs: &'a GlyphSet<'a>, codes: &'a [Vec<u16>; 2]) -> Self {
        ContentWriter {
            glyphs,
            codes,
            out: Vec::new(),
            in_text: false,
            fill: None,
            stroke: None,
            line_width: None,
            font: None,
            line_start: (0, 0),
        }
    }

    fn page(mut self, page: &Page) -> Vec<u8> {
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
                    self.begin_text();
                    self.set_fill(*color);
                    if self.font != Some((*style, *size)) {
                        self.out.push(b'/');
                        self.out
                            .extend_from_slice(self.glyphs.resource_name(*style).as_bytes());
                        self.out.push(b' ');
                        self.number(*size, 2);
                        self.out.extend_from_slice(b" Tf\n");
                        self.font = Some((*style, *size));
                    }
                    self.move_to(*x, A4_HEIGHT - *y);
                    self.show(*style, text);
                }
                Op::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill,
                    stroke,
                } => {
                    let paint: &[u8] = match (fill, stroke) {
                        (None, None) => continue,
                        (Some(_), None) => b"f\n",
                        (None, Some(_)) => b"S\n",
                        (Some(_), Some(_)) => b"B\n",
                    };
                    self.end_text();
                    if let Some(c) = fill {
                        self.set_fill(*c);
                    }
                    if let Some(s) = stroke {
                        self.set_stroke(*s);
                    }
                    self.numbers(&[*x, A4_HEIGHT - *y - *h, *w, *h]);
                    self.out.extend_from_slice(b"re ");
                    self.out.extend_from_slice(paint);
                }
                Op::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    stroke,
                } => {
                    self.end_text();
                    self.set_stroke(*stroke);
                    self.numbers(&[*x1, A4_HEIGHT - *y1]);
                    self.out.extend_from_slice(b"m ");
                    self.numbers(&[*x2, A4_HEIGHT - *y2]);
                    self.out.extend_from_slice(b"l S\n");
                }
                // Annotations, not content: see `link_annotations`.
                Op::Link { .. } => {}
            }
        }
        self.end_text();
        self.out
    }

    fn begin_text(&mut self) {
        if !self.in_text {
            self.out.extend_from_slice(b"BT\n");
            self.in_text = true;
            self.line_start = (0, 0);
        }
    }

    /// Paths may not be drawn inside a text object (BT … ET).
    fn end_text(&mut self) {
        if self.in_text {
            self.out.extend_from_slice(b"ET\n");
            self.in_text = false;
        }
    }

    /// Moves to the start of a text line with `Td`, relative to the previous line. The
    /// position is kept in hundredths of a point, as written, so rounding never drifts.
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = (hundredths(x), hundredths(y));
        let (dx, dy) = (x - self.line_start.0, y - self.line_start.1);
        self.line_start = (x, y);
        self.fixed(dx, 2);
        self.out.push(b' ');
        self.fixed(dy, 2);
        self.out.extend_from_slice(b" Td ");
    }

    /// Shows `text` as one string of two-byte codes. A literal string, not hex: half
    /// the bytes to write and to compress; only `(`, `)`, `\\` and CR need escaping.
    fn show(&mut self, style: FontStyle, text: &str) {
        let s = &self.glyphs.styles[style_index(style)];
        let codes = &self.codes[style_index(style)];
        self.out.push(b'(');
        for c in text.chars() {
            // Every character was added to the glyph set before printpdf ran.
            let code = s.index.get(&c).map_or(0, |i| codes[*i as usize]);
            for byte in code.to_be_bytes() {
                match byte {
                    b'(' | b')' | b'\\' => self.out.extend_from_slice(&[b'\\', byte]),
                    b'\r' => self.out.extend_from_slice(b"\\r"),
                    _ => self.out.push(byte),
                }
            }
        }
        self.out.extend_from_slice(b") Tj\n");
    }

    fn set_fill(&mut self, c: Color) {
        if self.fill != Some(c) {
            self.color(c);
            self.out.extend_from_slice(b"rg\n");
            self.fill = Some(c);
        }
    }

    fn set_stroke(&mut self, s: Stroke) {
        if self.stroke != Some(s.color) {
            self.color(s.color);
            self.out.extend_from_slice(b"RG\n");
            self.stroke = Some(s.color);
        }
        if self.line_width != Some(s.width) {
            self.number(s.width, 2);
            self.out.extend_from_slice(b" w\n");
            self.line_width = Some(s.width);
        }
    }

    fn color(&mut self, c: Color) {
        for v in [c.r, c.g, c.b] {
            // 0–255 → 0–1 in thousandths: finer than the 8 bits it came from.
            self.fixed((i64::from(v) * 1000 + 127) / 255, 3);
            self.out.push(b' ');
        }
    }

    fn numbers(&mut self, vs: &[f32]) {
        for v in vs {
            self.number(*v, 2);
            self.out.push(b' ');
        }
    }

    fn number(&mut self, v: f32, places: u32) {
        let scaled = (f64::from(v) * 10f64.powi(places as i32)).round() as i64;
        self.fixed(scaled, places);
    }

    fn fixed(&mut self, scaled: i64, places: u32) {
        push_fixed(&mut self.out, scaled, places);
    }
}

/// Writes `scaled / 10^places` as a PDF number: no exponent, no trailing zeros.
fn push_fixed(out: &mut Vec<u8>, scaled: i64, places: u32) {
    let unit = 10u64.pow(places);
    if scaled < 0 {
        out.push(b'-');
    }
    let magnitude = scaled.unsigned_abs();
    let (int, mut frac) = (magnitude / unit, magnitude % unit);
    out.extend_from_slice(int.to_string().as_bytes());
    if frac != 0 {
        out.push(b'.');
        let mut width = places as usize;
        while frac % 10 == 0 {
            frac /= 10;
            width -= 1;
        }
        out.extend_from_slice(format!("{frac:0width$}").as_bytes());
    }
}

fn hundredths(v: f32) -> i64 {
    (f64::from(v) * 100.0).round() as i64
}

/// Adds to printpdf's object tree what printpdf does not write: document info, the
/// document ID, the language, the outline, and viewer preferences.
fn finish(lo: &mut lopdf::Document, doc: &Document, page_ids: &[ObjectId]) -> Result<(), PdfError> {
    // /Lang needs PDF 1.4; nothing written here needs more than 1.7.
    lo.version = "1.7".to_string();

    let info_id = lo.add_object(info_dict(&doc.info)?);
    lo.trailer.set("Info", Object::Reference(info_id));
    let id = document_id(doc);
    lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));

    let outline = if doc.bookmarks.is_empty() {
        None
    } else {
        Some(add_outline(lo, &doc.bookmarks, page_ids))
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
                    Object::Real(round2(A4_HEIGHT - mark.y)),
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

/// Deflates every stream not yet compressed. lopdf's own `compress` uses level 9 and a
/// fresh compressor per stream: on the benchmark that took 308 million instructions
/// against 178 million for level 6 with one reused compressor, and level 9 makes the
/// font programs, most of the file, only 0.2% smaller.
fn compress_streams(lo: &mut lopdf::Document) -> Result<(), PdfError> {
    let mut deflate = flate2::Compress::new(flate2::Compression::new(6), true);
    for object in lo.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.has(b"Filter") || !stream.allows_compression {
            continue;
        }
        deflate.reset();
        let mut packed = Vec::with_capacity(stream.content.len() / 2 + 64);
        loop {
            let consumed = deflate.total_in() as usize;
            let status = deflate
                .compress_vec(
                    &stream.content[consumed..],
                    &mut packed,
                    flate2::FlushCompress::Finish,
                )
                .map_err(|e| PdfError::Encoding(format!("deflate: {e}")))?;
            match status {
                flate2::Status::StreamEnd => break,
                _ => packed.reserve(packed.capacity().max(4096)),
            }
        }
        if packed.len() < stream.content.len() {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(packed);
        }
    }
    Ok(())
}

/// The trailer `/ID`, derived from the display list instead of printpdf's random one:
/// PDF asks that the ID identify the file, which a hash of what it shows does, and the
/// output stays reproducible. The writer's version is hashed too, so a changed writer
/// that draws the same document differently gives another ID.
fn document_id(doc: &Document) -> Object {
    let mut h = IdHasher([SEED, SEED ^ 0x9e37_79b9_7f4a_7c15]);
    h.str(env!("CARGO_PKG_VERSION"));
    h.str("printpdf 0.12");
    h.usize(doc.pages.len());
    for page in &doc.pages {
        h.usize(page.ops.len());
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
                    h.bytes(b"T");
                    h.f32s(&[*x, *y, *size]);
                    h.usize(style_index(*style));
                    h.color(*color);
                    h.str(text);
                }
                Op::Rect {
                    x,
                    y,
                    w,
                    h: height,
                    fill,
                    stroke,
                } => {
                    h.bytes(b"R");
                    h.f32s(&[*x, *y, *w, *height]);
                    h.opt_color(*fill);
                    h.opt_stroke(*stroke);
                }
                Op::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    stroke,
                } => {
                    h.bytes(b"L");
                    h.f32s(&[*x1, *y1, *x2, *y2]);
                    h.opt_stroke(Some(*stroke));
                }
                Op::Link {
                    x,
                    y,
                    w,
                    h: height,
                    page,
                    target_y,
                } => {
                    h.bytes(b"A");
                    h.f32s(&[*x, *y, *w, *height, *target_y]);
                    h.usize(*page);
                }
            }
        }
    }
    fn hash_marks(h: &mut IdHasher, marks: &[Bookmark]) {
        h.usize(marks.len());
        for m in marks {
            h.str(&m.title);
            h.usize(m.page);
            h.f32s(&[m.y]);
            hash_marks(h, &m.children);
        }
    }
    hash_marks(&mut h, &doc.bookmarks);
    let info = &doc.info;
    for s in [&info.title, &info.author, &info.subject, &info.language] {
        h.str(s);
    }
    h.bytes(&info.created.to_be_bytes());

    let mut id = Vec::with_capacity(16);
    id.extend_from_slice(&h.0[0].to_be_bytes());
    id.extend_from_slice(&h.0[1].to_be_bytes());
    Object::String(id, StringFormat::Hexadecimal)
}

/// Two FNV-1a streams with different seeds: 128 bits, enough that two different
/// reports do not share an ID by chance. Not a cryptographic hash, and need not be.
struct IdHasher([u64; 2]);

impl IdHasher {
    fn bytes(&mut self, b: &[u8]) {
        self.0 = [fnv1a(b, self.0[0]), fnv1a(b, self.0[1])];
    }
    fn usize(&mut self, n: usize) {
        self.bytes(&(n as u64).to_be_bytes());
    }
    /// Length first, so that ("ab", "c") and ("a", "bc") differ.
    fn str(&mut self, s: &str) {
        self.usize(s.len());
        self.bytes(s.as_bytes());
    }
    fn f32s(&mut self, vs: &[f32]) {
        for v in vs {
            self.bytes(&v.to_bits().to_be_bytes());
        }
    }
    fn color(&mut self, c: Color) {
        self.bytes(&[c.r, c.g, c.b]);
    }
    fn opt_color(&mut self, c: Option<Color>) {
        match c {
            Some(c) => {
                self.bytes(b"+");
                self.color(c);
            }
            None => self.bytes(b"-"),
        }
    }
    fn opt_stroke(&mut self, s: Option<Stroke>) {
        match s {
            Some(s) => {
                self.opt_color(Some(s.color));
                self.f32s(&[s.width]);
            }
            None => self.bytes(b"-"),
        }
    }
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
    fn numbers_have_no_exponent_and_no_trailing_zeros() {
        let fixed = |scaled, places| {
            let mut out = Vec::new();
            push_fixed(&mut out, scaled, places);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(fixed(0, 2), "0");
        assert_eq!(fixed(1050, 2), "10.5");
        assert_eq!(fixed(74189, 2), "741.89");
        assert_eq!(fixed(-3000, 2), "-30");
        assert_eq!(fixed(-5, 2), "-0.05");
        assert_eq!(fixed(902, 3), "0.902");
        assert_eq!(fixed(1000, 3), "1");
        assert_eq!(fixed(40, 3), "0.04");
        assert_eq!(fixed(10_000_000, 2), "100000");
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
