//! What every command shares: the global `--plan`, the submissions folder and `--year`,
//! the output options, the report date, and the one error type commands return. Like
//! mdBook's `command_prelude`, each command file starts with `use super::prelude::*;`.

use std::fmt;
use std::path::PathBuf;

use clap::Args;
use shinchoku::plan::{self, Bureau, Diagnostics, FiscalYear, Plan, ReportDate};

/// Why a command stopped. `main` prints it and turns it into the exit status, in one place:
/// 0 help or version shown, 1 a problem in the data, 2 a usage error.
#[derive(Debug)]
pub enum CmdError {
    /// Help or the version, as asked for (stdout, exit 0).
    Shown(String),
    /// The command line cannot be carried out as written (exit 2).
    Usage(String),
    /// A problem in the data — a folder, a workbook, the wording (exit 1).
    Data(String),
    /// The master's problems, each located to a file and line (exit 1).
    Plan(Diagnostics),
    /// The command's own output already lists the problems it found (exit 1).
    Reported,
}

pub type CmdResult = Result<(), CmdError>;

impl CmdError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CmdError::Shown(_) => 0,
            CmdError::Usage(_) => 2,
            CmdError::Data(_) | CmdError::Plan(_) | CmdError::Reported => 1,
        }
    }

    /// A data problem from any error of the library (their messages are Japanese).
    pub fn data(e: impl fmt::Display) -> Self {
        CmdError::Data(e.to_string())
    }
}

impl fmt::Display for CmdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CmdError::Shown(text) => write!(f, "{}", text.trim_end()),
            CmdError::Usage(m) | CmdError::Data(m) => write!(f, "エラー: {m}"),
            CmdError::Plan(problems) => {
                write!(f, "マスターに問題があります（{}件）:", problems.len())?;
                for p in problems.iter() {
                    write!(f, "\n  {p}")?;
                }
                Ok(())
            }
            CmdError::Reported => Ok(()),
        }
    }
}

impl From<serde_json::Error> for CmdError {
    fn from(e: serde_json::Error) -> Self {
        CmdError::Data(format!("JSONを書き出せませんでした（{e}）"))
    }
}

#[derive(Args)]
pub struct GlobalArgs {
    /// マスター（plan.toml と items-*.toml のあるフォルダ）。省略時は同梱のマスター
    #[arg(long, global = true, value_name = "フォルダ")]
    pub plan: Option<PathBuf>,
}

impl GlobalArgs {
    /// The master the user asked for: `--plan DIR`, or the one bundled in the binary.
    pub fn plan(&self) -> Result<Plan, CmdError> {
        match &self.plan {
            Some(dir) => plan::load_dir(dir),
            None => plan::load_bundled(),
        }
        .map_err(CmdError::Plan)
    }
}

/// The submissions folder and the year they answer for (check, merge, build).
#[derive(Args)]
pub struct SubmissionArgs {
    /// 提出された調査票（.xlsx）を集めたフォルダ
    #[arg(value_name = "フォルダ")]
    pub dir: PathBuf,
    /// 報告する年度（例: R3, 令和3年度, 2021）
    #[arg(long, value_name = "年度", value_parser = parse_year)]
    pub year: FiscalYear,
}

pub fn parse_year(s: &str) -> Result<FiscalYear, String> {
    s.parse::<FiscalYear>().map_err(|e| e.to_string())
}

/// A bureau named on the command line (`--bureau`), as the master spells it.
pub fn find_bureau<'p>(plan: &'p Plan, name: &str) -> Result<&'p Bureau, CmdError> {
    plan.bureaus
        .iter()
        .find(|b| b.as_str() == name)
        .ok_or_else(|| {
            CmdError::Usage(format!(
                "所管局「{name}」はマスターにありません。使える局: {}",
                plan.bureaus
                    .iter()
                    .map(|b| b.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            ))
        })
}

/// Options shared by `build` and `demo`.
#[derive(Args)]
pub struct OutputArgs {
    /// 出力先のフォルダ（report.pdf などを書き込む）
    #[arg(long, value_name = "フォルダ")]
    pub out: Option<PathBuf>,
    /// 調査票にエラーがあっても作成する（未提出の項目は「未提出」と表示）
    #[arg(long)]
    pub allow_incomplete: bool,
    /// 局ごとの報告書も <出力先>/bureaus/<局>.pdf に書き出す
    #[arg(long)]
    pub by_bureau: bool,
    #[command(flatten)]
    pub date: DateArgs,
    /// 文言を上書きするフォルダ（wording.toml、html/…）。--templates は旧名（次の版で廃止）
    #[arg(long, alias = "templates", value_name = "フォルダ")]
    pub wording: Option<PathBuf>,
    /// 前年度の report.json か前年度の調査票フォルダ（前年度との比較を加える）
    #[arg(long, value_name = "ファイルかフォルダ")]
    pub previous: Option<PathBuf>,
    /// 過去の報告書を年度ごとに置いたフォルダ（例: 報告書/ の下に R1/report.json …）。計画期間の推移を加える
    #[arg(long, value_name = "フォルダ")]
    pub history: Option<PathBuf>,
}

impl OutputArgs {
    /// `--out`, or the command's own default folder.
    pub fn out_or(&self, default: &str) -> PathBuf {
        self.out.clone().unwrap_or_else(|| PathBuf::from(default))
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
