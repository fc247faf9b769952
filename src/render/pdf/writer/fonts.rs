//! The fonts as the PDF embeds them — the bundled ones and any fallback fonts of the
//! settings: subsets holding only the glyphs the document draws, cut by `subsetter`, written
//! as CID-keyed fonts (Type0 over CIDFontType2, or CIDFontType0 for CFF outlines,
//! Identity-H) with their widths and a ToUnicode map for every glyph, as PDF/A-2u asks.
//!
//! A text run switches to a fallback font for the characters the bundled font lacks, as
//! the layout measured them (see `render::pdf::fallback`).
//!
//! A glyph's code in the content streams is its number in the subset, which is its order of
//! first use (the subset keeps `.notdef` as 0): a page's content can be written as soon as
//! the page is laid out, and the same document always gives the same codes.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use lopdf::{Dictionary, Object, Stream};

use super::{fnv1a, style_index, PdfError, SEED};
use crate::render::pdf::fallback::FallbackFont;
use crate::render::pdf::fonts;
use crate::render::pdf::ir::FontStyle;
use crate::render::pdf::typeset::is_invisible;

/// The bundled fonts, parsed once per process.
pub(super) struct BundledFonts {
    faces: [ttf_parser::Face<'static>; 2],
}

pub(super) fn bundled_fonts() -> Result<&'static BundledFonts, PdfError> {
    static FONTS: OnceLock<Result<BundledFonts, PdfError>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let face = |style| {
                ttf_parser::Face::parse(fonts::font_bytes(style), 0)
                    .map_err(|_| PdfError::FontUnreadable { style })
            };
            Ok(BundledFonts {
                faces: [face(FontStyle::Regular)?, face(FontStyle::Bold)?],
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

/// What a character is drawn with: a code, or nothing (an invisible format character no
/// font has, which the layout measured as nothing too).
const NOTHING: u16 = 0;

/// The faces a document may draw with: the bundled Regular and Bold, then the fallback fonts
/// in the order settings.toml lists them.
const BUNDLED_FACES: usize = 2;

/// The glyphs one font of the document draws, in order of first use.
#[derive(Default)]
pub(super) struct FaceGlyphs {
    /// Glyph id in the font → code, so that two characters drawn with one glyph share it.
    by_glyph: HashMap<u16, u16>,
    /// (glyph id in the font, the character it stands for in extracted text); the glyph
    /// with code `n` is at `n - 1`.
    glyphs: Vec<(u16, char)>,
    /// The advance of the glyph with code `n` at `n - 1`, in thousandths of an em, as the
    /// font's `/W` gives it to viewers.
    widths: Vec<i64>,
    /// The font's resource name, also its subset tag.
    name: String,
}

/// A font the document may draw with, and what it draws.
struct FaceSlot<'a> {
    face: ttf_parser::Face<'a>,
    /// The font file and the font's index in it, for the subset.
    program: &'a [u8],
    index: u32,
    truetype: bool,
    /// The name to embed under when the font has no usable PostScript name.
    default_name: String,
    glyphs: FaceGlyphs,
}

/// Every glyph the document draws, per font, and which font draws each character.
pub(super) struct GlyphSet<'a> {
    faces: Vec<FaceSlot<'a>>,
    /// Per style: char → (face, code in that face), or code `NOTHING`.
    index: [CharMap<(usize, u16)>; 2],
    fallbacks: &'a [FallbackFont],
    /// Per style, a hash of the text drawn, for the subsets' names.
    text_hashes: [u64; 2],
}

impl<'a> GlyphSet<'a> {
    pub(super) fn new(
        fonts: &'a BundledFonts,
        fallbacks: &'a [FallbackFont],
    ) -> Result<Self, PdfError> {
        let mut faces: Vec<FaceSlot<'a>> = [FontStyle::Regular, FontStyle::Bold]
            .into_iter()
            .map(|style| FaceSlot {
                face: fonts.faces[style_index(style)].clone(),
                program: fonts::font_bytes(style),
                index: 0,
                truetype: true,
                default_name: match style {
                    FontStyle::Regular => "BIZUDGothic-Regular".into(),
                    FontStyle::Bold => "BIZUDGothic-Bold".into(),
                },
                glyphs: FaceGlyphs::default(),
            })
            .collect();
        for (k, f) in fallbacks.iter().enumerate() {
            let (program, index) = f.program();
            let face = ttf_parser::Face::parse(program, index)
                .map_err(|e| PdfError::Encoding(format!("fallback font {}: {e}", k + 1)))?;
            faces.push(FaceSlot {
                face,
                program,
                index,
                truetype: f.is_truetype(),
                default_name: format!("Fallback{}", k + 1),
                glyphs: FaceGlyphs::default(),
            });
        }
        Ok(GlyphSet {
            faces,
            index: [CharMap::default(), CharMap::default()],
            fallbacks,
            text_hashes: [SEED, SEED ^ 0x5bd1_e995],
        })
    }

    /// Notes text drawn in `style`, for the subset's name.
    pub(super) fn note_text(&mut self, style: FontStyle, text: &str) {
        let h = &mut self.text_hashes[style_index(style)];
        *h = fnv1a(text.as_bytes(), *h);
    }

    /// Names each font after the characters it draws: the six letters are the subset tag
    /// in front of the font's name ("ABCDEF+BIZUDGothic-Regular"), which PDF readers expect
    /// to differ between subsets of different glyphs; derived from the content, so the
    /// output is reproducible. Called once every page is written.
    fn name_fonts(&mut self) {
        let mut hashes = self.text_hashes.to_vec();
        for (k, slot) in self.faces.iter().enumerate().skip(BUNDLED_FACES) {
            let mut h = SEED ^ (k as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            for (_, c) in &slot.glyphs.glyphs {
                h = fnv1a(c.to_string().as_bytes(), h);
            }
            hashes.push(h);
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
        let mut taken: Vec<String> = Vec::with_capacity(hashes.len());
        for (slot, mut h) in self.faces.iter_mut().zip(hashes) {
            let mut name = tag(h);
            // Subsets of one document must not share a tag.
            while taken.contains(&name) {
                h = h.rotate_left(17) ^ 0x2545_f491_4f6c_dd1d;
                name = tag(h);
            }
            taken.push(name.clone());
            slot.glyphs.name = name;
        }
    }

    /// The font's key in the page resources. Not its subset tag: the content streams are
    /// written before the tag, which depends on all the text, is known.
    pub(super) fn resource_name(face: usize) -> String {
        format!("F{face}")
    }

    /// The advance of the glyph drawn with `code` in font `face`, in thousandths of an em,
    /// as viewers read it from the font's `/W`.
    pub(super) fn width_of(&self, face: usize, code: u16) -> i64 {
        self.faces
            .get(face)
            .and_then(|f| {
                usize::from(code)
                    .checked_sub(1)
                    .and_then(|i| f.glyphs.widths.get(i))
            })
            .copied()
            .unwrap_or(0)
    }

    /// The font and code for `c`, adding its glyph: the bundled font's own; else that of
    /// the first fallback font that has it, as the layout measured it (`font_for`); else the
    /// geta mark 〓 so that a missing character shows as a visible mark rather than
    /// vanishing (the text extracted reads 〓 there too: one glyph maps back to one text
    /// only). `.notdef` is never drawn.
    pub(super) fn code(&mut self, style: FontStyle, c: char) -> (usize, u16) {
        let s = style_index(style);
        if let Some(found) = self.index[s].get(&c) {
            return *found;
        }
        let lookup =
            |face: &ttf_parser::Face, c: char| face.glyph_index(c).map(|g| g.0).filter(|g| *g != 0);
        let bundled = &self.faces[s].face;
        let glyph = match lookup(bundled, c) {
            Some(g) => Some((s, g, c)),
            None => {
                let fallback = self
                    .fallbacks
                    .iter()
                    .position(|f| f.has(c))
                    .map(|k| BUNDLED_FACES + k)
                    .and_then(|k| lookup(&self.faces[k].face, c).map(|g| (k, g, c)));
                match fallback {
                    Some(found) => Some(found),
                    None if is_invisible(c) => None,
                    None => lookup(bundled, fonts::SUBSTITUTE)
                        .map(|g| (s, g, fonts::SUBSTITUTE))
                        .or_else(|| lookup(bundled, '?').map(|g| (s, g, '?'))),
                }
            }
        };
        let found = match glyph {
            None => (s, NOTHING),
            Some((face, g, shown)) => {
                let FaceSlot {
                    face: font,
                    glyphs: f,
                    ..
                } = &mut self.faces[face];
                let code = *f.by_glyph.entry(g).or_insert_with(|| {
                    f.glyphs.push((g, shown));
                    f.widths.push(width_in_thousandths(font, g));
                    f.glyphs.len() as u16
                });
                (face, code)
            }
        };
        self.index[s].insert(c, found);
        found
    }

    /// Writes the fonts the document uses; returns the resources' font dictionary.
    pub(super) fn write_fonts(&mut self, lo: &mut lopdf::Document) -> Result<Dictionary, PdfError> {
        self.name_fonts();
        let mut resources = Dictionary::new();
        for (k, slot) in self.faces.iter().enumerate() {
            if slot.glyphs.glyphs.is_empty() {
                continue;
            }
            if slot.glyphs.glyphs.len() >= usize::from(u16::MAX) {
                return Err(PdfError::Encoding(
                    "more glyphs than a font can hold".into(),
                ));
            }
            let font = embed(lo, slot)?;
            resources.set(
                GlyphSet::resource_name(k).into_bytes(),
                Object::Reference(font),
            );
        }
        Ok(resources)
    }
}

/// One subset font and the objects around it; returns the Type0 font's id. TrueType
/// outlines are embedded as CIDFontType2 (FontFile2), CFF ones as CIDFontType0 in an
/// OpenType program (FontFile3): `subsetter` makes CFF subsets CID-keyed with the CIDs
/// being the new glyph ids, so the codes are the same either way.
fn embed(lo: &mut lopdf::Document, slot: &FaceSlot) -> Result<lopdf::ObjectId, PdfError> {
    let face = &slot.face;
    let s = &slot.glyphs;
    let mut remapper = subsetter::GlyphRemapper::new();
    for (g, _) in &s.glyphs {
        remapper.remap(*g);
    }
    let program = subsetter::subset(slot.program, slot.index, &remapper)
        .map_err(|e| PdfError::Encoding(format!("font subset: {e}")))?;
    let program = match slot.truetype {
        true => super::unhint::strip_hints(&program).unwrap_or(program),
        false => program,
    };

    // The first record that reads as text: fonts often list a Macintosh one first.
    let ps_name = face
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or_else(|| slot.default_name.clone());
    let base_font = format!("{}+{ps_name}", s.name);

    let upm = f32::from(face.units_per_em());
    let scale = |v: f32| -> Object { Object::Integer((v * 1000.0 / upm).round() as i64) };
    let advance = |g: u16| {
        scale(f32::from(
            face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0),
        ))
    };
    let bbox = face.global_bounding_box();
    let weight = face.weight().to_number();

    let (file_key, file_dict) = if slot.truetype {
        (
            "FontFile2",
            Dictionary::from_iter(vec![("Length1", Object::Integer(program.len() as i64))]),
        )
    } else {
        (
            "FontFile3",
            Dictionary::from_iter(vec![("Subtype", Object::Name(b"OpenType".to_vec()))]),
        )
    };
    let mut file = Stream::new(file_dict, program);
    file.allows_compression = true;
    let file = lo.add_object(file);

    let descriptor = lo.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", Object::Name(base_font.clone().into_bytes())),
        // Symbolic: the glyphs are outside the Latin standard set.
        ("Flags", Object::Integer(4)),
        (
            "FontBBox",
            Object::Array(vec![
                scale(f32::from(bbox.x_min)),
                scale(f32::from(bbox.y_min)),
                scale(f32::from(bbox.x_max)),
                scale(f32::from(bbox.y_max)),
            ]),
        ),
        (
            "ItalicAngle",
            Object::Integer(face.italic_angle().round() as i64),
        ),
        ("Ascent", scale(f32::from(face.ascender()))),
        ("Descent", scale(f32::from(face.descender()))),
        (
            "CapHeight",
            scale(f32::from(face.capital_height().unwrap_or(face.ascender()))),
        ),
        // The usual estimate from the weight class; readers only use it as a hint.
        (
            "StemV",
            Object::Integer(10 + (0.244 * (f32::from(weight) - 50.0)).round() as i64),
        ),
        (file_key, Object::Reference(file)),
    ]));

    // One run of widths from code 1 on; `.notdef` (0) takes the default.
    let widths: Vec<Object> = s.glyphs.iter().map(|(g, _)| advance(*g)).collect();
    let subtype: &[u8] = if slot.truetype {
        b"CIDFontType2"
    } else {
        b"CIDFontType0"
    };
    let mut cid_font = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(subtype.to_vec())),
        ("BaseFont", Object::Name(base_font.clone().into_bytes())),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Registry", Object::string_literal("Adobe")),
                ("Ordering", Object::string_literal("Identity")),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("FontDescriptor", Object::Reference(descriptor)),
        ("DW", advance(0)),
        (
            "W",
            Object::Array(vec![Object::Integer(1), Object::Array(widths)]),
        ),
    ]);
    // Only TrueType-based CID fonts map CIDs to glyphs; a CFF subset's CIDs are its glyphs.
    if slot.truetype {
        cid_font.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
    }
    let cid_font = lo.add_object(cid_font);

    let to_unicode = lo.add_object(Stream::new(Dictionary::new(), to_unicode_cmap(&s.glyphs)));
    Ok(lo.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type0".to_vec())),
        ("BaseFont", Object::Name(base_font.into_bytes())),
        ("Encoding", Object::Name(b"Identity-H".to_vec())),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Reference(cid_font)]),
        ),
        ("ToUnicode", Object::Reference(to_unicode)),
    ])))
}

/// The CMap that maps each code (glyph `n` at `glyphs[n - 1]`) back to its character.
fn to_unicode_cmap(glyphs: &[(u16, char)]) -> Vec<u8> {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // A CMap section holds at most 100 entries.
    for (chunk_index, chunk) in glyphs.chunks(100).enumerate() {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for (i, (_, c)) in chunk.iter().enumerate() {
            let code = chunk_index * 100 + i + 1;
            let _ = write!(out, "<{code:04X}> <");
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                let _ = write!(out, "{u:04X}");
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

/// A glyph's advance in thousandths of an em, rounded as `write_font` writes it in `/W`.
fn width_in_thousandths(face: &ttf_parser::Face, glyph: u16) -> i64 {
    let upm = f32::from(face.units_per_em());
    let units = f32::from(
        face.glyph_hor_advance(ttf_parser::GlyphId(glyph))
            .unwrap_or(0),
    );
    (units * 1000.0 / upm).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cmap_maps_codes_from_one_and_writes_surrogate_pairs() {
        let cmap = String::from_utf8(to_unicode_cmap(&[(10, '進'), (11, '𠮷')])).unwrap();
        assert!(cmap.contains("2 beginbfchar\n<0001> <9032>\n<0002> <D842DFB7>\n"));
    }

    #[test]
    fn a_missing_character_is_drawn_with_the_substitute_never_notdef() {
        let fonts = bundled_fonts().unwrap();
        let mut set = GlyphSet::new(fonts, &[]).unwrap();
        assert_eq!(set.code(FontStyle::Regular, '進'), (0, 1));
        assert_eq!(set.code(FontStyle::Regular, '\u{E000}'), (0, 2));
        // A variation selector the font lacks draws nothing, as the layout measured it.
        assert_eq!(set.code(FontStyle::Regular, '\u{FE00}').1, NOTHING);
        let s = &set.faces[0].glyphs;
        assert_eq!(s.glyphs[1].1, fonts::SUBSTITUTE);
        assert!(s.glyphs.iter().all(|(g, _)| *g != 0));
    }
}
