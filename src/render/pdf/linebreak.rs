//! Japanese line breaking (JIS X 4051 / W3C jlreq basics), as a pure function over a width
//! function so it can be tested without fonts and used by any typesetter.
//!
//! The text is cut into unbreakable segments at the break opportunities (between ideographs
//! and kana, at spaces, around full-width punctuation, but never where kinsoku, a Latin word
//! or a number with its unit forbids it), then lines are filled greedily. A segment that does
//! not fit moves whole to the next line, which is how 追い出し works here: the character a
//! kinsoku rule keeps off the line start takes its neighbour along. Nothing hangs outside the
//! box (no ぶら下げ): table cells must never overflow. Only a segment wider than a whole line is
//! cut inside, preferring the places a URL breaks well, else by character.
//!
//! Every character is measured and classified once, and widths come from prefix sums, so the
//! work is linear in the text length.

use std::ops::Range;

use super::justify::{self, Kind};

/// Slack allowed when deciding whether text fits: sums of float advances may miss the nominal
/// width by rounding. A thousandth of a point is invisible.
pub const FIT_TOLERANCE: f32 = 0.001;

/// Breaks `text` into lines and returns each line's byte range in `text`.
///
/// The first line must fit `first_width`, the others `rest_width` (hanging indentation). A
/// paragraph is expected to contain no '\n'; if it does, each '\n' (with a '\r' before it) is
/// a forced break and an empty paragraph gives an empty line. Between two consecutive ranges
/// lie only the half-width spaces dropped at a break (and forced-break newlines): nothing else
/// is ever dropped. Every range is non-empty except for an empty paragraph, and every line
/// fits its width unless it is a single character wider than the line.
pub fn line_ranges<F>(
    text: &str,
    first_width: f32,
    rest_width: f32,
    advance: F,
) -> Vec<Range<usize>>
where
    F: FnMut(char) -> f32,
{
    spaced_line_ranges(text, first_width, rest_width, Spacing::NONE, advance)
}

/// How the breaker measures the space between characters (see [`crate::render::pdf::justify`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spacing {
    /// The font size: jlreq's spaces are fractions of it. 0 measures advances alone.
    pub em: f32,
    /// A line may be shrunk to fit (追い込み): its punctuation's half-ems and 和欧間 may give
    /// way, a closing mark at its end may be half-width, and an opening bracket at its start
    /// is flush. For lines that `justify::set_line` will set; lines drawn with their natural
    /// spacing must not count on it.
    pub squeeze: bool,
}

impl Spacing {
    pub const NONE: Spacing = Spacing {
        em: 0.0,
        squeeze: false,
    };
}

/// [`line_ranges`] measuring with jlreq's spacing: 約物の詰め and 和欧間 widen or narrow a line
/// as they will when it is drawn.
pub fn spaced_line_ranges<F>(
    text: &str,
    first_width: f32,
    rest_width: f32,
    spacing: Spacing,
    mut advance: F,
) -> Vec<Range<usize>>
where
    F: FnMut(char) -> f32,
{
    let mut lines = Vec::new();
    let mut offset = 0;
    for piece in text.split('\n') {
        let body = piece.strip_suffix('\r').unwrap_or(piece);
        let width = if lines.is_empty() {
            first_width
        } else {
            rest_width
        };
        let widths = (width, rest_width);
        break_paragraph_into(body, offset, widths, spacing, &mut advance, &mut lines);
        offset += piece.len() + 1;
    }
    lines
}

/// [`line_ranges`] as string slices of `text`.
pub fn break_paragraph<F>(text: &str, first_width: f32, rest_width: f32, advance: F) -> Vec<&str>
where
    F: FnMut(char) -> f32,
{
    line_ranges(text, first_width, rest_width, advance)
        .into_iter()
        .map(|r| &text[r])
        .collect()
}

/// Whether no JIS X 4051 / jlreq rule lets `c` begin a line: closing brackets and quotes,
/// punctuation, the long vowel mark, iteration marks, small kana, Latin closing punctuation.
pub fn is_line_start_prohibited(c: char) -> bool {
    matches!(class_of(c), Class::Close | Class::LatinClose)
}

/// Whether no rule lets `c` end a line: opening brackets and quotes, and currency signs that
/// prefix a number.
pub fn is_line_end_prohibited(c: char) -> bool {
    matches!(class_of(c), Class::Open | Class::LatinOpen)
}

/// What a character does to the break opportunities around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Ideographs, kana, most full-width symbols: a break may come before and after.
    Ideographic,
    /// Opening brackets and quotes: never end a line (行末禁則).
    Open,
    /// Closing brackets, punctuation, small kana, ー, iteration marks: never start a line
    /// (行頭禁則).
    Close,
    /// Letters, digits and symbols of Latin text: a run of them stays together.
    Latin,
    /// ( [ {: Latin, and never end a line.
    LatinOpen,
    /// ) ] } , . : ; ? ! %: Latin, and never start a line.
    LatinClose,
    /// Leaders and dashes set in pairs (……, ――): never split between two of the same.
    Inseparable,
    /// Combining marks, variation selectors, joiners: stay with the character before.
    Attached,
    /// No-break spaces and joiners: no break on either side.
    Glue,
    /// U+3000: belongs to what precedes it; a break may follow it.
    IdeographicSpace,
    /// U+200B: a break may follow it.
    ZeroWidthSpace,
    /// U+0020: the place for a break in Latin text, dropped when the break is taken.
    Space,
}

impl Class {
    fn no_break_before(self) -> bool {
        matches!(
            self,
            Class::Close
                | Class::LatinClose
                | Class::Attached
                | Class::Glue
                | Class::IdeographicSpace
                | Class::ZeroWidthSpace
        )
    }

    fn no_break_after(self) -> bool {
        matches!(self, Class::Open | Class::LatinOpen | Class::Glue)
    }

    fn is_latin(self) -> bool {
        matches!(self, Class::Latin | Class::LatinOpen | Class::LatinClose)
    }
}

/// Whether a line may end between `a` and `b` (neither a half-width space).
fn allows_break(a: (char, Class), b: (char, Class)) -> bool {
    if b.1.no_break_before() || a.1.no_break_after() {
        return false;
    }
    match a.1 {
        Class::ZeroWidthSpace => true,
        Class::Inseparable => a.0 != b.0,
        _ => !(a.1.is_latin() && b.1.is_latin()),
    }
}

const ASCII_CLASSES: [Class; 128] = {
    let mut classes = [Class::Latin; 128];
    let mut i = 0;
    while i < 0x20 {
        // Control characters have no glyph; they are drawn as the substitute, an ideograph.
        classes[i] = Class::Ideographic;
        i += 1;
    }
    classes[0x7F] = Class::Ideographic;
    classes[b' ' as usize] = Class::Space;
    let opening = b"([{";
    let mut i = 0;
    while i < opening.len() {
        classes[opening[i] as usize] = Class::LatinOpen;
        i += 1;
    }
    let closing = b")]},.:;?!%";
    let mut i = 0;
    while i < closing.len() {
        classes[closing[i] as usize] = Class::LatinClose;
        i += 1;
    }
    classes
};

const KANA_START: u32 = 0x3040;

/// The classes of the hiragana and katakana blocks (U+3040–U+30FF), as `class_of`'s match
/// gives them; a test checks that they agree.
const KANA_CLASSES: [Class; 0xC0] = {
    let mut classes = [Class::Ideographic; 0xC0];
    let close: [u32; 33] = [
        0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308E, 0x3095,
        0x3096, 0x309B, 0x309C, 0x309D, 0x309E, 0x30A0, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9,
        0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6, 0x30FB, 0x30FC, 0x30FD, 0x30FE,
    ];
    let mut i = 0;
    while i < close.len() {
        classes[(close[i] - KANA_START) as usize] = Class::Close;
        i += 1;
    }
    classes[0x3099 - KANA_START as usize] = Class::Attached;
    classes[0x309A - KANA_START as usize] = Class::Attached;
    classes
};

fn class_of(c: char) -> Class {
    let code = c as u32;
    if code < 0x80 {
        return ASCII_CLASSES[code as usize];
    }
    // Most of what is measured: kanji never restrict a break.
    if (0x4E00..=0x9FFF).contains(&code) || (0x3400..=0x4DBF).contains(&code) {
        return Class::Ideographic;
    }
    // Then kana: looked up, not matched.
    if let Some(&class) = KANA_CLASSES.get(code.wrapping_sub(KANA_START) as usize) {
        return class;
    }
    class_by_match(c)
}

fn class_by_match(c: char) -> Class {
    match c {
        '、' | '。' | '，' | '．' | '・' | '：' | '；' | '？' | '！' | '‼' | '⁇' | '⁈' | '⁉'
        | 'ー' | '）' | '」' | '』' | '】' | '〕' | '〉' | '》' | '］' | '｝' | '〙' | '〗'
        | '〟' | '｠' | '’' | '”' | '»' | '›' | '｡' | '､' | '｣' | '･' | 'ｰ' | '゛' | '゜'
        | 'ゝ' | 'ゞ' | 'ヽ' | 'ヾ' | '々' | '〻' | '‐' | '゠' | '〜' | '～' | '–' | '％' | '‰'
        | '℃' | '°' | '′' | '″' => Class::Close,
        // Small kana (拗音・促音) belong to the kana before them.
        'ぁ'
        | 'ぃ'
        | 'ぅ'
        | 'ぇ'
        | 'ぉ'
        | 'っ'
        | 'ゃ'
        | 'ゅ'
        | 'ょ'
        | 'ゎ'
        | 'ゕ'
        | 'ゖ'
        | 'ァ'
        | 'ィ'
        | 'ゥ'
        | 'ェ'
        | 'ォ'
        | 'ッ'
        | 'ャ'
        | 'ュ'
        | 'ョ'
        | 'ヮ'
        | 'ヵ'
        | 'ヶ'
        | 'ㇰ'..='ㇿ'
        | 'ｧ'..='ｯ' => Class::Close,
        '（' | '「' | '『' | '【' | '〔' | '〈' | '《' | '［' | '｛' | '〘' | '〖' | '〝'
        | '｟' | '‘' | '“' | '«' | '‹' | '｢' => Class::Open,
        // Currency signs prefix their number.
        '￥' | '＄' | '＃' | '¥' | '£' | '€' => Class::Open,
        '…' | '‥' | '⋯' | '―' | '—' => Class::Inseparable,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}'
        | '\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{3099}'
        | '\u{309A}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}' => Class::Attached,
        '\u{00A0}' | '\u{2007}' | '\u{2011}' | '\u{202F}' | '\u{2060}' | '\u{FEFF}' => Class::Glue,
        '\u{3000}' => Class::IdeographicSpace,
        '\u{200B}' => Class::ZeroWidthSpace,
        '×' | '÷' => Class::Ideographic,
        'Ａ'..='Ｚ'
        | 'ａ'..='ｚ'
        | '０'..='９'
        | '\u{00C0}'..='\u{024F}'
        | '\u{0370}'..='\u{03FF}'
        | '\u{0400}'..='\u{04FF}' => Class::Latin,
        _ => Class::Ideographic,
    }
}

/// One character of a paragraph, measured and classified.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The width of the paragraph before this character, with the spaces between
    /// characters up to and including its own `gap`; f64 so that differences stay exact
    /// over a megabyte of text.
    x: f64,
    /// Where the character starts in the caller's text.
    byte: usize,
    c: char,
    class: Class,
    /// No break between this character and the one before (inside a number with its unit).
    glued: bool,
    /// The space between this character and the one before, which a line starting here
    /// does not have, in eighths of an em: jlreq's natural spaces are all multiples of it,
    /// and a byte fits where the slot had padding.
    gap: i8,
}

/// What squeezing needs besides, kept apart from [`Slot`] so that breaking without it
/// touches no more memory than it always did.
#[derive(Debug, Clone, Copy, Default)]
struct Squeeze {
    /// How much of the width before the character a squeezed line may give up (as `x`).
    shrink: f64,
    /// The part of the slot's gap that may give way, in points.
    gap_shrink: f32,
    kind: Kind,
}

/// The slots of `text` plus one past the end, which holds the total width; and when
/// `spacing` squeezes, what that needs of each.
fn measure<F>(
    text: &str,
    offset: usize,
    spacing: Spacing,
    advance: &mut F,
) -> (Vec<Slot>, Vec<Squeeze>)
where
    F: FnMut(char) -> f32,
{
    let mut slots = Vec::with_capacity(text.len() + 1);
    let spaced = spacing.em > 0.0;
    let squeeze = spaced && spacing.squeeze;
    let mut squeezes = Vec::with_capacity(if squeeze { text.len() + 1 } else { 0 });
    let eighth = f64::from(spacing.em) / 8.0;
    let (mut x, mut shrink) = (0f64, 0f64);
    let mut numerals = false;
    let mut before: Option<Kind> = None;
    for (i, c) in text.char_indices() {
        numerals |= is_digit(c) || c == '元';
        let mut gap = 0i8;
        if spaced {
            let kind = justify::kind_of(c);
            let mut gap_shrink = 0.0;
            match before {
                // Most of the text: kanji and kana side by side, nothing between them.
                Some(Kind::Japanese) if kind == Kind::Japanese => {}
                Some(b) if kind != Kind::Attached => {
                    let g = justify::gap(b, kind);
                    gap = (g.natural * 8.0) as i8;
                    x += f64::from(gap) * eighth;
                    gap_shrink = g.shrink * spacing.em;
                }
                _ => {}
            }
            if kind != Kind::Attached {
                before = Some(kind);
            }
            if squeeze {
                shrink += f64::from(gap_shrink);
                squeezes.push(Squeeze {
                    shrink,
                    gap_shrink,
                    kind,
                });
            }
        }
        slots.push(Slot {
            x,
            byte: offset + i,
            c,
            class: class_of(c),
            glued: false,
            gap,
        });
        x += f64::from(advance(c));
    }
    slots.push(Slot {
        x,
        byte: offset + text.len(),
        c: '\0',
        class: Class::Space,
        glued: false,
        gap: 0,
    });
    if squeeze {
        squeezes.push(Squeeze {
            shrink,
            ..Squeeze::default()
        });
    }
    if numerals {
        glue_numbers(text, offset, &mut slots);
    }
    (slots, squeezes)
}

/// A place where a line may end: the line stops at slot `end` and the next one starts at
/// `next` (after the half-width spaces of the break, which are dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Opportunity {
    end: usize,
    next: usize,
}

fn break_paragraph_into<F>(
    text: &str,
    offset: usize,
    (first_width, rest_width): (f32, f32),
    spacing: Spacing,
    advance: &mut F,
    lines: &mut Vec<Range<usize>>,
) where
    F: FnMut(char) -> f32,
{
    if text.is_empty() {
        lines.push(offset..offset);
        return;
    }
    let (slots, squeezes) = measure(text, offset, spacing, advance);
    let mut filler = Filler {
        slots: &slots,
        squeezes: &squeezes,
        limit: f64::from(first_width),
        rest: f64::from(rest_width),
        eighth: f64::from(spacing.em) / 8.0,
        em: spacing.em,
        lines,
        line: None,
    };
    let n = slots.len() - 1;
    let mut segment_start = 0;
    let mut take = |opportunity: Opportunity| {
        let segment = segment_start..opportunity.end;
        segment_start = opportunity.next;
        if !segment.is_empty() {
            filler.place(segment);
        }
    };
    break_opportunities(&slots, &mut take);
    take(Opportunity { end: n, next: n });
    filler.finish();
}

/// Greedy line filling over the slots of one paragraph.
struct Filler<'a> {
    slots: &'a [Slot],
    /// Empty unless lines may be squeezed.
    squeezes: &'a [Squeeze],
    /// An eighth of an em: the unit of the slots' gaps.
    eighth: f64,
    /// The width available to the line being filled.
    limit: f64,
    rest: f64,
    em: f32,
    lines: &'a mut Vec<Range<usize>>,
    /// The slots on the line being filled.
    line: Option<(usize, usize)>,
}

impl Filler<'_> {
    /// The natural width of the line of slots `from..to`: without the space before `from`
    /// (a line start has none, and an opening bracket there is flush) nor before `to`.
    #[inline]
    fn width(&self, from: usize, to: usize) -> f64 {
        let (a, b) = (&self.slots[from], &self.slots[to]);
        let w = b.x - a.x - f64::from(b.gap) * self.eighth;
        match self.squeezes.get(from) {
            Some(s) => w + f64::from(justify::line_start(s.kind) * self.em),
            None => w,
        }
    }

    /// How much narrower the line `from..to` can be set when squeezed.
    fn shrink(&self, from: usize, to: usize) -> f64 {
        let q = self.squeezes;
        let (a, b) = (&q[from], &q[to]);
        let last = q[to.saturating_sub(1).max(from)].kind;
        b.shrink - f64::from(b.gap_shrink) - a.shrink
            + f64::from(justify::line_end_shrink(last) * self.em)
    }

    /// Written so that a NaN width (or a NaN advance) fits nothing.
    #[inline]
    fn fits(&self, from: usize, to: usize) -> bool {
        let mut w = self.width(from, to);
        if !self.squeezes.is_empty() {
            w -= self.shrink(from, to);
        }
        w <= self.limit + f64::from(FIT_TOLERANCE)
    }

    fn emit(&mut self, from: usize, to: usize) {
        self.lines.push(self.slots[from].byte..self.slots[to].byte);
        self.limit = self.rest;
    }

    fn place(&mut self, segment: Range<usize>) {
        if let Some((start, end)) = self.line.take() {
            if self.fits(start, segment.end) {
                self.line = Some((start, segment.end));
                return;
            }
            self.emit(start, end);
        }
        if self.fits(segment.start, segment.end) {
            self.line = Some((segment.start, segment.end));
            return;
        }
        // Wider than a whole line by itself: the only case where a segment is cut inside.
        let mut pos = segment.start;
        loop {
            let cut = self.emergency_cut(pos, segment.end);
            if cut == segment.end {
                self.line = Some((pos, cut));
                return;
            }
            self.emit(pos, cut);
            pos = cut;
        }
    }

    /// Where to end a line that starts at `pos` inside a segment too wide for any line: after
    /// as many chars as fit, preferring a URL-like soft point if that does not leave the line
    /// less than half full; at least one char (with its combining marks), so this always
    /// advances.
    fn emergency_cut(&self, pos: usize, end: usize) -> usize {
        let mut best = None;
        let mut soft = None;
        let mut j = pos + 1;
        while j <= end && self.fits(pos, j) {
            if j == end {
                return end;
            }
            if self.slots[j].class != Class::Attached {
                best = Some(j);
                if is_soft_break(self.slots[j - 1].c, self.slots[j].c) {
                    soft = Some(j);
                }
            }
            j += 1;
        }
        if let Some(s) = soft {
            if self.width(pos, s) * 2.0 >= self.limit {
                return s;
            }
        }
        best.unwrap_or_else(|| {
            let mut cut = pos + 1;
            while cut < end && self.slots[cut].class == Class::Attached {
                cut += 1;
            }
            cut
        })
    }

    fn finish(mut self) {
        if let Some((start, end)) = self.line.take() {
            // Spaces at the very end of the paragraph stay when they fit; otherwise they are
            // the spaces of a break that has no following line.
            let n = self.slots.len() - 1;
            let end = if end < n && self.fits(start, n) {
                n
            } else {
                end
            };
            self.emit(start, end);
        }
    }
}

/// Calls `take` with each break opportunity of one paragraph (no '\n'), in order.
fn break_opportunities(slots: &[Slot], mut take: impl FnMut(Opportunity)) {
    let n = slots.len() - 1;
    // The leading spaces are the paragraph's indent: they stay with the first character.
    let indent = slots[..n]
        .iter()
        .take_while(|s| matches!(s.class, Class::Space | Class::IdeographicSpace))
        .count();
    if indent >= n {
        return;
    }
    // The character a break would follow; combining marks take their base's part.
    let mut before = (slots[indent].c, slots[indent].class);
    let mut i = indent + 1;
    while i < n {
        let slot = slots[i];
        if slot.class == Class::Space {
            let start = i;
            while i < n && slots[i].class == Class::Space {
                i += 1;
            }
            let after_ok = i == n || !slots[i].class.no_break_before();
            if after_ok && !before.1.no_break_after() {
                take(Opportunity {
                    end: start,
                    next: i,
                });
            }
            if i < n {
                before = (slots[i].c, slots[i].class);
            }
            i += 1;
            continue;
        }
        let here = (slot.c, slot.class);
        if !slot.glued && allows_break(before, here) {
            take(Opportunity { end: i, next: i });
        }
        if slot.class != Class::Attached {
            before = here;
        }
        i += 1;
    }
}

/// Where a word too long for any line is best cut: after a URL's separators.
fn is_soft_break(a: char, b: char) -> bool {
    const SEPARATORS: &str = "/-.?&=_#,;:~+@";
    SEPARATORS.contains(a) && !SEPARATORS.contains(b)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_decimal_or_thousands_separator(c: char) -> bool {
    matches!(c, ',' | '.' | '，' | '．')
}

/// What a number keeps on its line (令和3年度, 24億円, 14,465人, 99.1％). Longer forms come
/// before their beginnings, since the first match wins.
const UNITS: &[&str] = &[
    "年度",
    "年間",
    "年",
    "か月",
    "ヶ月",
    "カ月",
    "ケ月",
    "箇月",
    "月",
    "日",
    "時間",
    "時",
    "分",
    "秒",
    "週間",
    "人",
    "名",
    "件",
    "回",
    "課",
    "業務",
    "百万円",
    "億円",
    "万円",
    "千円",
    "円",
    "億",
    "万",
    "千",
    "％",
    "%",
    "か所",
    "ヶ所",
    "カ所",
    "箇所",
    "倍",
    "割",
    "歳",
    "社",
    "校",
    "駅",
    "世帯",
    "施設",
    "団体",
    "項目",
    "本",
    "台",
    "枚",
    "点",
    "次",
    "期",
    "号",
    "条",
    "ページ",
];

/// The first characters of [`UNITS`], to skip the search for most characters after a number.
fn may_start_unit(c: char) -> bool {
    matches!(
        c,
        '年' | 'か'
            | 'ヶ'
            | 'カ'
            | 'ケ'
            | '箇'
            | '月'
            | '日'
            | '時'
            | '分'
            | '秒'
            | '週'
            | '人'
            | '名'
            | '件'
            | '回'
            | '課'
            | '業'
            | '百'
            | '億'
            | '万'
            | '千'
            | '円'
            | '％'
            | '%'
            | '倍'
            | '割'
            | '歳'
            | '社'
            | '校'
            | '駅'
            | '世'
            | '施'
            | '団'
            | '項'
            | '本'
            | '台'
            | '枚'
            | '点'
            | '次'
            | '期'
            | '号'
            | '条'
            | 'ペ'
    )
}

/// What a number keeps before it (第3回, №24-2). Not era names: 令和|3年度 is an ordinary
/// break, and gluing it would leave lines of narrow cells visibly short.
const PREFIXES: &[&str] = &["第", "№"];

/// Eras whose first year is written 元 (令和元年度).
const ERAS: &[&str] = &["令和", "平成", "昭和"];

/// Marks the boundaries inside numbers with their units and prefixes as glued.
fn glue_numbers(text: &str, offset: usize, slots: &mut [Slot]) {
    let n = slots.len() - 1;
    let at = |slots: &[Slot], i: usize| slots[i].byte - offset;
    for i in 0..n {
        let c = slots[i].c;
        if !(is_digit(c) || c == '元') || !is_numeral(text, at(slots, i), c, slots[i + 1].c) {
            continue;
        }
        let starts_number =
            i == 0 || !is_numeral(text, at(slots, i - 1), slots[i - 1].c, slots[i].c);
        if starts_number {
            let head = &text[..at(slots, i)];
            if let Some(prefix) = PREFIXES.iter().find(|p| head.ends_with(*p)) {
                let len = prefix.chars().count();
                for slot in &mut slots[i + 1 - len..=i] {
                    slot.glued = true;
                }
            }
        }
        let next = slots[i + 1].c;
        if is_decimal_or_thousands_separator(next) && i + 2 < n && is_digit(slots[i + 2].c) {
            slots[i + 1].glued = true;
            slots[i + 2].glued = true;
            continue;
        }
        if is_digit(next) || i + 1 == n || !may_start_unit(next) {
            continue;
        }
        let rest = &text[at(slots, i + 1)..];
        if let Some(unit) = UNITS.iter().find(|u| rest.starts_with(*u)) {
            let len = unit.chars().count();
            for slot in &mut slots[i + 1..=i + len] {
                slot.glued = true;
            }
        }
    }
}

/// Whether `c` (at byte `at` of `text`, followed by `next`) is a digit, or the 元 of an
/// era's first year.
fn is_numeral(text: &str, at: usize, c: char, next: char) -> bool {
    is_digit(c) || (c == '元' && next == '年' && ERAS.iter().any(|e| text[..at].ends_with(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_attached(c: char) -> bool {
        class_of(c) == Class::Attached
    }

    /// Widths in em: full-width 1, half-width (ASCII, half-width kana) ½, marks nothing.
    fn em(c: char) -> f32 {
        if is_attached(c) {
            0.0
        } else if c.is_ascii() || ('｡'..='ﾟ').contains(&c) {
            0.5
        } else {
            1.0
        }
    }

    fn width(s: &str) -> f32 {
        s.chars().map(em).sum()
    }

    /// The contract: ranges in order, only break spaces (and forced-break newlines) between
    /// them, nothing lost, every line fits unless it is one char.
    fn check(text: &str, first: f32, rest: f32) -> Vec<&str> {
        let ranges = line_ranges(text, first, rest, em);
        assert!(!ranges.is_empty(), "no lines for {text:?}");
        let mut at = 0;
        for (i, r) in ranges.iter().enumerate() {
            assert!(r.start >= at, "overlap in {text:?}: {ranges:?}");
            let gap = &text[at..r.start];
            assert!(
                gap.chars().all(|c| matches!(c, ' ' | '\n' | '\r')),
                "dropped {gap:?} from {text:?}"
            );
            let line = &text[r.clone()];
            let limit = if i == 0 { first } else { rest };
            assert!(
                width(line) <= limit + FIT_TOLERANCE || characters(line) == 1,
                "{line:?} overflows {limit} in {text:?}"
            );
            at = r.end;
        }
        let tail = &text[at..];
        assert!(tail.chars().all(|c| c == ' '), "lost {tail:?}");
        ranges.into_iter().map(|r| &text[r]).collect()
    }

    /// Characters as a reader counts them: a base with its marks is one.
    fn characters(s: &str) -> usize {
        s.chars().filter(|&c| !is_attached(c)).count()
    }

    /// `needle` is never split across lines, at any width that can hold it.
    fn assert_kept_together(text: &str, needle: &str) {
        let start = text.find(needle).unwrap();
        let end = start + needle.len();
        for tenths in (width(needle) * 10.0) as usize..=(width(text) * 10.0) as usize + 10 {
            let w = tenths as f32 / 10.0;
            let ranges = line_ranges(text, w, w, em);
            for r in &ranges {
                let splits = (r.start > start && r.start < end) || (r.end > start && r.end < end);
                assert!(
                    !splits,
                    "{needle:?} split at width {w}: {:?}",
                    check(text, w, w)
                );
            }
        }
    }

    #[test]
    fn ideographs_and_kana_break_anywhere() {
        assert_eq!(
            check("行財政改革のすすめかた", 4.0, 4.0),
            ["行財政改", "革のすす", "めかた"]
        );
    }

    #[test]
    fn line_start_prohibited_characters_are_pushed_out_with_their_neighbour() {
        // At width 3 the natural break would put the character first on the second line.
        for c in "、。，．・：；？！ー）」』】〕〉》］｝〙〗’”々ゝ〜～％".chars()
        {
            let text = format!("あいう{c}えお");
            let got = check(&text, 3.0, 3.0);
            assert_eq!(got[0], "あい", "{c} must take う along to the next line");
            assert!(got[1].starts_with(&format!("う{c}")), "{c}: {got:?}");
        }
    }

    #[test]
    fn latin_closing_punctuation_never_starts_a_line() {
        for c in ")],.:;?!%".chars() {
            let text = format!("あいう{c}えお");
            let got = check(&text, 3.0, 3.0);
            assert!(got.iter().all(|l| !l.starts_with(c)), "{c}: {got:?}");
        }
    }

    #[test]
    fn small_kana_never_start_a_line() {
        for c in "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ".chars() {
            let text = format!("あいう{c}えお");
            let got = check(&text, 3.0, 3.0);
            assert_eq!(got, ["あい", &format!("う{c}え"), "お"], "{c}");
        }
        assert_eq!(check("きゃっかん", 4.0, 4.0), ["きゃっか", "ん"]);
        assert_eq!(check("きゃっかん", 3.0, 3.0), ["きゃっ", "かん"]);
    }

    #[test]
    fn long_vowel_mark_never_starts_a_line() {
        assert_eq!(check("センター", 3.0, 3.0), ["セン", "ター"]);
        assert_eq!(check("データセンター", 4.0, 4.0), ["データセ", "ンター"]);
        assert_eq!(
            check("コーディネート", 3.0, 3.0),
            ["コー", "ディ", "ネート"]
        );
    }

    #[test]
    fn line_end_prohibited_characters_go_to_the_next_line() {
        for c in "（「『【〔〈《［｛〘〖‘“".chars() {
            let text = format!("あい{c}うえお");
            let got = check(&text, 3.0, 3.0);
            assert_eq!(got[0], "あい", "{c}");
            assert!(got[1].starts_with(c), "{c}: {got:?}");
        }
        for c in "([".chars() {
            let text = format!("あいう{c}えお");
            let got = check(&text, 3.5, 3.5);
            assert!(got.iter().all(|l| !l.ends_with(c)), "{c}: {got:?}");
        }
    }

    #[test]
    fn brackets_and_punctuation_together() {
        // 」。 may not start a line, 「 may not end one: the quotation moves whole.
        let text = "市民の「声」。を聴く";
        let got = check(text, 4.0, 4.0);
        assert!(got
            .iter()
            .all(|l| !l.starts_with('」') && !l.starts_with('。')));
        assert!(got.iter().all(|l| !l.ends_with('「')));
        assert_eq!(got, ["市民の", "「声」。", "を聴く"]);
    }

    #[test]
    fn boxes_never_overflow_a_line_ends_short_instead() {
        // No ぶら下げ: the 。 that does not fit takes the ideograph before it along.
        assert_eq!(check("あいうえ。", 4.0, 4.0), ["あいう", "え。"]);
    }

    #[test]
    fn latin_words_stay_together_and_spaces_at_breaks_are_dropped() {
        let text = "Sendai City Reform Plan";
        assert_eq!(check(text, 3.0, 3.0), ["Sendai", "City", "Reform", "Plan"]);
        assert_eq!(check(text, 8.0, 8.0), ["Sendai City", "Reform Plan"]);
        // Mixed with Japanese: a break is allowed where the scripts meet.
        assert_eq!(check("仙台市のICT推進", 4.0, 4.0), ["仙台市の", "ICT推進"]);
        assert_kept_together("全庁でDigitalTransformationを推進", "DigitalTransformation");
    }

    #[test]
    fn full_width_latin_runs_stay_together() {
        assert_kept_together("業務改革（ＢＰＲ）の推進とＩＣＴの活用", "（ＢＰＲ）");
        assert_kept_together("業務改革（ＢＰＲ）の推進とＩＣＴの活用", "ＩＣＴ");
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_by_character_without_loss() {
        let word = "Supercalifragilisticexpialidocious";
        let got = check(word, 4.0, 4.0);
        assert_eq!(got.concat(), word);
        let (last, full) = got.split_last().unwrap();
        assert!(full.iter().all(|l| l.chars().count() == 8), "{got:?}");
        assert_eq!(*last, "us");
        // Only the too-long word is cut; its neighbours keep their own lines.
        let text = format!("short {word} end");
        let got = check(&text, 4.0, 4.0);
        assert_eq!(got.first(), Some(&"short"));
        assert_eq!(got.last(), Some(&"us end"));
        assert_eq!(got[1..].concat(), format!("{word} end"));
    }

    #[test]
    fn urls_break_at_their_separators_when_too_long() {
        let url = "https://www.city.sendai.jp/gyosei/kaikaku/plan2016/index.html";
        let text = format!("詳細は{url}をご覧ください。");
        let got = check(&text, 12.0, 12.0);
        let joined = got.concat();
        assert_eq!(joined, text);
        // At 24 half-width chars per line the URL splits after '/' or '.', not mid-word.
        let url_lines: Vec<_> = got.iter().filter(|l| l.is_ascii()).collect();
        assert!(!url_lines.is_empty(), "{got:?}");
        for l in url_lines {
            assert!(l.ends_with('/') || l.ends_with('.'), "{l:?} in {got:?}");
        }
        // A URL that fits is never split.
        assert_kept_together(&format!("詳細は {url} を参照"), url);
    }

    #[test]
    fn numbers_stay_with_their_units() {
        let cases = [
            ("達成率は99.1％となりました", "99.1％"),
            ("削減額は24億円です", "24億円"),
            ("利用者は14,465人に増えた", "14,465人"),
            ("前年比3.6%の伸び", "3.6%"),
            ("令和3年度に実施する", "3年度"),
            ("令和元年度から実施する", "元年度"),
            ("平成28年度までに", "28年度"),
            ("年間12回開催した", "12回"),
            ("市内5か所で実施", "5か所"),
            ("約1,200時間を削減", "1,200時間"),
            ("3課の業務を集約", "3課"),
            ("4業務を委託", "4業務"),
            ("第2期計画を策定", "第2期"),
            ("№24-2の取組", "№24-2"),
            ("総額１４，４６５千円を計上", "１４，４６５千円"),
            ("毎年6月に公表", "6月"),
            ("3万円を補助", "3万円"),
            ("週3日開所", "3日"),
            ("月2件程度", "2件"),
            ("5千円の負担", "5千円"),
        ];
        for (text, number) in cases {
            assert_kept_together(text, number);
        }
    }

    #[test]
    fn thousands_separators_and_decimal_points_keep_a_number_whole() {
        assert_kept_together("合計は1,234,567円です", "1,234,567円");
        assert_kept_together("比率は０．８５ポイント", "０．８５");
        assert_kept_together("人口は1,096,704人", "1,096,704人");
    }

    #[test]
    fn leading_full_width_spaces_are_the_indent_and_stay() {
        let text = "　本市の財政は、厳しい状況にあります。";
        let got = check(text, 5.0, 5.0);
        assert_eq!(got[0], "　本市の財");
        assert_eq!(got.concat(), text);
        // Even when only the indent and one character fit, the indent stays on the line.
        let got = check("　　本市", 3.0, 3.0);
        assert_eq!(got, ["　　本", "市"]);
        // A full-width space inside the text belongs to what precedes it.
        let got = check("ア　水道局の取組", 2.0, 2.0);
        assert!(got.iter().skip(1).all(|l| !l.starts_with('　')), "{got:?}");
    }

    #[test]
    fn leading_half_width_spaces_stay_too() {
        assert_eq!(check("  abc def", 2.5, 2.5), ["  abc", "def"]);
    }

    #[test]
    fn trailing_spaces_stay_when_they_fit() {
        assert_eq!(check("あい  ", 3.0, 3.0), ["あい  "]);
        assert_eq!(check("あいう  ", 3.0, 3.0), ["あいう"]);
    }

    #[test]
    fn hanging_indentation_uses_first_and_rest_widths() {
        let text = "市有建築物の長寿命化等の取組みの推進";
        let got = check(text, 3.0, 6.0);
        assert_eq!(got[0], "市有建");
        assert!(got[1..].iter().all(|l| width(l) <= 6.0));
        assert_eq!(got[1], "築物の長寿命");
        let got = check(text, 8.0, 5.0);
        assert_eq!(got[0], "市有建築物の長寿");
        assert_eq!(got[1], "命化等の取");
        // The narrower rest also applies to text carried over from the first line.
        let got = check("first supercalifragilistic", 4.0, 3.0);
        assert_eq!(got, ["first", "superc", "alifra", "gilist", "ic"]);
    }

    #[test]
    fn the_caller_splits_paragraphs_and_each_starts_fresh() {
        let text = "　第一段落です。\n\n　第二段落は少し長めです。";
        let mut out = Vec::new();
        for paragraph in text.split('\n') {
            out.extend(check(paragraph, 6.0, 6.0));
        }
        assert_eq!(
            out,
            [
                "　第一段落で",
                "す。",
                "",
                "　第二段落は",
                "少し長めで",
                "す。"
            ]
        );
    }

    #[test]
    fn newlines_inside_a_paragraph_are_forced_breaks() {
        assert_eq!(check("あいう\nえお", 10.0, 10.0), ["あいう", "えお"]);
        assert_eq!(check("あ\r\n\r\nい", 10.0, 10.0), ["あ", "", "い"]);
        assert_eq!(check("", 10.0, 10.0), [""]);
        assert_eq!(check("\n", 10.0, 10.0), ["", ""]);
        // The first width is the first line's only; later paragraphs use the rest width.
        assert_eq!(check("あいう\nえおか", 3.0, 2.0), ["あいう", "えお", "か"]);
    }

    #[test]
    fn widths_smaller_than_a_character_give_one_character_per_line() {
        let text = "「行財政改革」、ICT 2016年度ー っ。";
        for w in [0.3, 0.0, -5.0, f32::NAN, f32::MIN_POSITIVE] {
            let got = check(text, w, w);
            assert!(got.iter().all(|l| !l.is_empty()), "{w}: {got:?}");
            assert!(got.iter().all(|l| l.chars().count() == 1), "{w}: {got:?}");
        }
        // A combining mark stays with its base even then.
        let got = check("葛\u{E0100}城", 0.3, 0.3);
        assert_eq!(got, ["葛\u{E0100}", "城"]);
    }

    #[test]
    fn an_infinite_width_keeps_the_paragraph_on_one_line() {
        let text = "　本市の財政は、厳しい状況にあります。 Sendai";
        assert_eq!(check(text, f32::INFINITY, f32::INFINITY), [text]);
    }

    #[test]
    fn no_break_beside_no_break_spaces_and_inside_leaders() {
        assert_kept_together("それは……ということ", "……");
        assert_kept_together("それは――ということ", "――");
        assert_kept_together("価格は 100\u{A0}ドル です", "100\u{A0}ド");
    }

    #[test]
    fn the_kana_table_agrees_with_the_match() {
        for code in KANA_START..KANA_START + KANA_CLASSES.len() as u32 {
            let c = char::from_u32(code).unwrap();
            let table = KANA_CLASSES[(code - KANA_START) as usize];
            assert_eq!(table, class_by_match(c), "{c} U+{code:04X}");
        }
    }

    #[test]
    fn every_unit_passes_the_quick_check() {
        for unit in UNITS {
            assert!(may_start_unit(unit.chars().next().unwrap()), "{unit}");
        }
    }

    #[test]
    fn opportunities_follow_the_rules() {
        let opp = |s: &str| -> Vec<usize> {
            let (slots, _) = measure(s, 0, Spacing::NONE, &mut em);
            let mut ends = Vec::new();
            break_opportunities(&slots, |o| ends.push(o.end));
            ends
        };
        assert_eq!(opp("あい"), [1]);
        assert_eq!(opp("あ、い"), [2]);
        assert_eq!(opp("あ「い」う"), [1, 4]);
        assert_eq!(opp("abc"), Vec::<usize>::new());
        assert_eq!(opp("ab cd"), [2]);
        assert_eq!(opp("3年度"), Vec::<usize>::new());
        assert_eq!(opp("年3回"), [1]);
        // An era name may end a line before its year; the year stays with 年度.
        assert_eq!(opp("令和3年度"), [1, 2]);
        assert_eq!(opp("令和元年度"), [1, 2]);
        assert_eq!(opp("第2期"), Vec::<usize>::new());
        assert_eq!(opp("ab )"), Vec::<usize>::new());
        assert_eq!(opp("( ab"), Vec::<usize>::new());
    }

    #[test]
    fn a_megabyte_of_text_terminates_at_any_width() {
        let unit = "　市民サービスの向上（ＩＣＴ活用）に向け、14,465人・99.1％を達成。 word ";
        let text = unit.repeat(1_000_000 / unit.len() + 1);
        for w in [40.0, 0.1] {
            let ranges = line_ranges(&text, w, w, em);
            assert!(ranges.iter().all(|r| !r.is_empty()));
            let kept: usize = ranges.iter().map(|r| r.len()).sum();
            assert!(kept <= text.len() && kept + text.matches(' ').count() >= text.len());
        }
        // One unbroken word of a megabyte: the emergency path must be linear as well.
        let word = "a".repeat(1_000_000);
        let ranges = line_ranges(&word, 40.0, 40.0, em);
        assert_eq!(ranges.len(), 1_000_000 / 80);
    }
}
