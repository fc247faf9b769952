//! The merged report: the master's items with each bureau's entries for the year, the grade
//! each unit gets, indicator results, and the submission status of every bureau. Renderers
//! read only this (never the workbooks), so PDF, spreadsheet and HTML say the same thing.

use serde::{Deserialize, Serialize};

use crate::plan::{
    Better, Bureau, FiscalYear, Grade, GradeScale, Item, Pillar, ReasonTag, ReportDate, UnitId,
};

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub meta: ReportMeta,
    /// The evaluation scale in force, best first.
    pub scale: GradeScale,
    pub reasons: Vec<ReasonTag>,
    /// The plan's hierarchy (titles only; items are below).
    pub pillars: Vec<Pillar>,
    pub items: Vec<ItemReport>,
    pub bureaus: Vec<BureauStatus>,
    /// Last year beside this year (build --previous).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<super::compare::Comparison>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportMeta {
    pub plan_name: String,
    pub organisation: String,
    pub year: FiscalYear,
    /// The report's date, printed on the cover (令和4年6月1日) and used as the documents'
    /// creation date. From `--date` or SOURCE_DATE_EPOCH, never the clock.
    pub date: ReportDate,
    /// Whether missing entries were allowed (build --allow-incomplete).
    pub incomplete: bool,
    /// Set when the report is cut down to one bureau's units (`build --by-bureau`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bureau: Option<Bureau>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemReport {
    /// The master's item, with all its text.
    pub item: Item,
    pub units: Vec<UnitReport>,
    /// The item's grade for the summary: the lowest of its units' grades.
    pub grade: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitStatus {
    /// Every owning bureau answered.
    Reported,
    /// Some owning bureaus answered, others did not.
    PartlyReported,
    /// No owning bureau answered: printed 未提出.
    Missing,
    /// Completed (完了) before this year; not asked again.
    CompletedEarlier,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitReport {
    pub id: UnitId,
    /// Index into the item's initiatives, or None when the item is reported as a whole.
    pub initiative: Option<usize>,
    pub title: String,
    pub bureaus: Vec<Bureau>,
    pub status: UnitStatus,
    /// One entry per owning bureau that answered, in the order of `bureaus`.
    pub entries: Vec<Entry>,
    pub missing_bureaus: Vec<Bureau>,
    pub grade: Option<UnitGrade>,
    pub indicators: Vec<IndicatorResult>,
    /// Sum of the entries' 効果額, in thousand yen.
    pub effect_thousand_yen: Option<f64>,
}

/// The grade a unit gets. When bureaus disagree, the lower grade, and `disagreement` names
/// what each bureau said.
#[derive(Debug, Clone, Serialize)]
pub struct UnitGrade {
    pub symbol: String,
    pub reason: Option<String>,
    pub on_target: bool,
    pub disagreement: Option<Vec<(Bureau, String)>>,
}

/// Where an entry came from (the bureau's file, sheet and row), so that a printed word can
/// be traced back to the cell it was typed in.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct EntrySource {
    pub file: String,
    pub sheet: String,
    /// 1-based row on the sheet.
    pub row: u32,
}

/// What one bureau reported for one unit, word for word as it typed it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    pub bureau: Bureau,
    /// 取組実績.
    pub result: String,
    pub grade: Option<String>,
    pub reason: Option<String>,
    pub effect_thousand_yen: Option<f64>,
    /// 課題・今後の取組.
    pub issues: String,
    /// One per indicator of the unit, in the master's order.
    pub actuals: Vec<Option<f64>>,
    pub source: EntrySource,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorResult {
    pub name: String,
    pub unit: String,
    pub better: Better,
    /// The target that applies this year and the period it is set for.
    pub target: Option<f64>,
    pub target_period: Option<String>,
    pub baseline: Option<f64>,
    /// The reported value (the first bureau's when several report one).
    pub actual: Option<f64>,
    /// actual / target (or target / actual when lower is better), 1.0 = on target.
    pub achievement: Option<f64>,
    /// The grade the figures alone suggest, when they are far from the reported one.
    pub suggests_behind: bool,
    /// Decimals the plan prints the values with (98.0％ → 1).
    pub decimals: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct BureauStatus {
    pub bureau: Bureau,
    /// The submitted file's name, if one was found.
    pub file: Option<String>,
    pub expected: usize,
    pub answered: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Report {
    pub fn units(&self) -> impl Iterator<Item = (&ItemReport, &UnitReport)> {
        self.items
            .iter()
            .flat_map(|i| i.units.iter().map(move |u| (i, u)))
    }

    /// Last year's grade and the trend for a unit, when comparing years.
    pub fn change(&self, unit: &UnitId) -> Option<&super::compare::UnitChange> {
        self.comparison.as_ref()?.units.get(&unit.to_string())
    }

    /// The report restricted to the units a bureau owns (build --by-bureau): the one place
    /// "only this bureau" is decided, before any renderer runs. Shared units keep every
    /// owner's entry: the unit's report is one thing. Items keep only the bureau's units, and
    /// their grade is recomputed from those, as `merge` computes it.
    pub fn for_bureau(&self, bureau: &Bureau) -> Report {
        let mut meta = self.meta.clone();
        meta.bureau = Some(bureau.clone());
        let bureau = bureau.as_str();
        let report = self;
        let items = report
            .items
            .iter()
            .filter_map(|item| {
                let units: Vec<UnitReport> = item
                    .units
                    .iter()
                    .filter(|u| u.bureaus.iter().any(|b| b.as_str() == bureau))
                    .cloned()
                    .collect();
                if units.is_empty() {
                    return None;
                }
                let grade = item_grade(&report.scale, &units);
                Some(ItemReport {
                    item: item.item.clone(),
                    units,
                    grade,
                })
            })
            .collect();
        Report {
            meta,
            scale: report.scale.clone(),
            reasons: report.reasons.clone(),
            pillars: report.pillars.clone(),
            items,
            bureaus: report
                .bureaus
                .iter()
                .filter(|b| b.bureau.as_str() == bureau)
                .cloned()
                .collect(),
            comparison: report.comparison.clone(),
        }
    }

    pub fn grade(&self, symbol: &str) -> Option<&Grade> {
        self.scale.get(symbol)
    }
}

/// An item's grade: the lowest of its units' grades.
pub fn item_grade(scale: &GradeScale, units: &[UnitReport]) -> Option<String> {
    scale
        .lowest(
            units
                .iter()
                .filter_map(|u| u.grade.as_ref())
                .map(|g| &g.symbol),
        )
        .cloned()
}
