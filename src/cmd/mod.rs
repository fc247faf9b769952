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
use shinchoku::plan::{self, Plan, ReportDate};

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

/// The date the documents carry, read in this one place: `--date`, else the day of
/// SOURCE_DATE_EPOCH (the reproducible-builds convention), else the command's own default.
#[derive(Args)]
pub struct DateArgs {
    /// 報告書の日付（例: 2022-06-01）。省略時は環境変数 SOURCE_DATE_EPOCH の日、なければ翌年度の4月1日
    #[arg(long = "date", value_name = "日付", value_parser = parse_date)]
    explicit: Option<ReportDate>,
    #[arg(long, env = "SOURCE_DATE_EPOCH", hide = true, value_parser = parse_epoch)]
    source_date_epoch: Option<ReportDate>,
}

impl DateArgs {
    pub fn date(&self) -> Option<ReportDate> {
        self.explicit.or(self.source_date_epoch)
    }
}

fn parse_date(s: &str) -> Result<ReportDate, String> {
    s.parse()
        .map_err(|e: shinchoku::plan::date::DateParseError| e.to_string())
}

/// Seconds since the Unix epoch, as SOURCE_DATE_EPOCH gives them, to the day in Japan.
fn parse_epoch(s: &str) -> Result<ReportDate, String> {
    s.trim()
        .parse::<i64>()
        .ok()
        .and_then(ReportDate::from_unix_seconds)
        .ok_or_else(|| {
            format!("環境変数 SOURCE_DATE_EPOCH「{s}」は1970年からの秒数として読めません。設定を確かめるか、--date 2022-06-01 のように日付を指定してください")
        })
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
