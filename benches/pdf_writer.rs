//! How long the PDF writer takes for a report-sized document: 100 A4 pages, each with 40
//! lines of 40 characters of the plan's own text (so the fonts are subset to the ~1,000
//! characters a real report uses), a header band, table rules and a few links; tagged as the
//! layout tags a report: each line in its own element, the band and rules artifacts.

use criterion::{criterion_group, criterion_main, Criterion};
use shinchoku::render::pdf::ir::{
    Bookmark, Color, DocInfo, Document, FontStyle, Op, Page, Role, Stroke, Structure, Tag, A4_WIDTH,
};
use shinchoku::render::pdf::writer::write_pdf;

const PLAN_TEXT: &str = include_str!("../seeds/source/plan2016-jisshi-koumoku.txt");

fn report(pages: usize) -> Document {
    let chars: Vec<char> = PLAN_TEXT.chars().filter(|c| !c.is_whitespace()).collect();
    let mut next = chars.iter().cycle();
    let rule = Stroke {
        color: Color::rgb(0x80, 0x80, 0x80),
        width: 0.5,
    };
    let mut doc_pages = Vec::with_capacity(pages);
    let mut tree = Structure::default();
    let mut bookmarks = Vec::new();
    for n in 0..pages {
        let mut ops = vec![Op::Rect {
            x: 40.0,
            y: 40.0,
            w: A4_WIDTH - 80.0,
            h: 24.0,
            fill: Some(Color::rgb(0xe6, 0xec, 0xf5)),
            stroke: Some(Stroke {
                color: Color::rgb(0x1f, 0x3a, 0x5f),
                width: 1.0,
            }),
        }];
        for line in 0..40 {
            let y = 90.0 + line as f32 * 18.0;
            let text: String = next.by_ref().take(40).collect();
            let role = if line == 0 { Role::H(1) } else { Role::P };
            ops.push(Op::Tag(Tag::Node(tree.child(Structure::ROOT, role))));
            ops.push(Op::Text {
                x: 48.0,
                y,
                size: if line == 0 { 12.0 } else { 10.5 },
                style: if line == 0 {
                    FontStyle::Bold
                } else {
                    FontStyle::Regular
                },
                color: Color::BLACK,
                text,
                spacing: Vec::new(),
            });
            if line % 4 == 3 {
                ops.push(Op::Tag(Tag::Artifact));
                ops.push(Op::Line {
                    x1: 40.0,
                    y1: y + 5.0,
                    x2: A4_WIDTH - 40.0,
                    y2: y + 5.0,
                    stroke: rule,
                });
            }
        }
        if n + 1 < pages {
            ops.push(Op::Link {
                x: 48.0,
                y: 800.0,
                w: 100.0,
                h: 14.0,
                page: n + 1,
                target_y: 40.0,
            });
        }
        doc_pages.push(Page { ops });
        bookmarks.push(Bookmark {
            title: format!("実施項目 №{}", n + 1),
            page: n,
            y: 40.0,
            children: vec![],
        });
    }
    Document {
        pages: doc_pages,
        bookmarks: vec![Bookmark {
            title: "１ 「ポスト復興ステージ」を支える行財政運営".to_string(),
            page: 0,
            y: 40.0,
            children: bookmarks,
        }],
        info: DocInfo {
            title: "仙台市行財政改革推進プラン２０１６ 進捗状況報告".to_string(),
            author: "仙台市".to_string(),
            subject: "ベンチマーク".to_string(),
            language: "ja".to_string(),
            created: 1_743_433_200,
        },
        structure: tree,
    }
}

fn write_100_pages(c: &mut Criterion) {
    let doc = report(100);
    let bytes = write_pdf(&doc).expect("the benchmark document is valid");
    eprintln!("100 pages: {} bytes", bytes.len());
    let mut group = c.benchmark_group("pdf_writer");
    group.sample_size(20);
    group.bench_function("write_pdf 100 pages x 40 lines x 40 chars", |b| {
        b.iter(|| write_pdf(&doc).unwrap())
    });
    group.finish();
}

criterion_group!(benches, write_100_pages);
criterion_main!(benches);
