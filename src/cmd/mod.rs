//! Command-line interface: one file per subcommand.

mod items;
mod show;
mod templates;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use shinchoku::plan::{self, Plan};

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
}

/// An error the user can act on; printed after "エラー: ".
pub type CmdResult = Result<ExitCode, Box<dyn std::error::Error>>;

pub fn run(cli: Cli) -> CmdResult {
    match cli.command {
        Command::Items(a) => items::run(&cli.global, a),
        Command::Show(a) => show::run(&cli.global, a),
        Command::Templates(a) => templates::run(&cli.global, a),
    }
}

/// The master the user asked for: `--plan DIR`, or the one bundled in the binary.
pub fn load_plan(global: &GlobalArgs) -> Result<Plan, plan::PlanErrors> {
    match &global.plan {
        Some(dir) => plan::load_dir(dir),
        None => plan::load_bundled(),
    }
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
