//! `shinchoku demo`: the whole report from the bundled plan and sample submissions.

use clap::Args;
use shinchoku::pipeline::archive_year;
use shinchoku::plan::FiscalYear;
use shinchoku::samples;

use super::build::run_build;
use super::prelude::*;

#[derive(Args)]
pub struct DemoArgs {
    /// 前年度（令和2年度）のサンプルと比較する
    #[arg(long)]
    compare: bool,
    #[command(flatten)]
    common: OutputArgs,
}

pub fn run(global: &GlobalArgs, mut args: DemoArgs) -> CmdResult {
    let plan = global.plan()?;
    let out = args.common.out_or("demo-report");
    let year = FiscalYear::new(2021).expect("令和3年度 is in range");
    let dir = out.join("samples").join("R3");
    let cannot_write = |e: std::io::Error| {
        CmdError::Data(format!(
            "サンプルを {} に書き出せません（{e}）。--out で書き込めるフォルダを指定してください",
            out.display()
        ))
    };
    if samples::extract("R3", &dir).map_err(cannot_write)? == 0 {
        return Err(CmdError::Data(
            "同梱のサンプル（seeds/samples/R3）がありません".into(),
        ));
    }
    // The two earlier years of the samples become the archive the history is read from, as
    // the office keeps 報告書/R1/report.json, 報告書/R2/report.json.
    if args.common.history.is_none() {
        let archive = out.join("history");
        for earlier in ["R1", "R2"] {
            let subs = out.join("samples").join(earlier);
            if samples::extract(earlier, &subs).map_err(cannot_write)? == 0 {
                continue;
            }
            let y: FiscalYear = earlier.parse().expect("a sample year");
            archive_year(&plan, &subs, y, &archive.join(earlier)).map_err(CmdError::data)?;
        }
        args.common.history = Some(archive);
    }
    if args.compare && args.common.previous.is_none() {
        let prev = out.join("samples").join("R2");
        if samples::extract("R2", &prev).map_err(cannot_write)? > 0 {
            args.common.previous = Some(prev);
        }
    }
    println!("サンプルの調査票: {}", dir.display());
    run_build(&plan, &dir, year, &out, &args.common)
}
