//! The PDF file itself, written front to back as objects come: streams (page contents, font
//! programs) go straight to the output, small objects (structure elements, page
//! dictionaries) are packed a thousand at a time into deflated object streams, and a
//! cross-reference stream ends the file. Nothing is kept but each object's place, so a
//! report of thousands of pages and half a million structure elements is never held
//! whole; lopdf's writer keeps every object and copies them again to pack them, which on
//! the 100× plan took gigabytes.

use std::io::Write;

use lopdf::{Object, StringFormat};

use super::PdfError;

/// An object number. Generations are always 0: the file is written once.
pub(super) type ObjNum = u32;

/// Objects packed into one object stream: bigger streams pack better and set up fewer
/// compressors; a reader unpacks a whole stream to read one object, so not too big.
const OBJECTS_PER_STREAM: usize = 1_000;

#[derive(Debug, Clone, Copy)]
enum Entry {
    Unwritten,
    /// At this byte offset in the file.
    Direct(u64),
    /// Packed: the object stream's number and the index in it.
    Packed(ObjNum, u32),
}

pub(super) struct PdfFile<'w> {
    out: &'w mut dyn Write,
    pos: u64,
    /// Indexed by object number; entry 0 is the free list's head.
    entries: Vec<Entry>,
    /// The object stream being filled: (number, offset in `packed`) of each object.
    index: Vec<(ObjNum, usize)>,
    packed: Vec<u8>,
    deflate: flate2::Compress,
}

impl<'w> PdfFile<'w> {
    pub(super) fn new(out: &'w mut dyn Write) -> Result<Self, PdfError> {
        let mut file = PdfFile {
            out,
            pos: 0,
            entries: vec![Entry::Unwritten],
            index: Vec::with_capacity(OBJECTS_PER_STREAM),
            packed: Vec::new(),
            deflate: flate2::Compress::new(flate2::Compression::new(6), true),
        };
        // The binary comment tells transfer programs the file is not text (PDF/A asks
        // for four bytes above 127).
        file.put(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")?;
        Ok(file)
    }

    /// A new object number, to be written later.
    pub(super) fn alloc(&mut self) -> ObjNum {
        self.entries.push(Entry::Unwritten);
        (self.entries.len() - 1) as ObjNum
    }

    /// `n` new consecutive object numbers; returns the first.
    pub(super) fn alloc_many(&mut self, n: usize) -> ObjNum {
        let first = self.entries.len() as ObjNum;
        self.entries
            .resize(self.entries.len() + n, Entry::Unwritten);
        first
    }

    fn put(&mut self, bytes: &[u8]) -> Result<(), PdfError> {
        self.out.write_all(bytes).map_err(PdfError::io)?;
        self.pos += bytes.len() as u64;
        Ok(())
    }

    fn set(&mut self, num: ObjNum, entry: Entry) -> Result<(), PdfError> {
        match self.entries.get_mut(num as usize) {
            Some(e @ Entry::Unwritten) => {
                *e = entry;
                Ok(())
            }
            _ => Err(PdfError::Encoding(format!("object {num} written twice"))),
        }
    }

    /// Writes a stream object: `dict` holds the dictionary's entries without `/Length`
    /// (and without `/Filter`, which is added when `deflate` shrinks the data).
    pub(super) fn stream(
        &mut self,
        num: ObjNum,
        dict: &[u8],
        data: &[u8],
        deflate: bool,
    ) -> Result<(), PdfError> {
        let packed;
        let (data, filter): (&[u8], &[u8]) = match deflate {
            true => {
                packed = self.deflate(data)?;
                if packed.len() < data.len() {
                    (&packed, b"/Filter /FlateDecode ")
                } else {
                    (data, b"")
                }
            }
            false => (data, b""),
        };
        self.set(num, Entry::Direct(self.pos))?;
        let mut head = Vec::with_capacity(dict.len() + 64);
        write_num(&mut head, num);
        head.extend_from_slice(b" 0 obj\n<<");
        head.extend_from_slice(dict);
        head.push(b' ');
        head.extend_from_slice(filter);
        head.extend_from_slice(b"/Length ");
        write_num(&mut head, data.len());
        head.extend_from_slice(b">>\nstream\n");
        self.put(&head)?;
        self.put(data)?;
        self.put(b"\nendstream\nendobj\n")
    }

    /// Writes a small object (not a stream) into the current object stream.
    pub(super) fn object(&mut self, num: ObjNum, body: &[u8]) -> Result<(), PdfError> {
        // The stream's number is only known when it is written; 0 holds the place.
        self.set(num, Entry::Packed(0, self.index.len() as u32))?;
        if !self.packed.is_empty() {
            self.packed.push(b'\n');
        }
        self.index.push((num, self.packed.len()));
        self.packed.extend_from_slice(body);
        if self.index.len() >= OBJECTS_PER_STREAM {
            self.flush_packed()?;
        }
        Ok(())
    }

    fn flush_packed(&mut self) -> Result<(), PdfError> {
        if self.index.is_empty() {
            return Ok(());
        }
        let num = self.alloc();
        let mut head = Vec::with_capacity(self.index.len() * 12);
        for (n, offset) in &self.index {
            write_num(&mut head, *n);
            head.push(b' ');
            write_num(&mut head, *offset);
            head.push(b' ');
        }
        let first = head.len();
        head.extend_from_slice(&self.packed);
        let mut dict = b"/Type /ObjStm /N ".to_vec();
        write_num(&mut dict, self.index.len());
        dict.extend_from_slice(b" /First ");
        write_num(&mut dict, first);
        let index = std::mem::take(&mut self.index);
        for (k, (n, _)) in index.iter().enumerate() {
            self.entries[*n as usize] = Entry::Packed(num, k as u32);
        }
        self.index = index;
        self.index.clear();
        self.packed.clear();
        self.stream(num, &dict, &head, true)
    }

    fn deflate(&mut self, data: &[u8]) -> Result<Vec<u8>, PdfError> {
        let z = &mut self.deflate;
        z.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let consumed = z.total_in() as usize;
            let status = z
                .compress_vec(&data[consumed..], &mut out, flate2::FlushCompress::Finish)
                .map_err(|e| PdfError::Encoding(format!("deflate: {e}")))?;
            match status {
                flate2::Status::StreamEnd => return Ok(out),
                _ => out.reserve(out.capacity().max(4096)),
            }
        }
    }

    /// Packs what is left, writes the cross-reference stream and the end of the file.
    /// `trailer` holds the trailer's entries (`/Root`, `/Info`, `/ID`).
    pub(super) fn finish(mut self, trailer: &[u8]) -> Result<(), PdfError> {
        self.flush_packed()?;
        let xref = self.alloc();
        let start = self.pos;
        self.entries[xref as usize] = Entry::Direct(start);
        let size = self.entries.len();
        let mut rows = Vec::with_capacity(size);
        for (k, e) in self.entries.iter().enumerate() {
            rows.push(match *e {
                Entry::Unwritten if k == 0 => (0u8, 0u64, 0xFFFFu32),
                Entry::Unwritten => {
                    return Err(PdfError::Encoding(format!("object {k} never written")));
                }
                Entry::Direct(at) => (1, at, 0),
                Entry::Packed(stream, i) => (2, u64::from(stream), i),
            });
        }
        // Each field as wide as its largest value needs, and each row stored as its
        // difference from the row above (PNG's Up predictor): offsets grow slowly, so the
        // table deflates to a fraction.
        let bytes_for = |v: u64| (8 - v.leading_zeros() as usize / 8).max(1);
        let w2 = bytes_for(rows.iter().map(|r| r.1).max().unwrap_or(0));
        let w3 = bytes_for(rows.iter().map(|r| u64::from(r.2)).max().unwrap_or(0));
        let width = 1 + w2 + w3;
        let mut table = Vec::with_capacity(size * (width + 1));
        let mut previous = vec![0u8; width];
        let mut row = Vec::with_capacity(width);
        for (t, f2, f3) in rows {
            row.clear();
            row.push(t);
            row.extend_from_slice(&f2.to_be_bytes()[8 - w2..]);
            row.extend_from_slice(&u64::from(f3).to_be_bytes()[8 - w3..]);
            table.push(2);
            table.extend(row.iter().zip(&previous).map(|(a, b)| a.wrapping_sub(*b)));
            std::mem::swap(&mut previous, &mut row);
        }
        let rows = table;
        let mut dict = b"/Type /XRef /Size ".to_vec();
        write_num(&mut dict, size);
        dict.extend_from_slice(b" /W [1 ");
        write_num(&mut dict, w2);
        dict.push(b' ');
        write_num(&mut dict, w3);
        dict.extend_from_slice(b"] /DecodeParms <</Predictor 12 /Columns ");
        write_num(&mut dict, width);
        dict.extend_from_slice(b">> ");
        dict.extend_from_slice(trailer);
        // Not through `stream`: the entry for the xref stream itself is already set.
        let data = self.deflate(&rows)?;
        let mut head = Vec::new();
        write_num(&mut head, xref);
        head.extend_from_slice(b" 0 obj\n<<");
        head.extend_from_slice(&dict);
        head.extend_from_slice(b" /Filter /FlateDecode /Length ");
        write_num(&mut head, data.len());
        head.extend_from_slice(b">>\nstream\n");
        self.put(&head)?;
        self.put(&data)?;
        self.put(b"\nendstream\nendobj\nstartxref\n")?;
        let mut tail = Vec::new();
        write_num(&mut tail, start);
        tail.extend_from_slice(b"\n%%EOF");
        self.put(&tail)?;
        self.out.flush().map_err(PdfError::io)
    }
}

/// A non-negative integer in decimal.
pub(super) fn write_num(out: &mut Vec<u8>, n: impl TryInto<u64>) {
    let mut n: u64 = n.try_into().unwrap_or(0);
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// `num 0 R`.
pub(super) fn write_ref(out: &mut Vec<u8>, num: ObjNum) {
    write_num(out, num);
    out.extend_from_slice(b" 0 R");
}

/// Serialises a lopdf object (the part of the document printpdf builds, and the fonts and
/// metadata kept with it), its references renumbered: object `n` becomes `renumber[n]`
/// (none, 0: `null`, as PDF reads a reference to a missing object).
pub(super) fn write_object(out: &mut Vec<u8>, object: &Object, renumber: &[ObjNum]) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            if *i < 0 {
                out.push(b'-');
            }
            write_num(out, i.unsigned_abs());
        }
        Object::Real(r) => write_real(out, *r),
        Object::Name(name) => write_name(out, name),
        Object::String(bytes, StringFormat::Literal) => write_literal(out, bytes),
        Object::String(bytes, StringFormat::Hexadecimal) => write_hex(out, bytes),
        Object::Array(items) => {
            out.push(b'[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push(b' ');
                }
                write_object(out, item, renumber);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => {
            out.extend_from_slice(b"<<");
            for (key, value) in dict.iter() {
                write_name(out, key);
                out.push(b' ');
                write_object(out, value, renumber);
                out.push(b' ');
            }
            out.extend_from_slice(b">>");
        }
        Object::Reference((num, _)) => match renumber.get(*num as usize) {
            Some(&n) if n != 0 => write_ref(out, n),
            _ => out.extend_from_slice(b"null"),
        },
        // Streams are written by `PdfFile::stream`; inside another object they cannot be.
        Object::Stream(_) => out.extend_from_slice(b"null"),
    }
}

/// A real with at most five decimals and no exponent, as PDF wants.
fn write_real(out: &mut Vec<u8>, r: f32) {
    let r = if r.is_finite() { r } else { 0.0 };
    let s = format!("{:.5}", r);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    out.extend_from_slice(if s == "-0" { b"0" } else { s.as_bytes() });
}

pub(super) fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        // Delimiters, whitespace, '#' and anything outside printable ASCII are escaped.
        if b.is_ascii_graphic() && !b"()<>[]{}/%#".contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

fn write_literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

fn write_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(b'<');
    for &b in bytes {
        out.push(HEX[usize::from(b >> 4)]);
        out.push(HEX[usize::from(b & 15)]);
    }
    out.push(b'>');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_reads_back_with_lopdf() {
        let mut bytes = Vec::new();
        {
            let mut f = PdfFile::new(&mut bytes).unwrap();
            let catalog = f.alloc();
            let pages = f.alloc();
            let page = f.alloc();
            let content = f.alloc();
            f.stream(content, b"", &b"0 0 m 10 10 l S\n".repeat(50), true)
                .unwrap();
            let mut o = Vec::new();
            o.extend_from_slice(b"<</Type /Page /Parent ");
            write_ref(&mut o, pages);
            o.extend_from_slice(b" /MediaBox [0 0 100 100] /Contents ");
            write_ref(&mut o, content);
            o.extend_from_slice(b">>");
            f.object(page, &o).unwrap();
            let mut o = b"<</Type /Pages /Count 1 /Kids [".to_vec();
            write_ref(&mut o, page);
            o.extend_from_slice(b"]>>");
            f.object(pages, &o).unwrap();
            let mut o = b"<</Type /Catalog /Pages ".to_vec();
            write_ref(&mut o, pages);
            o.extend_from_slice(b">>");
            f.object(catalog, &o).unwrap();
            let mut trailer = b"/Root ".to_vec();
            write_ref(&mut trailer, catalog);
            f.finish(&trailer).unwrap();
        }
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        assert_eq!(doc.get_pages().len(), 1);
        let page = *doc.get_pages().values().next().unwrap();
        let content = doc.get_page_content(page);
        assert!(content.starts_with(b"0 0 m 10 10 l S"));
    }

    #[test]
    fn an_object_written_twice_or_never_is_an_error() {
        let mut bytes = Vec::new();
        let mut f = PdfFile::new(&mut bytes).unwrap();
        let a = f.alloc();
        f.object(a, b"1").unwrap();
        assert!(f.object(a, b"2").is_err());
        let _never = f.alloc();
        assert!(f.finish(b"").is_err());
    }

    #[test]
    fn names_strings_and_reals_are_escaped() {
        let mut out = Vec::new();
        write_name(&mut out, b"A B#");
        out.push(b' ');
        write_object(&mut out, &super::super::objects::text_string("a(b)"), &[]);
        out.push(b' ');
        write_object(&mut out, &super::super::objects::text_string("進"), &[]);
        out.push(b' ');
        write_real(&mut out, 1.5);
        out.push(b' ');
        write_real(&mut out, -0.000001);
        assert_eq!(out, b"/A#20B#23 (a\\(b\\)) <FEFF9032> 1.5 0");
    }
}
