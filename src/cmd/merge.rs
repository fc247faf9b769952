//! `shinchoku merge DIR --year R3`: what the report would hold, in short; with `--json`, the
//! whole merged model for other tools.

use clap::Args;
use shinchoku::plan::ReportDate;
use shinchoku::report::merge::{merge, MergeOptions};
use shinchoku::report::{Report, UnitStatus};
use shinchoku::workbook::check::check_dir;
use shinchoku::workbook::Severity;

use super::prelude::*;

#[derive(Args)]
pub struct MergeArgs {
    #[command(flatten)]
    sub: SubmissionArgs,
    /// 報告書データ全体を JSON で出力する（付けないときは概要だけを表示）
    #[arg(long)]
    json: bool,
}

pub fn run(global: &GlobalArgs, args: MergeArgs) -> CmdResult {
    let plan = global.plan()?;
    let year = args.sub.year;
    let outcome = check_dir(&plan, year, &args.sub.dir).map_err(CmdError::data)?;
    for d in outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        eprintln!("エラー　{d}");
    }
    let report = merge(
        &plan,
        year,
        &outcome,
        &MergeOptions {
            date: ReportDate::after_fiscal_year(year),
            incomplete: outcome.has_errors(),
        },
    );
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", summary(&report));
    }
    if outcome.has_errors() {
        Err(CmdError::Reported)
    } else {
        Ok(())
    }
}

fn summary(report: &Report) -> String {
    let count = |s: UnitStatus| report.units().filter(|(_, u)| u.status == s).count();
    let submitted = report.bureaus.iter().filter(|b| b.file.is_some()).count();
    format!(
        "{} 報告書データ（{}）\n\
         実施項目 {}件、報告単位 {}件（報告あり {}件、一部の局のみ {}件、未提出 {}件、完了済み {}件）\n\
         提出 {}／{}局\n\
         全体を JSON で出力するには --json を付けてください。報告書を作るには shinchoku build を使います\n",
        report.meta.year.wareki(),
        report.meta.plan_name,
        report.items.len(),
        report.units().count(),
        count(UnitStatus::Reported),
        count(UnitStatus::PartlyReported),
        count(UnitStatus::Missing),
        count(UnitStatus::CompletedEarlier),
        submitted,
        report.bureaus.len(),
    )
}
