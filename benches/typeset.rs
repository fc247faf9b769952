//! How long measuring and breaking the report's text takes. The whole plan source (about
//! 127 kB, 40,000 characters) at the report's body size and a text-box width.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use shinchoku::render::pdf::ir::{FontStyle, Typesetter};
use shinchoku::render::pdf::linebreak::line_ranges;
use shinchoku::render::pdf::typeset::{bundled, BundledTypesetter};
use std::hint::black_box;

const PLAN_TEXT: &str = include_str!("../seeds/source/plan2016-jisshi-koumoku.txt");
const SIZE: f32 = 10.5;
const WIDTH: f32 = 400.0;

fn plan_paragraph_by_paragraph(c: &mut Criterion) {
    let ts = bundled();
    let mut group = c.benchmark_group("plan text");
    group.throughput(Throughput::Bytes(PLAN_TEXT.len() as u64));
    group.bench_function("break_lines, each source line a paragraph", |b| {
        b.iter(|| {
            let mut lines = 0;
            for paragraph in black_box(PLAN_TEXT).split('\n') {
                lines += ts
                    .break_lines(paragraph, WIDTH, WIDTH, SIZE, FontStyle::Regular)
                    .len();
            }
            lines
        })
    });
    // The source's blank-line separated blocks, joined: long paragraphs like item texts.
    let blocks: Vec<String> = PLAN_TEXT
        .split("\n\n")
        .map(|b| b.split('\n').collect())
        .collect();
    group.bench_function("break_lines, blocks as long paragraphs", |b| {
        b.iter(|| {
            let mut lines = 0;
            for paragraph in black_box(&blocks) {
                lines += ts
                    .break_lines(paragraph, WIDTH, WIDTH, SIZE, FontStyle::Regular)
                    .len();
            }
            lines
        })
    });
    // What the layout calls for a box's text: broken with jlreq's spacing and squeezing,
    // every line but the last justified.
    group.bench_function("set_paragraph, blocks as long paragraphs, justified", |b| {
        b.iter(|| {
            let mut lines = 0;
            for paragraph in black_box(&blocks) {
                lines += ts
                    .set_paragraph(paragraph, WIDTH, WIDTH, SIZE, FontStyle::Regular, true)
                    .len();
            }
            lines
        })
    });
    group.bench_function("width of every source line", |b| {
        b.iter(|| {
            black_box(PLAN_TEXT)
                .split('\n')
                .map(|p| ts.width(p, FontStyle::Regular, SIZE))
                .sum::<f32>()
        })
    });
    group.bench_function("substitute_missing on every source line", |b| {
        b.iter(|| {
            black_box(PLAN_TEXT)
                .split('\n')
                .map(|p| ts.substitute_missing(p, FontStyle::Regular).1.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

fn one_megabyte_paragraph(c: &mut Criterion) {
    let ts = bundled();
    let text: String = PLAN_TEXT
        .replace('\n', "")
        .repeat(1_000_000 / PLAN_TEXT.len() + 1);
    let mut group = c.benchmark_group("1 MB paragraph");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("line_ranges at 400 pt", |b| {
        b.iter(|| {
            line_ranges(black_box(&text), WIDTH, WIDTH, |c| {
                ts.advance(c, FontStyle::Regular, SIZE)
            })
            .len()
        })
    });
    let word = "a".repeat(1_000_000);
    group.bench_function("one unbreakable word at 400 pt", |b| {
        b.iter(|| {
            line_ranges(black_box(&word), WIDTH, WIDTH, |c| {
                ts.advance(c, FontStyle::Regular, SIZE)
            })
            .len()
        })
    });
    group.finish();
}

fn font_tables(c: &mut Criterion) {
    // What the first call to `bundled()` pays: both fonts' cmaps read into advance tables.
    c.bench_function("first use: load both fonts' tables", |b| {
        b.iter(|| black_box(BundledTypesetter::load()).has_glyph('漢', FontStyle::Regular))
    });
}

criterion_group!(
    benches,
    plan_paragraph_by_paragraph,
    one_megabyte_paragraph,
    font_tables
);
criterion_main!(benches);
