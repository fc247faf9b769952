//! `build` end to end — reading and checking every workbook, merging, and writing the PDF,
//! spreadsheet, HTML and JSON — on the demo and on a synthetic plan ten times larger
//! (generated here). The 100× figure in BENCHMARKS.md comes from the command documented
//! there, since one run takes seconds.

use criterion::{criterion_group, criterion_main, Criterion};
use shinchoku::pipeline::{archive_year, build, BuildOptions};
use shinchoku::plan::{self, FiscalYear, Plan};
use shinchoku::render::{self, Renderer};
use shinchoku::samples;

#[path = "support/synthetic.rs"]
mod synthetic;
use shinchoku::workbook::template::write_template;

fn setup(scale: u32) -> (Plan, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("shinchoku-bench-{scale}-{}", std::process::id()));
    let subs = dir.join("submissions");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&subs).unwrap();
    let year: FiscalYear = "R3".parse().unwrap();
    let plan = if scale == 1 {
        samples::extract("R3", &subs).unwrap();
        plan::load_bundled().unwrap()
    } else {
        let plan = plan::load_sources(&synthetic::plan_sources(scale)).unwrap();
        for b in plan.reporting_bureaus(year) {
            let bytes = write_template(&plan, b.as_str(), year, Some(&synthetic::fill)).unwrap();
            std::fs::write(subs.join(format!("{}.xlsx", b.as_str())), bytes).unwrap();
        }
        plan
    };
    (plan, dir)
}

fn bench_build(c: &mut Criterion) {
    let renderers = render::all();
    let refs: Vec<&(dyn Renderer + Sync)> = renderers.iter().map(|r| r.as_ref()).collect();
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    for scale in [1u32, 10] {
        let (plan, dir) = setup(scale);
        let opts = BuildOptions {
            year: "R3".parse().unwrap(),
            allow_incomplete: false,
            by_bureau: false,
            date: "2022-06-01".parse().unwrap(),
            wording: None,
            previous: None,
            history: None,
        };
        group.bench_function(format!("{scale}x"), |b| {
            b.iter(|| {
                build(
                    &plan,
                    &dir.join("submissions"),
                    &dir.join("out"),
                    &opts,
                    &refs,
                )
                .unwrap()
            })
        });
        if scale == 1 {
            // The same build with the plan period so far: R1 and R2 archived as report.json,
            // as the office keeps them (the 1.3× bound of the history).
            let history = dir.join("history");
            for y in ["R1", "R2"] {
                let subs = dir.join(y);
                samples::extract(y, &subs).unwrap();
                archive_year(&plan, &subs, y.parse().unwrap(), &history.join(y)).unwrap();
            }
            let opts = BuildOptions {
                history: Some(history),
                ..opts
            };
            group.bench_function("1x-history", |b| {
                b.iter(|| {
                    build(
                        &plan,
                        &dir.join("submissions"),
                        &dir.join("out"),
                        &opts,
                        &refs,
                    )
                    .unwrap()
                })
            });
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    group.finish();
}

criterion_group!(benches, bench_build);
criterion_main!(benches);
