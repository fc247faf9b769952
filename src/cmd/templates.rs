//! `shinchoku templates --year R3 --out DIR`: the workbooks sent to the bureaus, one per
//! bureau.
//!
//! Existing files are not overwritten unless `--force` is given: the folder the office
//! works in may already hold workbooks a bureau has filled in, and losing one is far worse
//! than being asked to confirm. A file that already has exactly the bytes we would write
//! is left as it is, so running the same command again is harmless.

use std::path::PathBuf;

use clap::Args;
use shinchoku::output::{safe_file_stem, write_atomic};
use shinchoku::plan::{Bureau, FiscalYear};
use shinchoku::workbook::schema::units_for_bureau;
use shinchoku::workbook::template::write_template_dated;

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
    #[command(flatten)]
    date: DateArgs,
}

pub fn run(global: &GlobalArgs, args: TemplatesArgs) -> CmdResult {
    let year = args.year;
    let plan = global.plan()?;

    let bureaus: Vec<&Bureau> = match &args.bureau {
        Some(b) => vec![find_bureau(&plan, b)?],
        None => plan.reporting_bureaus(),
    };

    // Everything is made in memory first: a problem in the master stops the run before any
    // file is written, and existing files are all checked before the first is replaced.
    let mut planned = Vec::new();
    let mut skipped = Vec::new();
    for bureau in bureaus {
        let count = units_for_bureau(&plan, bureau.as_str()).len();
        if count == 0 {
            skipped.push(bureau.as_str());
            continue;
        }
        let bytes = write_template_dated(&plan, bureau.as_str(), year, None, args.date.date())
            .map_err(CmdError::data)?;
        let name = format!("{}.xlsx", safe_file_stem(bureau.as_str()));
        planned.push((args.out.join(&name), name, count, bytes));
    }
    if planned.is_empty() {
        let who = args.bureau.as_deref().unwrap_or("どの局");
        return Err(CmdError::Data(format!(
            "{who}にも、{}に照会する実施項目（完了していないもの）がありません",
            year.wareki()
        )));
    }

    let conflicts: Vec<&str> = planned
        .iter()
        .filter(|(path, _, _, bytes)| {
            path.exists() && std::fs::read(path).map_or(true, |old| &old != bytes)
        })
        .map(|(_, name, _, _)| name.as_str())
        .collect();
    if !conflicts.is_empty() && !args.force {
        return Err(CmdError::Usage(format!(
            "{} に同じ名前のファイルがあります（{}）。\n\
             記入済みのファイルを消さないよう、上書きしていません。\
             別のフォルダを --out で指定するか、上書きしてよければ --force を付けてください",
            args.out.display(),
            conflicts.join("、")
        )));
    }

    let mut total = 0;
    for (path, name, count, bytes) in &planned {
        let unchanged = std::fs::read(path).is_ok_and(|old| &old == bytes);
        if unchanged {
            println!("{name}（{count}件・変更なし）");
        } else {
            write_atomic(path, bytes).map_err(|e| {
                CmdError::Data(format!("{} に書き込めませんでした（{e}）", path.display()))
            })?;
            println!("{name}（{count}件）");
        }
        total += count;
    }
    for b in &skipped {
        println!("{b}: 照会する実施項目がないため作りませんでした");
    }
    println!(
        "{}の調査票 {}ファイル（計{}件）を {} に作りました",
        year.wareki(),
        planned.len(),
        total,
        args.out.display()
    );
    Ok(())
}
