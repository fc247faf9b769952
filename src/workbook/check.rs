//! Checks a folder of submissions: every file on its own (see `reader`), then what only the
//! whole folder shows — bureaus that sent nothing, two files from one bureau, bureaus that
//! grade a shared unit differently. One bad file never stops the others from being checked.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::reader::{read_submission, unit_label, Submission, Unread};
use super::safety::MAX_FILE_BYTES;
use super::schema;
use crate::output::safe_file_stem;
use crate::plan::diagnostic::{Diagnostic, Severity};
use crate::plan::format;
use crate::plan::{FiscalYear, Plan};

/// Everything `check` found, and the submissions that could be read.
#[derive(Debug, Clone, Default)]
pub struct CheckOutcome {
    pub submissions: Vec<Submission>,
    pub diagnostics: Vec<Diagnostic>,
    /// Files looked at, in name order: (file name, bureau it belongs to if known).
    pub files: Vec<(String, Option<String>)>,
}

impl CheckOutcome {
    pub fn count(&self, s: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == s).count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    pub fn submission_for(&self, bureau: &str) -> Option<&Submission> {
        self.submissions.iter().find(|s| s.meta.bureau == bureau)
    }
}

/// The submissions folder itself cannot be used, so nothing in it was checked. Reported once:
/// every bureau "missing" from a folder that is not there is one problem, not twenty.
#[derive(Debug)]
pub struct FolderError {
    pub path: PathBuf,
    pub error: std::io::Error,
}

impl fmt::Display for FolderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match self.error.kind() {
            std::io::ErrorKind::NotFound => write!(
                f,
                "提出フォルダ「{path}」が見つかりません。調査票（.xlsx）を集めたフォルダの場所を確かめて、そのフォルダを指定してください"
            ),
            std::io::ErrorKind::NotADirectory => write!(
                f,
                "「{path}」はフォルダではありません。調査票（.xlsx）を集めたフォルダを指定してください"
            ),
            _ => write!(
                f,
                "提出フォルダ「{path}」を開けません（{}）。フォルダの場所と読み取りの権限を確かめてください",
                self.error
            ),
        }
    }
}

impl std::error::Error for FolderError {}

const EXTENSIONS: [&str; 3] = ["xlsx", "xlsm", "xls"];

fn extension(name: &str) -> Option<String> {
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())
}

/// Reads and checks every workbook in `dir`.
pub fn check_dir(plan: &Plan, year: FiscalYear, dir: &Path) -> Result<CheckOutcome, FolderError> {
    let mut out = CheckOutcome::default();
    let entries = std::fs::read_dir(dir).map_err(|error| FolderError {
        path: dir.to_path_buf(),
        error,
    })?;
    let mut names: Vec<(String, std::path::PathBuf)> = entries
        .filter_map(|e| e.ok())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    names.sort();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (name, path) in names {
        if name.starts_with('.') {
            continue;
        }
        let Some(ext) = extension(&name).filter(|e| EXTENSIONS.contains(&e.as_str())) else {
            if path.is_file() {
                out.diagnostics.push(
                    Diagnostic::note(
                        "Excelのブック（.xlsx/.xlsm/.xls）ではないため読み込みませんでした",
                    )
                    .in_file(&name),
                );
            }
            continue;
        };
        let _ = ext;
        if name.starts_with("~$") {
            out.diagnostics.push(
                Diagnostic::note(
                    "Excelが開いている間に作る一時ファイル（~$で始まる名前）のため読み飛ばしました。Excelを閉じると消えます",
                )
                .in_file(&name),
            );
            continue;
        }
        if path.is_dir() {
            out.diagnostics.push(
                Diagnostic::error(
                    "ファイルではなくフォルダです。中の調査票をこのフォルダに直接置いてください",
                )
                .in_file(&name),
            );
            continue;
        }
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if size > MAX_FILE_BYTES {
            out.diagnostics.push(
                Diagnostic::error(super::safety::Refusal::TooLarge { bytes: size }.message())
                    .in_file(&name),
            );
            out.files.push((name, None));
            continue;
        }
        match std::fs::read(&path) {
            Ok(bytes) => files.push((name, bytes)),
            Err(e) => out.diagnostics.push(
                Diagnostic::error(format!(
                    "読み込めません（{e}）。ほかのプログラムで開いていないか確かめてください"
                ))
                .in_file(&name),
            ),
        }
    }
    // Files are read on two threads; their results are taken in file-name order, so the
    // diagnostics read the same as a sequential run.
    let read = |(name, bytes): &(String, Vec<u8>)| {
        let mut diags = Vec::new();
        let sub = read_submission(plan, year, name, bytes, &mut diags);
        (sub, diags)
    };
    let half = files.len().div_ceil(2);
    let (first, second) = files.split_at(half);
    let results: Vec<(Result<Submission, Unread>, Vec<Diagnostic>)> = std::thread::scope(|scope| {
        let other = scope.spawn(|| second.iter().map(read).collect::<Vec<_>>());
        let mut results: Vec<_> = first.iter().map(read).collect();
        match other.join() {
            Ok(rest) => results.extend(rest),
            // A panic in the reader is a bug; read the rest here rather than lose files.
            Err(_) => results.extend(second.iter().map(read)),
        }
        results
    });
    let mut other_year = Vec::new();
    for ((name, _), (sub, diags)) in files.iter().zip(results) {
        out.diagnostics.extend(diags);
        let bureau = match &sub {
            Ok(s) => Some(s.meta.bureau.clone()),
            Err(Unread::Refused { bureau } | Unread::OtherYear { bureau, .. }) => {
                Some(bureau.clone())
            }
            Err(Unread::Unknown) => None,
        };
        out.files.push((name.clone(), bureau));
        if let Err(Unread::OtherYear {
            bureau,
            year: theirs,
        }) = &sub
        {
            other_year.push((name.clone(), bureau.clone(), *theirs));
        }
        if let Ok(sub) = sub {
            check_file_name(&sub, &mut out.diagnostics);
            if let Some(first) = out.submission_for(&sub.meta.bureau) {
                out.diagnostics.push(
                    Diagnostic::error(format!(
                        "{}の調査票が2つあります（{} と {}）。正しい方だけを残し、もう一方をフォルダから移してください。今は {} を読み込んでいます",
                        sub.meta.bureau, first.file, sub.file, first.file
                    ))
                    .in_file(&sub.file)
                    .for_bureau(&sub.meta.bureau),
                );
                continue;
            }
            out.submissions.push(sub);
        }
    }
    report_other_years(year, files.len(), &other_year, &mut out);
    check_missing_bureaus(plan, year, &mut out);
    check_grade_disagreements(plan, year, &mut out);
    check_grades_against_figures(plan, year, &mut out);
    Ok(out)
}

/// Workbooks made for another year: one message per file, or, when every workbook in the
/// folder is for the same other year, one message saying so and how to check that year —
/// the usual cause is a mistyped `--year` or last year's folder.
fn report_other_years(
    year: FiscalYear,
    workbooks: usize,
    found: &[(String, String, FiscalYear)],
    out: &mut CheckOutcome,
) {
    let Some((_, _, first)) = found.first() else {
        return;
    };
    if found.len() == workbooks && found.len() > 1 && found.iter().all(|f| f.2 == *first) {
        out.diagnostics.push(Diagnostic::error(format!(
            "提出された{}件はすべて{}の調査票です。{}を点検するなら --year {} を指定してください。{}の点検であれば、{}用の調査票（shinchoku templates --year {}）を配り直してください",
            found.len(),
            first.wareki(),
            first.wareki(),
            first.code(),
            year.wareki(),
            year.wareki(),
            year.code()
        )));
        return;
    }
    for (file, bureau, theirs) in found {
        out.diagnostics.push(
            Diagnostic::error(format!(
                "この調査票は{}用です。{}用の調査票（shinchoku templates --year {}）に入力し直してもらってください",
                theirs.wareki(),
                year.wareki(),
                year.code()
            ))
            .in_file(file)
            .for_bureau(bureau),
        );
    }
}

/// A grade that says 目標どおり while the bureau's own figures are far behind the target is
/// worth a second look before it is published.
fn check_grades_against_figures(plan: &Plan, year: FiscalYear, out: &mut CheckOutcome) {
    let mut found = Vec::new();
    for s in &out.submissions {
        for a in &s.answers {
            let Some(grade) = a
                .entry
                .grade
                .as_deref()
                .and_then(|g| plan.settings.grade(g))
            else {
                continue;
            };
            if !grade.on_target || grade.completes {
                continue;
            }
            let Some(unit) = plan.unit(&a.unit) else {
                continue;
            };
            for (k, ind) in unit.text().indicators.iter().enumerate() {
                let (Some(actual), Some(target)) = (
                    a.entry.actuals.get(k).copied().flatten(),
                    ind.effective_target(year),
                ) else {
                    continue;
                };
                let Some(rate) = ind.better.achievement(target.value, actual) else {
                    continue;
                };
                if rate < crate::plan::Better::BEHIND {
                    found.push(
                        Diagnostic::warning(format!(
                            "評価は「{}」ですが、実績値（{} {}{}）は目標（{}{}、{}）の{:.1}％です。評価と実績値を確かめてください",
                            grade.symbol,
                            ind.name,
                            format::plain(actual),
                            ind.unit,
                            format::plain(target.value),
                            ind.unit,
                            target.period,
                            rate * 100.0
                        ))
                        .in_file(&s.file)
                        .for_bureau(&s.meta.bureau)
                        .at(
                            schema::INPUT_SHEET,
                            schema::cell_name(a.entry.source.row - 1, schema::Col::Grade.index()),
                        ),
                    );
                }
            }
        }
    }
    out.diagnostics.extend(found);
}

fn check_file_name(sub: &Submission, diags: &mut Vec<Diagnostic>) {
    let stem = sub
        .file
        .rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(&sub.file);
    let expected = safe_file_stem(&sub.meta.bureau);
    if !stem.contains(&expected) {
        diags.push(
            Diagnostic::note(format!(
                "ファイル名は「{}」ですが、中身は{}の調査票です。{}の提出として読み込みました",
                sub.file, sub.meta.bureau, sub.meta.bureau
            ))
            .in_file(&sub.file)
            .for_bureau(&sub.meta.bureau),
        );
    }
}

/// Diagnostics grouped by bureau in the master's order, then those that belong to no bureau
/// (unreadable files, stray files). Within a group, in the order they were found.
pub fn grouped<'a>(
    plan: &Plan,
    diags: &'a [Diagnostic],
) -> Vec<(Option<String>, Vec<&'a Diagnostic>)> {
    let mut groups: Vec<(Option<String>, Vec<&Diagnostic>)> = Vec::new();
    for b in &plan.bureaus {
        let ds: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| d.bureau.as_deref() == Some(b.as_str()))
            .collect();
        if !ds.is_empty() {
            groups.push((Some(b.as_str().to_string()), ds));
        }
    }
    let known = |d: &Diagnostic| {
        d.bureau
            .as_deref()
            .is_some_and(|b| plan.bureaus.iter().any(|x| x.as_str() == b))
    };
    let rest: Vec<&Diagnostic> = diags.iter().filter(|d| !known(d)).collect();
    if !rest.is_empty() {
        groups.push((None, rest));
    }
    groups
}

fn check_missing_bureaus(plan: &Plan, year: FiscalYear, out: &mut CheckOutcome) {
    for b in plan.reporting_bureaus(year) {
        if schema::units_for_bureau(plan, b.as_str(), year).is_empty() {
            continue;
        }
        if out.submission_for(b.as_str()).is_none() {
            // The bureau's own workbook was refused, and the refusal already says why.
            if out
                .files
                .iter()
                .any(|(_, who)| who.as_deref() == Some(b.as_str()))
            {
                continue;
            }
            let tried: Vec<&str> = out
                .files
                .iter()
                .filter(|(f, who)| who.is_none() && f.contains(b.as_str()))
                .map(|(f, _)| f.as_str())
                .collect();
            let msg = if tried.is_empty() {
                format!(
                    "{b}の調査票が提出されていません（想定するファイル名: {}.xlsx）。提出を依頼してください",
                    safe_file_stem(b.as_str())
                )
            } else {
                format!(
                    "{b}の調査票を読み込めていません（{} に問題があります。上の指摘を確かめてください）",
                    tried.join("、")
                )
            };
            out.diagnostics
                .push(Diagnostic::error(msg).for_bureau(b.as_str()));
        }
    }
}

fn check_grade_disagreements(plan: &Plan, year: FiscalYear, out: &mut CheckOutcome) {
    let mut by_unit: BTreeMap<String, Vec<(String, String, String, u32)>> = BTreeMap::new();
    for s in &out.submissions {
        for a in &s.answers {
            if let Some(g) = &a.entry.grade {
                by_unit.entry(a.unit.to_string()).or_default().push((
                    s.meta.bureau.clone(),
                    g.clone(),
                    s.file.clone(),
                    a.entry.source.row,
                ));
            }
        }
    }
    for u in plan.units_in(year) {
        let Some(grades) = by_unit.get(&u.id().to_string()) else {
            continue;
        };
        let first = &grades[0].1;
        if grades.iter().all(|g| &g.1 == first) {
            continue;
        }
        let said: Vec<String> = grades
            .iter()
            .map(|(b, g, f, r)| {
                format!(
                    "{b}（{f} {}!{}）: {g}",
                    schema::INPUT_SHEET,
                    schema::cell_name(r - 1, schema::Col::Grade.index())
                )
            })
            .collect();
        let lowest = plan
            .settings
            .grades
            .lowest(grades.iter().map(|g| &g.1))
            .cloned()
            .unwrap_or_default();
        out.diagnostics.push(
            Diagnostic::warning(format!(
                "{}の評価が局によって異なります（{}）。報告書では低い方の「{lowest}」を使います。局の間で調整してください",
                unit_label(&u),
                said.join("、")
            ))
            .for_bureau(grades[0].0.clone()),
        );
    }
}
