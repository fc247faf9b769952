//! Text into lines: missing glyphs replaced (and reported), paragraphs split on '\n' and
//! broken by the typesetter, each line made into a `Slice` ready for a cell.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;

use super::flow::Slice;
use super::style::Font;
use crate::plan::UnitId;
use crate::render::pdf::fonts::SUBSTITUTE;
use crate::render::pdf::ir::{Color, FontStyle, Op, SetLine, Stroke, Typesetter};
use crate::render::pdf::justify;

/// Something the layout had to change and the office should know about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutWarning {
    /// A character no bundled font can draw: printed as 〓.
    MissingGlyph {
        /// The unit whose text holds it; None for text of the report itself (names, titles of
        /// the plan's hierarchy, file names).
        unit: Option<UnitId>,
        /// The unit's title, to find it without looking the number up.
        title: String,
        ch: char,
    },
    /// Control characters (other than line breaks and tabs), which have no printed form:
    /// left out of the PDF. One warning per unit, however many there are.
    ControlCharacters {
        unit: Option<UnitId>,
        title: String,
        /// The distinct characters, in order of first appearance.
        chars: Vec<char>,
    },
}

/// Names whose text a warning is about, as the office finds it: №, initiative, title.
fn write_owner(f: &mut fmt::Formatter<'_>, unit: &Option<UnitId>, title: &str) -> fmt::Result {
    match unit {
        Some(UnitId {
            item,
            initiative: Some(n),
        }) => write!(f, "№{item}（主な取組み{n}）「{title}」: "),
        Some(u) => write!(f, "№{}「{title}」: ", u.item),
        None if title.is_empty() => Ok(()),
        None => write!(f, "「{title}」: "),
    }
}

impl fmt::Display for LayoutWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayoutWarning::MissingGlyph { unit, title, ch } => {
                write_owner(f, unit, title)?;
                write!(
                    f,
                    "文字「{ch}」（U+{:04X}）は報告書のフォントにないため「{SUBSTITUTE}」と表示しました。\
                     別の文字に置き換えてください。",
                    *ch as u32
                )
            }
            LayoutWarning::ControlCharacters { unit, title, chars } => {
                write_owner(f, unit, title)?;
                let codes: Vec<String> = chars
                    .iter()
                    .map(|c| format!("U+{:04X}", *c as u32))
                    .collect();
                write!(
                    f,
                    "文章に印刷できない制御文字（{}）が含まれていたため、PDFでは省いて表示しました。\
                     Excel・HTML・JSONの内容はそのままです。意図しない文字であれば、調査票から削除してください。",
                    codes.join("、")
                )
            }
        }
    }
}

/// A character with no printed form that text pasted into a workbook may carry (a bell, an
/// escape, C1 controls from a mis-decoded file). Line breaks and tabs are white space.
fn is_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// The typesetter with the bookkeeping layout needs around it.
pub(crate) struct Kit<'a> {
    pub ts: &'a dyn Typesetter,
    /// Whose text is being set, for warnings.
    unit: Option<UnitId>,
    title: String,
    warnings: Vec<LayoutWarning>,
    warned: HashSet<(Option<UnitId>, char)>,
    /// Each owner's control-character warning, by its index in `warnings`.
    control_warnings: HashMap<Option<UnitId>, usize>,
}

impl<'a> Kit<'a> {
    pub fn new(ts: &'a dyn Typesetter) -> Kit<'a> {
        Kit {
            ts,
            unit: None,
            title: String::new(),
            warnings: Vec::new(),
            warned: HashSet::new(),
            control_warnings: HashMap::new(),
        }
    }

    /// Text set from now on belongs to this unit (None: to the report itself).
    pub fn set_owner(&mut self, unit: Option<UnitId>, title: &str) {
        self.unit = unit;
        self.title.clear();
        self.title.push_str(title);
    }

    pub fn into_warnings(self) -> Vec<LayoutWarning> {
        self.warnings
    }

    /// The width of `text` as `text_op` draws it: with jlreq's natural spacing.
    pub fn width(&self, text: &str, font: Font) -> f32 {
        self.ts.width(text, font.style, font.size) + justify::natural_extra(text, font.size)
    }

    /// The text with every character the font lacks replaced by 〓 and reported once per
    /// unit, a tab set as a full-width space, and other control characters left out and
    /// reported once per unit. Borrows when nothing needs doing, the usual case.
    pub fn clean<'t>(&mut self, text: &'t str, style: FontStyle) -> Cow<'t, str> {
        let ts = self.ts;
        // Line ends are structure, not glyphs: paragraphs are split on them later. A lone
        // CR (an old Mac line end) is one too.
        let drawable = |c: char| matches!(c, '\n' | SUBSTITUTE) || ts.has_glyph(c, style);
        let needs_work = |(i, c): (usize, char)| match c {
            '\r' => !text[i + 1..].starts_with('\n'),
            '\t' => true,
            c => is_control(c) || !drawable(c),
        };
        let Some(first_bad) = text.char_indices().find(|&ic| needs_work(ic)) else {
            return Cow::Borrowed(text);
        };
        let mut out = String::with_capacity(text.len());
        out.push_str(&text[..first_bad.0]);
        let mut chars = text[first_bad.0..].chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\r' && chars.peek() != Some(&'\n') {
                out.push('\n');
            } else if c == '\t' {
                // One full-width space: the separation Japanese text uses. Tab stops would
                // mean nothing once the line is broken and justified differently from the
                // spreadsheet it was typed in.
                out.push('\u{3000}');
            } else if is_control(c) {
                self.warn_control(c);
            } else if c == '\r' || drawable(c) {
                out.push(c);
            } else {
                if self.warned.insert((self.unit.clone(), c)) {
                    self.warnings.push(LayoutWarning::MissingGlyph {
                        unit: self.unit.clone(),
                        title: self.title.clone(),
                        ch: c,
                    });
                }
                // A variation selector or joiner has no glyph of its own: the base
                // character is drawn, the selector dropped (and reported above).
                if !crate::render::pdf::typeset::is_invisible(c) {
                    out.push(SUBSTITUTE);
                }
            }
        }
        Cow::Owned(out)
    }

    fn warn_control(&mut self, c: char) {
        let at = self.control_warnings.get(&self.unit).copied();
        if let Some(LayoutWarning::ControlCharacters { chars, .. }) =
            at.and_then(|i| self.warnings.get_mut(i))
        {
            if !chars.contains(&c) {
                chars.push(c);
            }
            return;
        }
        self.control_warnings
            .insert(self.unit.clone(), self.warnings.len());
        self.warnings.push(LayoutWarning::ControlCharacters {
            unit: self.unit.clone(),
            title: self.title.clone(),
            chars: vec![c],
        });
    }

    /// Breaks text into lines: each '\n' starts a paragraph (a trailing '\r' from a
    /// spreadsheet is dropped); leading full-width spaces stay, they are the plan's indent.
    /// An empty paragraph is an empty line.
    pub fn lines(&mut self, text: &str, first: f32, rest: f32, font: Font) -> Vec<String> {
        let text = self.clean(text, font.style);
        let mut out = Vec::new();
        for (i, para) in text.split('\n').enumerate() {
            let para = para.strip_suffix('\r').unwrap_or(para);
            let first_width = if i == 0 { first } else { rest };
            if para.is_empty() {
                out.push(String::new());
                continue;
            }
            let lines = self
                .ts
                .break_lines(para, first_width, rest, font.size, font.style);
            if lines.is_empty() {
                out.push(String::new());
            }
            out.extend(lines);
        }
        out
    }

    /// Like `lines`, each line set for drawing: with jlreq's spacing and, when `justify`,
    /// every line of a paragraph but its last justified to its measure (両端揃え).
    pub fn set_lines(
        &mut self,
        text: &str,
        first: f32,
        rest: f32,
        font: Font,
        justify: bool,
    ) -> Vec<SetLine> {
        let text = self.clean(text, font.style);
        let mut out = Vec::new();
        for (i, para) in text.split('\n').enumerate() {
            let para = para.strip_suffix('\r').unwrap_or(para);
            let first_width = if i == 0 { first } else { rest };
            if para.is_empty() {
                out.push(SetLine::default());
                continue;
            }
            let lines =
                self.ts
                    .set_paragraph(para, first_width, rest, font.size, font.style, justify);
            if lines.is_empty() {
                out.push(SetLine::default());
            }
            out.extend(lines);
        }
        out
    }

    /// A paragraph set in `width`, one slice per line, justified at x = 0.
    pub fn para(&mut self, text: &str, width: f32, font: Font) -> Vec<Slice> {
        self.set_lines(text, width, width, font, true)
            .into_iter()
            .map(|l| Slice::set_line(l, 0.0, font))
            .collect()
    }

    /// Like `para`, with every line aligned within `width`: 0.0 left, 0.5 centred, 1.0 right.
    pub fn para_aligned(&mut self, text: &str, width: f32, font: Font, align: f32) -> Vec<Slice> {
        self.set_lines(text, width, width, font, false)
            .into_iter()
            .map(|l| {
                let x = ((width - set_width(self.ts, &l, font)) * align).max(0.0);
                Slice::set_line(l, x, font)
            })
            .collect()
    }

    /// Names packed into lines, whole names together where they fit, joined by `sep`.
    pub fn names(&mut self, names: &[&str], sep: &str, width: f32, font: Font) -> Vec<Slice> {
        let mut out = Vec::new();
        let mut line = String::new();
        let sep_w = self.width(sep, font);
        let mut line_w = 0.0;
        for name in names {
            let name = self.clean(name, font.style);
            let w = self.width(&name, font);
            if !line.is_empty() && line_w + sep_w + w <= width {
                line.push_str(sep);
                line.push_str(&name);
                line_w += sep_w + w;
                continue;
            }
            if !line.is_empty() {
                out.push(Slice::text_line(std::mem::take(&mut line), 0.0, font));
            }
            if w <= width {
                line.push_str(&name);
                line_w = w;
            } else {
                let mut parts = self
                    .ts
                    .break_lines(&name, width, width, font.size, font.style);
                let last = parts.pop().unwrap_or_default();
                out.extend(parts.into_iter().map(|p| Slice::text_line(p, 0.0, font)));
                line_w = self.width(&last, font);
                line = last;
            }
        }
        if !line.is_empty() || out.is_empty() {
            out.push(Slice::text_line(line, 0.0, font));
        }
        // A block like any other: its full lines justified.
        let n = out.len();
        for slice in out.iter_mut().take(n.saturating_sub(1)) {
            for op in &mut slice.ops {
                if let Op::Text { text, spacing, .. } = op {
                    *spacing = self
                        .ts
                        .set_line(text, width, font.size, font.style, true)
                        .spacing;
                }
            }
        }
        out
    }
}

/// The width of a set line: its advances and its spacing.
pub(crate) fn set_width(ts: &dyn Typesetter, line: &SetLine, font: Font) -> f32 {
    ts.width(&line.text, font.style, font.size) + line.spacing.iter().sum::<f32>()
}

/// The width of a text op as drawn; 0 for any other op.
pub(crate) fn op_width(ts: &dyn Typesetter, op: &Op) -> f32 {
    match op {
        Op::Text {
            text,
            size,
            style,
            spacing,
            ..
        } => ts.width(text, *style, *size) + spacing.iter().sum::<f32>(),
        _ => 0.0,
    }
}

impl Slice {
    /// One line of text; an empty line is blank space of the same height.
    pub fn text_line(text: String, x: f32, font: Font) -> Slice {
        let spacing = justify::natural_spacing(&text, font.size);
        Slice::set_line(SetLine { text, spacing }, x, font)
    }

    /// One line of a set block; an empty line is blank space of the same height.
    pub fn set_line(line: SetLine, x: f32, font: Font) -> Slice {
        let ops = if line.text.is_empty() {
            Vec::new()
        } else {
            vec![line_op(line, x, font.baseline(), font)]
        };
        Slice {
            h: font.leading,
            ops,
            ..Slice::default()
        }
    }
}

/// A line of text as drawn anywhere but in a justified block: with jlreq's natural spacing
/// (約物の詰め, 和欧間), which `Kit::width` measures.
pub(crate) fn text_op(text: String, x: f32, y: f32, font: Font) -> Op {
    let spacing = justify::natural_spacing(&text, font.size);
    line_op(SetLine { text, spacing }, x, y, font)
}

/// A set line of a block.
pub(crate) fn line_op(line: SetLine, x: f32, y: f32, font: Font) -> Op {
    Op::Text {
        x,
        y,
        size: font.size,
        style: font.style,
        color: font.color,
        text: line.text,
        spacing: line.spacing,
    }
}

/// A piece of a line of mixed content: the grade badge beside its label, legend entries.
pub(crate) enum Inline {
    Text(String, Font),
    /// Text on a filled and/or outlined rectangle.
    Badge {
        text: String,
        font: Font,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    /// A square of colour, `size` points wide.
    Swatch(Color, f32),
    Space(f32),
}

const BADGE_PAD_X: f32 = 5.0;
const BADGE_PAD_Y: f32 = 3.0;

impl Kit<'_> {
    /// Lays pieces left to right, wrapping into new lines at `width`; text that does not fit
    /// continues on the next line. Each line becomes one slice, pieces centred vertically.
    pub fn inline(&mut self, items: Vec<Inline>, width: f32) -> Vec<Slice> {
        // (x, height, piece) per line, laid out first so each line knows its height.
        let mut lines: Vec<Vec<(f32, f32, Inline)>> = vec![Vec::new()];
        let mut x = 0.0;
        // A badge too long for the line (a long symbol in an office's own scale) is set as
        // plain text, which wraps.
        let items: Vec<Inline> = items
            .into_iter()
            .map(|item| match item {
                Inline::Badge {
                    text, font, stroke, ..
                } if self.width(&text, font) + 2.0 * BADGE_PAD_X > width => Inline::Text(
                    text,
                    font.with_color(stroke.map_or(Color::BLACK, |s| s.color)),
                ),
                other => other,
            })
            .collect();
        for item in items {
            match item {
                Inline::Text(text, font) => {
                    let room = width - x;
                    let mut parts = self.lines(&text, room, width, font).into_iter();
                    let first = parts.next().unwrap_or_default();
                    let fits_here = x == 0.0 || self.width(&first, font) <= room + 0.01;
                    let mut pending = Some(first);
                    if !fits_here {
                        // Start on a fresh line and break for the full width instead.
                        lines.push(Vec::new());
                        x = 0.0;
                        parts = self.lines(&text, width, width, font).into_iter();
                        pending = parts.next();
                    }
                    let mut current = pending;
                    while let Some(part) = current {
                        let w = self.width(&part, font);
                        lines.last_mut().expect("a line").push((
                            x,
                            font.leading,
                            Inline::Text(part, font),
                        ));
                        x += w;
                        current = parts.next();
                        if current.is_some() {
                            lines.push(Vec::new());
                            x = 0.0;
                        }
                    }
                }
                Inline::Badge {
                    text,
                    font,
                    fill,
                    stroke,
                } => {
                    let text = self.clean(&text, font.style).into_owned();
                    let w = self.width(&text, font) + 2.0 * BADGE_PAD_X;
                    let h = font.size + 2.0 * BADGE_PAD_Y;
                    self.place_inline(&mut lines, &mut x, width, w);
                    lines.last_mut().expect("a line").push((
                        x,
                        h + 2.0,
                        Inline::Badge {
                            text,
                            font,
                            fill,
                            stroke,
                        },
                    ));
                    x += w;
                }
                Inline::Swatch(color, size) => {
                    self.place_inline(&mut lines, &mut x, width, size);
                    lines
                        .last_mut()
                        .expect("a line")
                        .push((x, size, Inline::Swatch(color, size)));
                    x += size;
                }
                Inline::Space(w) => {
                    if x > 0.0 && x + w <= width {
                        x += w;
                    }
                }
            }
        }
        lines
            .into_iter()
            .filter(|l| !l.is_empty())
            .map(|line| {
                let h = line.iter().map(|(_, h, _)| *h).fold(0.0, f32::max);
                let mut ops = Vec::with_capacity(line.len() * 2);
                for (x, ih, item) in line {
                    let top = (h - ih) / 2.0;
                    match item {
                        Inline::Text(text, font) => {
                            ops.push(text_op(text, x, top + font.baseline(), font))
                        }
                        Inline::Badge {
                            text,
                            font,
                            fill,
                            stroke,
                        } => {
                            let w = self.width(&text, font) + 2.0 * BADGE_PAD_X;
                            let bh = font.size + 2.0 * BADGE_PAD_Y;
                            ops.push(Op::Rect {
                                x,
                                y: top + 1.0,
                                w,
                                h: bh,
                                fill,
                                stroke,
                            });
                            let baseline = top + 1.0 + BADGE_PAD_Y + font.size * 0.88;
                            ops.push(text_op(text, x + BADGE_PAD_X, baseline, font));
                        }
                        Inline::Swatch(color, size) => ops.push(Op::Rect {
                            x,
                            y: top,
                            w: size,
                            h: size,
                            fill: Some(color),
                            stroke: None,
                        }),
                        Inline::Space(_) => {}
                    }
                }
                Slice {
                    h,
                    ops,
                    ..Slice::default()
                }
            })
            .collect()
    }

    /// Starts a new line when a piece `w` wide does not fit after `x`.
    fn place_inline(
        &self,
        lines: &mut Vec<Vec<(f32, f32, Inline)>>,
        x: &mut f32,
        width: f32,
        w: f32,
    ) {
        if *x > 0.0 && *x + w > width + 0.01 {
            lines.push(Vec::new());
            *x = 0.0;
        }
    }
}
