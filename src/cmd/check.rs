//! `shinchoku check DIR --year R3`: every problem in the submitted workbooks, by bureau.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use shinchoku::pipeline::load_last_year;
use shinchoku::plan::Plan;
use shinchoku::workbook::check::{check_dir, grouped, CheckOutcome};
use shinchoku::workbook::Severity;

use super::prelude::*;

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    sub: SubmissionArgs,
    /// 出力形式: text（読みやすい一覧）か json。省略時は text
    #[arg(
        long,
        value_enum,
        value_name = "形式",
        default_value = "text",
        hide_possible_values = true,
        hide_default_value = true
    )]
    format: Format,
    /// 前年度の report.json か前年度の調査票フォルダ。前年度と同じ取組実績、2段階以上下がった評価、
    /// 半分を超えて変わった効果額、目標から遠ざかった実績値を警告する
    #[arg(long, value_name = "ファイルかフォルダ")]
    previous: Option<PathBuf>,
}

pub fn run(global: &GlobalArgs, args: CheckArgs) -> CmdResult {
    let plan = global.plan()?;
    let mut outcome = check_dir(&plan, args.sub.year, &args.sub.dir).map_err(CmdError::data)?;
    if let Some(p) = &args.previous {
        let last = load_last_year(&plan, args.sub.year, p).map_err(CmdError::data)?;
        let warnings = last.check(&plan, args.sub.year, &outcome);
        outcome.diagnostics.extend(warnings);
    }
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&json(&plan, &args, &outcome))?
        ),
        Format::Text => print!("{}", text(&plan, &args, &outcome)),
    }
    if outcome.has_errors() {
        Err(CmdError::Reported)
    } else {
        Ok(())
    }
}

fn json(plan: &Plan, args: &CheckArgs, outcome: &CheckOutcome) -> serde_json::Value {
    let year = args.sub.year;
    serde_json::json!({
        "year": year,
        "year_label": year.wareki(),
        "diagnostics": outcome.diagnostics,
        "summary": {
            "errors": outcome.count(Severity::Error),
            "warnings": outcome.count(Severity::Warning),
            "notes": outcome.count(Severity::Note),
            "bureaus_expected": plan.reporting_bureaus(year).len(),
            "bureaus_submitted": outcome.submissions.len(),
        }
    })
}

fn text(plan: &Plan, args: &CheckArgs, outcome: &CheckOutcome) -> String {
    let mut out = format!(
        "{} 調査票の点検（{}）\n",
        args.sub.year.wareki(),
        args.sub.dir.display()
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
        plan.reporting_bureaus(args.sub.year).len()
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
