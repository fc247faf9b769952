//! The bundled fonts and the glyphs a document draws from them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use lopdf::{Object, ObjectId};
use printpdf as pp;

use super::{fnv1a, style_index, PdfError, SEED};
use crate::render::pdf::fonts;
use crate::render::pdf::ir::{Document, FontStyle, Op};

/// The bundled fonts, parsed once per process.
pub(super) struct BundledFonts {
    pub(super) regular: pp::ParsedFont,
    pub(super) bold: pp::ParsedFont,
    /// For char → glyph lookups: printpdf's face scans the cmap's groups one by one
    /// (tens of thousands of instructions per CJK character); ttf-parser searches them.
    cmaps: [ttf_parser::Face<'static>; 2],
}

pub(super) fn bundled_fonts() -> Result<&'static BundledFonts, PdfError> {
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
/// A hasher for `char` keys: one multiplication. The glyph tables are looked up once
/// per character drawn, and SipHash's resistance to chosen keys buys nothing here.
#[derive(Default)]
pub(super) struct CharHasher(u64);

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

pub(super) type CharMap<V> = HashMap<char, V, BuildHasherDefault<CharHasher>>;

/// The glyphs one style of the document draws, in order of first use.
#[derive(Default)]
pub(super) struct StyleGlyphs {
    /// char → index into `glyphs`.
    pub(super) index: CharMap<u32>,
    /// (glyph id in the bundled font, the character it stands for in extracted text).
    glyphs: Vec<(u16, char)>,
    /// The font's resource name, which printpdf also uses as the subset tag.
    name: String,
}

/// Every glyph the document draws, per style.
pub(super) struct GlyphSet<'a> {
    fonts: &'a BundledFonts,
    pub(super) styles: [StyleGlyphs; 2],
}

impl<'a> GlyphSet<'a> {
    pub(super) fn new(fonts: &'a BundledFonts, doc: &Document) -> Self {
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

    pub(super) fn resource_name(&self, style: FontStyle) -> &str {
        &self.styles[style_index(style)].name
    }

    pub(super) fn uses(&self, style: FontStyle) -> bool {
        !self.styles[style_index(style)].glyphs.is_empty()
    }

    pub(super) fn add(&mut self, style: FontStyle, text: &str) {
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
    pub(super) fn registration(&self) -> Vec<pp::Op> {
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
    pub(super) fn codes_assigned(
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
