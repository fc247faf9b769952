//! The build pipeline: check the submissions, merge them with the master, render every output,
//! and put the outputs in place as one set. Each renderer streams into a temporary file beside
//! its destination; only when every output is written are they all renamed into place, so a
//! failed run leaves the previous report exactly as it was.

use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::output::{safe_file_stem, OutputSet};
use crate::plan::{Diagnostic, Diagnostics, FiscalYear, Plan, ReportDate, Settings};
use crate::render::pdf::fallback::FallbackFont;
use crate::render::{RenderContext, RenderError, Rendered, Renderer};
use crate::report::compare::compare;
use crate::report::history::{history, ArchiveProblem, ArchivedReport};
use crate::report::merge::{merge, MergeOptions};
use crate::report::{PreviousYear, Report};
use crate::wording::Wording;
use crate::workbook::check::{check_dir, CheckOutcome, FolderError};
use crate::workbook::last_year::LastYear;

pub struct BuildOptions {
    pub year: FiscalYear,
    /// Build even when `check` finds errors; missing entries are printed 未提出.
    pub allow_incomplete: bool,
    /// Also write bureaus/<bureau>.pdf (or the first renderer's format) per bureau.
    pub by_bureau: bool,
    /// The report's date (`--date` or SOURCE_DATE_EPOCH, read once by the command line).
    pub date: ReportDate,
    /// A folder overriding the wording (`--wording`).
    pub wording: Option<PathBuf>,
    /// Last year's report.json, or its submissions folder, to compare with.
    pub previous: Option<PathBuf>,
    /// The folder where earlier years' reports are kept (報告書/R1/report.json …).
    pub history: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct WrittenFile {
    pub path: PathBuf,
    pub bytes: usize,
    pub pages: Option<usize>,
}

pub struct BuildOutcome {
    pub check: CheckOutcome,
    pub report: Report,
    pub written: Vec<WrittenFile>,
    /// What the renderers found worth telling (a glyph no font has, a cell cut short).
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug)]
pub enum BuildError {
    /// The wording given with `--wording` cannot be used.
    Wording(Diagnostics),
    /// A font file of `fallback_fonts` in settings.toml cannot be used.
    Fonts(Diagnostics),
    /// The submissions folder cannot be read.
    Folder(FolderError),
    /// The previous year's report could not be read.
    Previous(String),
    /// An archived report could not be used for the history.
    History(String),
    /// `check` found errors and incomplete builds were not allowed.
    Refused(Box<CheckOutcome>),
    Render(RenderError),
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Wording(e) => write!(f, "{e}"),
            BuildError::Fonts(e) => {
                write!(
                    f,
                    "settings.toml の fallback_fonts に書かれたフォントを使えません（{}件）:",
                    e.len()
                )?;
                for d in e.iter() {
                    write!(f, "\n  {d}")?;
                }
                Ok(())
            }
            BuildError::Folder(e) => write!(f, "{e}"),
            BuildError::Previous(m) | BuildError::History(m) => write!(f, "{m}"),
            BuildError::Refused(o) => write!(
                f,
                "調査票にエラーが{}件あるため、報告書を作成しませんでした。エラーを直すか、未提出のまま作成する場合は --allow-incomplete を付けてください",
                o.count(crate::workbook::Severity::Error)
            ),
            BuildError::Render(e) => write!(f, "{e}"),
            BuildError::Write { path, error } => write!(
                f,
                "{} を書き込めません（{error}）。出力先のフォルダと空き容量を確かめてください",
                path.display()
            ),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Wording(e) | BuildError::Fonts(e) => Some(e),
            BuildError::Folder(e) => Some(e),
            BuildError::Render(e) => Some(e),
            BuildError::Write { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Checks, merges and renders. `renderers` are written to `out` in order; with `by_bureau`,
/// the first renderer is also run once per bureau into `out/bureaus/`.
pub fn build(
    plan: &Plan,
    submissions: &Path,
    out: &Path,
    opts: &BuildOptions,
    renderers: &[&(dyn Renderer + Sync)],
) -> Result<BuildOutcome, BuildError> {
    let wording = Wording::load(opts.wording.as_deref()).map_err(BuildError::Wording)?;
    let fonts = if renderers.iter().any(|r| r.draws_text()) {
        load_fallback_fonts(&plan.settings).map_err(BuildError::Fonts)?
    } else {
        Vec::new()
    };
    let check = check_dir(plan, opts.year, submissions).map_err(BuildError::Folder)?;
    if check.has_errors() && !opts.allow_incomplete {
        return Err(BuildError::Refused(Box::new(check)));
    }
    let mut report = merge(
        plan,
        opts.year,
        &check,
        &MergeOptions {
            date: opts.date,
            incomplete: check.has_errors(),
        },
    );
    if let Some(prev) = &opts.previous {
        let previous = load_previous(plan, opts.year, prev)?;
        report.comparison = Some(compare(&report, previous, &plan.settings));
    }
    if let Some(archive) = &opts.history {
        let archived = load_archive(archive, opts.year)?;
        report.history = Some(history(plan, &report, &archived));
    }
    let mut set = OutputSet::new();
    let mut written = Vec::new();
    let mut warnings = Vec::new();
    let ctx = RenderContext {
        report: &report,
        wording: &wording,
        fallback_fonts: &fonts,
    };
    // Each output streams into its own temporary file, so no two are held in memory whole.
    // The PDF, the largest job, runs beside the others (the machines this runs on have at
    // least two cores); results are taken in the renderers' order, so files and warnings
    // come out as a sequential run would give them.
    let mut files = Vec::with_capacity(renderers.len());
    for r in renderers {
        let path = out.join(r.file_name());
        let file = set.create(&path).map_err(|error| BuildError::Write {
            path: path.clone(),
            error,
        })?;
        files.push((path, file));
    }
    let results: Vec<Result<Rendered, RenderError>> = std::thread::scope(|scope| {
        let mut jobs = renderers.iter().zip(files.iter_mut());
        let first = jobs
            .next()
            .map(|(r, (_, file))| scope.spawn(|| render_into(*r, &ctx, file)));
        let mut results: Vec<_> = jobs
            .map(|(r, (_, file))| render_into(*r, &ctx, file))
            .collect();
        if let Some(h) = first {
            results.insert(0, h.join().unwrap_or(Err(RenderError::Internal)));
        }
        results
    });
    for ((path, file), done) in files.into_iter().zip(results) {
        let done = done.map_err(BuildError::Render)?;
        warnings.extend(done.warnings);
        written.push(WrittenFile {
            bytes: file_len(&file),
            path,
            pages: done.pages,
        });
    }
    if opts.by_bureau {
        if let Some(first) = renderers.first() {
            let ext = Path::new(first.file_name())
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("pdf");
            for b in &report.bureaus {
                let scoped = report.for_bureau(&b.bureau);
                let ctx = RenderContext {
                    report: &scoped,
                    wording: &wording,
                    fallback_fonts: &fonts,
                };
                let name = format!("{}.{ext}", safe_file_stem(b.bureau.as_str()));
                let path = out.join("bureaus").join(name);
                let mut file = set.create(&path).map_err(|error| BuildError::Write {
                    path: path.clone(),
                    error,
                })?;
                let done = render_into(*first, &ctx, &mut file).map_err(BuildError::Render)?;
                written.push(WrittenFile {
                    bytes: file_len(&file),
                    path,
                    pages: done.pages,
                });
            }
        }
    }
    set.commit().map_err(|e| BuildError::Write {
        path: e.path,
        error: e.error,
    })?;
    Ok(BuildOutcome {
        check,
        report,
        written,
        warnings,
    })
}

/// Reads every font file `fallback_fonts` lists, in order. A file that is missing,
/// unreadable or not a usable font is an error naming the file and the line of
/// settings.toml that lists it; all of them are reported at once.
pub fn load_fallback_fonts(settings: &Settings) -> Result<Vec<FallbackFont>, Diagnostics> {
    let mut fonts = Vec::new();
    let mut problems = Vec::new();
    for f in &settings.fallback_font_files {
        let named = if f.written.trim() == f.path.display().to_string() {
            format!("「{}」", f.written)
        } else {
            format!("「{}」（{}）", f.written, f.path.display())
        };
        let problem = match std::fs::read(&f.path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => format!(
                "fallback_fonts のフォントファイル{named}が見つかりません。ファイルの場所と名前を確かめてください（相対パスは settings.toml のあるフォルダから数えます）"
            ),
            Err(_) if f.path.is_dir() => format!(
                "fallback_fonts の{named}はフォルダです。フォントファイル（.ttf、.otf、.ttc）そのものを指定してください"
            ),
            Err(e) => format!(
                "fallback_fonts のフォントファイル{named}を読めません（{e}）。ファイルの読み取り権限を確かめてください"
            ),
            Ok(data) => match FallbackFont::new(data, f.index) {
                Ok(font) => {
                    fonts.push(font);
                    continue;
                }
                Err(why) => format!("fallback_fonts のフォントファイル{named}は使えません: {why}"),
            },
        };
        problems.push(
            Diagnostic::error(problem)
                .in_file(&f.settings)
                .on_line(f.line),
        );
    }
    if problems.is_empty() {
        Ok(fonts)
    } else {
        Err(Diagnostics(problems))
    }
}

fn render_into(
    renderer: &(dyn Renderer + Sync),
    ctx: &RenderContext,
    file: &mut File,
) -> Result<Rendered, RenderError> {
    let mut w = BufWriter::with_capacity(256 * 1024, file);
    let done = renderer.render(ctx, &mut w)?;
    w.flush()?;
    Ok(done)
}

fn file_len(file: &File) -> usize {
    file.metadata().map(|m| m.len() as usize).unwrap_or(0)
}

/// Last year, from its report.json or by checking and merging its submissions folder again.
pub fn load_previous(
    plan: &Plan,
    year: FiscalYear,
    path: &Path,
) -> Result<PreviousYear, BuildError> {
    if path.is_dir() {
        let last = year.previous();
        let check = check_dir(plan, last, path).map_err(|e| BuildError::Previous(e.to_string()))?;
        let report = merge(
            plan,
            last,
            &check,
            &MergeOptions {
                date: ReportDate::after_fiscal_year(last),
                incomplete: true,
            },
        );
        return Ok(PreviousYear::from_report(&report));
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        BuildError::Previous(format!(
            "前年度の報告 {} を読めません（{e}）。前年度の report.json か、前年度の調査票フォルダを指定してください",
            path.display()
        ))
    })?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        BuildError::Previous(format!(
            "{} はJSONとして読めません（{e}）。shinchoku build が書いた report.json を指定してください",
            path.display()
        ))
    })?;
    let previous = PreviousYear::from_json(&value).map_err(BuildError::Previous)?;
    if let Some(that) = previous.year.filter(|y| *y >= year) {
        return Err(BuildError::Previous(format!(
            "{} は{}の報告です。--previous には{}より前の年度の report.json を指定してください",
            path.display(),
            that.wareki(),
            year.wareki()
        )));
    }
    Ok(previous)
}

/// Last year's answers, bureau by bureau, for `templates --previous` and `check --previous`:
/// from last year's report.json, or from the folder of last year's workbooks (read as that
/// year's). A report for this year or a later one is refused, naming the file.
pub fn load_last_year(plan: &Plan, year: FiscalYear, path: &Path) -> Result<LastYear, BuildError> {
    if path.is_dir() {
        let last = year.previous();
        let outcome =
            check_dir(plan, last, path).map_err(|e| BuildError::Previous(e.to_string()))?;
        if outcome.submissions.is_empty() {
            return Err(BuildError::Previous(format!(
                "{} に{}の調査票が見つかりません。前年度の調査票のフォルダか、前年度の report.json を指定してください",
                path.display(),
                last.wareki()
            )));
        }
        return Ok(LastYear::from_outcome(plan, last, &outcome));
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        BuildError::Previous(format!(
            "前年度の報告 {} を読めません（{e}）。前年度の report.json か、前年度の調査票フォルダを指定してください",
            path.display()
        ))
    })?;
    let archived = ArchivedReport::from_json(&text).map_err(|e| {
        BuildError::Previous(match e {
            ArchiveProblem::NotOurs(why) => format!(
                "{} は shinchoku build が書いた report.json として読めません（{why}）。前年度の report.json を指定してください",
                path.display()
            ),
            ArchiveProblem::BadYear(y) => format!(
                "{} の年度（{y}）が読めません。shinchoku build が書いた report.json か確かめてください",
                path.display()
            ),
        })
    })?;
    let last = archived
        .last_year()
        .ok_or_else(|| BuildError::Previous(format!("{} の年度が読めません", path.display())))?;
    if last.year >= year {
        return Err(BuildError::Previous(format!(
            "{} は{}の報告です。--previous には{}より前の年度の report.json を指定してください",
            path.display(),
            last.year.wareki(),
            year.wareki()
        )));
    }
    Ok(last)
}

/// An earlier year's report.json only, from its workbooks: what the archive the history reads
/// holds (the demo makes its archive this way).
pub fn archive_year(
    plan: &Plan,
    submissions: &Path,
    year: FiscalYear,
    out: &Path,
) -> Result<BuildOutcome, BuildError> {
    let opts = BuildOptions {
        year,
        allow_incomplete: true,
        by_bureau: false,
        date: ReportDate::after_fiscal_year(year),
        wording: None,
        previous: None,
        history: None,
    };
    build(
        plan,
        submissions,
        out,
        &opts,
        &[&crate::render::json::JsonRenderer],
    )
}

/// Every earlier year's report.json under `archive` (searched through its sub-folders, as the
/// office keeps 報告書/R1/, 報告書/R2/ …), one per year. A per-bureau folder (`bureaus/`) holds
/// no report.json, so nothing there is mistaken for a year.
pub fn load_archive(archive: &Path, year: FiscalYear) -> Result<Vec<ArchivedReport>, BuildError> {
    if !archive.is_dir() {
        return Err(BuildError::History(format!(
            "過去の報告書のフォルダ {} が見つかりません。各年度の report.json を置いたフォルダ（例: 報告書/）を --history に指定してください",
            archive.display()
        )));
    }
    let mut files = Vec::new();
    find_reports(archive, &mut files, 0);
    files.sort();
    let mut found: Vec<(PathBuf, ArchivedReport)> = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).map_err(|e| {
            BuildError::History(format!(
                "{} を読めません（{e}）。ファイルが壊れていないか確かめてください",
                path.display()
            ))
        })?;
        let archived = ArchivedReport::from_json(&text).map_err(|e| {
            BuildError::History(match e {
                ArchiveProblem::NotOurs(why) => format!(
                    "{} は shinchoku build が書いた report.json として読めません（{why}）。別のファイルなら --history のフォルダから外してください",
                    path.display()
                ),
                ArchiveProblem::BadYear(y) => format!(
                    "{} の年度（{y}）が読めません。shinchoku build が書いた report.json か確かめてください",
                    path.display()
                ),
            })
        })?;
        let Some(that) = archived.year() else {
            continue;
        };
        if that >= year {
            return Err(BuildError::History(format!(
                "{} は{}の報告です。--history には{}より前の年度の報告書だけを置いてください",
                path.display(),
                that.wareki(),
                year.wareki()
            )));
        }
        if let Some((other, _)) = found.iter().find(|(_, a)| a.year() == Some(that)) {
            return Err(BuildError::History(format!(
                "{}の報告が2つあります（{} と {}）。どちらか一方を残してください",
                that.wareki(),
                other.display(),
                path.display()
            )));
        }
        found.push((path, archived));
    }
    Ok(found.into_iter().map(|(_, a)| a).collect())
}

/// Folders nest a few levels at most (報告書/R3/); deeper is not an archive of ours.
const ARCHIVE_DEPTH: usize = 3;

fn find_reports(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            if depth < ARCHIVE_DEPTH {
                find_reports(&p, out, depth + 1);
            }
        } else if e.file_name() == "report.json" {
            out.push(p);
        }
    }
}
