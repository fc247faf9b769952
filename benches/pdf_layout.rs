//! Layout speed: the bundled plan's report (105 items) and ten times it, laid out with the
//! tests' simple typesetter (so this measures layout, not font lookups). Ten times the
//! plan should take about ten times as long: layout is linear in the number of units.

#[path = "../tests/support/mod.rs"]
mod support;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use shinchoku::plan::UnitId;
use shinchoku::render::pdf::layout::{layout_report, LayoutOptions};
use shinchoku::report::Report;

fn scaled(base: &Report, times: u32) -> Report {
    let mut r = base.clone();
    for k in 1..times {
        for item in &base.items {
            let mut copy = item.clone();
            copy.item.id.number += 1000 * k;
            for u in &mut copy.units {
                u.id = UnitId {
                    item: copy.item.id,
                    initiative: u.id.initiative,
                };
            }
            r.items.push(copy);
        }
    }
    r.items.sort_by_key(|i| {
        (
            i.item.section.pillar,
            i.item.section.section,
            i.item.section.subsection,
        )
    });
    r
}

fn layout(c: &mut Criterion) {
    let base = support::report();
    let ts = support::Mono::default();
    let opts = LayoutOptions::default();
    let mut group = c.benchmark_group("layout_report");
    group.sample_size(20);
    for times in [1, 10, 100] {
        let report = scaled(&base, times);
        let pages = layout_report(&report, &ts, &opts).document.pages.len();
        group.bench_with_input(
            BenchmarkId::new(format!("plan×{times}"), format!("{pages}pages")),
            &report,
            |b, r| b.iter(|| layout_report(r, &ts, &opts)),
        );
    }
    group.finish();
}

criterion_group!(benches, layout);
criterion_main!(benches);
