//! `shinchoku check DIR --year R3`: every problem in the submitted workbooks, by bureau.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use shinchoku::plan::FiscalYear;
use shinchoku::workbook::check::{check_dir, grouped, CheckOutcome};
use shinchoku::workbook::Severity;

use super::{plan_or_exit, CmdResult, GlobalArgs};

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Args)]
pub struct CheckArgs {
    /// 提出された調査票（.xlsx）を集めたフォルダ
    dir: PathBuf,
    /// 報告する年度（例: R3, 令和3年度, 2021）
    #[arg(long, value_parser = parse_year)]
    year: FiscalYear,
    /// 出力形式
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub fn parse_year(s: &str) -> Result<FiscalYear, String> {
    s.parse::<FiscalYear>().map_err(|e| e.to_string())
}

pub fn run(global: &GlobalArgs, args: CheckArgs) -> CmdResult {
    let plan = plan_or_exit!(global);
    let outcome = check_dir(&plan, args.year, &args.dir);
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&json(&plan, &args, &outcome))?
        ),
        Format::Text => print!("{}", text(&plan, &args, &outcome)),
    }
    Ok(if outcome.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn json(
    plan: &shinchoku::plan::Plan,
    args: &CheckArgs,
    outcome: &CheckOutcome,
) -> serde_json::Value {
    serde_json::json!({
        "year": args.year,
        "year_label": args.year.wareki(),
        "diagnostics": outcome.diagnostics,
        "summary": {
            "errors": outcome.count(Severity::Error),
            "warnings": outcome.count(Severity::Warning),
            "notes": outcome.count(Severity::Note),
            "bureaus_expected": plan.reporting_bureaus().len(),
            "bureaus_submitted": outcome.submissions.len(),
        }
    })
}

fn text(plan: &shinchoku::plan::Plan, args: &CheckArgs, outcome: &CheckOutcome) -> String {
    let mut out = format!(
        "{} 調査票の点検（{}）\n",
        args.year.wareki(),
        args.dir.display()
    );
    for (bureau, diags) in grouped(plan, &outcome.diagnostics) {
        let heading = match &bureau {
            Some(b) => match outcome.submission_for(b) {
                Some(s) => format!("■ {b}（{}）", s.file),
                None => format!("■ {b}"),
            },
            None => "■ ファイル全般".to_string(),
        };
        out.push_str(&format!("\n{heading}\n"));
        for d in diags {
            out.push_str(&format!("  {}　{d}\n", d.severity.label()));
        }
    }
    let (e, w, n) = (
        outcome.count(Severity::Error),
        outcome.count(Severity::Warning),
        outcome.count(Severity::Note),
    );
    out.push_str(&format!(
        "\n結果: エラー {e}件、警告 {w}件、お知らせ {n}件（提出 {}／{}局）\n",
        outcome.submissions.len(),
        plan.reporting_bureaus().len()
    ));
    if e == 0 {
        out.push_str("エラーはありません。shinchoku build で報告書を作成できます。\n");
    } else {
        out.push_str(
            "エラーを直した調査票を同じフォルダに置き、もう一度 check を実行してください。\n",
        );
    }
    out
}
