//! Layout speed: the bundled plan's report (105 items) and ten times it, laid out with the
//! tests' simple typesetter (so this measures layout, not font lookups). Ten times the
//! plan should take about ten times as long: layout is linear in the number of units.

#[path = "../tests/support/mod.rs"]
mod support;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use shinchoku::render::pdf::layout::{layout_report, LayoutOptions};

fn layout(c: &mut Criterion) {
    let base = support::report();
    let ts = support::Mono::default();
    let opts = LayoutOptions::default();
    let mut group = c.benchmark_group("layout_report");
    group.sample_size(20);
    for times in [1, 10, 100] {
        let report = support::scaled(&base, times);
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
