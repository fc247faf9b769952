//! Page content streams, with the marked content of tagged PDF: every painting operator is
//! inside a sequence marked as an artifact (`/Artifact BMC`) or as the content of a structure
//! element (`/P <</MCID n>> BDC`). A sequence never spans the start or end of a text object,
//! so that the two always nest.

use lopdf::{Dictionary, Object, ObjectId};

use super::fonts::GlyphSet;
use super::structure::{role_name, Tagging};
use super::PdfError;
use crate::render::pdf::ir::{Color, FontStyle, NodeId, Op, Page, Role, Stroke, Tag, A4_HEIGHT};

/// What a page's content stream marked, for the structure tree.
#[derive(Debug, Default)]
pub(super) struct PageMarks {
    /// The element of each marked-content id, in order: MCID `i` belongs to `mcids[i]`.
    pub mcids: Vec<NodeId>,
    /// The element of each of the page's links, in order (None: untagged).
    pub links: Vec<Option<NodeId>>,
    /// The text shown for each `Link` element, for its annotation's description.
    pub link_text: Vec<(NodeId, String)>,
}

/// Puts the fonts in the font dictionary printpdf made, which every page's resources share.
pub(super) fn set_fonts(
    lo: &mut lopdf::Document,
    first_page: ObjectId,
    fonts: Dictionary,
) -> Result<(), PdfError> {
    let failed = |e: lopdf::Error| PdfError::Encoding(format!("font resources: {e}"));
    let resources = lo
        .get_dictionary(first_page)
        .and_then(|d| d.get(b"Resources"))
        .and_then(Object::as_reference)
        .map_err(failed)?;
    let font_dict = lo
        .get_dictionary(resources)
        .and_then(|d| d.get(b"Font"))
        .and_then(Object::as_reference)
        .map_err(failed)?;
    lo.objects.insert(font_dict, Object::Dictionary(fonts));
    Ok(())
}

pub(super) fn set_page_content(
    lo: &mut lopdf::Document,
    page: ObjectId,
    content: lopdf::Stream,
) -> Result<(), PdfError> {
    let contents = lo
        .get_dictionary(page)
        .and_then(|d| d.get(b"Contents"))
        .and_then(Object::as_reference)
        .map_err(|e| PdfError::Encoding(format!("page contents: {e}")))?;
    lo.objects.insert(contents, Object::Stream(content));
    Ok(())
}

/// Writes one page's content stream, skipping colour, width and font settings that are
/// already in effect.
pub(super) struct ContentWriter<'a> {
    glyphs: &'a GlyphSet<'a>,
    tagging: &'a Tagging,
    out: Vec<u8>,
    /// The tag in effect for what is drawn next.
    tag: Tag,
    /// The marked-content sequence open, if any: its tag and whether it began in text.
    open: Option<(Tag, bool)>,
    marks: PageMarks,
    in_text: bool,
    fill: Option<Color>,
    stroke: Option<Color>,
    line_width: Option<f32>,
    /// The font in effect (an index into the document's fonts) and its size.
    font: Option<(usize, f32)>,
    /// Where the current text line starts, as the viewer computes it: the sum of the
    /// `Td` moves since `BT`, each rounded as written.
    line_start: (i64, i64),
}

impl<'a> ContentWriter<'a> {
    pub(super) fn new(glyphs: &'a GlyphSet<'a>, tagging: &'a Tagging) -> Self {
        ContentWriter {
            glyphs,
            tagging,
            out: Vec::new(),
            tag: Tag::Artifact,
            open: None,
            marks: PageMarks::default(),
            in_text: false,
            fill: None,
            stroke: None,
            line_width: None,
            font: None,
            line_start: (0, 0),
        }
    }

    pub(super) fn page(mut self, page: &Page) -> (Vec<u8>, PageMarks) {
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
                    self.mark();
                    if let Tag::Node(n) = self.tag {
                        if self.tagging.role(n) == Some(Role::Link) {
                            self.marks.link_text.push((n, text.clone()));
                        }
                    }
                    self.set_fill(*color);
                    let first = text
                        .chars()
                        .map(|c| self.glyphs.code_of(*style, c))
                        .find(|(_, code)| *code != 0);
                    if let Some((face, _)) = first {
                        self.set_font(face, *size);
                    }
                    self.move_to(*x, A4_HEIGHT - *y);
                    self.show(*style, *size, text);
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
                    self.mark();
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
                    self.mark();
                    self.set_stroke(*stroke);
                    self.numbers(&[*x1, A4_HEIGHT - *y1]);
                    self.out.extend_from_slice(b"m ");
                    self.numbers(&[*x2, A4_HEIGHT - *y2]);
                    self.out.extend_from_slice(b"l S\n");
                }
                // Annotations, not content: see `link_annotations`.
                Op::Link { .. } => self.marks.links.push(match self.tag {
                    Tag::Node(n) if self.tagging.reaches(n) => Some(n),
                    _ => None,
                }),
                Op::Tag(t) => {
                    // An element outside the tree would be content no reader can reach.
                    self.tag = match t {
                        Tag::Node(n) if self.tagging.reaches(*n) => *t,
                        _ => Tag::Artifact,
                    };
                }
            }
        }
        self.end_text();
        self.close_mark();
        (self.out, self.marks)
    }

    /// Opens the marked-content sequence for the tag in effect, unless it is open.
    fn mark(&mut self) {
        if self.open == Some((self.tag, self.in_text)) {
            return;
        }
        self.close_mark();
        match self.tag {
            Tag::Artifact => self.out.extend_from_slice(b"/Artifact BMC\n"),
            Tag::Node(n) => {
                let mcid = self.marks.mcids.len();
                self.marks.mcids.push(n);
                let role = self.tagging.role(n).map_or("Span", role_name);
                self.out.push(b'/');
                self.out.extend_from_slice(role.as_bytes());
                self.out.extend_from_slice(b" <</MCID ");
                self.out.extend_from_slice(mcid.to_string().as_bytes());
                self.out.extend_from_slice(b">> BDC\n");
            }
        }
        self.open = Some((self.tag, self.in_text));
    }

    fn close_mark(&mut self) {
        if self.open.take().is_some() {
            self.out.extend_from_slice(b"EMC\n");
        }
    }

    fn begin_text(&mut self) {
        if !self.in_text {
            self.close_mark();
            self.out.extend_from_slice(b"BT\n");
            self.in_text = true;
            self.line_start = (0, 0);
        }
    }

    /// Paths may not be drawn inside a text object (BT … ET).
    fn end_text(&mut self) {
        if self.in_text {
            self.close_mark();
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

    fn set_font(&mut self, face: usize, size: f32) {
        if self.font == Some((face, size)) {
            return;
        }
        self.out.push(b'/');
        self.out
            .extend_from_slice(self.glyphs.resource_name(face).as_bytes());
        self.out.push(b' ');
        self.number(size, 2);
        self.out.extend_from_slice(b" Tf\n");
        self.font = Some((face, size));
    }

    /// Shows `text` as strings of two-byte codes, one per run of characters drawn with the
    /// same font (a fallback font's characters switch fonts and back; each string moves the
    /// pen on by its glyphs' widths, so the runs join up). A literal string, not hex: half
    /// the bytes to write and to compress; only `(`, `)`, `\\` and CR need escaping.
    fn show(&mut self, style: FontStyle, size: f32, text: &str) {
        let mut open = false;
        for c in text.chars() {
            let (face, code) = self.glyphs.code_of(style, c);
            if code == 0 {
                // Nothing to draw: never `.notdef`.
                continue;
            }
            if self.font != Some((face, size)) {
                if open {
                    self.out.extend_from_slice(b") Tj\n");
                    open = false;
                }
                self.set_font(face, size);
            }
            if !open {
                self.out.push(b'(');
                open = true;
            }
            for byte in code.to_be_bytes() {
                match byte {
                    b'(' | b')' | b'\\' => self.out.extend_from_slice(&[b'\\', byte]),
                    b'\r' => self.out.extend_from_slice(b"\\r"),
                    _ => self.out.push(byte),
                }
            }
        }
        if open {
            self.out.extend_from_slice(b") Tj\n");
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
