//! The merged report: the master's items with each bureau's entries for the year, the grade
//! each unit gets, indicator results, and the submission status of every bureau. Renderers
//! read only this (never the workbooks), so PDF, spreadsheet and HTML say the same thing.

use std::collections::BTreeMap;

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
    pub comparison: Option<Comparison>,
    /// Every year of the plan period so far (build --history).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<History>,
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
    pub fn change(&self, unit: &UnitId) -> Option<&UnitChange> {
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
            history: report.history.clone(),
        }
    }

    pub fn grade(&self, symbol: &str) -> Option<&Grade> {
        self.scale.get(symbol)
    }

    /// A unit's record over the plan period, when the report has a history.
    pub fn unit_history(&self, unit: &UnitId) -> Option<&UnitHistory> {
        self.history.as_ref()?.units.iter().find(|u| &u.id == unit)
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

/// Which way a unit's grade moved since last year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Up,
    Down,
    Same,
    /// Not graded last year (new unit, or no entry).
    New,
}

impl Trend {
    pub fn arrow(self) -> &'static str {
        match self {
            Trend::Up => "↑",
            Trend::Down => "↓",
            Trend::Same => "→",
            Trend::New => "新",
        }
    }
}

/// What last year's report said, reduced to what the comparison needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PreviousYear {
    pub year: Option<FiscalYear>,
    /// Unit id → grade symbol.
    pub unit_grades: BTreeMap<String, String>,
    /// Unit ids that were already completed (完了) last year.
    pub completed: Vec<String>,
    /// Item id → item grade.
    pub item_grades: BTreeMap<String, String>,
    pub effect_thousand_yen: f64,
}

/// This year against last year, for every output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub previous: PreviousYear,
    /// Unit id → (last year's grade, trend).
    pub units: BTreeMap<String, UnitChange>,
    /// Units completed this year that were not completed last year.
    pub newly_completed: Vec<String>,
    pub effect_change_thousand_yen: f64,
    /// Last year's share of items graded on target (0.0–1.0), when it had graded items.
    pub on_target_share_before: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitChange {
    pub previous: Option<String>,
    pub trend: Trend,
}

/// The plan period so far, year by year: what the council asks ("how far along is the plan?").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    /// Every fiscal year shown, oldest first; the report's own year last.
    pub years: Vec<FiscalYear>,
    /// Years inside the period for which no report.json was found: shown as gaps, not zeros.
    pub missing_years: Vec<FiscalYear>,
    /// The figures of each year in `years`, in the same order.
    pub figures: Vec<YearFigures>,
    /// The plan's expected 効果額 over the period (settings.toml), when it says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimate_thousand_yen: Option<f64>,
    /// Each unit of this year's report, in plan order, with one record per year of `years`.
    pub units: Vec<UnitHistory>,
    /// Units graded below target this year and the year before (or longer), in plan order.
    pub behind: Vec<UnitId>,
}

/// One year's figures for the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearFigures {
    pub year: FiscalYear,
    /// Items in that year's report, and of those graded on target.
    pub items: usize,
    pub on_target: usize,
    /// `on_target / items` (0.0–1.0); None when the report had no items.
    pub on_target_share: Option<f64>,
    /// The year's 効果額 and the running total since the first year shown.
    pub effect_thousand_yen: f64,
    pub cumulative_thousand_yen: f64,
    /// The plan's estimate for that year, if settings.toml gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimate_thousand_yen: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitHistory {
    pub id: UnitId,
    pub years: Vec<UnitYear>,
}

/// What one year's report said of one unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitYear {
    pub year: FiscalYear,
    pub state: YearState,
    pub grade: Option<String>,
    /// Each reporting bureau's 取組実績, as published that year.
    pub results: Vec<(String, String)>,
    pub effect_thousand_yen: Option<f64>,
    /// Per indicator of the unit (this year's master order): that year's target and actual.
    pub indicators: Vec<IndicatorYear>,
    /// The unit's plan text that year differs from today's master (改定).
    pub revised: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum YearState {
    /// In that year's report.
    Reported,
    /// The unit was not in that year's report (added later to the plan): 対象外.
    NotInForce,
    /// No report.json was found for that year.
    NoReport,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorYear {
    pub target: Option<f64>,
    pub actual: Option<f64>,
}
