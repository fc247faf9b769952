//! `shinchoku build DIR --year R3 --out OUT`: the published report from the submissions.

use std::path::Path;

use clap::Args;
use shinchoku::pipeline::{build, BuildError, BuildOptions, BuildOutcome};
use shinchoku::plan::{FiscalYear, Plan, ReportDate};
use shinchoku::render::{self, Renderer};
use shinchoku::workbook::check::grouped;
use shinchoku::workbook::Severity;

use super::prelude::*;

#[derive(Args)]
pub struct BuildArgs {
    #[command(flatten)]
    sub: SubmissionArgs,
    #[command(flatten)]
    common: OutputArgs,
}

pub fn run(global: &GlobalArgs, args: BuildArgs) -> CmdResult {
    let plan = global.plan()?;
    let out = args.common.out_or("report");
    run_build(&plan, &args.sub.dir, args.sub.year, &out, &args.common)
}

/// Runs a build and prints what happened; shared with `demo`.
pub fn run_build(
    plan: &Plan,
    dir: &Path,
    year: FiscalYear,
    out: &Path,
    common: &OutputArgs,
) -> CmdResult {
    let date = common
        .date
        .date()
        .unwrap_or_else(|| ReportDate::after_fiscal_year(year));
    let opts = BuildOptions {
        year,
        allow_incomplete: common.allow_incomplete,
        by_bureau: common.by_bureau,
        date,
        wording: common.wording.clone(),
        previous: common.previous.clone(),
        history: common.history.clone(),
    };
    let renderers = render::all();
    let refs: Vec<&(dyn Renderer + Sync)> = renderers.iter().map(|r| r.as_ref()).collect();
    match build(plan, dir, out, &opts, &refs) {
        Ok(outcome) => {
            print_outcome(&outcome);
            Ok(())
        }
        Err(BuildError::Refused(check)) => {
            eprintln!("調査票にエラーがあります:");
            for (bureau, diags) in grouped(plan, &check.diagnostics) {
                let errors: Vec<_> = diags
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .collect();
                if errors.is_empty() {
                    continue;
                }
                eprintln!("■ {}", bureau.as_deref().unwrap_or("ファイル全般"));
                for d in errors {
                    eprintln!("  エラー　{d}");
                }
            }
            Err(CmdError::data(BuildError::Refused(check)))
        }
        Err(e) => Err(CmdError::data(e)),
    }
}

fn print_outcome(o: &BuildOutcome) {
    for w in &o.warnings {
        eprintln!("警告　{w}");
    }
    for f in &o.written {
        println!("{}", f.path.display());
    }
    let units = o.report.units().count();
    let pages: usize = o
        .written
        .iter()
        .filter(|f| f.path.parent().and_then(|p| p.file_name()) != Some("bureaus".as_ref()))
        .filter_map(|f| f.pages)
        .sum();
    let bytes: usize = o.written.iter().map(|f| f.bytes).sum();
    let warnings = o.check.count(Severity::Warning) + o.warnings.len();
    let errors = o.check.count(Severity::Error);
    println!(
        "{}: {}単位、{}ページ、{}ファイル（{:.1} KB）、警告 {}件{}",
        o.report.meta.year.wareki(),
        units,
        pages,
        o.written.len(),
        bytes as f64 / 1024.0,
        warnings,
        if errors > 0 {
            format!("、エラー {errors}件（未提出として作成）")
        } else {
            String::new()
        }
    );
}
