//! `shinchoku demo`: the whole report from the bundled plan and sample submissions.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use shinchoku::pipeline::archive_year;
use shinchoku::plan::FiscalYear;
use shinchoku::samples;

use super::build::{run_build, OutputArgs};
use super::{plan_or_exit, CmdResult, GlobalArgs};

#[derive(Args)]
pub struct DemoArgs {
    /// 前年度（令和2年度）のサンプルと比較する
    #[arg(long)]
    compare: bool,
    #[command(flatten)]
    common: OutputArgs,
}

pub fn run(global: &GlobalArgs, mut args: DemoArgs) -> CmdResult {
    let plan = plan_or_exit!(global);
    let out = args
        .common
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("demo-report"));
    let year: FiscalYear = "R3".parse().expect("R3 is a year");
    let dir = out.join("samples").join("R3");
    if samples::extract("R3", &dir)? == 0 {
        eprintln!("エラー: 同梱のサンプル（seeds/samples/R3）がありません");
        return Ok(ExitCode::from(1));
    }
    // The two earlier years of the samples become the archive the history is read from, as
    // the office keeps 報告書/R1/report.json, 報告書/R2/report.json.
    if args.common.history.is_none() {
        let archive = out.join("history");
        for earlier in ["R1", "R2"] {
            let subs = out.join("samples").join(earlier);
            if samples::extract(earlier, &subs)? == 0 {
                continue;
            }
            let y: FiscalYear = earlier.parse().expect("a sample year");
            archive_year(&plan, &subs, y, &archive.join(earlier))?;
        }
        args.common.history = Some(archive);
    }
    if args.compare && args.common.previous.is_none() {
        let prev = out.join("samples").join("R2");
        if samples::extract("R2", &prev)? > 0 {
            args.common.previous = Some(prev);
        }
    }
    println!("サンプルの調査票: {}", dir.display());
    run_build(&plan, &dir, year, &out, &args.common)
}
