//! Makes a synthetic plan N times the bundled one, with every bureau's workbook filled in,
//! for measuring how `build` scales (see BENCHMARKS.md):
//!
//!     cargo run --release --example synth -- 10 /tmp/synth10
//!     shinchoku --plan /tmp/synth10/plan build /tmp/synth10/submissions --year R3 --out /tmp/synth10/out
//!
//! Copy k of item №n is numbered k×100+n (№24-2 → №1024-2 in the second copy), so ids stay
//! readable and unique up to 100 copies.

use std::path::PathBuf;

use shinchoku::plan::{self, FiscalYear};
#[path = "../benches/support/synthetic.rs"]
mod synthetic;
use shinchoku::workbook::template::write_template;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let scale: u32 = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
        .clamp(1, 100);
    let out = PathBuf::from(args.get(2).cloned().unwrap_or_else(|| "synth".into()));
    let plan_dir = out.join("plan");
    let sub_dir = out.join("submissions");
    std::fs::create_dir_all(&plan_dir).unwrap();
    std::fs::create_dir_all(&sub_dir).unwrap();
    for src in synthetic::plan_sources(scale) {
        std::fs::write(plan_dir.join(&src.name), &src.text).unwrap();
    }
    let plan = plan::load_dir(&plan_dir).unwrap_or_else(|e| panic!("{e}"));
    let year: FiscalYear = "R3".parse().unwrap();
    for b in plan.reporting_bureaus(year) {
        let bytes = write_template(&plan, b.as_str(), year, Some(&synthetic::fill)).unwrap();
        std::fs::write(sub_dir.join(format!("{}.xlsx", b.as_str())), bytes).unwrap();
    }
    println!(
        "{} items, {} units: {}",
        plan.items.len(),
        plan.units().count(),
        out.display()
    );
}
