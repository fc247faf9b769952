//! Spacing of Japanese text after jlreq (W3C, "Requirements for Japanese Text Layout"): the
//! space between characters that the font's advances alone get wrong, and justification.
//!
//! The bundled font draws brackets and 、。 on a full em with the ink on one side; the other
//! half is the half-em space jlreq puts beside the mark. So 約物の詰め is a negative space: when a
//! closing mark meets another closing or an opening mark, one of the two half-ems goes
//! (「）、」 and 「。」」 are 1.5 em, not 2). Between Japanese and Western letters or digits jlreq
//! puts a quarter em (和欧間), which the font has no glyph for: a positive space. Neither is
//! ever a character: the text stays exactly what was submitted, and only positions change.
//!
//! A line is set to its measure in jlreq's order: a line that is too long is shrunk (a
//! closing mark at the line end set half-width, then the half-ems of punctuation inside the
//! line, then 和欧間 down to 1/8 em); a line that is short, unless it ends its paragraph, is
//! spread evenly between characters and at word spaces, 和欧間 growing to 1/2 em at most.
//! Nothing here moves a line break: kinsoku is the breaker's, and holds.

use super::ir::SetLine;

/// What a character is to jlreq spacing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Kind {
    /// Full-width symbols, ideographic punctuation such as ？！… and anything unlisted.
    #[default]
    Other,
    /// Kanji, kana, full-width letters and digits (ＲＰＡ): the Japanese side of 和欧間.
    Japanese,
    /// Half-width Latin letters and digits: the Western side of 和欧間.
    Latin,
    /// Other half-width ASCII (. , % - / …): inside a Western word or number.
    LatinMark,
    /// Full-width opening brackets, ink on the right half.
    Open,
    /// Full-width closing brackets and 、。，．, ink on the left half.
    Close,
    /// ・：； centred on a full em: a quarter em each side, which stays.
    Middle,
    /// U+0020: where Western words may be spread apart.
    Space,
    /// U+3000.
    IdeographicSpace,
    /// Combining marks and variation selectors: part of the character before.
    Attached,
}

#[inline(always)]
pub(crate) fn kind_of(c: char) -> Kind {
    let code = c as u32;
    // Kanji and kana, most of what is measured, without a call.
    if (0x4E00..=0x9FFF).contains(&code)
        || (0x3041..=0x3096).contains(&code)
        || (0x30A1..=0x30FA).contains(&code)
    {
        return Kind::Japanese;
    }
    kind_of_others(c)
}

fn kind_of_others(c: char) -> Kind {
    let code = c as u32;
    if code < 0x80 {
        return match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => Kind::Latin,
            ' ' => Kind::Space,
            '!'..='~' => Kind::LatinMark,
            _ => Kind::Other,
        };
    }
    match c {
        '（' | '「' | '『' | '【' | '〔' | '〈' | '《' | '［' | '｛' | '〘' | '〖' | '〝'
        | '｟' => Kind::Open,
        '）' | '」' | '』' | '】' | '〕' | '〉' | '》' | '］' | '｝' | '〙' | '〗' | '〟'
        | '｠' | '、' | '。' | '，' | '．' => Kind::Close,
        '・' | '：' | '；' => Kind::Middle,
        '\u{3000}' => Kind::IdeographicSpace,
        '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{024F}' => Kind::Latin,
        '\u{3041}'..='\u{3096}'
        | '\u{309D}'..='\u{309F}'
        | '\u{30A1}'..='\u{30FA}'
        | '\u{30FC}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3005}'..='\u{3007}'
        | '\u{3013}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF10}'..='\u{FF19}'
        | '\u{FF21}'..='\u{FF3A}'
        | '\u{FF41}'..='\u{FF5A}'
        | '\u{20000}'..='\u{3FFFF}' => Kind::Japanese,
        '\u{0300}'..='\u{036F}'
        | '\u{200C}'
        | '\u{200D}'
        | '\u{3099}'
        | '\u{309A}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{E0100}'..='\u{E01EF}' => Kind::Attached,
        _ => Kind::Other,
    }
}

/// The space between two adjacent characters, in em.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Gap {
    /// Added to the advances; negative where a half-em of punctuation is dropped.
    pub natural: f32,
    /// How much of it may go when a line must shrink.
    pub shrink: f32,
    /// 和欧間: shrinks after the punctuation, and stretches to 1/2 em at most.
    pub latin: bool,
    /// The half-em of two marks already dropped: the pair is never spread apart again.
    pub kerned: bool,
}

const NONE: Gap = Gap {
    natural: 0.0,
    shrink: 0.0,
    latin: false,
    kerned: false,
};

/// The half-em beside a bracket or 、。.
const HALF: f32 = 0.5;
/// 和欧間: natural, least and most.
const LATIN_GAP: f32 = 0.25;
const LATIN_GAP_MIN: f32 = 0.125;
const LATIN_GAP_MAX: f32 = 0.5;

/// The space jlreq sets between `before` and `after` (neither `Attached`: a mark is spaced
/// as its base character).
#[inline]
pub(crate) fn gap(before: Kind, after: Kind) -> Gap {
    use Kind::*;
    match (before, after) {
        (_, Attached) | (Attached, _) => NONE,
        (Close, Close | Open | Middle) | (Open | Middle, Open) => Gap {
            natural: -HALF,
            kerned: true,
            ..NONE
        },
        // Empty brackets 「」 keep both halves; a paragraph indent before 「 is the indent's.
        (Open, Close) | (IdeographicSpace, Open) => NONE,
        (Close, _) | (_, Open) => Gap {
            shrink: HALF,
            ..NONE
        },
        (Japanese, Latin) | (Latin, Japanese) => Gap {
            natural: LATIN_GAP,
            shrink: LATIN_GAP - LATIN_GAP_MIN,
            latin: true,
            kerned: false,
        },
        _ => NONE,
    }
}

/// How far a line starting with `first` begins before its start, in em: an opening bracket
/// at a line start is set flush (天付き), its blank half outside.
#[inline]
pub(crate) fn line_start(first: Kind) -> f32 {
    if first == Kind::Open {
        -HALF
    } else {
        0.0
    }
}

/// How much a line ending with `last` may lose at its end, in em: a closing mark there may
/// be set half-width.
#[inline]
pub(crate) fn line_end_shrink(last: Kind) -> f32 {
    if last == Kind::Close {
        HALF
    } else {
        0.0
    }
}

/// The natural space before each character of `text` set at `em` points, as for any text
/// drawn where it is not a line of a justified block: 約物の詰め and 和欧間 only. Empty when
/// there is none, the usual case for short labels.
pub fn natural_spacing(text: &str, em: f32) -> Vec<f32> {
    let mut spacing = Vec::new();
    let mut before = None;
    for (i, c) in text.chars().enumerate() {
        let kind = kind_of(c);
        if kind == Kind::Attached {
            continue;
        }
        if let Some(b) = before {
            let g = gap(b, kind).natural;
            if g != 0.0 {
                if spacing.is_empty() {
                    spacing = vec![0.0; text.chars().count()];
                }
                spacing[i] = g * em;
            }
        }
        before = Some(kind);
    }
    spacing
}

/// The width `natural_spacing` adds to the advances of `text`.
pub fn natural_extra(text: &str, em: f32) -> f32 {
    let mut extra = 0.0;
    let mut before = None;
    for c in text.chars() {
        let kind = kind_of(c);
        if kind == Kind::Attached {
            continue;
        }
        if let Some(b) = before {
            extra += gap(b, kind).natural;
        }
        before = Some(kind);
    }
    extra * em
}

/// Spreading a line's characters further apart than this (in em, per gap) reads as letter
/// spacing, worse than a short line: the line is left flush left instead.
const MAX_STRETCH: f64 = 0.5;

/// One place between two characters of a line, as the setter sees it.
#[derive(Clone, Copy)]
struct Place {
    gap: Gap,
    /// Spreading the line may add space here.
    stretch: bool,
}

/// Sets one line of a block at `em` points in `measure` points: the space before each
/// character, so that the line ends exactly at the measure when `justify` is asked (every
/// line of a paragraph but its last) and never beyond it when shrinking can prevent that.
/// `advance` measures a character, as the line breaker did.
pub fn set_line<F>(text: &str, measure: f32, em: f32, justify: bool, mut advance: F) -> SetLine
where
    F: FnMut(char) -> f32,
{
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let em = f64::from(em);
    let mut places = Vec::with_capacity(n);
    let mut width = 0f64;
    let mut before: Option<(char, Kind)> = None;
    let mut indent = true;
    let mut first_kind = Kind::Other;
    let mut last_kind = Kind::Other;
    for &c in &chars {
        width += f64::from(advance(c));
        let kind = kind_of(c);
        let place = match before {
            None => {
                first_kind = kind;
                Place {
                    gap: NONE,
                    stretch: false,
                }
            }
            Some(_) if kind == Kind::Attached => Place {
                gap: NONE,
                stretch: false,
            },
            Some((b, bk)) => {
                let gap = gap(bk, kind);
                // Never inside a Western word or number, nor between a bracket and what it
                // encloses, before 、。, before a word space (the space after it takes it), in
                // a paragraph's indent, or inside a pair of leaders (……, ――).
                let western = |k| matches!(k, Kind::Latin | Kind::LatinMark);
                let leaders = b == c && matches!(c, '…' | '‥' | '―' | '—' | '─');
                let fixed = gap.kerned
                    || indent
                    || leaders
                    || (western(bk) && western(kind))
                    || bk == Kind::Open
                    || matches!(kind, Kind::Close | Kind::Space);
                let stretch = !fixed;
                Place { gap, stretch }
            }
        };
        if kind != Kind::Attached {
            indent &= matches!(kind, Kind::Space | Kind::IdeographicSpace);
            before = Some((c, kind));
            last_kind = kind;
        }
        places.push(place);
    }
    let mut spacing: Vec<f64> = places
        .iter()
        .map(|p| f64::from(p.gap.natural) * em)
        .collect();
    if n == 0 {
        return SetLine {
            text: text.to_owned(),
            spacing: Vec::new(),
        };
    }
    spacing[0] = f64::from(line_start(first_kind)) * em;
    width += spacing.iter().sum::<f64>();
    let measure = f64::from(measure);
    if !measure.is_finite() || !width.is_finite() {
        return finish(text, spacing);
    }
    let mut short = measure - width;
    if short < -TOLERANCE {
        // Shrink: the closing mark at the end (all of its half-em or nothing, so the line
        // still ends on a character's edge), then the punctuation inside, then 和欧間.
        let end = f64::from(line_end_shrink(last_kind)) * em;
        if end > 0.0 {
            short += end;
        }
        for latin in [false, true] {
            if short >= -TOLERANCE {
                break;
            }
            let room: f64 = places
                .iter()
                .filter(|p| p.gap.latin == latin)
                .map(|p| f64::from(p.gap.shrink) * em)
                .sum();
            if room <= 0.0 {
                continue;
            }
            let take = (-short).min(room) / room;
            for (s, p) in spacing.iter_mut().zip(&places).skip(1) {
                if p.gap.latin == latin {
                    *s -= f64::from(p.gap.shrink) * em * take;
                }
            }
            short += room * take;
        }
    }
    if justify && short > TOLERANCE {
        spread(&mut spacing, &places, short, em);
    }
    finish(text, spacing)
}

/// Within this many points a line is at its measure.
const TOLERANCE: f64 = 0.001;

/// Spreads `short` points evenly over the places that may stretch, 和欧間 to 1/2 em at most;
/// leaves the line as it is when that would space it out too far.
fn spread(spacing: &mut [f64], places: &[Place], short: f64, em: f64) {
    let latin = places.iter().filter(|p| p.stretch && p.gap.latin).count();
    let others = places.iter().filter(|p| p.stretch && !p.gap.latin).count();
    if latin + others == 0 {
        return;
    }
    let latin_room = f64::from(LATIN_GAP_MAX - LATIN_GAP) * em;
    let mut each = short / (latin + others) as f64;
    let mut latin_each = each;
    if each > latin_room && latin > 0 {
        latin_each = latin_room;
        if others == 0 {
            return;
        }
        each = (short - latin_room * latin as f64) / others as f64;
    }
    if each > MAX_STRETCH * em {
        return;
    }
    for (s, p) in spacing.iter_mut().zip(places) {
        if p.stretch {
            *s += if p.gap.latin { latin_each } else { each };
        }
    }
}

fn finish(text: &str, spacing: Vec<f64>) -> SetLine {
    let spacing = if spacing.iter().all(|&s| s == 0.0) {
        Vec::new()
    } else {
        spacing.into_iter().map(|s| s as f32).collect()
    };
    SetLine {
        text: text.to_owned(),
        spacing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Full-width 1 em, ASCII ½ em, marks nothing: the bundled font's advances at 1 pt.
    fn em(c: char) -> f32 {
        if kind_of(c) == Kind::Attached {
            0.0
        } else if c.is_ascii() {
            0.5
        } else {
            1.0
        }
    }

    /// Where each character starts and where the line ends.
    fn positions(line: &SetLine) -> (Vec<f32>, f32) {
        let mut x = 0.0;
        let mut starts = Vec::new();
        for (i, c) in line.text.chars().enumerate() {
            x += line.spacing.get(i).copied().unwrap_or(0.0);
            starts.push(x);
            x += em(c);
        }
        (starts, x)
    }

    fn natural(text: &str) -> (Vec<f32>, f32) {
        positions(&set_line(text, f32::INFINITY, 1.0, false, em))
    }

    #[test]
    fn a_closing_mark_before_punctuation_loses_its_half_em() {
        let set_width = |text: &str| {
            let (starts, end) = natural(text);
            end - starts[0]
        };
        // 「）、」 and 「。」」 are 1.5 em; 「）（」 and 「」（」 too.
        for pair in ["）、", "。」", "）（", "」「", "、（", "「（", "）・"] {
            assert_eq!(set_width(pair), 1.5, "{pair}");
        }
        // Empty brackets and a bracket after ordinary text keep both halves.
        assert_eq!(set_width("「」"), 2.0);
        assert_eq!(natural("市（").1, 2.0);
        assert_eq!(natural("市・（").0[2], 1.5);
    }

    #[test]
    fn middle_dots_and_colons_keep_their_quarters() {
        assert_eq!(natural("市・区：町").1, 5.0);
    }

    #[test]
    fn latin_letters_and_digits_beside_japanese_get_a_quarter_em() {
        let (starts, end) = natural("令和3年度");
        assert_eq!(starts, [0.0, 1.0, 2.25, 3.0, 4.0]);
        assert_eq!(end, 5.0);
        assert_eq!(natural("ICTの活用").0[3], 1.75);
        // Full-width letters are Japanese: no space.
        assert_eq!(natural("ＲＰＡの導入").1, 6.0);
        // None beside punctuation, nor inside a number.
        assert_eq!(natural("市（R3）").1, 4.0);
        assert_eq!(natural("14,465人").1, 4.25);
        assert_eq!(natural("99.1％").1, 3.0);
    }

    #[test]
    fn an_opening_bracket_at_a_line_start_is_flush_but_not_after_the_indent() {
        assert_eq!(natural("「声」").0[0], -0.5);
        assert_eq!(natural("「声」").1, 2.5);
        assert_eq!(natural("　「声」").0[1], 1.0);
    }

    #[test]
    fn a_justified_line_ends_at_the_measure() {
        for (text, measure) in [
            ("将来世代への負担を抑制", 14.0),
            ("令和3年度はICTを活用し、", 14.0),
            ("（仮称）市民センター", 12.0),
            ("Reform Plan 2016の推進", 13.0),
        ] {
            let line = set_line(text, measure, 1.0, true, em);
            let (_, end) = positions(&line);
            assert!((end - measure).abs() < 0.001, "{text}: {end}");
            assert_eq!(line.text, text);
        }
        // A paragraph's last line stays flush left at its natural width.
        let line = set_line("確保します。", 14.0, 1.0, false, em);
        assert!(line.spacing.is_empty());
    }

    #[test]
    fn spreading_spares_words_brackets_and_paired_punctuation() {
        let line = set_line("市の「ICT」化、）。を", 11.0, 1.0, true, em);
        let (starts, end) = positions(&line);
        assert!((end - 11.0).abs() < 0.001, "{end}");
        // I C T stay half an em apart.
        assert_eq!(starts[4] - starts[3], 0.5);
        assert_eq!(starts[5] - starts[4], 0.5);
        // 、）。 keep their 1.5 em pairs.
        assert_eq!(starts[9] - starts[8], 0.5);
        assert_eq!(starts[10] - starts[9], 0.5);
    }

    #[test]
    fn a_long_line_shrinks_at_its_end_then_inside_then_latin_gaps() {
        // 5 em natural in 4.5: the final 。 goes half-width, nothing else moves.
        let line = set_line("あいうえ。", 4.5, 1.0, true, em);
        assert!(line.spacing.is_empty());
        // 、 inside gives up part of its half-em.
        let line = set_line("あ、いう。", 4.25, 1.0, false, em);
        let (starts, _) = positions(&line);
        assert!((starts[2] - 1.75).abs() < 0.001, "{starts:?}");
        // 和欧間 last, down to an eighth.
        let line = set_line("年3月", 2.75, 1.0, false, em);
        let (_, end) = positions(&line);
        assert!((end - 2.75).abs() < 0.001);
    }

    #[test]
    fn a_line_that_cannot_be_spread_stays_flush_left() {
        // One Western word: no place to add space.
        assert!(set_line("Supercalifragilistic", 14.0, 1.0, true, em)
            .spacing
            .is_empty());
        // Two characters on a wide line: more than half an em between them reads badly.
        assert!(set_line("詳細", 14.0, 1.0, true, em).spacing.is_empty());
    }

    #[test]
    fn degenerate_input_never_panics() {
        for text in ["", "\u{FE0F}", " ", "　", "「", "。"] {
            for measure in [0.0, -1.0, f32::NAN, f32::INFINITY, 1e30] {
                let line = set_line(text, measure, 10.0, true, em);
                assert_eq!(line.text, text);
                assert!(line.spacing.iter().all(|s| s.is_finite()));
            }
        }
    }
}
