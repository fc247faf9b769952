//! The PDF writer, checked the way a reader of the report meets it: open the file, read the
//! text, follow the bookmarks and the links, look at the fonts and the document properties.
//! The PDF is parsed back with lopdf; no external tool is needed.

#[path = "support/tagged.rs"]
mod tagged;

use lopdf::{Document as Pdf, Object, ObjectId};
use shinchoku::render::pdf::ir::{
    Bookmark, Color, DocInfo, Document, FontStyle, HeaderScope, Op, Page, Role, Stroke, Structure,
    Tag, A4_HEIGHT, A4_WIDTH,
};
use shinchoku::render::pdf::writer::{write_pdf, PdfError};

const NAVY: Color = Color::rgb(0x1f, 0x3a, 0x5f);
const GREY: Color = Color::rgb(0xe6, 0xe6, 0xe6);

fn text(x: f32, y: f32, size: f32, style: FontStyle, text: &str) -> Op {
    Op::Text {
        x,
        y,
        size,
        style,
        color: Color::BLACK,
        text: text.to_string(),
        spacing: Vec::new(),
    }
}

fn thin(color: Color) -> Stroke {
    Stroke { color, width: 0.5 }
}

/// Every line of Japanese text the sample document draws, per page, in drawing order.
fn page_texts() -> Vec<Vec<(FontStyle, &'static str)>> {
    use FontStyle::*;
    vec![
        vec![
            (Bold, "仙台市行財政改革推進プラン２０１６　進捗状況報告"),
            (Regular, "令和６年度（２０２４年度）実施分"),
            (Bold, "実施項目一覧"),
            (Regular, "１　「市民協働によるまちづくり」の推進　◎"),
            (Regular, "２　事務事業の見直し（達成率８５％）　○"),
        ],
        vec![
            (Bold, "１　「市民協働によるまちづくり」の推進"),
            (Regular, "評価：◎　目標を上回って達成した"),
            (Regular, "取組内容：市民活動サポートセンターの利用促進"),
        ],
        vec![
            (Bold, "２　事務事業の見直し"),
            (Regular, "評価：△・×・○ のいずれにも当てはまらない場合は〓"),
            (Regular, "達成率　８５％（前年度　７２％）"),
        ],
    ]
}

fn sample() -> Document {
    let mut pages = Vec::new();
    for (n, lines) in page_texts().into_iter().enumerate() {
        let mut ops = vec![
            Op::Rect {
                x: 40.0,
                y: 40.0,
                w: A4_WIDTH - 80.0,
                h: 30.0,
                fill: Some(GREY),
                stroke: Some(thin(NAVY)),
            },
            Op::Line {
                x1: 40.0,
                y1: 80.0,
                x2: A4_WIDTH - 40.0,
                y2: 80.0,
                stroke: Stroke {
                    color: NAVY,
                    width: 1.5,
                },
            },
        ];
        for (i, (style, line)) in lines.into_iter().enumerate() {
            let size = if style == FontStyle::Bold { 14.0 } else { 10.5 };
            ops.push(text(48.0, 60.0 + 30.0 * i as f32, size, style, line));
        }
        ops.push(Op::Rect {
            x: 40.0,
            y: 700.0,
            w: 100.0,
            h: 40.0,
            fill: None,
            stroke: Some(thin(Color::BLACK)),
        });
        ops.push(Op::Text {
            x: A4_WIDTH / 2.0 - 10.0,
            y: A4_HEIGHT - 30.0,
            size: 9.0,
            style: FontStyle::Regular,
            color: Color::rgb(0x66, 0x66, 0x66),
            text: format!("－{}－", n + 1),
            spacing: Vec::new(),
        });
        pages.push(Page { ops });
    }
    // The list on page 1 links to the item pages.
    for (i, target) in [(3usize, 1usize), (4, 2)] {
        pages[0].ops.push(Op::Link {
            x: 48.0,
            y: 60.0 + 30.0 * i as f32 - 12.0,
            w: 400.0,
            h: 16.0,
            page: target,
            target_y: 40.0,
        });
    }
    Document {
        pages,
        bookmarks: vec![Bookmark {
            title: "柱１　市民協働".to_string(),
            page: 0,
            y: 40.0,
            children: vec![Bookmark {
                title: "（１）協働の推進".to_string(),
                page: 1,
                y: 40.0,
                children: vec![
                    Bookmark {
                        title: "１　「市民協働によるまちづくり」の推進".to_string(),
                        page: 1,
                        y: 40.0,
                        children: vec![],
                    },
                    Bookmark {
                        title: "２　事務事業の見直し".to_string(),
                        page: 2,
                        y: 300.0,
                        children: vec![],
                    },
                ],
            }],
        }],
        info: DocInfo {
            title: "仙台市行財政改革推進プラン２０１６ 進捗状況報告".to_string(),
            author: "仙台市 総務局".to_string(),
            subject: "令和６年度 実施状況".to_string(),
            language: "ja".to_string(),
            created: 1_743_433_200, // 2025-04-01 00:00 JST
        },
        structure: Default::default(),
    }
}

fn write(doc: &Document) -> Vec<u8> {
    let bytes = write_pdf(doc).expect("the sample document is valid");
    // Left in target/tmp for a look with pdftotext, pdffonts, qpdf, pdftoppm.
    let _ = std::fs::write(
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf_writer_sample.pdf"),
        &bytes,
    );
    bytes
}

fn parse(bytes: &[u8]) -> Pdf {
    Pdf::load_mem(bytes).expect("the output parses as PDF")
}

fn dict<'a>(pdf: &'a Pdf, obj: &'a Object) -> &'a lopdf::Dictionary {
    match obj {
        Object::Reference(id) => pdf.get_dictionary(*id).expect("reference to a dictionary"),
        Object::Dictionary(d) => d,
        other => panic!("expected a dictionary, got {other:?}"),
    }
}

/// A PDF text string, UTF-16BE with a byte order mark or plain.
fn decode_text(obj: &Object) -> String {
    let Object::String(bytes, _) = obj else {
        panic!("expected a string, got {obj:?}")
    };
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).expect("valid UTF-16")
        }
        None => String::from_utf8(bytes.clone()).expect("ASCII"),
    }
}

fn catalog(pdf: &Pdf) -> &lopdf::Dictionary {
    pdf.catalog().expect("a catalog")
}

fn page_ids(pdf: &Pdf) -> Vec<ObjectId> {
    pdf.get_pages().into_values().collect()
}

#[test]
fn writes_a_pdf_file() {
    let bytes = write(&sample());
    assert!(bytes.starts_with(b"%PDF-1.7\n"));
    assert!(bytes.ends_with(b"%%EOF"));
    assert_eq!(parse(&bytes).get_pages().len(), 3);
}

#[test]
fn same_document_gives_the_same_bytes() {
    let first = write_pdf(&sample()).unwrap();
    let second = write_pdf(&sample()).unwrap();
    assert!(first == second, "two writes of one document differ");

    // …and the document ID follows the content, so another document gets another one.
    let id = |bytes: &[u8]| parse(bytes).trailer.get(b"ID").unwrap().clone();
    let mut other = sample();
    other.info.subject = "令和７年度 実施状況".to_string();
    assert_ne!(id(&first), id(&write_pdf(&other).unwrap()));
}

#[test]
fn fonts_are_embedded_as_subsets() {
    let bytes = write(&sample());
    assert!(
        bytes.len() < 200 * 1024,
        "a 3-page document takes {} bytes; the fonts are not subset",
        bytes.len()
    );
    let pdf = parse(&bytes);
    let mut names = Vec::new();
    for obj in pdf.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor") {
            continue;
        }
        let name =
            String::from_utf8(d.get(b"FontName").unwrap().as_name().unwrap().to_vec()).unwrap();
        let file = d
            .get(b"FontFile2")
            .expect("TrueType outlines embedded as FontFile2");
        let program = pdf
            .get_object(file.as_reference().unwrap())
            .unwrap()
            .as_stream()
            .unwrap();
        let length1 = program.dict.get(b"Length1").unwrap().as_i64().unwrap();
        assert!(length1 < 150_000, "{name}: {length1} bytes is not a subset");
        names.push(name);
    }
    names.sort_by_key(|n| n.split_once('+').map(|(_, f)| f.to_string()));
    assert_eq!(names.len(), 2, "{names:?}");
    for (name, face) in names
        .iter()
        .zip(["BIZUDGothic-Bold", "BIZUDGothic-Regular"])
    {
        let (tag, font) = name.split_once('+').expect("a subset tag");
        assert_eq!(font, face);
        assert!(
            tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()),
            "{name}"
        );
    }
}

#[test]
fn text_reads_back_exactly() {
    let pdf = parse(&write(&sample()));
    for (n, lines) in page_texts().into_iter().enumerate() {
        let extracted = pdf.extract_text(&[n as u32 + 1]).unwrap();
        let extracted: String = extracted.chars().filter(|c| *c != '\n').collect();
        for (_, line) in lines {
            assert!(
                extracted.contains(line),
                "page {}: {line:?} not in {extracted:?}",
                n + 1
            );
        }
        assert!(extracted.contains(&format!("－{}－", n + 1)));
    }
}

/// The plan's own text: about a thousand different characters, so the glyph codes take
/// every byte value, including those a PDF string must escape.
#[test]
fn a_report_worth_of_characters_reads_back_exactly() {
    let plan: Vec<char> = include_str!("../seeds/source/plan2016-jisshi-koumoku.txt")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut chars = plan.iter();
    let mut expected = Vec::new();
    let mut doc = sample();
    doc.pages.clear();
    doc.bookmarks.clear();
    while chars.len() > 0 && doc.pages.len() < 20 {
        let mut page = Page::default();
        let mut lines = String::new();
        for line in 0..40 {
            let style = if line % 10 == 0 {
                FontStyle::Bold
            } else {
                FontStyle::Regular
            };
            let t: String = chars.by_ref().take(40).collect();
            lines.push_str(&t);
            page.ops
                .push(text(40.0, 60.0 + 18.0 * line as f32, 10.5, style, &t));
        }
        doc.pages.push(page);
        expected.push(lines);
    }
    let pdf = parse(&write_pdf(&doc).unwrap());
    for (n, lines) in expected.iter().enumerate() {
        let extracted: String = pdf
            .extract_text(&[n as u32 + 1])
            .unwrap()
            .chars()
            .filter(|c| *c != '\n')
            .collect();
        assert_eq!(&extracted, lines, "page {}", n + 1);
    }
    // A raw CR in a string reads as LF in conforming readers (lopdf keeps it, so the
    // extraction above cannot tell): codes with a 0x0D byte must be escaped.
    for page in pdf.get_pages().into_values() {
        assert!(!pdf.get_page_content(page).contains(&b'\r'));
    }
}

#[test]
fn a_character_no_font_has_is_drawn_as_geta() {
    let mut doc = sample();
    // Hangul and Linear B are not in BIZ UDGothic; the page also draws 〓 itself.
    doc.pages[0]
        .ops
        .push(text(48.0, 400.0, 10.5, FontStyle::Regular, "備考：한〓𐀀"));
    doc.pages[1]
        .ops
        .push(text(48.0, 400.0, 14.0, FontStyle::Bold, "注：한"));
    let pdf = parse(&write_pdf(&doc).unwrap());
    let extracted = pdf.extract_text(&[1]).unwrap();
    assert!(extracted.contains("備考：〓〓〓"), "{extracted:?}");
    let extracted = pdf.extract_text(&[2]).unwrap();
    assert!(extracted.contains("注：〓"), "{extracted:?}");
}

#[test]
fn bookmarks_are_nested_and_point_at_page_and_height() {
    let pdf = parse(&write(&sample()));
    let pages = page_ids(&pdf);
    let cat = catalog(&pdf);
    assert_eq!(
        cat.get(b"PageMode").unwrap().as_name().unwrap(),
        b"UseOutlines"
    );
    let root = dict(&pdf, cat.get(b"Outlines").unwrap());

    // Walks the outline into (depth, title, page index, top, count).
    fn walk(
        pdf: &Pdf,
        first: Option<&Object>,
        depth: usize,
        pages: &[ObjectId],
        out: &mut Vec<(usize, String, usize, f32, Option<i64>)>,
    ) {
        let mut next = first.cloned();
        while let Some(obj) = next {
            let d = dict(pdf, &obj);
            let dest = d.get(b"Dest").unwrap().as_array().unwrap();
            let page = pages
                .iter()
                .position(|p| *p == dest[0].as_reference().unwrap())
                .unwrap();
            assert_eq!(dest[1].as_name().unwrap(), b"XYZ");
            out.push((
                depth,
                decode_text(d.get(b"Title").unwrap()),
                page,
                dest[3].as_float().unwrap(),
                d.get(b"Count").and_then(Object::as_i64).ok(),
            ));
            walk(pdf, d.get(b"First").ok(), depth + 1, pages, out);
            next = d.get(b"Next").ok().cloned();
        }
    }
    let mut entries = Vec::new();
    walk(&pdf, root.get(b"First").ok(), 0, &pages, &mut entries);
    let top = |y: f32| A4_HEIGHT - y;
    let expected = vec![
        (0, "柱１　市民協働".to_string(), 0, top(40.0), Some(1)),
        (1, "（１）協働の推進".to_string(), 1, top(40.0), Some(-2)),
        (
            2,
            "１　「市民協働によるまちづくり」の推進".to_string(),
            1,
            top(40.0),
            None,
        ),
        (2, "２　事務事業の見直し".to_string(), 2, top(300.0), None),
    ];
    assert_eq!(entries.len(), expected.len());
    for (got, want) in entries.iter().zip(&expected) {
        assert_eq!(
            (got.0, &got.1, got.2, got.4),
            (want.0, &want.1, want.2, want.4)
        );
        assert!((got.3 - want.3).abs() < 0.01, "{got:?} vs {want:?}");
    }
    // The pillar is open: it and its section are visible.
    assert_eq!(root.get(b"Count").unwrap().as_i64().unwrap(), 2);
}

#[test]
fn links_jump_to_a_page_and_height() {
    let pdf = parse(&write(&sample()));
    let pages = page_ids(&pdf);
    let first = pdf.get_dictionary(pages[0]).unwrap();
    let annots = first.get(b"Annots").unwrap().as_array().unwrap();
    assert_eq!(annots.len(), 2);
    for (annot, target) in annots.iter().zip([1usize, 2]) {
        let a = dict(&pdf, annot);
        assert_eq!(a.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
        let border: Vec<f32> = a
            .get(b"Border")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_float().unwrap())
            .collect();
        assert_eq!(border, [0.0, 0.0, 0.0], "links draw no box");
        let rect: Vec<f32> = a
            .get(b"Rect")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_float().unwrap())
            .collect();
        assert!(rect[0] < rect[2] && rect[1] < rect[3], "{rect:?}");
        let action = dict(&pdf, a.get(b"A").unwrap());
        assert_eq!(action.get(b"S").unwrap().as_name().unwrap(), b"GoTo");
        let dest = action.get(b"D").unwrap().as_array().unwrap();
        assert_eq!(dest[0].as_reference().unwrap(), pages[target]);
        assert_eq!(dest[1].as_name().unwrap(), b"XYZ");
        assert!((dest[3].as_float().unwrap() - (A4_HEIGHT - 40.0)).abs() < 0.01);
    }
}

#[test]
fn document_properties_and_language() {
    let pdf = parse(&write(&sample()));
    assert_eq!(decode_text(catalog(&pdf).get(b"Lang").unwrap()), "ja");
    let info = dict(&pdf, pdf.trailer.get(b"Info").unwrap());
    let field = |k: &[u8]| decode_text(info.get(k).unwrap());
    assert_eq!(
        field(b"Title"),
        "仙台市行財政改革推進プラン２０１６ 進捗状況報告"
    );
    assert_eq!(field(b"Author"), "仙台市 総務局");
    assert_eq!(field(b"Subject"), "令和６年度 実施状況");
    assert_eq!(field(b"CreationDate"), "D:20250401000000+09'00'");
    assert_eq!(field(b"ModDate"), "D:20250401000000+09'00'");
}

#[test]
fn pages_are_a4_and_draw_rects_and_lines() {
    let pdf = parse(&write(&sample()));
    let page = page_ids(&pdf)[0];
    let media: Vec<f32> = pdf
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap())
        .collect();
    assert_eq!(media, [0.0, 0.0, A4_WIDTH, A4_HEIGHT]);

    let content = lopdf::content::Content::decode(&pdf.get_page_content(page)).unwrap();
    let ops: Vec<(String, Vec<f32>)> = content
        .operations
        .iter()
        .map(|o| {
            let nums = o
                .operands
                .iter()
                .filter_map(|v| v.as_float().ok())
                .collect();
            (o.operator.clone(), nums)
        })
        .collect();
    let has = |op: &str, args: &[f32]| {
        ops.iter().any(|(o, a)| {
            o == op
                && a.len() == args.len()
                && a.iter().zip(args).all(|(x, y)| (x - y).abs() < 0.01)
        })
    };
    // The grey header band, filled and stroked, in PDF's bottom-up coordinates.
    assert!(
        has("re", &[40.0, A4_HEIGHT - 70.0, A4_WIDTH - 80.0, 30.0]),
        "{ops:?}"
    );
    assert!(has("B", &[]));
    assert!(has("rg", &[0xe6 as f32 / 255.0; 3]));
    assert!(has(
        "RG",
        &[
            0x1f as f32 / 255.0,
            0x3a as f32 / 255.0,
            0x5f as f32 / 255.0
        ]
    ));
    // The rule under it: 1.5 pt wide.
    assert!(has("w", &[1.5]));
    assert!(has("m", &[40.0, A4_HEIGHT - 80.0]));
    assert!(has("l", &[A4_WIDTH - 40.0, A4_HEIGHT - 80.0]));
    assert!(has("S", &[]));
}

#[test]
fn faulty_display_lists_are_refused_in_japanese() {
    let refused = |doc: Document| {
        let err = write_pdf(&doc).expect_err("must be refused");
        let msg = err.to_string();
        assert!(msg.starts_with("PDFを作成できません"), "{msg}");
        err
    };

    let mut doc = sample();
    doc.pages.clear();
    doc.bookmarks.clear();
    assert_eq!(refused(doc), PdfError::NoPages);

    let mut doc = sample();
    doc.pages[1]
        .ops
        .push(text(f32::NAN, 10.0, 10.0, FontStyle::Regular, "あ"));
    let err = refused(doc);
    assert!(matches!(err, PdfError::BadNumber { page: 1, .. }));
    assert!(err.to_string().contains("2ページ目"), "{err}");

    let mut doc = sample();
    doc.pages[0].ops.push(Op::Line {
        x1: 0.0,
        y1: 0.0,
        x2: 1.0,
        y2: 1.0,
        stroke: Stroke {
            color: Color::BLACK,
            width: -1.0,
        },
    });
    assert!(matches!(
        refused(doc),
        PdfError::BadNumber {
            what: "線の太さ",
            ..
        }
    ));

    let mut doc = sample();
    doc.pages[0]
        .ops
        .push(text(10.0, 10.0, 10.0, FontStyle::Regular, "一行目\n二行目"));
    assert!(matches!(
        refused(doc),
        PdfError::LineBreakInText { page: 0, .. }
    ));

    let mut doc = sample();
    doc.pages[0].ops.push(Op::Link {
        x: 0.0,
        y: 0.0,
        w: 10.0,
        h: 10.0,
        page: 3,
        target_y: 0.0,
    });
    let err = refused(doc);
    assert!(err.to_string().contains("4ページ目がありません"), "{err}");

    let mut doc = sample();
    doc.bookmarks[0].children[0].children[1].page = 9;
    let err = refused(doc);
    assert!(err.to_string().contains("事務事業の見直し"), "{err}");

    let mut doc = sample();
    doc.info.created = i64::MAX;
    let err = refused(doc);
    assert!(err.to_string().contains("SOURCE_DATE_EPOCH"), "{err}");
}

#[test]
fn empty_pages_and_no_bookmarks_are_fine() {
    let doc = Document {
        pages: vec![Page::default(), Page::default()],
        bookmarks: vec![],
        info: DocInfo {
            title: String::new(),
            author: String::new(),
            subject: String::new(),
            language: "ja".to_string(),
            created: 0,
        },
        structure: Default::default(),
    };
    let pdf = parse(&write_pdf(&doc).unwrap());
    assert_eq!(pdf.get_pages().len(), 2);
    assert!(catalog(&pdf).get(b"Outlines").is_err());
}

/// A page as the layout tags it: a heading, a table with a row header whose data cell runs
/// onto the next page, a figure, and a link in a table of contents.
fn tagged_doc() -> Document {
    let mut tree = Structure::default();
    let root = Structure::ROOT;
    let h = tree.child(root, Role::H(1));
    let table = tree.child(root, Role::Table);
    let tr = tree.child(table, Role::TR);
    let th = tree.child(tr, Role::TH(HeaderScope::Row));
    let td = tree.child(tr, Role::TD);
    let figure = tree.child(root, Role::Figure);
    tree.set_alt(figure, "評価の内訳：◎1、○2".to_string());
    let toc = tree.child(root, Role::TOC);
    let toci = tree.child(toc, Role::TOCI);
    let link = tree.child(toci, Role::Link);
    let stray = tree.node(Role::P);
    let node = |n| Op::Tag(Tag::Node(n));
    let pages = vec![
        Page {
            ops: vec![
                node(h),
                text(60.0, 60.0, 14.0, FontStyle::Bold, "１　財政健全化"),
                Op::Tag(Tag::Artifact),
                Op::Line {
                    x1: 60.0,
                    y1: 66.0,
                    x2: 500.0,
                    y2: 66.0,
                    stroke: thin(NAVY),
                },
                Op::Rect {
                    x: 60.0,
                    y: 80.0,
                    w: 80.0,
                    h: 20.0,
                    fill: Some(GREY),
                    stroke: None,
                },
                node(th),
                text(64.0, 94.0, 10.5, FontStyle::Bold, "取組内容"),
                node(td),
                text(
                    150.0,
                    94.0,
                    10.5,
                    FontStyle::Regular,
                    "収支均衡した予算編成",
                ),
                // Not in the tree: written as an artifact, never as an orphan MCID.
                node(stray),
                text(150.0, 120.0, 10.5, FontStyle::Regular, "迷子"),
                Op::Tag(Tag::Artifact),
                text(280.0, 800.0, 9.0, FontStyle::Regular, "- 1 -"),
            ],
        },
        Page {
            ops: vec![
                node(td),
                text(
                    150.0,
                    60.0,
                    10.5,
                    FontStyle::Regular,
                    "（続き）を目指します。",
                ),
                node(figure),
                Op::Rect {
                    x: 60.0,
                    y: 100.0,
                    w: 100.0,
                    h: 10.0,
                    fill: Some(NAVY),
                    stroke: None,
                },
                node(link),
                text(60.0, 140.0, 10.5, FontStyle::Regular, "№1　財政健全化"),
                Op::Link {
                    x: 60.0,
                    y: 130.0,
                    w: 400.0,
                    h: 14.0,
                    page: 0,
                    target_y: 60.0,
                },
            ],
        },
    ];
    Document {
        pages,
        bookmarks: vec![],
        info: DocInfo {
            title: "タグ付きPDF".to_string(),
            author: "仙台市".to_string(),
            subject: String::new(),
            language: "ja".to_string(),
            created: 1_743_433_200,
        },
        structure: tree,
    }
}

#[test]
fn content_is_tagged_in_reading_order_and_decoration_is_artifact() {
    let bytes = write_pdf(&tagged_doc()).unwrap();
    let t = tagged::check(&bytes);
    let roles: Vec<&str> = t.elements.iter().map(|e| e.role.as_str()).collect();
    assert_eq!(
        roles,
        ["Document", "H1", "Table", "TR", "TH", "TD", "Figure", "TOC", "TOCI", "Link"]
    );
    let td = &t.elements[5];
    assert_eq!(td.text, "収支均衡した予算編成（続き）を目指します。");
    assert_eq!(t.elements[4].scope.as_deref(), Some("Row"));
    // Line, background, the stray text and the page number.
    assert_eq!(t.artifacts, 4);
    let pdf = parse(&bytes);
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        raw.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "XMP readable"
    );
    let (_, page) = pdf.get_pages().into_iter().nth(1).unwrap();
    let annots = pdf
        .get_dictionary(page)
        .unwrap()
        .get(b"Annots")
        .unwrap()
        .as_array()
        .unwrap();
    let link = pdf
        .get_dictionary(annots[0].as_reference().unwrap())
        .unwrap();
    assert!(link.get(b"Contents").is_ok());
    assert_eq!(write_pdf(&tagged_doc()).unwrap(), bytes, "reproducible");
}
