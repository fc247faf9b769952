//! Tiny TrueType fonts made at test time, for the fallback-font tests: each character a
//! plain square of its own size, one em wide. Made here rather than committed so that no font
//! file with a licence of its own enters the repository, and so that a test can ask for
//! exactly the characters, collection and licence flags it needs.
#![allow(dead_code)]

/// What a test font holds.
pub struct TinyFont {
    /// The PostScript name: the PDF names the embedded font after it.
    pub name: &'static str,
    pub chars: Vec<char>,
    /// OS/2 fsType: 0 installable, 2 embedding forbidden, 0x0100 no subsetting.
    pub fs_type: u16,
}

impl TinyFont {
    pub fn new(name: &'static str, chars: &str) -> TinyFont {
        TinyFont {
            name,
            chars: chars.chars().collect(),
            fs_type: 0,
        }
    }
}

const UPEM: u16 = 1000;

/// A .ttf file.
pub fn ttf(font: &TinyFont) -> Vec<u8> {
    assemble(&[tables(font)], false)
}

/// A .ttc collection of the fonts, in order.
pub fn ttc(fonts: &[TinyFont]) -> Vec<u8> {
    let all: Vec<Vec<([u8; 4], Vec<u8>)>> = fonts.iter().map(tables).collect();
    assemble(&all, true)
}

fn u16s(out: &mut Vec<u8>, vs: &[u16]) {
    for v in vs {
        out.extend_from_slice(&v.to_be_bytes());
    }
}

fn u32s(out: &mut Vec<u8>, vs: &[u32]) {
    for v in vs {
        out.extend_from_slice(&v.to_be_bytes());
    }
}

fn tables(font: &TinyFont) -> Vec<([u8; 4], Vec<u8>)> {
    let mut chars = font.chars.clone();
    chars.sort_unstable();
    chars.dedup();
    let glyphs = chars.len() + 1;

    // Glyph 0 (.notdef) and one square per character, each inset a little differently.
    let mut glyf = Vec::new();
    let mut loca = vec![0u16];
    let mut hmtx = Vec::new();
    for g in 0..glyphs {
        let inset = 50 + (g as i16 % 8) * 20;
        let (x0, y0, x1, y1) = (inset, -120 + inset, 1000 - inset, 880 - inset);
        let mut b = Vec::new();
        for v in [1i16, x0, y0, x1, y1] {
            b.extend_from_slice(&v.to_be_bytes());
        }
        u16s(&mut b, &[3, 0]); // the last point of the contour; no instructions
        b.extend_from_slice(&[1, 1, 1, 1]); // on-curve points, coordinates as 16-bit deltas
        for dx in [x0, 0, x1 - x0, 0] {
            b.extend_from_slice(&dx.to_be_bytes());
        }
        for dy in [y0, y1 - y0, 0, y0 - y1] {
            b.extend_from_slice(&dy.to_be_bytes());
        }
        glyf.extend_from_slice(&b);
        loca.push((glyf.len() / 2) as u16);
        hmtx.extend_from_slice(&UPEM.to_be_bytes());
        hmtx.extend_from_slice(&x0.to_be_bytes());
    }
    let mut loca_bytes = Vec::new();
    u16s(&mut loca_bytes, &loca);

    let mut head = Vec::new();
    u16s(&mut head, &[1, 0]);
    u32s(&mut head, &[0x0001_0000, 0, 0x5F0F_3CF5]);
    u16s(&mut head, &[0x0003, UPEM]);
    head.extend_from_slice(&[0; 16]); // created, modified
    for v in [0i16, -120, 1000, 880] {
        head.extend_from_slice(&v.to_be_bytes());
    }
    u16s(&mut head, &[0, 8, 2, 0, 0]); // macStyle, lowestRecPPEM, direction, short loca, format

    let mut hhea = Vec::new();
    u16s(&mut hhea, &[1, 0]);
    for v in [880i16, -120, 0] {
        hhea.extend_from_slice(&v.to_be_bytes());
    }
    u16s(&mut hhea, &[UPEM, 50, 50, 950, 1, 0, 0, 0, 0, 0, 0, 0]);
    u16s(&mut hhea, &[glyphs as u16]);

    let mut maxp = Vec::new();
    u32s(&mut maxp, &[0x0001_0000]);
    u16s(
        &mut maxp,
        &[glyphs as u16, 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0],
    );

    // Format 12 under Windows Unicode full repertoire: one group per character.
    let mut cmap = Vec::new();
    u16s(&mut cmap, &[0, 1, 3, 10]);
    u32s(&mut cmap, &[12]);
    u16s(&mut cmap, &[12, 0]);
    u32s(
        &mut cmap,
        &[16 + 12 * chars.len() as u32, 0, chars.len() as u32],
    );
    for (i, c) in chars.iter().enumerate() {
        u32s(&mut cmap, &[*c as u32, *c as u32, i as u32 + 1]);
    }

    let strings = [
        (1u16, "Shinchoku Test".to_string()),
        (2, "Regular".to_string()),
        (4, font.name.to_string()),
        (6, font.name.to_string()),
    ];
    let mut name = Vec::new();
    let mut storage = Vec::new();
    u16s(
        &mut name,
        &[0, strings.len() as u16, 6 + 12 * strings.len() as u16],
    );
    for (id, s) in &strings {
        let utf16: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
        u16s(
            &mut name,
            &[3, 1, 0x0409, *id, utf16.len() as u16, storage.len() as u16],
        );
        storage.extend_from_slice(&utf16);
    }
    name.extend_from_slice(&storage);

    let mut post = Vec::new();
    u32s(&mut post, &[0x0003_0000, 0]);
    u16s(&mut post, &[(-100i16) as u16, 50]);
    u32s(&mut post, &[0, 0, 0, 0, 0]);

    let mut os2 = vec![0u8; 96];
    os2[0..2].copy_from_slice(&4u16.to_be_bytes());
    os2[4..6].copy_from_slice(&400u16.to_be_bytes());
    os2[6..8].copy_from_slice(&5u16.to_be_bytes());
    os2[8..10].copy_from_slice(&font.fs_type.to_be_bytes());

    let mut out = vec![
        (*b"OS/2", os2),
        (*b"cmap", cmap),
        (*b"glyf", glyf),
        (*b"head", head),
        (*b"hhea", hhea),
        (*b"hmtx", hmtx),
        (*b"loca", loca_bytes),
        (*b"maxp", maxp),
        (*b"name", name),
        (*b"post", post),
    ];
    out.sort_by_key(|t| t.0);
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

/// The files' bytes: each font's table directory, then every table, 4-byte aligned.
fn assemble(fonts: &[Vec<([u8; 4], Vec<u8>)>], collection: bool) -> Vec<u8> {
    let header = if collection { 12 + 4 * fonts.len() } else { 0 };
    let dir_len = |n: usize| 12 + 16 * n;
    let mut dir_offsets = Vec::new();
    let mut at = header;
    for f in fonts {
        dir_offsets.push(at);
        at += dir_len(f.len());
    }
    let mut out = Vec::new();
    if collection {
        out.extend_from_slice(b"ttcf");
        u16s(&mut out, &[1, 0]);
        u32s(&mut out, &[fonts.len() as u32]);
        for o in &dir_offsets {
            u32s(&mut out, &[*o as u32]);
        }
    }
    let mut body = Vec::new();
    let body_start = at;
    let mut dirs = Vec::new();
    for f in fonts {
        let n = f.len() as u16;
        let pow = 1u16 << (15 - n.leading_zeros());
        let mut dir = Vec::new();
        u32s(&mut dir, &[0x0001_0000]);
        u16s(
            &mut dir,
            &[n, pow * 16, pow.trailing_zeros() as u16, n * 16 - pow * 16],
        );
        for (tag, data) in f {
            dir.extend_from_slice(tag);
            u32s(
                &mut dir,
                &[
                    checksum(data),
                    (body_start + body.len()) as u32,
                    data.len() as u32,
                ],
            );
            body.extend_from_slice(data);
            while body.len() % 4 != 0 {
                body.push(0);
            }
        }
        dirs.extend_from_slice(&dir);
    }
    out.extend_from_slice(&dirs);
    out.extend_from_slice(&body);
    out
}
