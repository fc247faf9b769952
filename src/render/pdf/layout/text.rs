//! Text into lines: missing glyphs replaced (and reported), paragraphs split on '\n' and
//! broken by the typesetter, each line made into a `Slice` ready for a cell.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use super::flow::Slice;
use super::style::Font;
use crate::plan::UnitId;
use crate::render::pdf::fonts::SUBSTITUTE;
use crate::render::pdf::ir::{Color, FontStyle, Op, Stroke, Typesetter};

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
}

impl fmt::Display for LayoutWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayoutWarning::MissingGlyph { unit, title, ch } => {
                match unit {
                    Some(UnitId {
                        item,
                        initiative: Some(n),
                    }) => write!(f, "№{item}（主な取組み{n}）「{title}」: ")?,
                    Some(u) => write!(f, "№{}「{title}」: ", u.item)?,
                    None if title.is_empty() => {}
                    None => write!(f, "「{title}」: ")?,
                }
                write!(
                    f,
                    "文字「{ch}」（U+{:04X}）は報告書のフォントにないため「{SUBSTITUTE}」と表示しました。\
                     別の文字に置き換えてください。",
                    *ch as u32
                )
            }
        }
    }
}

/// The typesetter with the bookkeeping layout needs around it.
pub(crate) struct Kit<'a> {
    pub ts: &'a dyn Typesetter,
    /// Whose text is being set, for warnings.
    unit: Option<UnitId>,
    title: String,
    warnings: Vec<LayoutWarning>,
    warned: HashSet<(Option<UnitId>, char)>,
}

impl<'a> Kit<'a> {
    pub fn new(ts: &'a dyn Typesetter) -> Kit<'a> {
        Kit {
            ts,
            unit: None,
            title: String::new(),
            warnings: Vec::new(),
            warned: HashSet::new(),
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

    pub fn width(&self, text: &str, font: Font) -> f32 {
        self.ts.width(text, font.style, font.size)
    }

    /// The text with every character the font lacks replaced by 〓 and reported once per
    /// unit. Borrows when nothing is missing, the usual case.
    pub fn clean<'t>(&mut self, text: &'t str, style: FontStyle) -> Cow<'t, str> {
        let ts = self.ts;
        // Line ends are structure, not glyphs: paragraphs are split on them later.
        let drawable = |c: char| matches!(c, '\n' | '\r' | SUBSTITUTE) || ts.has_glyph(c, style);
        let Some(first_bad) = text.char_indices().find(|&(_, c)| !drawable(c)) else {
            return Cow::Borrowed(text);
        };
        let mut out = String::with_capacity(text.len());
        out.push_str(&text[..first_bad.0]);
        for c in text[first_bad.0..].chars() {
            if drawable(c) {
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

    /// A paragraph set in `width`, one slice per line, left aligned at x = 0.
    pub fn para(&mut self, text: &str, width: f32, font: Font) -> Vec<Slice> {
        self.lines(text, width, width, font)
            .into_iter()
            .map(|l| Slice::text_line(l, 0.0, font))
            .collect()
    }

    /// Like `para`, with every line aligned within `width`: 0.0 left, 0.5 centred, 1.0 right.
    pub fn para_aligned(&mut self, text: &str, width: f32, font: Font, align: f32) -> Vec<Slice> {
        self.lines(text, width, width, font)
            .into_iter()
            .map(|l| {
                let x = ((width - self.width(&l, font)) * align).max(0.0);
                Slice::text_line(l, x, font)
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
        out
    }
}

impl Slice {
    /// One line of text; an empty line is blank space of the same height.
    pub fn text_line(text: String, x: f32, font: Font) -> Slice {
        let ops = if text.is_empty() {
            Vec::new()
        } else {
            vec![text_op(text, x, font.baseline(), font)]
        };
        Slice {
            h: font.leading,
            ops,
            ..Slice::default()
        }
    }
}

pub(crate) fn text_op(text: String, x: f32, y: f32, font: Font) -> Op {
    Op::Text {
        x,
        y,
        size: font.size,
        style: font.style,
        color: font.color,
        text,
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
