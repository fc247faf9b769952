//! Reads a tagged PDF back with lopdf and checks the rules of PDF/UA-1 (the machine-checkable
//! Matterhorn conditions that apply to this report) and the PDF/A-2u declarations, the way a
//! validator would: every painting operator is marked, every marked-content id is in the
//! structure tree once and leads back to its element through the parent tree, the tree
//! reads in page order, figures have alternate text, table headers a scope, links their
//! object references, and the catalog and XMP say what they must.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// One element of the structure tree, in reading order.
#[derive(Debug, Clone)]
pub struct Element {
    pub role: String,
    /// The text of its own marked content and its descendants', in tree order.
    pub text: String,
    pub depth: usize,
    pub alt: Option<String>,
    pub scope: Option<String>,
}

#[derive(Debug, Default)]
pub struct Tagged {
    pub elements: Vec<Element>,
    /// Painting operators seen, and how many of them were artifacts.
    pub painted: usize,
    pub artifacts: usize,
    pub pages: usize,
}

const STANDARD: &[&str] = &[
    "Document",
    "Part",
    "Art",
    "Sect",
    "Div",
    "BlockQuote",
    "Caption",
    "TOC",
    "TOCI",
    "Index",
    "NonStruct",
    "Private",
    "P",
    "H",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "L",
    "LI",
    "Lbl",
    "LBody",
    "Table",
    "TR",
    "TH",
    "TD",
    "THead",
    "TBody",
    "TFoot",
    "Span",
    "Quote",
    "Note",
    "Reference",
    "BibEntry",
    "Code",
    "Link",
    "Annot",
    "Ruby",
    "RB",
    "RT",
    "RP",
    "Warichu",
    "WT",
    "WP",
    "Figure",
    "Formula",
    "Form",
];

const PAINTING: &[&str] = &[
    "Tj", "TJ", "'", "\"", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do", "BI",
];

fn name(o: &Object) -> String {
    String::from_utf8_lossy(o.as_name().unwrap_or(b"?")).into_owned()
}

fn text_string(o: &Object) -> String {
    match o {
        Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]) => {
            let units: Vec<u16> = b[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Object::String(b, _) => String::from_utf8_lossy(b).into_owned(),
        _ => String::new(),
    }
}

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

/// code → text from a ToUnicode CMap written with bfchar entries.
fn to_unicode(doc: &Document, font: &Dictionary) -> HashMap<u16, String> {
    let mut map = HashMap::new();
    let Ok(stream) = font
        .get(b"ToUnicode")
        .and_then(|o| o.as_reference())
        .and_then(|id| doc.get_object(id))
        .and_then(|o| o.as_stream())
    else {
        panic!("a font without ToUnicode");
    };
    let data = stream
        .get_plain_content()
        .unwrap_or_else(|_| stream.content.clone());
    let text = String::from_utf8_lossy(&data);
    for line in text.lines() {
        let parts: Vec<&str> = line
            .split(['<', '>', ' '])
            .filter(|p| !p.is_empty())
            .collect();
        if let [code, uni] = parts.as_slice() {
            if let (Ok(code), true) = (u16::from_str_radix(code, 16), uni.len() % 4 == 0) {
                let units: Vec<u16> = (0..uni.len() / 4)
                    .filter_map(|i| u16::from_str_radix(&uni[4 * i..4 * i + 4], 16).ok())
                    .collect();
                map.insert(code, String::from_utf16_lossy(&units));
            }
        }
    }
    map
}

/// Checks `bytes`; panics naming the first rule broken.
pub fn check(bytes: &[u8]) -> Tagged {
    let doc = Document::load_mem(bytes).expect("the PDF parses");
    let catalog = doc.catalog().expect("a catalog");
    check_catalog(&doc, catalog);

    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let mut out = Tagged {
        pages: pages.len(),
        ..Tagged::default()
    };
    // (page, mcid) → text, from the content streams.
    let mut marked: BTreeMap<(usize, i64), String> = BTreeMap::new();
    for (pi, &page) in pages.iter().enumerate() {
        let pd = doc.get_dictionary(page).unwrap();
        assert_eq!(
            pd.get(b"StructParents").and_then(|o| o.as_i64()).ok(),
            Some(pi as i64),
            "page {pi}: /StructParents"
        );
        if pd
            .get(b"Annots")
            .is_ok_and(|a| !a.as_array().map(|a| a.is_empty()).unwrap_or(true))
        {
            assert_eq!(
                pd.get(b"Tabs").map(name).ok().as_deref(),
                Some("S"),
                "page {pi}: a page with annotations has /Tabs /S"
            );
        }
        let fonts: HashMap<Vec<u8>, HashMap<u16, String>> = doc
            .get_page_fonts(page)
            .unwrap()
            .into_iter()
            .map(|(k, f)| (k, to_unicode(&doc, f)))
            .collect();
        let content = Content::decode(&doc.get_page_content(page)).unwrap();
        // (tag, mcid, ActualText) of the open marked-content sequences.
        let mut stack: Vec<(String, Option<i64>, Option<String>)> = Vec::new();
        // The glyphs' own text inside a sequence with ActualText, to compare with it.
        let mut glyph_text = String::new();
        let mut font: Option<&HashMap<u16, String>> = None;
        for op in &content.operations {
            let o = op.operator.as_str();
            match o {
                "BMC" => stack.push((name(&op.operands[0]), None, None)),
                "BDC" => {
                    let (mcid, actual) = match &op.operands[1] {
                        Object::Dictionary(d) => (
                            d.get(b"MCID").and_then(|m| m.as_i64()).ok(),
                            d.get(b"ActualText").ok().map(text_string),
                        ),
                        _ => (None, None),
                    };
                    let tag = name(&op.operands[0]);
                    assert!(
                        !stack.iter().any(|(t, ..)| t == "Artifact") || mcid.is_none(),
                        "page {pi}: tagged content inside an artifact"
                    );
                    if let Some(m) = mcid {
                        assert!(
                            marked.insert((pi, m), String::new()).is_none(),
                            "page {pi}: MCID {m} used twice"
                        );
                    }
                    if actual.is_some() {
                        assert!(
                            stack.iter().all(|e| e.2.is_none()),
                            "page {pi}: ActualText inside ActualText"
                        );
                        glyph_text.clear();
                    }
                    stack.push((tag, mcid, actual));
                }
                "EMC" => {
                    let (_, _, actual) = stack.pop().expect("EMC without BMC/BDC");
                    if let Some(actual) = actual {
                        // What a reader reads instead of the glyphs must be what they show.
                        assert_eq!(glyph_text, actual, "page {pi}: ActualText differs");
                        if let Some(m) = stack.iter().rev().find_map(|e| e.1) {
                            marked.get_mut(&(pi, m)).unwrap().push_str(&actual);
                        }
                    }
                }
                "Tf" => {
                    let key = op.operands[0].as_name().unwrap().to_vec();
                    font = fonts.get(&key);
                }
                _ => {}
            }
            if PAINTING.contains(&o) {
                out.painted += 1;
                let Some((tag, ..)) = stack.last() else {
                    panic!("page {pi}: `{o}` outside marked content");
                };
                if stack.iter().any(|(t, ..)| t == "Artifact") {
                    out.artifacts += 1;
                } else {
                    let m = stack
                        .iter()
                        .rev()
                        .find_map(|e| e.1)
                        .unwrap_or_else(|| panic!("page {pi}: `{o}` in {tag} without MCID"));
                    if matches!(o, "Tj" | "TJ") {
                        let map = font.expect("text before Tf");
                        let mut s = String::new();
                        for item in &op.operands {
                            let strings = match item {
                                Object::Array(a) => a.clone(),
                                other => vec![other.clone()],
                            };
                            for st in strings {
                                if let Object::String(b, _) = st {
                                    for c in b.chunks(2) {
                                        let code = u16::from_be_bytes([c[0], c[1]]);
                                        assert_ne!(code, 0, "page {pi}: .notdef drawn");
                                        s.push_str(map.get(&code).map_or("\u{FFFD}", |t| t));
                                    }
                                }
                            }
                        }
                        if stack.iter().any(|e| e.2.is_some()) {
                            glyph_text.push_str(&s);
                        } else {
                            marked.get_mut(&(pi, m)).unwrap().push_str(&s);
                        }
                    }
                }
            }
        }
        assert!(stack.is_empty(), "page {pi}: marked content left open");
    }

    // The tree, in reading order.
    let root = catalog
        .get(b"StructTreeRoot")
        .and_then(|o| o.as_reference())
        .expect("a StructTreeRoot");
    let root = doc.get_dictionary(root).unwrap();
    let mut order: Vec<(usize, i64, usize)> = Vec::new(); // (page, mcid, group)
    let page_index: HashMap<ObjectId, usize> =
        pages.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let mut seen_mcr: HashMap<(usize, i64), ObjectId> = HashMap::new();
    let mut objr: HashMap<ObjectId, ObjectId> = HashMap::new();
    let kids = root.get(b"K").expect("the tree has a root element");
    let mut group = 0;
    walk(
        &doc,
        resolve(&doc, kids),
        kids.as_reference().ok(),
        None,
        0,
        &page_index,
        &marked,
        &mut out.elements,
        &mut order,
        &mut seen_mcr,
        &mut objr,
        &mut group,
    );

    // Every MCID on a page is in the tree, and the tree names no other.
    for k in marked.keys() {
        assert!(
            seen_mcr.contains_key(k),
            "MCID {k:?} is not in the structure tree"
        );
    }
    assert_eq!(
        seen_mcr.len(),
        marked.len(),
        "the tree refers to MCIDs no page has"
    );

    // The parent tree leads each MCID back to the element that holds it.
    let parent_tree = root
        .get(b"ParentTree")
        .map(|o| resolve(&doc, o))
        .and_then(|o| o.as_dict())
        .expect("a ParentTree");
    let nums = parent_tree
        .get(b"Nums")
        .and_then(|o| o.as_array())
        .expect("flat Nums");
    let mut parents: HashMap<i64, &Object> = HashMap::new();
    for pair in nums.chunks(2) {
        parents.insert(pair[0].as_i64().unwrap(), &pair[1]);
    }
    for (&(page, mcid), elem) in &seen_mcr {
        let arr = parents
            .get(&(page as i64))
            .map(|o| resolve(&doc, o))
            .and_then(|o| o.as_array().ok())
            .unwrap_or_else(|| panic!("no parent tree entry for page {page}"));
        assert_eq!(
            arr.get(mcid as usize).and_then(|o| o.as_reference().ok()),
            Some(*elem),
            "page {page} MCID {mcid}: parent tree"
        );
    }
    // Every link annotation is in the tree through an OBJR, and back through the parent tree.
    for (pi, &page) in pages.iter().enumerate() {
        let pd = doc.get_dictionary(page).unwrap();
        let Ok(annots) = pd.get(b"Annots").and_then(|a| a.as_array()) else {
            continue;
        };
        for a in annots {
            let id = a.as_reference().expect("annotations are indirect");
            let ad = doc.get_dictionary(id).unwrap();
            assert_eq!(
                ad.get(b"F").and_then(|f| f.as_i64()).ok(),
                Some(4),
                "page {pi}: /F 4"
            );
            let elem = objr
                .get(&id)
                .unwrap_or_else(|| panic!("page {pi}: an annotation outside the tree"));
            let key = ad
                .get(b"StructParent")
                .and_then(|k| k.as_i64())
                .expect("StructParent");
            assert_eq!(
                parents.get(&key).and_then(|o| o.as_reference().ok()),
                Some(*elem)
            );
            assert!(
                !text_string(ad.get(b"Contents").expect("link /Contents")).is_empty(),
                "page {pi}: a link without a description"
            );
        }
    }

    // The tree reads in page order: within a table row or list item, cells may interleave
    // line by line, so each such group is compared by its first mark.
    let mut firsts: Vec<(usize, (usize, i64))> = Vec::new();
    for &(page, mcid, g) in &order {
        match firsts.last_mut() {
            Some((lg, first)) if *lg == g && g != 0 => *first = (*first).min((page, mcid)),
            _ => firsts.push((g, (page, mcid))),
        }
    }
    for w in firsts.windows(2) {
        assert!(
            w[0].1 < w[1].1,
            "reading order goes back: {:?} then {:?}",
            w[0],
            w[1]
        );
    }

    for e in &out.elements {
        assert!(
            STANDARD.contains(&e.role.as_str()),
            "non-standard role {}",
            e.role
        );
        if e.role == "Figure" {
            assert!(
                e.alt.as_deref().is_some_and(|a| !a.is_empty()),
                "a figure without /Alt"
            );
        }
        if e.role == "TH" {
            assert!(
                matches!(e.scope.as_deref(), Some("Row" | "Column" | "Both")),
                "a TH without a scope"
            );
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn walk(
    doc: &Document,
    k: &Object,
    k_id: Option<ObjectId>,
    page: Option<usize>,
    depth: usize,
    page_index: &HashMap<ObjectId, usize>,
    marked: &BTreeMap<(usize, i64), String>,
    elements: &mut Vec<Element>,
    order: &mut Vec<(usize, i64, usize)>,
    seen: &mut HashMap<(usize, i64), ObjectId>,
    objr: &mut HashMap<ObjectId, ObjectId>,
    group: &mut usize,
) -> String {
    match k {
        Object::Array(items) => {
            let mut text = String::new();
            for item in items {
                let id = item.as_reference().ok();
                text.push_str(&walk(
                    doc,
                    resolve(doc, item),
                    id,
                    page,
                    depth,
                    page_index,
                    marked,
                    elements,
                    order,
                    seen,
                    objr,
                    group,
                ));
            }
            text
        }
        Object::Dictionary(d) => {
            let ty = d.get(b"Type").map(name).unwrap_or_default();
            if ty == "MCR" || ty == "OBJR" {
                let pg = d
                    .get(b"Pg")
                    .and_then(|p| p.as_reference())
                    .ok()
                    .and_then(|p| page_index.get(&p).copied())
                    .or(page)
                    .expect("a marked-content reference with a page");
                if ty == "OBJR" {
                    let obj = d.get(b"Obj").and_then(|o| o.as_reference()).unwrap();
                    objr.insert(obj, k_id.expect("element id"));
                    return String::new();
                }
                let mcid = d.get(b"MCID").and_then(|m| m.as_i64()).unwrap();
                return mcr(pg, mcid, k_id, marked, order, seen, *group);
            }
            // A structure element.
            let id = k_id.expect("structure elements are indirect objects");
            let role = d.get(b"S").map(name).expect("/S");
            let pg = d
                .get(b"Pg")
                .and_then(|p| p.as_reference())
                .ok()
                .and_then(|p| page_index.get(&p).copied())
                .or(page);
            let at = elements.len();
            elements.push(Element {
                role: role.clone(),
                text: String::new(),
                depth,
                alt: d.get(b"Alt").ok().map(text_string),
                scope: d
                    .get(b"A")
                    .map(|a| resolve(doc, a))
                    .and_then(|a| a.as_dict())
                    .and_then(|a| a.get(b"Scope"))
                    .map(name)
                    .ok(),
            });
            let saved = *group;
            if (role == "TR" || role == "LI") && saved == 0 {
                *group = id.0 as usize;
            }
            let mut text = String::new();
            if let Ok(kids) = d.get(b"K") {
                let items: Vec<&Object> = match kids {
                    Object::Array(a) => a.iter().collect(),
                    one => vec![one],
                };
                for item in items {
                    match item {
                        Object::Integer(m) => {
                            let pg = pg.expect("an MCID without a page");
                            text.push_str(&mcr(pg, *m, Some(id), marked, order, seen, *group));
                        }
                        Object::Dictionary(md) if md.has(b"MCID") || md.has(b"Obj") => {
                            text.push_str(&walk(
                                doc,
                                item,
                                Some(id),
                                pg,
                                depth + 1,
                                page_index,
                                marked,
                                elements,
                                order,
                                seen,
                                objr,
                                group,
                            ));
                        }
                        other => {
                            let child =
                                other.as_reference().expect("child elements are references");
                            let cd = doc.get_dictionary(child).unwrap();
                            assert_eq!(
                                cd.get(b"P").and_then(|p| p.as_reference()).ok(),
                                Some(id),
                                "a child's /P is its parent"
                            );
                            text.push_str(&walk(
                                doc,
                                resolve(doc, other),
                                Some(child),
                                pg,
                                depth + 1,
                                page_index,
                                marked,
                                elements,
                                order,
                                seen,
                                objr,
                                group,
                            ));
                        }
                    }
                }
            }
            *group = saved;
            elements[at].text = text.clone();
            text
        }
        _ => String::new(),
    }
}

fn mcr(
    page: usize,
    mcid: i64,
    elem: Option<ObjectId>,
    marked: &BTreeMap<(usize, i64), String>,
    order: &mut Vec<(usize, i64, usize)>,
    seen: &mut HashMap<(usize, i64), ObjectId>,
    group: usize,
) -> String {
    let elem = elem.expect("an MCID's element");
    assert!(
        seen.insert((page, mcid), elem).is_none(),
        "page {page} MCID {mcid} is in the tree twice"
    );
    order.push((page, mcid, group));
    marked
        .get(&(page, mcid))
        .cloned()
        .unwrap_or_else(|| panic!("the tree names page {page} MCID {mcid}, which is not drawn"))
}

fn check_catalog(doc: &Document, catalog: &Dictionary) {
    let marked = catalog
        .get(b"MarkInfo")
        .map(|o| resolve(doc, o))
        .and_then(|o| o.as_dict())
        .and_then(|d| d.get(b"Marked"))
        .and_then(|m| m.as_bool());
    assert_eq!(marked.ok(), Some(true), "/MarkInfo <</Marked true>>");
    assert_eq!(text_string(catalog.get(b"Lang").expect("/Lang")), "ja");
    let display = catalog
        .get(b"ViewerPreferences")
        .map(|o| resolve(doc, o))
        .and_then(|o| o.as_dict())
        .and_then(|d| d.get(b"DisplayDocTitle"))
        .and_then(|m| m.as_bool());
    assert_eq!(display.ok(), Some(true), "DisplayDocTitle");
    if let Ok(map) = catalog
        .get(b"StructTreeRoot")
        .and_then(|r| r.as_reference())
    {
        let root = doc.get_dictionary(map).unwrap();
        assert!(
            root.get(b"RoleMap").is_err(),
            "only standard roles, no RoleMap"
        );
    }
    let xmp = catalog
        .get(b"Metadata")
        .and_then(|m| m.as_reference())
        .and_then(|id| doc.get_object(id))
        .and_then(|o| o.as_stream())
        .expect("an XMP metadata stream");
    let xmp = String::from_utf8(xmp.content.clone()).expect("XMP is UTF-8");
    for field in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>U</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
        "<dc:title>",
        "<dc:creator>",
        "<dc:language><rdf:Bag><rdf:li>ja</rdf:li>",
        "<xmp:CreateDate>",
        "<xmp:ModifyDate>",
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>",
    ] {
        assert!(xmp.contains(field), "XMP lacks {field}");
    }
    let intents = catalog
        .get(b"OutputIntents")
        .and_then(|o| o.as_array())
        .expect("output intents");
    let intent = resolve(doc, &intents[0]).as_dict().unwrap();
    assert_eq!(intent.get(b"S").map(name).unwrap(), "GTS_PDFA1");
    let profile = intent
        .get(b"DestOutputProfile")
        .and_then(|p| p.as_reference())
        .and_then(|id| doc.get_object(id))
        .and_then(|o| o.as_stream())
        .expect("an ICC profile");
    assert_eq!(
        profile.dict.get(b"N").and_then(|n| n.as_i64()).ok(),
        Some(3)
    );
    let icc = profile
        .get_plain_content()
        .unwrap_or_else(|_| profile.content.clone());
    assert_eq!(&icc[36..40], b"acsp", "an ICC profile");
    assert_eq!(&icc[16..20], b"RGB ", "an RGB profile");
}
