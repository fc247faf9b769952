//! Fallback fonts: font files the office lists in settings.toml (`fallback_fonts`) for the
//! characters BIZ UDGothic lacks, such as 𠮷 or the rarer kanji of personal and place names.
//! A character the bundled font has is always drawn with it; one it lacks comes from the
//! first fallback font that has it; only a character no font has becomes 〓 with a warning.
//!
//! The pipeline reads the files and hands their bytes to [`FallbackFont::new`], which checks
//! here, once, everything that could make the PDF fail later: that the file is a font, that
//! the collection has the font asked for, that its licence lets it be embedded as a subset
//! and that `subsetter` can cut it. The layout measures with [`FontStack`]; the PDF writer
//! embeds the glyphs used, as subsets with their widths and a Unicode map, like the
//! bundled fonts (PDF/A-2u).

use std::fmt;

use super::ir::{FontStyle, SetLine, Typesetter};
use super::typeset::{break_lines_with, set_paragraph_with, BundledTypesetter, Metrics};

/// A font file read and checked, with its advances measured once.
pub struct FallbackFont {
    data: Vec<u8>,
    index: u32,
    metrics: Metrics,
    /// TrueType outlines (`glyf`), else CFF: they are embedded differently.
    truetype: bool,
}

/// Why a font file cannot serve as a fallback font: the message says what to do, the caller
/// names the file and the line of settings.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontProblem {
    /// Not a TrueType or OpenType font (or a damaged one).
    NotAFont,
    /// A collection without the font asked for; `fonts` is how many it has.
    NoSuchFont { index: u32, fonts: u32 },
    /// `#N` after a file that is a single font, not a collection.
    NotACollection { index: u32 },
    /// Bitmaps only, or outlines this tool cannot embed (CFF2 variable fonts).
    NoOutlines,
    /// The font's licence forbids embedding it (OS/2 fsType: restricted).
    EmbeddingForbidden,
    /// The font's licence allows embedding only the whole font, which would make the PDF
    /// as large as the font file.
    SubsettingForbidden,
    /// `subsetter` cannot cut this font.
    CannotSubset(String),
}

impl fmt::Display for FontProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FontProblem::NotAFont => f.write_str(
                "TrueType（.ttf）やOpenType（.otf）のフォントとして読めません。フォントファイルそのものを指定してください（壊れていないかも確かめてください）",
            ),
            FontProblem::NoSuchFont { index, fonts } => write!(
                f,
                "このフォント集には {fonts} 書体しかないため、#{index} はありません。#0～#{} のどれかを指定してください",
                fonts.saturating_sub(1)
            ),
            FontProblem::NotACollection { index } => write!(
                f,
                "フォント集（.ttc）ではなく一つのフォントのファイルなので、#{index} は使えません。# 以降を消してください"
            ),
            FontProblem::NoOutlines => f.write_str(
                "文字の形（アウトライン）を持たないか、このツールが埋め込めない形式（可変フォントのCFF2など）のフォントです。別のフォントを指定してください",
            ),
            FontProblem::EmbeddingForbidden => f.write_str(
                "フォントのライセンスがPDFへの埋め込みを禁止しています。埋め込みが許可されたフォント（IPAmj明朝など）を指定してください",
            ),
            FontProblem::SubsettingForbidden => f.write_str(
                "フォントのライセンスが、使う文字だけの埋め込み（サブセット）を許可していません。別のフォントを指定してください",
            ),
            FontProblem::CannotSubset(detail) => write!(
                f,
                "このフォントは、使う文字だけを取り出して埋め込むことができません（{detail}）。別のフォントを指定してください"
            ),
        }
    }
}

impl std::error::Error for FontProblem {}

impl FallbackFont {
    /// Checks a font file's bytes (`index`: the font of a collection) and measures it.
    pub fn new(data: Vec<u8>, index: u32) -> Result<FallbackFont, FontProblem> {
        match ttf_parser::fonts_in_collection(&data) {
            Some(fonts) if index >= fonts => {
                return Err(FontProblem::NoSuchFont { index, fonts });
            }
            None if index > 0 && ttf_parser::Face::parse(&data, 0).is_ok() => {
                return Err(FontProblem::NotACollection { index });
            }
            _ => {}
        }
        let (metrics, truetype) = {
            let face = ttf_parser::Face::parse(&data, index).map_err(|_| FontProblem::NotAFont)?;
            let tables = face.tables();
            let truetype = tables.glyf.is_some();
            if !truetype && tables.cff.is_none() {
                return Err(FontProblem::NoOutlines);
            }
            if face.permissions() == Some(ttf_parser::Permissions::Restricted) {
                return Err(FontProblem::EmbeddingForbidden);
            }
            if !face.is_subsetting_allowed() {
                return Err(FontProblem::SubsettingForbidden);
            }
            (Metrics::of_face(&face), truetype)
        };
        // A subset of `.notdef` alone goes through every table the real one will.
        subsetter::subset(&data, index, &subsetter::GlyphRemapper::new())
            .map_err(|e| FontProblem::CannotSubset(e.to_string()))?;
        Ok(FallbackFont {
            data,
            index,
            metrics,
            truetype,
        })
    }

    /// The font file's bytes and the font's index in it, for the PDF writer.
    pub fn program(&self) -> (&[u8], u32) {
        (&self.data, self.index)
    }

    /// Whether the outlines are TrueType (else CFF).
    pub fn is_truetype(&self) -> bool {
        self.truetype
    }

    pub fn has(&self, c: char) -> bool {
        self.metrics.units(c).is_some()
    }

    fn advance(&self, c: char, size: f32) -> Option<f32> {
        let units = self.metrics.units(c)?;
        Some(f32::from(units) * size / self.metrics.units_per_em())
    }
}

/// Which font draws `c` in `style`: `None` for the bundled font (also when no font has it, as
/// it then draws 〓), else the index of the first fallback font that has it. The layout and
/// the PDF writer both decide with this, so what is measured is what is drawn.
pub fn font_for(
    bundled: &dyn Typesetter,
    fallbacks: &[FallbackFont],
    c: char,
    style: FontStyle,
) -> Option<usize> {
    if fallbacks.is_empty() || bundled.has_glyph(c, style) {
        return None;
    }
    fallbacks.iter().position(|f| f.has(c))
}

/// The bundled fonts with the fallback fonts behind them, as the layout measures.
pub struct FontStack<'a> {
    bundled: &'a BundledTypesetter,
    fallbacks: &'a [FallbackFont],
}

impl<'a> FontStack<'a> {
    pub fn new(bundled: &'a BundledTypesetter, fallbacks: &'a [FallbackFont]) -> FontStack<'a> {
        FontStack { bundled, fallbacks }
    }

    fn fallback(&self, c: char, style: FontStyle) -> Option<&FallbackFont> {
        font_for(self.bundled, self.fallbacks, c, style).map(|i| &self.fallbacks[i])
    }

    /// Whether any character of `text` comes from a fallback font; if not, the bundled
    /// typesetter does the work exactly as it would alone.
    fn mixed(&self, text: &str, style: FontStyle) -> bool {
        !self.fallbacks.is_empty() && text.chars().any(|c| self.fallback(c, style).is_some())
    }
}

impl Typesetter for FontStack<'_> {
    fn advance(&self, c: char, style: FontStyle, size: f32) -> f32 {
        self.fallback(c, style)
            .and_then(|f| f.advance(c, size))
            .unwrap_or_else(|| self.bundled.advance(c, style, size))
    }

    fn width(&self, text: &str, style: FontStyle, size: f32) -> f32 {
        if !self.mixed(text, style) {
            return self.bundled.width(text, style, size);
        }
        text.chars().map(|c| self.advance(c, style, size)).sum()
    }

    fn has_glyph(&self, c: char, style: FontStyle) -> bool {
        self.bundled.has_glyph(c, style) || self.fallbacks.iter().any(|f| f.has(c))
    }

    fn break_lines(
        &self,
        paragraph: &str,
        first_width: f32,
        rest_width: f32,
        size: f32,
        style: FontStyle,
    ) -> Vec<String> {
        if !self.mixed(paragraph, style) {
            return self
                .bundled
                .break_lines(paragraph, first_width, rest_width, size, style);
        }
        break_lines_with(paragraph, first_width, rest_width, size, |c| {
            self.advance(c, style, size)
        })
    }

    fn set_paragraph(
        &self,
        paragraph: &str,
        first_width: f32,
        rest_width: f32,
        size: f32,
        style: FontStyle,
        justify: bool,
    ) -> Vec<SetLine> {
        if !self.mixed(paragraph, style) {
            return self.bundled.set_paragraph(
                paragraph,
                first_width,
                rest_width,
                size,
                style,
                justify,
            );
        }
        set_paragraph_with(paragraph, first_width, rest_width, size, justify, |c| {
            self.advance(c, style, size)
        })
    }
}
