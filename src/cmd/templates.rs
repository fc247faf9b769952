//! `shinchoku templates --year R3 --out DIR`: the workbooks sent to the bureaus, one per
//! bureau.
//!
//! Existing files are not overwritten unless `--force` is given: the folder the office
//! works in may already hold workbooks a bureau has filled in, and losing one is far worse
//! than being asked to confirm. A file that already has exactly the bytes we would write
//! is left as it is, so running the same command again is harmless.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use shinchoku::output::{safe_file_stem, write_atomic};
use shinchoku::plan::{Bureau, FiscalYear};
use shinchoku::workbook::schema::units_for_bureau;
use shinchoku::workbook::template::write_template_dated;

use super::{plan_or_exit, CmdResult, DateArgs, GlobalArgs};

#[derive(Args)]
pub struct TemplatesArgs {
    /// 調査する年度（例: R3, 令和3年度, 2021）
    #[arg(long, value_name = "年度")]
    year: String,
    /// 書き出すフォルダ（なければ作ります）
    #[arg(long, value_name = "DIR")]
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
    let year: FiscalYear = match args.year.parse() {
        Ok(y) => y,
        Err(e) => {
            eprintln!("エラー: --year {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let plan = plan_or_exit!(global);

    let bureaus: Vec<&Bureau> = match &args.bureau {
        Some(b) => match plan.bureaus.iter().find(|x| x.as_str() == b) {
            Some(found) => vec![found],
            None => {
                eprintln!(
                    "エラー: 所管局「{b}」はマスターにありません。使える局: {}",
                    plan.bureaus
                        .iter()
                        .map(|b| b.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                );
                return Ok(ExitCode::from(2));
            }
        },
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
        let bytes = write_template_dated(&plan, bureau.as_str(), year, None, args.date.date())?;
        let name = format!("{}.xlsx", safe_file_stem(bureau.as_str()));
        planned.push((args.out.join(&name), name, count, bytes));
    }
    if planned.is_empty() {
        let who = args.bureau.as_deref().unwrap_or("どの局");
        eprintln!(
            "エラー: {who}にも、{}に照会する実施項目（完了していないもの）がありません",
            year.wareki()
        );
        return Ok(ExitCode::from(1));
    }

    let conflicts: Vec<&str> = planned
        .iter()
        .filter(|(path, _, _, bytes)| {
            path.exists() && std::fs::read(path).map_or(true, |old| &old != bytes)
        })
        .map(|(_, name, _, _)| name.as_str())
        .collect();
    if !conflicts.is_empty() && !args.force {
        eprintln!(
            "エラー: {} に同じ名前のファイルがあります（{}）。\n\
             記入済みのファイルを消さないよう、上書きしていません。\
             別のフォルダを --out で指定するか、上書きしてよければ --force を付けてください",
            args.out.display(),
            conflicts.join("、")
        );
        return Ok(ExitCode::from(2));
    }

    let mut total = 0;
    for (path, name, count, bytes) in &planned {
        let unchanged = std::fs::read(path).is_ok_and(|old| &old == bytes);
        if unchanged {
            println!("{name}（{count}件・変更なし）");
        } else {
            write_atomic(path, bytes)
                .map_err(|e| format!("{} に書き込めませんでした（{e}）", path.display()))?;
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
    Ok(ExitCode::SUCCESS)
}
