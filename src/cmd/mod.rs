//! Command-line interface: one file per subcommand.

mod build;
mod check;
mod demo;
mod items;
mod merge;
mod show;
mod templates;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use shinchoku::plan::{self, FiscalYear, Plan};

#[derive(Parser)]
#[command(
    name = "shinchoku",
    version,
    about = "行財政改革推進プランの実施状況報告（進捗）を作るツール",
    long_about = "行財政改革推進プランの実施状況報告を作ります。\n\
                  局ごとの入力用ワークブックを作り（templates）、提出されたものを点検し（check）、\n\
                  マスターと合わせてPDF・Excelの報告書を作ります（build）。"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args)]
pub struct GlobalArgs {
    /// マスター（plan.toml と items-*.toml のあるフォルダ）。省略時は同梱のマスター
    #[arg(long, global = true, value_name = "DIR")]
    pub plan: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum Command {
    /// 実施項目の一覧を表示する
    Items(items::ItemsArgs),
    /// 一つの実施項目をプランの体裁で表示する（例: shinchoku show 24-2）
    Show(show::ShowArgs),
    /// 局ごとの調査票（入力用Excel）を作る（例: shinchoku templates --year R3 --out 調査票）
    Templates(templates::TemplatesArgs),
    /// 提出された調査票を点検し、問題をファイル・シート・セルごとに表示する
    Check(check::CheckArgs),
    /// 調査票とマスターを合わせた報告書データを JSON で出力する
    Merge(merge::MergeArgs),
    /// 報告書（PDF・Excel・HTML・JSON）を作る
    Build(build::BuildArgs),
    /// 同梱のプランとサンプルの調査票から報告書を作る（お試し）
    Demo(demo::DemoArgs),
}

/// An error the user can act on; printed after "エラー: ".
pub type CmdResult = Result<ExitCode, Box<dyn std::error::Error>>;

pub fn run(cli: Cli) -> CmdResult {
    match cli.command {
        Command::Items(a) => items::run(&cli.global, a),
        Command::Show(a) => show::run(&cli.global, a),
        Command::Templates(a) => templates::run(&cli.global, a),
        Command::Check(a) => check::run(&cli.global, a),
        Command::Merge(a) => merge::run(&cli.global, a),
        Command::Build(a) => build::run(&cli.global, a),
        Command::Demo(a) => demo::run(&cli.global, a),
    }
}

/// The master the user asked for: `--plan DIR`, or the one bundled in the binary.
pub fn load_plan(global: &GlobalArgs) -> Result<Plan, plan::PlanErrors> {
    match &global.plan {
        Some(dir) => plan::load_dir(dir),
        None => plan::load_bundled(),
    }
}

/// The date printed on the report: `--date` (YYYY-MM-DD), else SOURCE_DATE_EPOCH, else the
/// first day of the following fiscal year. Never the clock: the same inputs must give the same
/// bytes.
pub fn report_date(explicit: Option<&str>, year: FiscalYear) -> Result<String, String> {
    use shinchoku::plan::fiscal_year::{civil_from_days, wareki_date};
    let bad = |s: &str| format!("日付「{s}」が読めません。2022-06-01 のように書いてください");
    if let Some(s) = explicit {
        let parts: Vec<&str> = s.trim().split(['-', '/']).collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad(s));
        };
        let (y, m, d) = (
            y.parse::<u16>().map_err(|_| bad(s))?,
            m.parse::<u8>().map_err(|_| bad(s))?,
            d.parse::<u8>().map_err(|_| bad(s))?,
        );
        if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return Err(bad(s));
        }
        return Ok(wareki_date(y, m, d));
    }
    if let Some(secs) = source_date_epoch() {
        let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
        return Ok(wareki_date(y as u16, m, d));
    }
    Ok(wareki_date(year.start_year() + 1, 4, 1))
}

/// SOURCE_DATE_EPOCH, the reproducible-builds convention for "the time of this build".
pub fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
}

/// Loads the master or prints why it cannot be loaded (exit 1).
macro_rules! plan_or_exit {
    ($global:expr) => {
        match $crate::cmd::load_plan($global) {
            Ok(p) => p,
            Err(errors) => {
                eprintln!("マスターに問題があります（{}件）:", errors.0.len());
                for e in &errors.0 {
                    eprintln!("  {e}");
                }
                return Ok(std::process::ExitCode::from(1));
            }
        }
    };
}
pub(crate) use plan_or_exit;
