//! The bureau workbook's schema (its cell contract): the one agreement between the template writer and the
//! reader. Both sides take sheet names, columns, locked texts and metadata from here, so a
//! change made here changes both, and `FORMAT_VERSION` tells old workbooks apart.

use crate::plan::{format, FiscalYear, Indicator, Plan, ReportingUnit, ScheduleEntry};

/// Bumped whenever the schema below changes in a way an older reader would misread.
pub const FORMAT_VERSION: u32 = 1;

pub const GUIDE_SHEET: &str = "記入要領";
pub const INPUT_SHEET: &str = "入力";
/// Very hidden: bureaus never see it, so they cannot break it by accident.
pub const META_SHEET: &str = "_shinchoku";

/// Rows are 0-based here (as in rust_xlsxwriter and calamine); messages print them 1-based.
pub const TITLE_ROW: u32 = 0;
pub const NOTE_ROW: u32 = 1;
pub const HEADER_ROW: u32 = 2;
pub const FIRST_DATA_ROW: u32 = 3;

/// Columns of the 入力 sheet. 0..=6 are locked (from the master), the rest are input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    No = 0,
    Item = 1,
    Initiative = 2,
    Bureaus = 3,
    Content = 4,
    Goal = 5,
    Schedule = 6,
    Result = 7,
    Grade = 8,
    Reason = 9,
    Effect = 10,
    Issues = 11,
}

pub const LOCKED_COLS: [Col; 7] = [
    Col::No,
    Col::Item,
    Col::Initiative,
    Col::Bureaus,
    Col::Content,
    Col::Goal,
    Col::Schedule,
];

/// Each numeric indicator of a unit takes two columns from here on: a locked label (name,
/// unit, the year's target) and the input cell for the actual value.
pub const FIRST_INDICATOR_COL: u16 = 12;

impl Col {
    pub fn index(self) -> u16 {
        self as u16
    }

    /// The header printed in row 3 of the 入力 sheet.
    pub fn header(self, year: FiscalYear) -> String {
        match self {
            Col::No => "№".into(),
            Col::Item => "実施項目".into(),
            Col::Initiative => "主な取組み".into(),
            Col::Bureaus => "所管局".into(),
            Col::Content => "取組内容".into(),
            Col::Goal => "目標".into(),
            Col::Schedule => format!("{}のスケジュール", year.wareki()),
            Col::Result => format!("{}の取組実績", year.wareki()),
            Col::Grade => "評価".into(),
            Col::Reason => "理由区分（任意）".into(),
            Col::Effect => "効果額（千円）".into(),
            Col::Issues => "課題・今後の取組".into(),
        }
    }

    /// Column width in Excel character units, chosen so that A4 landscape prints legibly.
    pub fn width(self) -> f64 {
        match self {
            Col::No => 6.0,
            Col::Item | Col::Initiative => 18.0,
            Col::Bureaus => 10.0,
            Col::Content | Col::Goal => 36.0,
            Col::Schedule => 24.0,
            Col::Result | Col::Issues => 40.0,
            Col::Grade => 7.0,
            Col::Reason => 10.0,
            Col::Effect => 12.0,
        }
    }
}

pub fn indicator_label_col(k: usize) -> u16 {
    FIRST_INDICATOR_COL + 2 * k as u16
}

pub fn indicator_value_col(k: usize) -> u16 {
    FIRST_INDICATOR_COL + 2 * k as u16 + 1
}

/// Last year's answers, locked for reference, after the indicator columns
/// (`templates --previous`). The reader never reads them: they only help the bureau.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceCol {
    Grade = 0,
    Result = 1,
    Effect = 2,
}

impl ReferenceCol {
    pub const ALL: [ReferenceCol; 3] = [
        ReferenceCol::Grade,
        ReferenceCol::Result,
        ReferenceCol::Effect,
    ];

    /// Its column on a sheet with `pairs` indicator column pairs.
    pub fn index(self, pairs: usize) -> u16 {
        FIRST_INDICATOR_COL + 2 * pairs as u16 + self as u16
    }

    /// Named with the year the answers are from: a bureau must not take them for this year's.
    pub fn header(self, last: FiscalYear) -> String {
        match self {
            ReferenceCol::Grade => format!("（参考）{}の評価", last.wareki()),
            ReferenceCol::Result => format!("（参考）{}の取組実績", last.wareki()),
            ReferenceCol::Effect => format!("（参考）{}の効果額（千円）", last.wareki()),
        }
    }

    pub fn width(self) -> f64 {
        match self {
            ReferenceCol::Grade => 9.0,
            ReferenceCol::Result => 40.0,
            ReferenceCol::Effect => 12.0,
        }
    }
}

/// Excel's name of a cell, part of the contract: the reader locates its messages with it.
pub use crate::excel::cell_name;

/// The units a bureau is asked about in a year: those it owns that are in force that year,
/// except units the plan already marks 完了.
pub fn units_for_bureau<'p>(
    plan: &'p Plan,
    bureau: &str,
    year: FiscalYear,
) -> Vec<ReportingUnit<'p>> {
    plan.units_in(year)
        .filter(|u| u.owned_by(bureau) && !u.completed())
        .collect()
}

fn schedule_line(e: &ScheduleEntry) -> String {
    match &e.period {
        Some(p) => format!("{}　{}", p.label, e.text),
        None => e.text.clone(),
    }
}

/// The year's スケジュール as shown to the bureau.
pub fn schedule_text(unit: &ReportingUnit, year: FiscalYear) -> String {
    let lines = unit.text().schedule_for(year);
    if lines.is_empty() {
        return format!("（{}の記載なし）", year.wareki());
    }
    lines
        .into_iter()
        .map(schedule_line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Exactly what the template writes into the locked columns of a unit's row. The reader
/// compares a submitted row with this to notice edited text.
pub fn locked_values(unit: &ReportingUnit, year: FiscalYear) -> [String; 7] {
    let item = unit.item;
    let text = unit.text();
    [
        format!("№{}", item.id),
        item.title.clone(),
        unit.initiative()
            .map(|i| i.title.clone())
            .unwrap_or_default(),
        unit.bureaus()
            .iter()
            .map(|b| b.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        text.content.clone().unwrap_or_default(),
        text.goal.clone().unwrap_or_default(),
        schedule_text(unit, year),
    ]
}

/// The texts of a unit's locked cells as the reader sees them (trailing white space
/// trimmed): its locked columns, then its indicators' labels.
pub fn locked_texts(unit: &ReportingUnit, year: FiscalYear) -> Vec<String> {
    locked_values(unit, year)
        .into_iter()
        .chain(
            unit.text()
                .indicators
                .iter()
                .map(|ind| indicator_label(ind, year)),
        )
        .map(|s| s.trim_end().to_string())
        .collect()
}

/// Fingerprint of a row's locked cells, stored when the template is made. When the master
/// has changed since, a row whose cells still match it was not edited by the bureau: only
/// the master moved, so the answers can be read by unit id.
pub fn locked_fingerprint<S: AsRef<str>>(texts: &[S]) -> String {
    crate::plan::fingerprint::texts_fingerprint(texts.iter().map(AsRef::as_ref))
}

/// The locked label beside an indicator's input cell: what to measure, in which unit,
/// against which target.
pub fn indicator_label(ind: &Indicator, year: FiscalYear) -> String {
    let target = match ind.effective_target(year) {
        Some(t) => format!(
            "目標 {}{}（{}）",
            format::plain(t.value),
            ind.unit,
            t.period
        ),
        None => "目標値の設定なし".to_string(),
    };
    format!("{}（{}）\n{}", ind.name, ind.unit, target)
}

/// Keys of the metadata sheet, column A; values in column B.
pub mod meta {
    pub const FORMAT_VERSION: &str = "format_version";
    pub const FISCAL_YEAR: &str = "fiscal_year";
    pub const BUREAU: &str = "bureau";
    pub const MASTER_FINGERPRINT: &str = "master_fingerprint";
    pub const GENERATOR: &str = "generator";
    /// From this row (0-based) on, one row per unit: A "unit", B its row on the 入力 sheet
    /// (1-based, as text), C the unit id, D the unit's fingerprint, E its indicator count,
    /// F the fingerprint of its locked cells as written (absent in workbooks made before
    /// it was added; they are read as before).
    pub const FIRST_UNIT_ROW: u32 = 10;
    pub const UNIT_TAG: &str = "unit";
}
