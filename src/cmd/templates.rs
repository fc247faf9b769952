//! `shinchoku templates --year R3 --out DIR`: the workbooks sent to the bureaus, one per
//! bureau. Existing files that differ are not overwritten unless `--force` is given (see
//! `workbook::issue` for why).

use std::path::PathBuf;

use clap::Args;
use shinchoku::pipeline::load_last_year;
use shinchoku::plan::{Bureau, FiscalYear};
use shinchoku::workbook::issue;

use super::prelude::*;

#[derive(Args)]
pub struct TemplatesArgs {
    /// 調査する年度（例: R3, 令和3年度, 2021）
    #[arg(long, value_name = "年度", value_parser = parse_year)]
    year: FiscalYear,
    /// 書き出すフォルダ（なければ作ります）
    #[arg(long, value_name = "フォルダ")]
    out: PathBuf,
    /// この局の調査票だけを作る
    #[arg(long, value_name = "局")]
    bureau: Option<String>,
    /// 内容の違う同じ名前のファイルがあっても上書きする（記入済みのファイルも消えます）。
    /// 付けないときは、既にあるファイルを上書きせずに止まります
    #[arg(long)]
    force: bool,
    /// 前年度の report.json か前年度の調査票フォルダ。各行の右に前年度の評価・取組実績・効果額を
    /// 参考として載せる（変更できないセル）
    #[arg(long, value_name = "ファイルかフォルダ")]
    previous: Option<PathBuf>,
    #[command(flatten)]
    date: DateArgs,
}

pub fn run(global: &GlobalArgs, args: TemplatesArgs) -> CmdResult {
    let year = args.year;
    let plan = global.plan()?;
    let bureaus: Vec<&Bureau> = match &args.bureau {
        Some(b) => vec![find_bureau(&plan, b)?],
        None => plan.reporting_bureaus(year),
    };
    let last_year = match &args.previous {
        Some(p) => Some(load_last_year(&plan, year, p).map_err(CmdError::data)?),
        None => None,
    };
    let set = issue::prepare(
        &plan,
        &bureaus,
        year,
        args.date.date(),
        last_year.as_ref(),
        &args.out,
    )
    .map_err(CmdError::data)?;
    if set.workbooks.is_empty() {
        let who = args.bureau.as_deref().unwrap_or("どの局");
        return Err(CmdError::Data(format!(
            "{who}にも、{}に照会する実施項目（完了していないもの）がありません",
            year.wareki()
        )));
    }
    let conflicts = set.conflicts();
    if !conflicts.is_empty() && !args.force {
        return Err(CmdError::Usage(format!(
            "{} に同じ名前のファイルがあります（{}）。\n\
             記入済みのファイルを消さないよう、上書きしていません。\
             別のフォルダを --out で指定するか、上書きしてよければ --force を付けてください",
            args.out.display(),
            conflicts.join("、")
        )));
    }

    for w in &set.workbooks {
        let unchanged = w.unchanged();
        w.write().map_err(|e| {
            CmdError::Data(format!(
                "{} に書き込めませんでした（{e}）",
                w.path.display()
            ))
        })?;
        if unchanged {
            println!("{}（{}件・変更なし）", w.name, w.units);
        } else {
            println!("{}（{}件）", w.name, w.units);
        }
    }
    for b in &set.skipped {
        println!("{b}: 照会する実施項目がないため作りませんでした");
    }
    if let Some(last) = &last_year {
        println!(
            "各行の右に{}の評価・取組実績・効果額を参考として載せました",
            last.year.wareki()
        );
    }
    println!(
        "{}の調査票 {}ファイル（計{}件）を {} に作りました",
        year.wareki(),
        set.workbooks.len(),
        set.workbooks.iter().map(|w| w.units).sum::<usize>(),
        args.out.display()
    );
    Ok(())
}
