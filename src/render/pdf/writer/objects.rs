//! The document's objects around the pages: annotations, info, ID, outline, catalog.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf as pp;

use super::content::PageMarks;
use super::{fnv1a, round2, style_index, xmp, PdfError, SEED};
use crate::render::pdf::ir::{
    Bookmark, Color, DocInfo, Op, Role, Stroke, Structure, Tag, A4_HEIGHT,
};

/// The page's links (its `Op::Link`s) as printpdf annotations: it writes them and resolves
/// page numbers to page objects.
pub(super) fn link_annotations(links: &[Op]) -> Vec<pp::Op> {
    let mut ops = Vec::new();
    for op in links {
        if let Op::Link {
            x,
            y,
            w,
            h,
            page,
            target_y,
        } = op
        {
            let (left, right) = (x.min(x + w), x.max(x + w));
            let (top, bottom) = (y.min(y + h), y.max(y + h));
            ops.push(pp::Op::LinkAnnotation {
                link: pp::LinkAnnotation::new(
                    pp::Rect {
                        x: pp::Pt(round2(left)),
                        y: pp::Pt(round2(A4_HEIGHT - bottom)),
                        width: pp::Pt(round2(right - left)),
                        height: pp::Pt(round2(bottom - top)),
                        mode: None,
                        winding_order: None,
                    },
                    pp::Actions::Goto(pp::Destination::Xyz {
                        // printpdf counts pages from 1 here.
                        page: page + 1,
                        left: None,
                        top: Some(round2(A4_HEIGHT - *target_y)),
                        zoom: None,
                    }),
                    // No border: the layout draws what the reader sees.
                    Some(pp::BorderArray::Solid([0.0, 0.0, 0.0])),
                    Some(pp::ColorArray::Transparent),
                    Some(pp::HighlightingMode::Invert),
                ),
            });
        }
    }
    ops
}

/// Puts the fonts in the font dictionary printpdf made, which every page's resources share.
pub(super) fn set_fonts(
    lo: &mut lopdf::Document,
    first_page: ObjectId,
    fonts: Dictionary,
) -> Result<(), PdfError> {
    let failed = |e: lopdf::Error| PdfError::Encoding(format!("font resources: {e}"));
    let resources = lo
        .get_dictionary(first_page)
        .and_then(|d| d.get(b"Resources"))
        .and_then(Object::as_reference)
        .map_err(failed)?;
    let font_dict = lo
        .get_dictionary(resources)
        .and_then(|d| d.get(b"Font"))
        .and_then(Object::as_reference)
        .map_err(failed)?;
    lo.objects.insert(font_dict, Object::Dictionary(fonts));
    Ok(())
}

/// The info dictionary's and the XMP's producer.
pub(super) const PRODUCER: &str = "shinchoku (printpdf 0.12)";

/// Makes printpdf's link annotations objects of their own, as the structure tree's object
/// references need, with what PDF/A and PDF/UA ask of them: printable (`/F 4`), described
/// (`/Contents`, the text of their `Link` element). Pages with links get `/Tabs /S`, tab
/// order following the structure.
pub(super) fn tag_annotations(
    lo: &mut lopdf::Document,
    page_ids: &[ObjectId],
    marks: &[&PageMarks],
) -> Result<Vec<(ObjectId, usize, crate::render::pdf::ir::NodeId)>, PdfError> {
    let failed = |e: lopdf::Error| PdfError::Encoding(format!("annotations: {e}"));
    let mut out = Vec::new();
    for (page, (&page_id, m)) in page_ids.iter().zip(marks).enumerate() {
        let annots = match lo.get_dictionary(page_id).map_err(failed)?.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        let mut refs = Vec::with_capacity(annots.len());
        for (k, annot) in annots.into_iter().enumerate() {
            let Object::Dictionary(mut dict) = annot else {
                refs.push(annot);
                continue;
            };
            dict.set("F", Object::Integer(4));
            let node = m.links.get(k).copied().flatten();
            if let Some(node) = node {
                let text: String = m
                    .link_text
                    .iter()
                    .filter(|(n, _)| *n == node)
                    .map(|(_, t)| t.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                dict.set("Contents", text_string(&text));
            }
            if node.is_some() {
                dict.set(
                    "StructParent",
                    Object::Integer((page_ids.len() + out.len()) as i64),
                );
            }
            let id = lo.add_object(dict);
            if let Some(node) = node {
                out.push((id, page, node));
            }
            refs.push(Object::Reference(id));
        }
        let dict = lo.get_dictionary_mut(page_id).map_err(failed)?;
        if refs.is_empty() {
            dict.remove(b"Annots");
        } else {
            dict.set("Annots", Object::Array(refs));
            dict.set("Tabs", Object::Name(b"S".to_vec()));
        }
    }
    Ok(out)
}

/// Adds to printpdf's object tree what printpdf does not write: document info, the
/// document ID, the language, the outline, viewer preferences, and what tagged PDF and
/// PDF/A (metadata, output intent) need in the catalog. The structure tree's root is
/// added to the catalog as it is written (see `PdfWriter::finish`).
pub(super) fn finish(
    lo: &mut lopdf::Document,
    info: &DocInfo,
    bookmarks: &[Bookmark],
    page_ids: &[ObjectId],
    id: Object,
) -> Result<(), PdfError> {
    // /Lang needs PDF 1.4; nothing written here needs more than 1.7.
    lo.version = "1.7".to_string();

    // printpdf's own info dictionary is replaced: removed by its id, since a pass over the
    // whole object graph (lopdf's prune_objects) would visit every structure element.
    if let Ok(old) = lo.trailer.get(b"Info").and_then(Object::as_reference) {
        lo.objects.remove(&old);
    }
    let info_id = lo.add_object(info_dict(info)?);
    lo.trailer.set("Info", Object::Reference(info_id));
    lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));

    let outline = if bookmarks.is_empty() {
        None
    } else {
        Some(add_outline(lo, bookmarks, page_ids))
    };

    let metadata = xmp::metadata(lo, info)?;
    let intents = xmp::output_intents(lo);

    let catalog = lo
        .catalog_mut()
        .map_err(|e| PdfError::Encoding(format!("catalog: {e}")))?;
    catalog.set("Lang", text_string(&info.language));
    catalog.set(
        "MarkInfo",
        Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]),
    );
    catalog.set("Metadata", metadata);
    catalog.set("OutputIntents", intents);
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    match outline {
        Some(id) => {
            catalog.set("Outlines", Object::Reference(id));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => {
            catalog.remove(b"Outlines");
            catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
    }
    Ok(())
}

fn info_dict(info: &DocInfo) -> Result<Dictionary, PdfError> {
    let date = pdf_date(info.created)?;
    let date = Object::String(date.into_bytes(), StringFormat::Literal);
    Ok(Dictionary::from_iter(vec![
        ("Title", text_string(&info.title)),
        ("Author", text_string(&info.author)),
        ("Subject", text_string(&info.subject)),
        ("Creator", text_string("shinchoku")),
        ("Producer", text_string(PRODUCER)),
        ("CreationDate", date.clone()),
        ("ModDate", date),
    ]))
}

/// A PDF text string: plain when ASCII, otherwise UTF-16BE with a byte order mark.
pub(super) fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// `D:YYYYMMDDHHmmSS+09'00'`, the moment in Japan Standard Time: the report's readers
/// are in Japan, and the offset keeps the moment exact.
pub(super) fn pdf_date(created: i64) -> Result<String, PdfError> {
    const JST: i64 = 9 * 3600;
    let out_of_range = PdfError::CreatedOutOfRange { created };
    let local = created.checked_add(JST).ok_or(out_of_range.clone())?;
    let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    if !(1..=9999).contains(&year) {
        return Err(out_of_range);
    }
    Ok(format!(
        "D:{year:04}{month:02}{day:02}{:02}{:02}{:02}+09'00'",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    ))
}

/// Days since 1970-01-01 → proleptic Gregorian (year, month, day); Howard Hinnant's
/// `civil_from_days`.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Writes the outline tree and returns the id of its root. Top-level entries (pillars)
/// open showing their children (sections); deeper entries start closed, so the panel
/// is a table of contents, not a list of all 105 items.
fn add_outline(lo: &mut lopdf::Document, marks: &[Bookmark], page_ids: &[ObjectId]) -> ObjectId {
    let root = lo.new_object_id();
    let (first, last) = add_outline_level(lo, marks, root, page_ids, 0);
    let visible = marks.len() + marks.iter().map(|m| m.children.len()).sum::<usize>();
    let mut dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Outlines".to_vec())),
        ("Count", Object::Integer(visible as i64)),
    ]);
    dict.set("First", Object::Reference(first));
    dict.set("Last", Object::Reference(last));
    lo.objects.insert(root, Object::Dictionary(dict));
    root
}

/// Writes one level of siblings under `parent`; returns the first and last id.
fn add_outline_level(
    lo: &mut lopdf::Document,
    marks: &[Bookmark],
    parent: ObjectId,
    page_ids: &[ObjectId],
    depth: usize,
) -> (ObjectId, ObjectId) {
    let ids: Vec<ObjectId> = marks.iter().map(|_| lo.new_object_id()).collect();
    for (i, mark) in marks.iter().enumerate() {
        let mut dict = Dictionary::from_iter(vec![
            ("Title", text_string(&mark.title)),
            ("Parent", Object::Reference(parent)),
            (
                "Dest",
                Object::Array(vec![
                    Object::Reference(page_ids[mark.page]),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(round2(A4_HEIGHT - mark.y)),
                    Object::Null,
                ]),
            ),
        ]);
        if i > 0 {
            dict.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            dict.set("Next", Object::Reference(*next));
        }
        if !mark.children.is_empty() {
            let (first, last) = add_outline_level(lo, &mark.children, ids[i], page_ids, depth + 1);
            dict.set("First", Object::Reference(first));
            dict.set("Last", Object::Reference(last));
            // Positive: open, that many children visible. Negative: closed.
            let n = mark.children.len() as i64;
            dict.set("Count", Object::Integer(if depth == 0 { n } else { -n }));
        }
        lo.objects.insert(ids[i], Object::Dictionary(dict));
    }
    (ids[0], ids[ids.len() - 1])
}

/// The trailer `/ID`, derived from the display list instead of printpdf's random one:
/// PDF asks that the ID identify the file, which a hash of what it shows does, and the
/// output stays reproducible. The writer's version is hashed too, so a changed writer
/// that draws the same document differently gives another ID. Pages are hashed as they
/// are written, the rest at the end.
pub(super) fn new_id_hasher() -> IdHasher {
    let mut h = IdHasher([SEED, SEED ^ 0x9e37_79b9_7f4a_7c15]);
    h.str(env!("CARGO_PKG_VERSION"));
    h.str("printpdf 0.12");
    h
}

impl IdHasher {
    /// One content stream of a page, in the order they are written.
    pub(super) fn ops(&mut self, ops: &[Op]) {
        let h = self;
        h.usize(ops.len());
        for op in ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    style,
                    color,
                    text,
                    spacing,
                } => {
                    h.bytes(b"T");
                    h.f32s(&[*x, *y, *size]);
                    h.usize(style_index(*style));
                    h.color(*color);
                    h.str(text);
                    h.f32s(spacing);
                }
                Op::Rect {
                    x,
                    y,
                    w,
                    h: height,
                    fill,
                    stroke,
                } => {
                    h.bytes(b"R");
                    h.f32s(&[*x, *y, *w, *height]);
                    h.opt_color(*fill);
                    h.opt_stroke(*stroke);
                }
                Op::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    stroke,
                } => {
                    h.bytes(b"L");
                    h.f32s(&[*x1, *y1, *x2, *y2]);
                    h.opt_stroke(Some(*stroke));
                }
                Op::Link {
                    x,
                    y,
                    w,
                    h: height,
                    page,
                    target_y,
                } => {
                    h.bytes(b"A");
                    h.f32s(&[*x, *y, *w, *height, *target_y]);
                    h.usize(*page);
                }
                Op::Tag(Tag::Artifact) => h.bytes(b"a"),
                Op::Tag(Tag::Node(n)) => {
                    h.bytes(b"N");
                    h.usize(n.0 as usize);
                }
            }
        }
    }

    /// The rest of the document; gives the ID.
    pub(super) fn finish(
        mut self,
        order: &[usize],
        bookmarks: &[Bookmark],
        structure: &Structure,
        info: &DocInfo,
    ) -> Object {
        let h = &mut self;
        h.usize(order.len());
        for slot in order {
            h.usize(*slot);
        }
        fn hash_marks(h: &mut IdHasher, marks: &[Bookmark]) {
            h.usize(marks.len());
            for m in marks {
                h.str(&m.title);
                h.usize(m.page);
                h.f32s(&[m.y]);
                hash_marks(h, &m.children);
            }
        }
        hash_marks(h, bookmarks);
        h.usize(structure.nodes.len());
        for node in &structure.nodes {
            h.str(super::structure::role_name(node.role));
            if let Role::TH(scope) = node.role {
                h.bytes(&[scope as u8]);
            }
            h.str(node.alt.as_deref().unwrap_or(""));
            h.usize(node.parent.map_or(usize::MAX, |p| p.0 as usize));
            h.usize(node.children.len());
            for c in &node.children {
                h.usize(c.0 as usize);
            }
        }
        for s in [&info.title, &info.author, &info.subject, &info.language] {
            h.str(s);
        }
        h.bytes(&info.created.to_be_bytes());

        let mut id = Vec::with_capacity(16);
        id.extend_from_slice(&h.0[0].to_be_bytes());
        id.extend_from_slice(&h.0[1].to_be_bytes());
        Object::String(id, StringFormat::Hexadecimal)
    }
}

/// Two FNV-1a streams with different seeds: 128 bits, enough that two different
/// reports do not share an ID by chance. Not a cryptographic hash, and need not be.
pub(super) struct IdHasher([u64; 2]);

impl IdHasher {
    fn bytes(&mut self, b: &[u8]) {
        self.0 = [fnv1a(b, self.0[0]), fnv1a(b, self.0[1])];
    }
    pub(super) fn usize(&mut self, n: usize) {
        self.bytes(&(n as u64).to_be_bytes());
    }
    /// Length first, so that ("ab", "c") and ("a", "bc") differ.
    fn str(&mut self, s: &str) {
        self.usize(s.len());
        self.bytes(s.as_bytes());
    }
    fn f32s(&mut self, vs: &[f32]) {
        for v in vs {
            self.bytes(&v.to_bits().to_be_bytes());
        }
    }
    fn color(&mut self, c: Color) {
        self.bytes(&[c.r, c.g, c.b]);
    }
    fn opt_color(&mut self, c: Option<Color>) {
        match c {
            Some(c) => {
                self.bytes(b"+");
                self.color(c);
            }
            None => self.bytes(b"-"),
        }
    }
    fn opt_stroke(&mut self, s: Option<Stroke>) {
        match s {
            Some(s) => {
                self.opt_color(Some(s.color));
                self.f32s(&[s.width]);
            }
            None => self.bytes(b"-"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_japan_standard_time() {
        assert_eq!(pdf_date(0).unwrap(), "D:19700101090000+09'00'");
        // 2025-03-31 15:00:00 UTC is 2025-04-01 00:00 in Japan.
        assert_eq!(pdf_date(1_743_433_200).unwrap(), "D:20250401000000+09'00'");
        assert_eq!(pdf_date(951_782_400).unwrap(), "D:20000229090000+09'00'");
        assert!(pdf_date(i64::MAX).is_err());
        assert!(pdf_date(-62_200_000_000).is_err());
    }

    #[test]
    fn text_strings_are_utf16_when_not_ascii() {
        assert_eq!(
            text_string("ja"),
            Object::String(b"ja".to_vec(), StringFormat::Literal)
        );
        assert_eq!(
            text_string("進捗"),
            Object::String(
                vec![0xFE, 0xFF, 0x90, 0x32, 0x63, 0x57],
                StringFormat::Hexadecimal
            )
        );
    }
}
