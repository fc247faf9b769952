//! `shinchoku build DIR --year R3 --out OUT`: the published report from the submissions.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use shinchoku::pipeline::{build, BuildError, BuildOptions, BuildOutcome};
use shinchoku::plan::{FiscalYear, Plan, ReportDate};
use shinchoku::render::{self, Renderer};
use shinchoku::workbook::check::grouped;
use shinchoku::workbook::Severity;

use super::check::parse_year;
use super::{plan_or_exit, CmdResult, DateArgs, GlobalArgs};

#[derive(Args)]
pub struct BuildArgs {
    /// 提出された調査票（.xlsx）を集めたフォルダ
    dir: PathBuf,
    /// 報告する年度（例: R3, 令和3年度, 2021）
    #[arg(long, value_parser = parse_year)]
    year: FiscalYear,
    #[command(flatten)]
    common: OutputArgs,
}

/// Options shared by `build` and `demo`.
#[derive(Args)]
pub struct OutputArgs {
    /// 出力先のフォルダ（report.pdf などを書き込む）
    #[arg(long, value_name = "OUT")]
    pub out: Option<PathBuf>,
    /// 調査票にエラーがあっても作成する（未提出の項目は「未提出」と表示）
    #[arg(long)]
    pub allow_incomplete: bool,
    /// 局ごとの報告書も OUT/bureaus/<局>.pdf に書き出す
    #[arg(long)]
    pub by_bureau: bool,
    #[command(flatten)]
    pub date: DateArgs,
    /// 文言を上書きするフォルダ（wording.toml、html/…）。--templates は旧名（次の版で廃止）
    #[arg(long, alias = "templates", value_name = "DIR")]
    pub wording: Option<PathBuf>,
    /// 前年度の report.json か前年度の調査票フォルダ（前年度との比較を加える）
    #[arg(long, value_name = "PREV")]
    pub previous: Option<PathBuf>,
    /// 過去の報告書を年度ごとに置いたフォルダ（例: 報告書/ の下に R1/report.json …）。計画期間の推移を加える
    #[arg(long, value_name = "ARCHIVE")]
    pub history: Option<PathBuf>,
}

pub fn run(global: &GlobalArgs, args: BuildArgs) -> CmdResult {
    let plan = plan_or_exit!(global);
    let out = args
        .common
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("report"));
    run_build(&plan, &args.dir, args.year, &out, &args.common)
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
            print_outcome(plan, &outcome);
            Ok(ExitCode::SUCCESS)
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
            eprintln!("{}", BuildError::Refused(check));
            Ok(ExitCode::from(1))
        }
        Err(e) => {
            eprintln!("エラー: {e}");
            Ok(ExitCode::from(1))
        }
    }
}

fn print_outcome(plan: &Plan, o: &BuildOutcome) {
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
    let _ = plan;
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
