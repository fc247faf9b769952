//! `report.xlsx`: the report as a workbook for the office to sort, filter and re-use — 集計
//! (grade counts, 効果額 and native charts), 一覧 (one row per reporting unit), 指標 (every
//! numeric target with its 達成率), 提出状況, and one sheet per pillar laid out like the plan
//! for printing; with `--history`, 推移 (each unit's grade per year and the 効果額 per year)
//! follows 集計. Numbers are stored as numbers with number formats, so they can be summed;
//! every text is stored as text, so a 取組実績 that starts with `=` never becomes a formula.

mod history;
mod lists;
mod paging;
mod pillars;
mod styles;
mod summary;

use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};

use crate::excel::{cell_name, document_datetime, utf16_len};
use crate::plan::{format, Diagnostic};
use crate::report::summary::{summarize, Summary};
use crate::report::Report;
use crate::wording::labels::{fill, Labels};
use crate::wording::sheet::SheetLabels;

use super::{RenderContext, RenderError, Rendered, Renderer, Sink};
use styles::Styles;

pub struct XlsxRenderer;

impl Renderer for XlsxRenderer {
    fn file_name(&self) -> &'static str {
        "report.xlsx"
    }

    fn render(&self, ctx: &RenderContext, out: &mut dyn Sink) -> Result<Rendered, RenderError> {
        let report = ctx.report;
        let mut writer = Writer {
            report,
            labels: ctx.wording.labels(),
            xl: ctx.wording.sheet_labels(),
            scope: report.meta.bureau.as_ref().map(|b| b.as_str()),
            summary: summarize(report),
            s: Styles::new(),
            warnings: Vec::new(),
        };
        spill_errors(|| writer.workbook()?.save_to_writer(out)).map_err(RenderError::Xlsx)?;
        Ok(Rendered {
            pages: None,
            warnings: writer
                .warnings
                .into_iter()
                .map(|w| Diagnostic::warning(w).in_file(self.file_name()))
                .collect(),
        })
    }
}

/// What rust_xlsxwriter panics with when it cannot write XML, which in practice only
/// happens on the temporary file of a low-memory worksheet: the disk is full.
const SPILL_PANIC: &str = "Couldn't write to xml file";

/// Runs `write`, turning rust_xlsxwriter's panic on a failed write to a low-memory sheet's
/// temporary file (it `expect`s those writes) into the error it gives when it cannot create
/// that file, so a full temporary folder is a message the office can act on, not a crash.
/// Any other panic is a bug and goes on.
fn spill_errors<T>(write: impl FnOnce() -> Result<T, XlsxError>) -> Result<T, XlsxError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(write)) {
        Ok(done) => done,
        Err(panic) => {
            let text = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or_default();
            let Some(cause) = text.strip_prefix(SPILL_PANIC) else {
                std::panic::resume_unwind(panic);
            };
            // The cause is the io::Error's debug form: `Os { code: 28, kind: StorageFull,
            // message: "No space left on device" }`; the message is what a person reads.
            let cause = cause
                .split_once("message: \"")
                .and_then(|(_, m)| m.split_once('"'))
                .map_or(cause.trim_start_matches([':', ' ']), |(m, _)| m);
            Err(XlsxError::TempFileError(
                std::env::temp_dir(),
                std::io::Error::other(cause.to_string()),
            ))
        }
    }
}

/// Excel's limit for the text of one cell, in UTF-16 code units.
const EXCEL_MAX_CHARS: usize = 32_767;
/// The default row height of the workbook (Calibri 11).
const DEFAULT_ROW_PT: f64 = 15.0;

/// A sheet name Excel accepts: the characters it refuses replaced by their full-width
/// forms, at most 31 characters, unique in the workbook (Excel compares without case).
fn sheet_name(raw: &str, fallback: &str, used: &mut Vec<String>) -> String {
    let clean = |s: &str| -> String {
        let s: String = s
            .chars()
            .map(|c| match c {
                '[' => '［',
                ']' => '］',
                ':' => '：',
                '*' => '＊',
                '?' => '？',
                '/' => '／',
                '\\' => '＼',
                c if c.is_control() => ' ',
                c => c,
            })
            .collect();
        s.trim().trim_matches('\'').trim().to_string()
    };
    let cut = |s: &str, max: usize| -> String {
        let mut out = String::new();
        let mut len = 0;
        for c in s.chars() {
            if len + c.len_utf16() > max {
                break;
            }
            len += c.len_utf16();
            out.push(c);
        }
        clean(&out)
    };
    let mut base = cut(&clean(raw), 31);
    if base.is_empty() || base.eq_ignore_ascii_case("history") {
        base = cut(&clean(fallback), 31);
    }
    let taken =
        |name: &str, used: &[String]| used.iter().any(|u| u.to_lowercase() == name.to_lowercase());
    let mut name = base.clone();
    let mut n = 2;
    while taken(&name, used) {
        let suffix = format!("({n})");
        name = format!("{}{suffix}", cut(&base, 31 - suffix.len()));
        n += 1;
    }
    used.push(name.clone());
    name
}

struct Writer<'a> {
    report: &'a Report,
    /// The labels every output shares.
    labels: Labels,
    /// The spreadsheet's own labels.
    xl: SheetLabels,
    scope: Option<&'a str>,
    summary: Summary,
    s: Styles,
    warnings: Vec<String>,
}

/// The sheet being written and its name, for cell references in warnings and charts.
struct Sheet<'w> {
    ws: &'w mut Worksheet,
    name: String,
}

impl Writer<'_> {
    fn year(&self) -> String {
        self.report.meta.year.wareki()
    }

    /// The 取組実績 label on one line, as a column header or a row label.
    fn result_label(&self) -> String {
        fill(&self.labels.result, &[("year", &self.year())]).replace('\n', "")
    }

    /// Writes a text as text (never as a formula), cut to what one cell holds, with a
    /// warning naming the cell when it had to be cut.
    fn put(
        &mut self,
        sh: &mut Sheet,
        row: u32,
        col: u16,
        text: &str,
        format: &Format,
        what: &str,
    ) -> Result<(), XlsxError> {
        if utf16_len(text) <= EXCEL_MAX_CHARS {
            sh.ws.write_string_with_format(row, col, text, format)?;
            return Ok(());
        }
        let mut cut = String::new();
        let mut len = 0;
        for c in text.chars() {
            // One place for the …
            if len + c.len_utf16() + 1 > EXCEL_MAX_CHARS {
                break;
            }
            len += c.len_utf16();
            cut.push(c);
        }
        cut.push('…');
        sh.ws.write_string_with_format(row, col, &cut, format)?;
        let warning = self
            .xl
            .cut_warning(&format!("{}!{}", sh.name, cell_name(row, col)), what);
        self.warnings.push(warning);
        Ok(())
    }

    /// Writes a merged range of text, or a single cell when the range is one cell (Excel
    /// refuses to merge one cell).
    fn put_merged(
        &mut self,
        sh: &mut Sheet,
        row: u32,
        (first_col, last_col): (u16, u16),
        text: &str,
        format: &Format,
        what: &str,
    ) -> Result<(), XlsxError> {
        if first_col == last_col {
            return self.put(sh, row, first_col, text, format, what);
        }
        sh.ws
            .merge_range(row, first_col, row, last_col, "", format)?;
        self.put(sh, row, first_col, text, format, what)
    }

    fn put_number(
        sh: &mut Sheet,
        row: u32,
        col: u16,
        value: Option<f64>,
        format: &Format,
    ) -> Result<(), XlsxError> {
        match value.filter(|v| v.is_finite()) {
            Some(v) => sh.ws.write_number_with_format(row, col, v, format)?,
            None => sh.ws.write_blank(row, col, format)?,
        };
        Ok(())
    }

    /// Ends a sheet written row by row; `next_row` is the row after its last. rust_xlsxwriter
    /// (0.102) keeps a row's height after writing the row out, so at the save it writes the
    /// row it is on twice when that row has a height of its own: the format wants each row
    /// once and in order, and Excel may call such a file damaged and repair it. A cell begun
    /// and cleared on the row after the last moves it there: a row of the default height,
    /// written once and empty. The sheet's used range (`dimension`) takes in that empty row.
    fn end_rows(sh: &mut Sheet, next_row: u32) -> Result<(), XlsxError> {
        sh.ws.write_blank(next_row, 0, &Format::new())?;
        sh.ws.clear_cell(next_row, 0);
        Ok(())
    }

    fn workbook(&mut self) -> Result<Workbook, XlsxError> {
        let mut wb = Workbook::new();
        let m = &self.report.meta;
        let title = fill(
            &self.labels.running_header,
            &[("plan", &m.plan_name), ("year", &m.year.wareki())],
        );
        wb.set_properties(
            &DocProperties::new()
                .set_title(title)
                .set_subject(m.plan_name.clone())
                .set_author(m.organisation.clone())
                .set_company(m.organisation.clone())
                .set_creation_datetime(&document_datetime(
                    m.date.year(),
                    m.date.month(),
                    m.date.day(),
                )),
        );

        let mut used = Vec::new();
        let names = [
            sheet_name(&self.xl.xlsx_sheet_summary.text(), "集計", &mut used),
            sheet_name(&self.xl.xlsx_sheet_list.text(), "一覧", &mut used),
            sheet_name(&self.xl.xlsx_sheet_indicators.text(), "指標", &mut used),
            sheet_name(
                &self.xl.xlsx_sheet_submissions.text(),
                "提出状況",
                &mut used,
            ),
        ];
        // 推移 only with --history: without it the workbook is what it always was.
        let history = self.report.history.as_ref().map(|h| {
            let name = sheet_name(&self.xl.xlsx_sheet_history.text(), "推移", &mut used);
            (h, name)
        });
        let pillars = self.pillar_numbers();
        let pillar_names: Vec<String> = pillars
            .iter()
            .map(|&n| {
                let title = self.pillar_title(n);
                sheet_name(&self.xl.pillar_sheet(n, &title), &n.to_string(), &mut used)
            })
            .collect();

        let [summary, list, indicators, submissions] = names;
        // The long sheets (一覧, 指標, the pillars: thousands of rows on a large plan) are
        // rust_xlsxwriter's low-memory worksheets: each row goes to a temporary file when the
        // next one starts, instead of every cell staying in memory until the save, and their
        // strings still go to the shared table, so the file is no larger. Their writers never
        // go back to a row they have left (a late write would be dropped). 集計 goes back (its
        // two-row table header is written column by column) and, like 推移, has charts whose
        // cached values are read from the sheet's cells at the save, so both stay in memory; so
        // does 提出状況, one row per bureau.
        let ws = wb.add_worksheet();
        ws.set_name(&summary)?;
        self.write_summary(&mut Sheet { ws, name: summary })?;
        // Next to 集計: the plan period is read with this year's summary, before the lists.
        if let Some((h, name)) = history {
            let ws = wb.add_worksheet();
            ws.set_name(&name)?;
            self.write_history(&mut Sheet { ws, name }, h)?;
        }
        let ws = wb.add_worksheet_with_low_memory()?;
        ws.set_name(&list)?;
        self.write_list(&mut Sheet { ws, name: list })?;
        let ws = wb.add_worksheet_with_low_memory()?;
        ws.set_name(&indicators)?;
        self.write_indicators(&mut Sheet {
            ws,
            name: indicators,
        })?;
        let ws = wb.add_worksheet();
        ws.set_name(&submissions)?;
        self.write_submissions(&mut Sheet {
            ws,
            name: submissions,
        })?;
        for (n, name) in pillars.iter().zip(pillar_names) {
            let ws = wb.add_worksheet_with_low_memory()?;
            ws.set_name(&name)?;
            self.write_pillar(&mut Sheet { ws, name }, *n)?;
        }
        Ok(wb)
    }

    /// The pillars that get a sheet: those with items (one bureau's file may have none in
    /// some pillar), in the plan's order, then any pillar an item names that the plan does
    /// not.
    fn pillar_numbers(&self) -> Vec<u8> {
        let has_items = |n: u8| self.report.items.iter().any(|i| i.item.section.pillar == n);
        let mut out: Vec<u8> = self
            .report
            .pillars
            .iter()
            .map(|p| p.number)
            .filter(|&n| has_items(n))
            .collect();
        for i in &self.report.items {
            if !out.contains(&i.item.section.pillar) {
                out.push(i.item.section.pillar);
            }
        }
        out
    }

    fn pillar_title(&self, n: u8) -> String {
        self.report
            .pillars
            .iter()
            .find(|p| p.number == n)
            .map(|p| p.title.clone())
            .unwrap_or_default()
    }

    fn pillar_label(&self, number: u8, title: &str) -> String {
        self.xl
            .pillar_heading(&format::full_width(number as u32), title)
    }

    fn section_label(&self, number: u8, title: &str) -> String {
        self.xl.section_heading(number, title)
    }
}

fn join_bureaus<'a>(bureaus: impl Iterator<Item = &'a str>) -> String {
    bureaus.collect::<Vec<_>>().join("・")
}

fn join_lines<'a>(bureaus: impl Iterator<Item = &'a str>) -> String {
    bureaus.collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_temporary_folder_is_an_error_and_other_panics_go_on() {
        // What `.expect(XML_WRITE_ERROR)` says on a full disk.
        let full = spill_errors::<()>(|| {
            let e = std::io::Error::from_raw_os_error(28);
            panic!("{SPILL_PANIC}: {e:?}")
        });
        match full {
            Err(XlsxError::TempFileError(dir, e)) => {
                assert_eq!(dir, std::env::temp_dir());
                assert!(!e.to_string().contains("Os {"), "{e}");
                assert!(!e.to_string().is_empty());
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(spill_errors(|| Ok(3)).unwrap(), 3);
        let bug = std::panic::catch_unwind(|| spill_errors::<()>(|| panic!("a bug")));
        assert!(bug.is_err());
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = Vec::new();
        assert_eq!(sheet_name("集計", "x", &mut used), "集計");
        assert_eq!(sheet_name("集計", "x", &mut used), "集計(2)");
        assert_eq!(
            sheet_name("a/b[c]:d*e?f\\g", "x", &mut used),
            "a／b［c］：d＊e？f＼g"
        );
        assert_eq!(sheet_name("'quoted'", "x", &mut used), "quoted");
        assert_eq!(sheet_name("  ", "予備", &mut used), "予備");
        assert_eq!(sheet_name("History", "予備", &mut used), "予備(2)");
        let long = "１ 「ポスト復興ステージ」を支える行財政運営のための長い長い柱の名前です";
        let a = sheet_name(long, "x", &mut used);
        let b = sheet_name(long, "x", &mut used);
        assert!(utf16_len(&a) <= 31 && utf16_len(&b) <= 31, "{a} {b}");
        assert_ne!(a, b);
        assert!(b.ends_with("(2)"));
        assert_eq!(sheet_name("SHEET", "x", &mut used), "SHEET");
        assert_eq!(sheet_name("sheet", "x", &mut used), "sheet(2)");
    }
}
