//! Text measurement with the bundled fonts, and the [`Typesetter`] the PDF layout uses.
//!
//! Each font is parsed once, on first use, into a table of advances: a dense array for the
//! Basic Multilingual Plane (where nearly all Japanese text lives) and a sorted list for the
//! few supplementary-plane characters, so measuring a character is one array read.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::fonts;
use super::ir::{FontStyle, SetLine, Typesetter};
use super::justify;
use super::linebreak::{self, Spacing};

/// Marks a BMP code point the font has no glyph for. No real advance is this wide.
const MISSING: u16 = u16::MAX;

/// Advances of one font, in font units.
pub(super) struct Metrics {
    units_per_em: f32,
    bmp: Box<[u16]>,
    /// (code point, advance), sorted by code point.
    supplementary: Vec<(u32, u16)>,
    /// What [`fonts::SUBSTITUTE`] measures: a char without a glyph is drawn as that.
    substitute: u16,
}

impl Metrics {
    fn parse(bytes: &'static [u8], style: FontStyle) -> Metrics {
        let face = ttf_parser::Face::parse(bytes, 0)
            .unwrap_or_else(|e| panic!("the bundled {style:?} font does not parse: {e}"));
        let metrics = Metrics::of_face(&face);
        assert!(
            metrics.substitute != MISSING,
            "the bundled {style:?} font lacks the substitute {}",
            fonts::SUBSTITUTE
        );
        metrics
    }

    /// Any font's advances (a fallback font's too, which need not have the substitute).
    pub(super) fn of_face(face: &ttf_parser::Face) -> Metrics {
        let mut bmp = vec![MISSING; 0x1_0000].into_boxed_slice();
        let mut supplementary = Vec::new();
        let unicode: Vec<_> = face
            .tables()
            .cmap
            .into_iter()
            .flat_map(|cmap| cmap.subtables)
            .filter(|s| s.is_unicode())
            .collect();
        // A format 12 subtable maps all of Unicode, so the BMP-only ones would repeat it.
        let full = unicode
            .iter()
            .find(|s| matches!(s.format, ttf_parser::cmap::Format::SegmentedCoverage(_)));
        let subtables = match full {
            Some(full) => std::slice::from_ref(full),
            None => &unicode[..],
        };
        for subtable in subtables {
            subtable.codepoints(|code| {
                let Some(glyph) = subtable.glyph_index(code).filter(|g| g.0 != 0) else {
                    return;
                };
                // A glyph without horizontal metrics is one we cannot place: treat as missing.
                let Some(advance) = face.glyph_hor_advance(glyph).filter(|&a| a != MISSING) else {
                    return;
                };
                match usize::try_from(code) {
                    Ok(i) if i < bmp.len() => bmp[i] = advance,
                    _ => supplementary.push((code, advance)),
                }
            });
        }
        supplementary.sort_unstable();
        supplementary.dedup_by_key(|e| e.0);
        let substitute = bmp[fonts::SUBSTITUTE as usize];
        Metrics {
            units_per_em: f32::from(face.units_per_em()),
            bmp,
            supplementary,
            substitute,
        }
    }

    pub(super) fn units_per_em(&self) -> f32 {
        self.units_per_em
    }

    /// The advance in font units, or `None` when the font has no glyph.
    pub(super) fn units(&self, c: char) -> Option<u16> {
        let code = c as u32;
        if let Some(&a) = self.bmp.get(code as usize) {
            return (a != MISSING).then_some(a);
        }
        self.supplementary
            .binary_search_by_key(&code, |e| e.0)
            .ok()
            .map(|i| self.supplementary[i].1)
    }

    /// What the report draws for `c`, in font units: its glyph, nothing for an invisible
    /// format character the font lacks, else the substitute.
    fn drawn_units(&self, c: char) -> u16 {
        match self.units(c) {
            Some(a) => a,
            None if is_invisible(c) => 0,
            None => self.substitute,
        }
    }
}

/// The bundled BIZ UDGothic Regular and Bold as a [`Typesetter`].
pub struct BundledTypesetter {
    regular: Metrics,
    bold: Metrics,
}

/// The shared typesetter; the fonts are parsed on the first call.
pub fn bundled() -> &'static BundledTypesetter {
    static BUNDLED: OnceLock<BundledTypesetter> = OnceLock::new();
    BUNDLED.get_or_init(BundledTypesetter::load)
}

impl BundledTypesetter {
    /// Reads both fonts' tables afresh. Use [`bundled`], which does this once; this is for
    /// measuring what that first call costs.
    pub fn load() -> BundledTypesetter {
        BundledTypesetter {
            regular: Metrics::parse(fonts::REGULAR, FontStyle::Regular),
            bold: Metrics::parse(fonts::BOLD, FontStyle::Bold),
        }
    }

    fn metrics(&self, style: FontStyle) -> &Metrics {
        match style {
            FontStyle::Regular => &self.regular,
            FontStyle::Bold => &self.bold,
        }
    }

    /// Makes `text` drawable with the font of `style`: see [`substitute_missing`].
    pub fn substitute_missing(&self, text: &str, style: FontStyle) -> (String, Vec<char>) {
        substitute_missing(self, text, style)
    }
}

impl Typesetter for BundledTypesetter {
    /// A char without a glyph measures as what is drawn instead: [`fonts::SUBSTITUTE`], or
    /// nothing for a variation selector or other invisible format character.
    fn advance(&self, c: char, style: FontStyle, size: f32) -> f32 {
        let metrics = self.metrics(style);
        f32::from(metrics.drawn_units(c)) * size / metrics.units_per_em
    }

    fn width(&self, text: &str, style: FontStyle, size: f32) -> f32 {
        let metrics = self.metrics(style);
        // Summed in integer font units and scaled once: exact, and no rounding drift.
        let units: u64 = text
            .chars()
            .map(|c| u64::from(metrics.drawn_units(c)))
            .sum();
        (units as f64 * f64::from(size) / f64::from(metrics.units_per_em)) as f32
    }

    fn has_glyph(&self, c: char, style: FontStyle) -> bool {
        self.metrics(style).units(c).is_some()
    }

    fn break_lines(
        &self,
        paragraph: &str,
        first_width: f32,
        rest_width: f32,
        size: f32,
        style: FontStyle,
    ) -> Vec<String> {
        let metrics = self.metrics(style);
        let scale = size / metrics.units_per_em;
        break_lines_with(paragraph, first_width, rest_width, size, |c| {
            f32::from(metrics.drawn_units(c)) * scale
        })
    }

    /// Breaks with jlreq's spacing and 追い込み (a line takes one more character when
    /// shrinking its punctuation makes room), then sets each line to its measure.
    fn set_paragraph(
        &self,
        paragraph: &str,
        first_width: f32,
        rest_width: f32,
        size: f32,
        style: FontStyle,
        justify: bool,
    ) -> Vec<SetLine> {
        let metrics = self.metrics(style);
        let scale = size / metrics.units_per_em;
        let advance = |c| f32::from(metrics.drawn_units(c)) * scale;
        set_paragraph_with(paragraph, first_width, rest_width, size, justify, advance)
    }
}

/// Breaks a paragraph measured as `text_op` draws it: with jlreq's natural spacing, never
/// squeezed, each character as wide as `advance` says.
pub(crate) fn break_lines_with(
    paragraph: &str,
    first_width: f32,
    rest_width: f32,
    size: f32,
    advance: impl Fn(char) -> f32,
) -> Vec<String> {
    let spacing = Spacing {
        em: size,
        squeeze: false,
    };
    linebreak::spaced_line_ranges(paragraph, first_width, rest_width, spacing, advance)
        .into_iter()
        .map(|r| paragraph[r].to_owned())
        .collect()
}

/// Breaks with jlreq's spacing and 追い込み, then sets each line to its measure, measuring
/// characters with `advance`: what every typesetter that knows its advances does.
pub(crate) fn set_paragraph_with(
    paragraph: &str,
    first_width: f32,
    rest_width: f32,
    size: f32,
    justify: bool,
    advance: impl Fn(char) -> f32 + Copy,
) -> Vec<SetLine> {
    let spacing = Spacing {
        em: size,
        squeeze: true,
    };
    let ranges =
        linebreak::spaced_line_ranges(paragraph, first_width, rest_width, spacing, advance);
    let mut lines = Vec::with_capacity(ranges.len());
    for (i, range) in ranges.iter().enumerate() {
        let measure = if i == 0 { first_width } else { rest_width };
        // A line before a forced break ends its paragraph too.
        let last = ranges
            .get(i + 1)
            .is_none_or(|next| paragraph[range.end..next.start].contains('\n'));
        let text = &paragraph[range.clone()];
        lines.push(justify::set_line(
            text,
            measure,
            size,
            justify && !last,
            advance,
        ));
    }
    lines
}

/// Replaces every char the font of `style` cannot draw (emoji, rare kanji outside the font,
/// private-use characters) with [`fonts::SUBSTITUTE`], so nothing vanishes silently, and drops
/// invisible format characters the font lacks (variation selectors after a kanji, joiners),
/// whose base character is drawn in its standard form. Returns the new text and the chars
/// replaced or dropped, each once, in order of first appearance, for the caller's warning.
///
/// Works with any [`Typesetter`], so layout code holding a `&dyn Typesetter` can call it.
pub fn substitute_missing<T>(ts: &T, text: &str, style: FontStyle) -> (String, Vec<char>)
where
    T: Typesetter + ?Sized,
{
    if text.chars().all(|c| ts.has_glyph(c, style)) {
        return (text.to_owned(), Vec::new());
    }
    let mut out = String::with_capacity(text.len());
    let mut missing = Vec::new();
    let mut seen = HashSet::new();
    for c in text.chars() {
        if ts.has_glyph(c, style) {
            out.push(c);
            continue;
        }
        if !is_invisible(c) {
            out.push(fonts::SUBSTITUTE);
        }
        if seen.insert(c) {
            missing.push(c);
        }
    }
    (out, missing)
}

/// Unicode's default-ignorable code points: format characters that are never drawn by
/// themselves, so a font lacking them loses nothing visible (variation selectors, joiners,
/// bidi controls, the zero-width space, tags).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: [FontStyle; 2] = [FontStyle::Regular, FontStyle::Bold];

    #[test]
    fn ideographs_and_kana_are_one_em_and_half_width_latin_half_an_em() {
        let ts = bundled();
        for style in STYLES {
            for c in "漢字ひらがなカタカナ、。％（）「」　〓①№".chars() {
                assert_eq!(ts.advance(c, style, 10.5), 10.5, "{c} {style:?}");
            }
            for c in "AiW1,.% ()-".chars() {
                assert_eq!(ts.advance(c, style, 10.5), 5.25, "{c} {style:?}");
            }
            assert_eq!(ts.advance('漢', style, 0.0), 0.0);
        }
    }

    #[test]
    fn width_is_the_sum_of_advances() {
        let ts = bundled();
        let text = "　令和3年度の達成率は99.1％（ICT活用）";
        let by_char: f32 = text
            .chars()
            .map(|c| ts.advance(c, FontStyle::Regular, 9.0))
            .sum();
        assert_eq!(ts.width(text, FontStyle::Regular, 9.0), by_char);
        assert_eq!(ts.width(text, FontStyle::Regular, 9.0), 9.0 * 19.0);
        assert_eq!(ts.width("", FontStyle::Bold, 9.0), 0.0);
    }

    #[test]
    fn glyph_coverage_comes_from_the_cmap() {
        let ts = bundled();
        for style in STYLES {
            for c in "漢字ひらがなカタカナABCxyz019％%〓髙①".chars() {
                assert!(ts.has_glyph(c, style), "{c} {style:?}");
            }
            // Emoji, a JIS X 0213 kanji outside the font, private use, a variation selector.
            for c in ['😀', '❤', '𠮷', '\u{E000}', '\u{FE0F}', '\u{E0100}'] {
                assert!(!ts.has_glyph(c, style), "{c:?} {style:?}");
            }
        }
    }

    #[test]
    fn a_char_without_a_glyph_measures_as_its_substitute_and_a_selector_as_nothing() {
        let ts = bundled();
        assert_eq!(ts.advance('😀', FontStyle::Regular, 12.0), 12.0);
        assert_eq!(ts.advance('\u{E000}', FontStyle::Bold, 12.0), 12.0);
        assert_eq!(ts.advance('\u{E0100}', FontStyle::Regular, 12.0), 0.0);
        assert_eq!(ts.advance('\u{FE0F}', FontStyle::Regular, 12.0), 0.0);
        assert_eq!(ts.width("葛\u{E0100}城", FontStyle::Regular, 12.0), 24.0);
    }

    #[test]
    fn substitute_missing_replaces_what_the_font_lacks_and_reports_it() {
        let ts = bundled();
        let (text, missing) = ts.substitute_missing("成果😀を𠮷で😀確認", FontStyle::Regular);
        assert_eq!(text, "成果〓を〓で〓確認");
        assert_eq!(missing, ['😀', '𠮷']);
        // What is left can all be drawn, and measures as before.
        assert!(text.chars().all(|c| ts.has_glyph(c, FontStyle::Regular)));
        assert_eq!(
            ts.width(&text, FontStyle::Regular, 10.0),
            ts.width("成果😀を𠮷で😀確認", FontStyle::Regular, 10.0)
        );
    }

    #[test]
    fn variation_selectors_are_dropped_and_reported() {
        let ts = bundled();
        let (text, missing) = ts.substitute_missing("葛\u{E0100}城市と❤\u{FE0F}", FontStyle::Bold);
        assert_eq!(text, "葛城市と〓");
        assert_eq!(missing, ['\u{E0100}', '❤', '\u{FE0F}']);
    }

    #[test]
    fn substitute_missing_leaves_drawable_text_alone() {
        let ts = bundled();
        let text = "　公共施設マネジメントの推進（ＩＣＴ・14,465人・99.1％）";
        assert_eq!(
            ts.substitute_missing(text, FontStyle::Regular),
            (text.to_owned(), vec![])
        );
    }

    #[test]
    fn substitute_missing_works_through_the_trait_object() {
        let ts: &dyn Typesetter = bundled();
        let (text, missing) = substitute_missing(ts, "a\u{E000}b", FontStyle::Regular);
        assert_eq!(text, "a〓b");
        assert_eq!(missing, ['\u{E000}']);
    }

    #[test]
    fn the_tables_agree_with_the_font_for_every_code_point() {
        let ts = bundled();
        for style in STYLES {
            let face = ttf_parser::Face::parse(fonts::font_bytes(style), 0).unwrap();
            let upem = f32::from(face.units_per_em());
            let mut covered = 0;
            // The BMP, the CJK extension plane, and the variation selectors.
            let planes = (0..=0xFFFF)
                .chain(0x2_0000..=0x2_FFFF)
                .chain(0xE_0000..=0xE_01EF);
            for c in planes.filter_map(char::from_u32) {
                let glyph = face.glyph_index(c).filter(|g| g.0 != 0);
                assert_eq!(ts.has_glyph(c, style), glyph.is_some(), "{c:?}");
                if let Some(g) = glyph {
                    let units = face.glyph_hor_advance(g).unwrap();
                    assert_eq!(ts.advance(c, style, upem), f32::from(units), "{c:?}");
                    covered += 1;
                }
            }
            assert!(covered > 11_000, "{style:?}: only {covered} characters");
        }
    }

    #[test]
    fn the_fonts_are_parsed_once() {
        assert!(std::ptr::eq(bundled(), bundled()));
    }

    #[test]
    fn break_lines_measures_with_the_font() {
        let ts = bundled();
        let text = "　将来世代への負担を抑制するため、毎年度の決算において黒字を確保します。";
        // Ten ideographs of 10.5 pt fit 105 pt exactly.
        let lines = ts.break_lines(text, 105.0, 105.0, 10.5, FontStyle::Regular);
        assert_eq!(
            lines,
            [
                "　将来世代への負担を",
                "抑制するため、毎年度",
                "の決算において黒字を",
                "確保します。"
            ]
        );
        // Half-width Latin is half as wide: twenty fit the same line.
        let lines = ts.break_lines("abcdefghij abcdefghi", 105.0, 105.0, 10.5, FontStyle::Bold);
        assert_eq!(lines, ["abcdefghij abcdefghi"]);
        // Hanging indentation: a narrower first line.
        let lines = ts.break_lines(text, 52.5, 105.0, 10.5, FontStyle::Regular);
        assert_eq!(lines[0], "　将来世代");
        assert_eq!(lines[1], "への負担を抑制するた");
    }
}
