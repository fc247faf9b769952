//! The workbook sent to each bureau: a 記入要領 sheet telling staff what to write (`guide`),
//! the 入力 sheet with one row per reporting unit (`input`, its drop-downs and checks in
//! `validation`), and the very hidden metadata sheet the reader uses to recognise the
//! workbook (`meta`). Everything about where things go comes from `schema`, so the reader
//! finds what this writes.
//!
//! The same writer also produces filled-in workbooks (the bundled sample submissions), so the
//! samples go through exactly the cells, formats and validations a bureau would meet.

mod guide;
mod input;
mod meta;
mod styles;
mod validation;

use std::fmt;

use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

use super::last_year::LastYear;
use super::schema::{units_for_bureau, GUIDE_SHEET, INPUT_SHEET, META_SHEET};
use crate::excel::document_datetime;
use crate::plan::{FiscalYear, Plan, ReportDate, ReportingUnit};
use styles::Styles;

/// What a bureau types into a unit's row. The sample generator builds these; the empty
/// template has none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filled {
    /// 取組実績: sentences, possibly several lines.
    pub result: String,
    /// 評価: one of the scale's symbols.
    pub grade: String,
    /// 理由区分: one of the reason tags, if any.
    pub reason: Option<String>,
    /// 効果額 in thousand yen.
    pub effect: Option<u64>,
    /// 課題・今後の取組.
    pub issues: String,
    /// One actual value per indicator of the unit, in the plan's order.
    pub actuals: Vec<Option<f64>>,
}

/// Supplies the entries of a filled-in workbook, unit by unit.
pub type FillFn<'a> = &'a dyn Fn(&ReportingUnit) -> Option<Filled>;

/// Why a workbook could not be written. The messages are for office staff.
#[derive(Debug)]
pub enum TemplateError {
    /// The bureau is not in the master's list of bureaus.
    UnknownBureau { bureau: String },
    /// The bureau owns no unit that is still asked about.
    NoUnits { bureau: String },
    /// A text does not fit in one Excel cell (32,767 characters).
    TextTooLong {
        cell: String,
        what: String,
        chars: usize,
    },
    /// rust_xlsxwriter refused something we did not foresee.
    Excel(XlsxError),
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::UnknownBureau { bureau } => {
                write!(f, "所管局「{bureau}」はマスターにありません")
            }
            TemplateError::NoUnits { bureau } => write!(
                f,
                "{bureau}が所管する実施項目のうち、今回照会するもの（完了していないもの）がありません"
            ),
            TemplateError::TextTooLong { cell, what, chars } => write!(
                f,
                "{cell}（{what}）の文章が{chars}文字あり、Excelの1つのセルに入る\
                 32,767文字を超えています。文章を短くしてください"
            ),
            TemplateError::Excel(e) => write!(f, "Excelファイルを作れませんでした（{e}）"),
        }
    }
}

impl std::error::Error for TemplateError {}

impl From<XlsxError> for TemplateError {
    fn from(e: XlsxError) -> Self {
        TemplateError::Excel(e)
    }
}

/// Excel's limit for the text of one cell, in UTF-16 code units.
const EXCEL_MAX_CHARS: usize = 32_767;

/// The headers above an indicator's two columns (k is 0-based).
pub fn indicator_headers(k: usize, year: FiscalYear) -> (String, String) {
    (
        format!("数値目標{}", k + 1),
        format!("{}の実績値{}", year.wareki(), k + 1),
    )
}

/// The most indicators any of the units has: how many column pairs the 入力 sheet needs.
pub fn indicator_pairs(units: &[ReportingUnit]) -> usize {
    units
        .iter()
        .map(|u| u.text().indicators.len())
        .max()
        .unwrap_or(0)
}

/// One bureau's workbook for one year: what it is written from. Options beyond the plan,
/// bureau and year start unset (`new`), so that one more (last year's answers as locked
/// reference columns) is one more field and one more setter, not a change to every caller.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct TemplateRequest<'a> {
    pub plan: &'a Plan,
    pub bureau: &'a str,
    pub year: FiscalYear,
    /// What to write in the input cells, unit by unit (the sample submissions); None for the
    /// empty template a bureau receives.
    pub fill: Option<FillFn<'a>>,
    /// The document's creation date (`--date`, SOURCE_DATE_EPOCH); None for 1 April of the
    /// fiscal year.
    pub created: Option<ReportDate>,
    /// Last year's answers, shown in locked reference columns (`templates --previous`).
    pub last_year: Option<&'a LastYear>,
}

impl<'a> TemplateRequest<'a> {
    /// The empty template, dated 1 April of the fiscal year.
    pub fn new(plan: &'a Plan, bureau: &'a str, year: FiscalYear) -> Self {
        TemplateRequest {
            plan,
            bureau,
            year,
            fill: None,
            created: None,
            last_year: None,
        }
    }

    /// Last year's answers beside each row, locked, for reference.
    pub fn last_year(mut self, last_year: Option<&'a LastYear>) -> Self {
        self.last_year = last_year;
        self
    }

    /// The input cells filled with what `fill` returns for each unit.
    pub fn fill(mut self, fill: FillFn<'a>) -> Self {
        self.fill = Some(fill);
        self
    }

    /// The document's creation date; None keeps 1 April of the fiscal year.
    pub fn created(mut self, date: Option<ReportDate>) -> Self {
        self.created = date;
        self
    }

    /// Writes the workbook and returns the .xlsx bytes.
    pub fn write(&self) -> Result<Vec<u8>, TemplateError> {
        Book::new(self)?.write()
    }
}

/// Writes the workbook of one bureau for one year and returns the .xlsx bytes. With `fill`,
/// the input cells hold what it returns for each unit. Shorthand for `TemplateRequest`.
pub fn write_template(
    plan: &Plan,
    bureau: &str,
    year: FiscalYear,
    fill: Option<FillFn>,
) -> Result<Vec<u8>, TemplateError> {
    write_template_dated(plan, bureau, year, fill, None)
}

/// `write_template` with the document's creation date given (`--date`, SOURCE_DATE_EPOCH);
/// None for 1 April of the fiscal year.
pub fn write_template_dated(
    plan: &Plan,
    bureau: &str,
    year: FiscalYear,
    fill: Option<FillFn>,
    created: Option<ReportDate>,
) -> Result<Vec<u8>, TemplateError> {
    TemplateRequest {
        plan,
        bureau,
        year,
        fill,
        created,
        last_year: None,
    }
    .write()
}

/// What every sheet of one workbook is written from: the request, the units the bureau is
/// asked about, and the formats.
struct Book<'a> {
    plan: &'a Plan,
    bureau: &'a str,
    year: FiscalYear,
    fill: Option<FillFn<'a>>,
    created: Option<ReportDate>,
    last_year: Option<&'a LastYear>,
    units: Vec<ReportingUnit<'a>>,
    /// Indicator column pairs on the 入力 sheet: the most indicators any unit has.
    pairs: usize,
    s: Styles,
}

impl<'a> Book<'a> {
    fn new(req: &TemplateRequest<'a>) -> Result<Book<'a>, TemplateError> {
        let (plan, bureau) = (req.plan, req.bureau);
        if !plan.bureaus.iter().any(|b| b.as_str() == bureau) {
            return Err(TemplateError::UnknownBureau {
                bureau: bureau.to_string(),
            });
        }
        let units = units_for_bureau(plan, bureau, req.year);
        if units.is_empty() {
            return Err(TemplateError::NoUnits {
                bureau: bureau.to_string(),
            });
        }
        Ok(Book {
            plan,
            bureau,
            year: req.year,
            fill: req.fill,
            created: req.created,
            last_year: req.last_year,
            pairs: indicator_pairs(&units),
            units,
            s: Styles::new(),
        })
    }

    fn write(&self) -> Result<Vec<u8>, TemplateError> {
        let (plan, bureau, year) = (self.plan, self.bureau, self.year);
        // The date given (`--date`, SOURCE_DATE_EPOCH), else 1 April of the year asked about.
        let created = match self.created {
            Some(d) => document_datetime(d.year(), d.month(), d.day()),
            None => document_datetime(year.start_year(), 4, 1),
        };
        let mut workbook = Workbook::new();
        workbook.set_properties(
            &DocProperties::new()
                .set_title(format!("{} 実施状況調査（{bureau}）", year.wareki()))
                .set_subject(plan.meta.name.clone())
                .set_author("shinchoku")
                .set_company(plan.meta.organisation.clone())
                .set_creation_datetime(&created),
        );

        let guide = workbook.add_worksheet();
        guide.set_name(GUIDE_SHEET)?;
        let guide_rows = self.write_guide(guide)?;
        guide.set_active(true);

        let input = workbook.add_worksheet();
        input.set_name(INPUT_SHEET)?;
        self.write_input(input, guide_rows)?;

        let meta_sheet = workbook.add_worksheet();
        meta_sheet.set_name(META_SHEET)?;
        self.write_meta(meta_sheet)?;
        meta_sheet.set_very_hidden(true);

        Ok(workbook.save_to_buffer()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::load_bundled;

    fn r3() -> FiscalYear {
        FiscalYear::new(2021).unwrap()
    }

    #[test]
    fn a_text_too_long_for_a_cell_is_an_error_not_a_panic() {
        let mut plan = load_bundled().unwrap();
        let item = plan
            .items
            .iter_mut()
            .find(|i| i.initiatives.is_empty() && !i.completed && i.bureaus[0].as_str() == "財政局")
            .unwrap();
        item.text.content = Some("長".repeat(40_000));
        let e = write_template(&plan, "財政局", r3(), None).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("32,767文字を超えて"), "{msg}");
        assert!(msg.contains("取組内容"), "{msg}");
    }

    #[test]
    fn many_grades_still_make_a_workbook() {
        let mut plan = load_bundled().unwrap();
        let g = plan.settings.grades[0].clone();
        plan.settings.grades = (0..80)
            .map(|i| crate::plan::Grade {
                symbol: format!("評価区分{i}"),
                label: "とても長い説明".repeat(5),
                ..g.clone()
            })
            .collect();
        plan.settings.reasons.clear();
        let bytes = write_template(&plan, "財政局", r3(), None).unwrap();
        assert!(bytes.starts_with(b"PK"));
    }

    #[test]
    fn the_request_writes_what_the_shorthand_writes() {
        let plan = load_bundled().unwrap();
        let date = ReportDate::new(2022, 6, 1);
        let fill = |_: &ReportingUnit| {
            Some(Filled {
                result: "実施した。".into(),
                grade: "○".into(),
                ..Filled::default()
            })
        };
        let request = TemplateRequest::new(&plan, "財政局", r3())
            .fill(&fill)
            .created(date);
        assert_eq!(
            request.write().unwrap(),
            write_template_dated(&plan, "財政局", r3(), Some(&fill), date).unwrap()
        );
        assert_ne!(
            request.write().unwrap(),
            TemplateRequest::new(&plan, "財政局", r3()).write().unwrap()
        );
    }

    #[test]
    fn unknown_and_finished_bureaus_are_refused() {
        let plan = load_bundled().unwrap();
        let e = write_template(&plan, "宇宙局", r3(), None).unwrap_err();
        assert!(e.to_string().contains("マスターにありません"));
        let e = write_template(&plan, "議会事務局", r3(), None).unwrap_err();
        assert!(matches!(e, TemplateError::NoUnits { .. }), "{e}");
    }
}
