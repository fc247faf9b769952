//! Command-line interface: one file per subcommand, each only parsing, calling the library
//! and printing; what they share is in `prelude`, clap's own words in Japanese in `japanese`.

mod build;
mod check;
mod demo;
mod items;
mod japanese;
mod merge;
mod prelude;
mod show;
mod templates;

use clap::{Parser, Subcommand};

pub use prelude::CmdError;
use prelude::{CmdResult, GlobalArgs};

#[derive(Parser)]
#[command(
    name = "shinchoku",
    version,
    about = "行財政改革推進プランの実施状況報告（進捗）を作るツール",
    long_about = "行財政改革推進プランの実施状況報告を作ります。\n\
                  局ごとの入力用ワークブックを作り（templates）、提出されたものを点検し（check）、\n\
                  マスターと合わせてPDF・Excelの報告書を作ります（build）。",
    override_usage = "shinchoku <コマンド> [オプション]"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// 実施項目の一覧を表示する
    #[command(override_usage = "shinchoku items [--bureau <局>] [--json]")]
    Items(items::ItemsArgs),
    /// 一つの実施項目をプランの体裁で表示する（例: shinchoku show 24-2）
    #[command(override_usage = "shinchoku show <番号>")]
    Show(show::ShowArgs),
    /// 局ごとの調査票（入力用Excel）を作る（例: shinchoku templates --year R3 --out 調査票）
    #[command(override_usage = "shinchoku templates --year <年度> --out <フォルダ> [オプション]")]
    Templates(templates::TemplatesArgs),
    /// 提出された調査票を点検し、問題をファイル・シート・セルごとに表示する
    #[command(override_usage = "shinchoku check <フォルダ> --year <年度> [--format text|json]")]
    Check(check::CheckArgs),
    /// 調査票とマスターを合わせた報告書データの概要を表示する（--json で全体を JSON で出力）
    #[command(override_usage = "shinchoku merge <フォルダ> --year <年度> [--json]")]
    Merge(merge::MergeArgs),
    /// 報告書（PDF・Excel・HTML・JSON）を作る
    #[command(override_usage = "shinchoku build <フォルダ> --year <年度> [オプション]")]
    Build(build::BuildArgs),
    /// 同梱のプランとサンプルの調査票から報告書を作る（お試し）
    #[command(override_usage = "shinchoku demo [オプション]")]
    Demo(demo::DemoArgs),
}

/// Parses the command line; clap's own messages (help, a missing or unknown argument, a
/// bad value) come back as a `CmdError` in Japanese.
pub fn parse() -> Result<Cli, CmdError> {
    japanese::parse(std::env::args_os())
}

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
