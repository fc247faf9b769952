//! Page content streams, with the marked content of tagged PDF: every painting operator is
//! inside a sequence marked as an artifact (`/Artifact BMC`) or as the content of a structure
//! element (`/P <</MCID n>> BDC`). A sequence never spans the start or end of a text object,
//! so that the two always nest.

use super::fonts::GlyphSet;
use super::structure::{role_name, Tagging};
use crate::render::pdf::ir::{
    Color, FontStyle, NodeId, Op, Role, Stroke, Structure, Tag, A4_HEIGHT,
};

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

/// Writes one page's content stream, skipping colour, width and font settings that are
/// already in effect.
pub(super) struct ContentWriter<'a, 'g> {
    glyphs: &'a mut GlyphSet<'g>,
    tagging: &'a mut Tagging,
    /// The structure as far as the layout has built it: every element of this page's
    /// content is in it.
    tree: &'a Structure,
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
    /// The character spacing (`Tc`) in effect, in ten-thousandths of a point; it outlives
    /// text objects.
    char_spacing: i64,
    /// Where the current text line starts, as the viewer computes it: the sum of the
    /// `Td` moves since `BT`, each rounded as written.
    line_start: (i64, i64),
}

impl<'a, 'g> ContentWriter<'a, 'g> {
    /// A writer for one content stream of a page; `marks` are what the page's earlier
    /// streams marked (its marked-content ids go on from there).
    pub(super) fn new(
        glyphs: &'a mut GlyphSet<'g>,
        tagging: &'a mut Tagging,
        tree: &'a Structure,
        marks: PageMarks,
    ) -> Self {
        ContentWriter {
            glyphs,
            tagging,
            tree,
            out: Vec::new(),
            tag: Tag::Artifact,
            open: None,
            marks,
            in_text: false,
            fill: None,
            stroke: None,
            line_width: None,
            font: None,
            char_spacing: 0,
            line_start: (0, 0),
        }
    }

    /// Encodes `ops`. The stream ends in the state a page starts in, but for colours,
    /// widths and fonts, which each stream sets before it uses them: so another stream
    /// may follow it on the same page.
    pub(super) fn write(mut self, ops: &[Op]) -> (Vec<u8>, PageMarks) {
        for op in ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    style,
                    color,
                    text,
                    spacing,
                } => {
                    if text.is_empty() {
                        continue;
                    }
                    self.begin_text();
                    self.mark();
                    if let Tag::Node(n) = self.tag {
                        if self.role(n) == Some(Role::Link) {
                            self.marks.link_text.push((n, text.clone()));
                        }
                    }
                    self.set_fill(*color);
                    self.glyphs.note_text(*style, text);
                    let first = text
                        .chars()
                        .map(|c| self.glyphs.code(*style, c))
                        .find(|(_, code)| *code != 0);
                    if let Some((face, _)) = first {
                        self.set_font(face, *size);
                    }
                    if spacing.is_empty() {
                        self.set_char_spacing(0);
                        self.move_to(*x, A4_HEIGHT - *y);
                        self.show(*style, *size, text);
                    } else {
                        // Extractors read wide gaps (和欧間, a spread-out line) as spaces the
                        // text does not have: tagged content says what it reads as.
                        let actual = self.tag != Tag::Artifact && reads_as_spaced(spacing, *size);
                        if actual {
                            self.out.extend_from_slice(b"/Span <</ActualText ");
                            push_text_string(&mut self.out, text);
                            self.out.extend_from_slice(b">> BDC\n");
                        }
                        let at = (*x, A4_HEIGHT - *y);
                        self.show_spaced(*style, *size, at, text, spacing);
                        if actual {
                            self.out.extend_from_slice(b"EMC\n");
                        }
                    }
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
                Op::Link { .. } => {
                    let node = match self.tag {
                        Tag::Node(n) if self.tagging.reaches(self.tree, n) => Some(n),
                        _ => None,
                    };
                    self.marks.links.push(node);
                }
                Op::Tag(t) => {
                    // An element outside the tree would be content no reader can reach.
                    self.tag = match t {
                        Tag::Node(n) if self.tagging.reaches(self.tree, *n) => *t,
                        _ => Tag::Artifact,
                    };
                }
            }
        }
        self.end_text();
        self.close_mark();
        // Character spacing outlives the stream; the next one starts from none.
        self.set_char_spacing(0);
        (self.out, self.marks)
    }

    fn role(&self, node: NodeId) -> Option<Role> {
        self.tree.get(node).map(|n| n.role)
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
                let role = self.role(n).map_or("Span", role_name);
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
            .extend_from_slice(GlyphSet::resource_name(face).as_bytes());
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
            let (face, code) = self.glyphs.code(style, c);
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
            self.push_code(code);
        }
        if open {
            self.out.extend_from_slice(b") Tj\n");
        }
    }

    /// One glyph's two bytes inside a literal string.
    fn push_code(&mut self, code: u16) {
        for byte in code.to_be_bytes() {
            match byte {
                b'(' | b')' | b'\\' => self.out.extend_from_slice(&[b'\\', byte]),
                b'\r' => self.out.extend_from_slice(b"\\r"),
                _ => self.out.push(byte),
            }
        }
    }

    /// Shows `text` with extra space before each character (`spacing`, in points), the line
    /// starting at `x`: the spacing most characters share as `Tc` (added after every
    /// glyph), and where a glyph must go elsewhere, a new run of `Tj` moved there with
    /// `Td`. No `TJ` numbers: text extractors read large ones as word spaces (lopdf's
    /// `extract_text` as any below -100, pdfminer by their width), and the report's text
    /// must read back as submitted. Positions are rounded as `move_to` rounds them, so the
    /// line ends where the layout put it, however long it is.
    fn show_spaced(
        &mut self,
        style: FontStyle,
        size: f32,
        (x, y): (f32, f32),
        text: &str,
        spacing: &[f32],
    ) {
        // Each drawn glyph (its font and code) and where it goes from `x`; a char drawn as
        // nothing passes its space on.
        let mut glyphs = Vec::with_capacity(spacing.len());
        let mut offset = 0f64;
        let advance = |glyphs: &GlyphSet, face: usize, code: u16| {
            glyphs.width_of(face, code) as f64 * f64::from(size) / 1000.0
        };
        for (c, s) in text
            .chars()
            .zip(spacing.iter().copied().chain(std::iter::repeat(0.0)))
        {
            offset += f64::from(s);
            let (face, code) = self.glyphs.code(style, c);
            if code != 0 {
                glyphs.push((face, code, offset));
                offset += advance(self.glyphs, face, code);
            }
        }
        let Some(&(first_face, _, first)) = glyphs.first() else {
            return;
        };
        let gaps = glyphs
            .windows(2)
            .map(|w| w[1].2 - w[0].2 - advance(self.glyphs, w[0].0, w[0].1));
        let tc = common_spacing(gaps);
        self.set_char_spacing(tc);
        let tc = tc as f64 / 10_000.0;
        let x0 = f64::from(x);
        self.set_font(first_face, size);
        self.move_to((x0 + first) as f32, y);
        // Where the viewer puts the next glyph, in points from the page's left edge.
        let mut at = self.line_start.0 as f64 / 100.0;
        self.out.push(b'(');
        for (face, code, want) in glyphs {
            let want = x0 + want;
            let moved = (at - want).abs() > POSITION_TOLERANCE;
            if moved || self.font != Some((face, size)) {
                self.out.extend_from_slice(b") Tj\n");
                self.set_font(face, size);
                if moved {
                    self.move_to(want as f32, y);
                    at = self.line_start.0 as f64 / 100.0;
                }
                self.out.push(b'(');
            }
            self.push_code(code);
            at += advance(self.glyphs, face, code) + tc;
        }
        self.out.extend_from_slice(b") Tj\n");
    }

    /// Sets `Tc`, given in ten-thousandths of a point (fine enough that fifty glyphs drift
    /// by less than `POSITION_TOLERANCE`), unless it is in effect.
    fn set_char_spacing(&mut self, units: i64) {
        if self.char_spacing != units {
            self.fixed(units, 4);
            self.out.extend_from_slice(b" Tc\n");
            self.char_spacing = units;
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

/// Whether a text extractor would see a word space in `spacing`: a gap of a tenth of an
/// em, where pdfminer and lopdf start to (poppler a little later).
fn reads_as_spaced(spacing: &[f32], size: f32) -> bool {
    spacing.iter().skip(1).any(|&s| s >= 0.1 * size)
}

/// `text` as a PDF text string: UTF-16BE with its byte order mark, in a literal string.
fn push_text_string(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(b"(\xFE\xFF");
    let mut units = [0u16; 2];
    for c in text.chars() {
        for unit in c.encode_utf16(&mut units) {
            for byte in unit.to_be_bytes() {
                match byte {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(byte),
                }
            }
        }
    }
    out.push(b')');
}

/// How far (points) a glyph may sit from where the layout put it before a new run moves it:
/// a hundredth of a point, what `Td` can express.
const POSITION_TOLERANCE: f64 = 0.006;

/// The spacing most of `spaces` (points) share, in ten-thousandths of a point: what `Tc`
/// adds after every glyph. Ties go to the smaller, so the choice depends on the values alone.
fn common_spacing(spaces: impl Iterator<Item = f64>) -> i64 {
    let mut values: Vec<i64> = spaces.map(|s| (s * 10_000.0).round() as i64).collect();
    values.sort_unstable();
    let (mut best, mut best_run) = (0, 0);
    let mut i = 0;
    while i < values.len() {
        let run = values[i..].iter().take_while(|&&v| v == values[i]).count();
        if run > best_run {
            (best, best_run) = (values[i], run);
        }
        i += run;
    }
    best
}

fn hundredths(v: f32) -> i64 {
    (f64::from(v) * 100.0).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::ir::{DocInfo, Document, Page, Typesetter};
    use crate::render::pdf::justify;
    use crate::render::pdf::typeset::bundled;
    use crate::render::pdf::writer::fonts::bundled_fonts;
    use lopdf::Object;

    fn document(ops: Vec<Op>) -> Document {
        Document {
            pages: vec![Page { ops }],
            bookmarks: vec![],
            info: DocInfo {
                title: String::new(),
                author: String::new(),
                subject: String::new(),
                language: "ja".into(),
                created: 0,
            },
            structure: Default::default(),
        }
    }

    /// Where a viewer puts each glyph of the page's text: following `Td`, `Tc`, `Tj` and
    /// `TJ` with the fonts' advances, as the PDF reference says.
    fn glyph_positions(content: &[u8], texts: &[&str], size: f32) -> Vec<f64> {
        let ts = bundled();
        let ops = lopdf::content::Content::decode(content).unwrap().operations;
        let mut chars = texts.iter().flat_map(|t| t.chars());
        let (mut line_x, mut x, mut tc) = (0f64, 0f64, 0f64);
        let mut out = Vec::new();
        let mut glyph = |x: &mut f64, tc: f64, out: &mut Vec<f64>| {
            let c = chars.next().unwrap();
            out.push(*x);
            *x += f64::from(ts.advance(c, FontStyle::Regular, size)) + tc;
        };
        for op in ops {
            let num = |o: &Object| o.as_float().map(f64::from).unwrap();
            match op.operator.as_str() {
                "BT" => line_x = 0.0,
                "Td" => {
                    line_x += num(&op.operands[0]);
                    x = line_x;
                }
                "Tc" => tc = num(&op.operands[0]),
                "Tj" => {
                    let bytes = op.operands[0].as_str().unwrap();
                    for _ in bytes.chunks(2) {
                        glyph(&mut x, tc, &mut out);
                    }
                }
                "TJ" => {
                    for item in op.operands[0].as_array().unwrap() {
                        match item {
                            Object::String(bytes, _) => {
                                for _ in bytes.chunks(2) {
                                    glyph(&mut x, tc, &mut out);
                                }
                            }
                            n => x -= num(n) / 1000.0 * f64::from(size),
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn spaced_text_lands_where_the_layout_put_it() {
        let ts = bundled();
        let size = 10.0;
        let texts = [
            "将来世代への負担を抑制するため、令和3年度はICTを活用し",
            "（仮称）市民センター「）、」。」の整備・運営に、RPAを",
            "毎年度、取組内容や目標に記載した事項について着実に実施",
            "確保します。",
        ];
        let mut ops = Vec::new();
        let mut want = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let mut line = ts.set_line(text, 283.3, size, FontStyle::Regular, i < 2);
            if i == 3 {
                assert!(line.spacing.is_empty());
                line.spacing = justify::natural_spacing(text, size);
            }
            let x = 56.7;
            let mut pos = f64::from(x);
            for (j, c) in text.chars().enumerate() {
                pos += f64::from(line.spacing.get(j).copied().unwrap_or(0.0));
                want.push(pos);
                pos += f64::from(ts.advance(c, FontStyle::Regular, size));
            }
            if i < 2 {
                assert!((pos - 56.7 - 283.3).abs() < 0.01, "line {i} ends at {pos}");
            }
            ops.push(Op::Text {
                x,
                y: 100.0 + 15.0 * i as f32,
                size,
                style: FontStyle::Regular,
                color: Color::BLACK,
                text: line.text,
                spacing: line.spacing,
            });
        }
        let doc = document(ops);
        let mut glyphs = GlyphSet::new(bundled_fonts().unwrap(), &[]).unwrap();
        let mut tagging = Tagging::default();
        let (content, _) = ContentWriter::new(
            &mut glyphs,
            &mut tagging,
            &doc.structure,
            Default::default(),
        )
        .write(&doc.pages[0].ops);
        let text = String::from_utf8_lossy(&content);
        assert!(text.contains(" Tc\n"), "the common spread as Tc: {text}");
        let got = glyph_positions(&content, &texts, size);
        assert_eq!(got.len(), want.len());
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert!(
                (g - w).abs() < 0.006,
                "glyph {i}: {g} written, {w} laid out"
            );
        }
        // Text without spacing is shown with Tj as before, Tc back at 0 for it.
        assert!(text.contains("0 Tc\n") && text.contains(") Tj\n"), "{text}");
    }

    #[test]
    fn the_common_spacing_is_the_most_frequent_value() {
        assert_eq!(common_spacing([0.1, 0.2, 0.2, 0.3].into_iter()), 2000);
        assert_eq!(common_spacing([0.3, 0.1].into_iter()), 1000);
        assert_eq!(common_spacing(std::iter::empty()), 0);
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
}
