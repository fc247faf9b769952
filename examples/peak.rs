//! Peak memory of `build` with one output at a time, for finding which output holds the
//! memory on a large plan (see BENCHMARKS.md):
//!
//!     cargo run --release --example synth -- 100 /tmp/synth100
//!     cargo run --release --example peak -- /tmp/synth100 pdf     # or xlsx, html, json, csv, none
//!
//! Prints the process's peak resident size (VmHWM, Linux only) after loading the plan and
//! after the build; `none` checks and merges only, then lays out and writes the PDF in
//! memory, printing the peak after each step.

use shinchoku::plan::{self, FiscalYear, ReportDate};
use shinchoku::render::pdf::{fallback::FontStack, layout, typeset, writer};
use shinchoku::{pipeline, render};
use std::path::Path;

fn peak() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    format!(
        "peak {} MB, now {} MB",
        kb("VmHWM") / 1024,
        kb("VmRSS") / 1024
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(which)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: peak <synth folder> <pdf|xlsx|html|json|csv|none>");
        std::process::exit(2);
    };
    let plan = plan::load_dir(&Path::new(dir).join("plan")).expect("plan");
    eprintln!("plan loaded: {}", peak());
    let all = render::all();
    let chosen: Vec<&(dyn render::Renderer + Sync)> = all
        .iter()
        .filter(|r| which != "none" && r.file_name().contains(which.as_str()))
        .map(|b| b.as_ref())
        .collect();
    let year: FiscalYear = "R3".parse().expect("year");
    let opts = pipeline::BuildOptions {
        year,
        allow_incomplete: false,
        by_bureau: false,
        date: ReportDate::after_fiscal_year(year),
        wording: None,
        previous: None,
        history: None,
    };
    let out = std::env::temp_dir().join("shinchoku-peak");
    std::fs::create_dir_all(&out).expect("output folder");
    let built = pipeline::build(
        &plan,
        &Path::new(dir).join("submissions"),
        &out,
        &opts,
        &chosen,
    )
    .expect("build");
    eprintln!("{which}: {}", peak());
    if which == "none" {
        let wording = shinchoku::wording::Wording::load(None).expect("wording");
        let opts = layout::LayoutOptions {
            labels: wording.labels(),
            style: Default::default(),
        };
        let fonts = FontStack::new(typeset::bundled(), &[]);
        let laid = layout::layout_report(&built.report, &fonts, &opts);
        eprintln!(
            "laid out ({} pages, {} structure elements): {}",
            laid.document.pages.len(),
            laid.document.structure.nodes.len(),
            peak()
        );
        let bytes = writer::write_pdf(&laid.document).expect("pdf");
        eprintln!("written ({} bytes): {}", bytes.len(), peak());
    }
}
