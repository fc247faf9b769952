//! `shinchoku merge DIR --year R3 --json`: the merged report model, for other tools.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use shinchoku::plan::{FiscalYear, ReportDate};
use shinchoku::report::merge::{merge, MergeOptions};
use shinchoku::workbook::check::check_dir;

use super::check::parse_year;
use super::{plan_or_exit, CmdResult, GlobalArgs};

#[derive(Args)]
pub struct MergeArgs {
    /// 提出された調査票（.xlsx）を集めたフォルダ
    dir: PathBuf,
    /// 報告する年度（例: R3, 令和3年度, 2021）
    #[arg(long, value_parser = parse_year)]
    year: FiscalYear,
    /// JSON で出力する（現在は JSON のみ）
    #[arg(long)]
    json: bool,
}

pub fn run(global: &GlobalArgs, args: MergeArgs) -> CmdResult {
    let plan = plan_or_exit!(global);
    let outcome = check_dir(&plan, args.year, &args.dir);
    for d in outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == shinchoku::workbook::Severity::Error)
    {
        eprintln!("エラー　{d}");
    }
    let report = merge(
        &plan,
        args.year,
        &outcome,
        &MergeOptions {
            date: ReportDate::after_fiscal_year(args.year),
            incomplete: outcome.has_errors(),
        },
    );
    let _ = args.json;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(if outcome.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
