//! Takes the hinting out of an embedded TrueType subset. Hints (the glyphs' bytecode
//! instructions and the `fpgm`, `prep` and `cvt ` tables) grid-fit outlines at small pixel
//! sizes on screen; PDF viewers draw without them or hint automatically, and print does not
//! use them. In the bundled BIZ UDゴシック they are 23% of the outlines, and about a fifth
//! of the report's PDF. The outlines, metrics and everything else stay as they were.
//!
//! A program this does not understand is returned unchanged: hints cost bytes, a broken
//! font costs the text.

/// The TrueType program without hints, or `None` to keep it as it is.
pub(super) fn strip_hints(font: &[u8]) -> Option<Vec<u8>> {
    let tables = read_tables(font)?;
    let find = |tag: &[u8; 4]| tables.iter().find(|t| &t.tag == tag);
    let head = find(b"head")?.data(font)?;
    let long_offsets = match u16_at(head, 50)? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let glyph_count = usize::from(u16_at(find(b"maxp")?.data(font)?, 4)?);
    let loca = find(b"loca")?.data(font)?;
    let glyf = find(b"glyf")?.data(font)?;

    let offset = |i: usize| -> Option<usize> {
        if long_offsets {
            u32_at(loca, 4 * i).map(|v| v as usize)
        } else {
            u16_at(loca, 2 * i).map(|v| 2 * usize::from(v))
        }
    };
    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_loca = Vec::with_capacity(loca.len());
    let push_offset = |loca: &mut Vec<u8>, at: usize| -> Option<()> {
        if long_offsets {
            loca.extend_from_slice(&u32::try_from(at).ok()?.to_be_bytes());
        } else {
            loca.extend_from_slice(&u16::try_from(at / 2).ok()?.to_be_bytes());
        }
        Some(())
    };
    for i in 0..glyph_count {
        let (start, end) = (offset(i)?, offset(i + 1)?);
        push_offset(&mut new_loca, new_glyf.len())?;
        if end > start {
            let glyph = glyf.get(start..end)?;
            unhinted_glyph(glyph, &mut new_glyf)?;
            // Short offsets count words: every glyph starts on an even byte.
            if new_glyf.len() % 2 == 1 {
                new_glyf.push(0);
            }
        }
    }
    push_offset(&mut new_loca, new_glyf.len())?;

    let mut out_tables: Vec<([u8; 4], std::borrow::Cow<[u8]>)> = Vec::new();
    for t in &tables {
        match &t.tag {
            b"fpgm" | b"prep" | b"cvt " | b"hdmx" | b"LTSH" | b"VDMX" => {}
            b"glyf" => out_tables.push((t.tag, new_glyf.as_slice().into())),
            b"loca" => out_tables.push((t.tag, new_loca.as_slice().into())),
            _ => out_tables.push((t.tag, t.data(font)?.into())),
        }
    }
    Some(write_font(font.get(0..4)?, &out_tables))
}

struct Table {
    tag: [u8; 4],
    offset: usize,
    len: usize,
}

impl Table {
    fn data<'a>(&self, font: &'a [u8]) -> Option<&'a [u8]> {
        font.get(self.offset..self.offset.checked_add(self.len)?)
    }
}

fn read_tables(font: &[u8]) -> Option<Vec<Table>> {
    let version = u32_at(font, 0)?;
    // TrueType outlines only: 0x00010000 or 'true'.
    if version != 0x0001_0000 && version != 0x7472_7565 {
        return None;
    }
    let count = usize::from(u16_at(font, 4)?);
    (0..count)
        .map(|i| {
            let rec = font.get(12 + 16 * i..28 + 16 * i)?;
            Some(Table {
                tag: rec.get(0..4)?.try_into().ok()?,
                offset: u32_at(rec, 8)? as usize,
                len: u32_at(rec, 12)? as usize,
            })
        })
        .collect()
}

/// Copies one glyph without its instructions.
fn unhinted_glyph(glyph: &[u8], out: &mut Vec<u8>) -> Option<()> {
    let contours = i16::from_be_bytes(glyph.get(0..2)?.try_into().ok()?);
    if contours >= 0 {
        // Header (10), end points (2 each), instruction length, instructions, the rest.
        let at = 10 + 2 * contours as usize;
        let len = usize::from(u16_at(glyph, at)?);
        let rest = glyph.get(at + 2 + len..)?;
        out.extend_from_slice(glyph.get(..at)?);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(rest);
        return Some(());
    }
    // A composite: components until one without MORE_COMPONENTS; instructions follow the
    // last when WE_HAVE_INSTRUCTIONS is set on it.
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAVE_SCALE: u16 = 0x0008;
    const MORE_COMPONENTS: u16 = 0x0020;
    const HAVE_XY_SCALE: u16 = 0x0040;
    const HAVE_TWO_BY_TWO: u16 = 0x0080;
    const HAVE_INSTRUCTIONS: u16 = 0x0100;
    let start = out.len();
    out.extend_from_slice(glyph.get(..10)?);
    let mut at = 10;
    loop {
        let flags = u16_at(glyph, at)?;
        let mut len = 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        if flags & HAVE_SCALE != 0 {
            len += 2;
        } else if flags & HAVE_XY_SCALE != 0 {
            len += 4;
        } else if flags & HAVE_TWO_BY_TWO != 0 {
            len += 8;
        }
        let component = glyph.get(at..at + len)?;
        let flag_at = out.len();
        out.extend_from_slice(component);
        let cleared = (flags & !HAVE_INSTRUCTIONS).to_be_bytes();
        out[flag_at..flag_at + 2].copy_from_slice(&cleared);
        at += len;
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
        if out.len() - start > glyph.len() {
            return None;
        }
    }
    Some(())
}

/// A font file of `tables` (sorted by tag, as the directory wants), with their checksums
/// and the head table's adjustment.
fn write_font(version: &[u8], tables: &[([u8; 4], std::borrow::Cow<[u8]>)]) -> Vec<u8> {
    let mut tables: Vec<&([u8; 4], std::borrow::Cow<[u8]>)> = tables.iter().collect();
    tables.sort_by_key(|t| t.0);
    let n = tables.len() as u16;
    let mut pow = 1u16;
    while pow * 2 <= n {
        pow *= 2;
    }
    let search_range = pow * 16;
    let selector = pow.trailing_zeros() as u16;
    let mut out = Vec::new();
    out.extend_from_slice(version);
    for v in [n, search_range, selector, n * 16 - search_range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &tables {
        let mut data = data.to_vec();
        if tag == b"head" && data.len() >= 12 {
            data[8..12].copy_from_slice(&[0; 4]);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(&data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (tag, data) in &tables {
        if tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend_from_slice(data);
        if tag == b"head" && data.len() >= 12 {
            let at = out.len() - data.len();
            out[at + 8..at + 12].copy_from_slice(&[0; 4]);
        }
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_font_loses_its_hints_and_keeps_its_outlines() {
        let font =
            crate::render::pdf::fonts::font_bytes(crate::render::pdf::ir::FontStyle::Regular);
        let stripped = strip_hints(font).expect("a TrueType font");
        assert!(
            stripped.len() < font.len() * 85 / 100,
            "{} → {}",
            font.len(),
            stripped.len()
        );
        let before = ttf_parser::Face::parse(font, 0).unwrap();
        let after = ttf_parser::Face::parse(&stripped, 0).unwrap();
        assert_eq!(before.number_of_glyphs(), after.number_of_glyphs());
        for c in ['進', '捗', 'A', '1', '（', '〓'] {
            let g = before.glyph_index(c).unwrap();
            assert_eq!(after.glyph_index(c), Some(g));
            assert_eq!(before.glyph_hor_advance(g), after.glyph_hor_advance(g));
            assert_eq!(before.glyph_bounding_box(g), after.glyph_bounding_box(g));
            let (mut a, mut b) = (Path::default(), Path::default());
            before.outline_glyph(g, &mut a);
            after.outline_glyph(g, &mut b);
            assert_eq!(a.0, b.0, "outline of {c}");
        }
    }

    #[test]
    fn what_is_not_truetype_is_left_alone() {
        assert!(strip_hints(b"OTTO\0\0\0\0").is_none());
        assert!(strip_hints(b"").is_none());
    }

    #[derive(Default)]
    struct Path(Vec<(char, i32, i32)>);

    impl ttf_parser::OutlineBuilder for Path {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push(('M', x as i32, y as i32));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push(('L', x as i32, y as i32));
        }
        fn quad_to(&mut self, _: f32, _: f32, x: f32, y: f32) {
            self.0.push(('Q', x as i32, y as i32));
        }
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, x: f32, y: f32) {
            self.0.push(('C', x as i32, y as i32));
        }
        fn close(&mut self) {
            self.0.push(('Z', 0, 0));
        }
    }
}
