//! Master + checked submissions → the report model. Every owning bureau's entry is kept (none
//! is dropped when several bureaus answer one unit); the unit's grade is the lowest of theirs,
//! recorded as a disagreement when they differ.

use std::collections::HashMap;

use super::model::*;
use crate::plan::{Better, Bureau, FiscalYear, Indicator, Plan, ReportDate, ReportingUnit, UnitId};
use crate::workbook::check::CheckOutcome;
use crate::workbook::schema;
use crate::workbook::{BureauEntry, Severity};

pub struct MergeOptions {
    /// The report's date.
    pub date: ReportDate,
    pub incomplete: bool,
}

pub fn merge(plan: &Plan, year: FiscalYear, outcome: &CheckOutcome, opts: &MergeOptions) -> Report {
    let mut answers: HashMap<(UnitId, &str), &BureauEntry> = HashMap::new();
    for s in &outcome.submissions {
        for a in &s.answers {
            answers.insert((a.unit.clone(), s.meta.bureau.as_str()), &a.entry);
        }
    }
    // Only what the plan held that year: an item added later, or withdrawn before, is not
    // part of this year's report (the history shows it as 対象外).
    let items = plan
        .items
        .iter()
        .filter(|item| item.in_force(year))
        .map(|item| {
            let units: Vec<UnitReport> = item
                .units()
                .iter()
                .filter(|u| u.in_force(year))
                .map(|u| unit_report(plan, year, u, &answers))
                .collect();
            let grade = item_grade(&plan.settings.grades, &units);
            ItemReport {
                item: item.clone(),
                units,
                grade,
            }
        })
        .collect();
    let bureaus = plan
        .reporting_bureaus(year)
        .into_iter()
        .map(|b| bureau_status(plan, year, b, outcome))
        .collect();
    Report {
        meta: ReportMeta {
            plan_name: plan.meta.name.clone(),
            organisation: plan.meta.organisation.clone(),
            year,
            date: opts.date,
            incomplete: opts.incomplete,
            bureau: None,
        },
        scale: plan.settings.grades.clone(),
        reasons: plan.settings.reasons.clone(),
        pillars: plan.pillars.clone(),
        items,
        bureaus,
        comparison: None,
        history: None,
    }
}

impl From<&BureauEntry> for Entry {
    fn from(e: &BureauEntry) -> Entry {
        Entry {
            bureau: e.bureau.clone(),
            result: e.result.clone(),
            grade: e.grade.clone(),
            reason: e.reason.clone(),
            effect_thousand_yen: e.effect_thousand_yen,
            issues: e.issues.clone(),
            actuals: e.actuals.clone(),
            source: EntrySource {
                file: e.source.file.clone(),
                sheet: e.source.sheet.clone(),
                row: e.source.row,
            },
        }
    }
}

fn unit_report(
    plan: &Plan,
    year: FiscalYear,
    u: &ReportingUnit,
    answers: &HashMap<(UnitId, &str), &BureauEntry>,
) -> UnitReport {
    let id = u.id();
    let bureaus = u.bureaus().to_vec();
    if u.completed() {
        let done = plan.settings.grades.completing();
        return UnitReport {
            id,
            initiative: u.initiative,
            title: u.title().to_string(),
            bureaus,
            status: UnitStatus::CompletedEarlier,
            entries: Vec::new(),
            missing_bureaus: Vec::new(),
            grade: done.map(|g| UnitGrade {
                symbol: g.symbol.clone(),
                reason: None,
                on_target: g.on_target,
                disagreement: None,
            }),
            indicators: Vec::new(),
            effect_thousand_yen: None,
        };
    }
    let mut entries = Vec::new();
    let mut missing_bureaus = Vec::new();
    for b in &bureaus {
        match answers.get(&(id.clone(), b.as_str())) {
            Some(e) => entries.push(Entry::from(*e)),
            None => missing_bureaus.push(b.clone()),
        }
    }
    let status = match (entries.is_empty(), missing_bureaus.is_empty()) {
        (true, _) => UnitStatus::Missing,
        (false, true) => UnitStatus::Reported,
        (false, false) => UnitStatus::PartlyReported,
    };
    let grade = unit_grade(plan, &entries);
    let indicators = u
        .text()
        .indicators
        .iter()
        .enumerate()
        .map(|(k, ind)| indicator_result(ind, k, year, &entries, grade.as_ref()))
        .collect();
    let effects: Vec<f64> = entries
        .iter()
        .filter_map(|e| e.effect_thousand_yen)
        .collect();
    UnitReport {
        id,
        initiative: u.initiative,
        title: u.title().to_string(),
        bureaus,
        status,
        entries,
        missing_bureaus,
        grade,
        indicators,
        effect_thousand_yen: (!effects.is_empty()).then(|| effects.iter().sum()),
    }
}

fn unit_grade(plan: &Plan, entries: &[Entry]) -> Option<UnitGrade> {
    let graded: Vec<&Entry> = entries.iter().filter(|e| e.grade.is_some()).collect();
    let symbol = plan
        .settings
        .grades
        .lowest(graded.iter().filter_map(|e| e.grade.as_ref()))?
        .clone();
    let differ = graded.iter().any(|e| e.grade.as_deref() != Some(&symbol));
    let reason = graded
        .iter()
        .filter(|e| e.grade.as_deref() == Some(&symbol))
        .find_map(|e| e.reason.clone());
    Some(UnitGrade {
        on_target: plan.settings.grade(&symbol).is_some_and(|g| g.on_target),
        disagreement: differ.then(|| {
            graded
                .iter()
                .map(|e| (e.bureau.clone(), e.grade.clone().unwrap_or_default()))
                .collect::<Vec<(Bureau, String)>>()
        }),
        symbol,
        reason,
    })
}

fn indicator_result(
    ind: &Indicator,
    k: usize,
    year: FiscalYear,
    entries: &[Entry],
    grade: Option<&UnitGrade>,
) -> IndicatorResult {
    let target = ind.effective_target(year);
    let actual = entries
        .iter()
        .find_map(|e| e.actuals.get(k).copied().flatten());
    let achievement = match (target, actual) {
        (Some(t), Some(a)) => ind.better.achievement(t.value, a),
        _ => None,
    };
    let suggests_behind =
        achievement.is_some_and(|r| r < Better::BEHIND) && grade.is_some_and(|g| g.on_target);
    IndicatorResult {
        name: ind.name.clone(),
        unit: ind.unit.clone(),
        better: ind.better,
        target: target.map(|t| t.value),
        target_period: target.map(|t| t.period.clone()),
        baseline: ind.baseline.as_ref().map(|b| b.value),
        actual,
        achievement,
        suggests_behind,
        decimals: ind.decimals(),
    }
}

fn bureau_status(
    plan: &Plan,
    year: FiscalYear,
    b: &Bureau,
    outcome: &CheckOutcome,
) -> BureauStatus {
    let sub = outcome.submission_for(b.as_str());
    let count = |s: Severity| {
        outcome
            .diagnostics
            .iter()
            .filter(|d| d.severity == s && d.bureau.as_deref() == Some(b.as_str()))
            .count()
    };
    BureauStatus {
        bureau: b.clone(),
        file: sub.map(|s| s.file.clone()),
        expected: schema::units_for_bureau(plan, b.as_str(), year).len(),
        answered: sub
            .map(|s| {
                s.answers
                    .iter()
                    .filter(|a| !a.entry.result.is_empty() && a.entry.grade.is_some())
                    .count()
            })
            .unwrap_or(0),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
    }
}

/// The plan merged with no submissions, every unit 未提出: a report for tests of what is
/// made from one, to fill in as they need.
#[cfg(test)]
pub(crate) fn unanswered(plan: &Plan, year: FiscalYear) -> Report {
    let outcome = CheckOutcome {
        submissions: Vec::new(),
        diagnostics: Vec::new(),
        files: Vec::new(),
    };
    let opts = MergeOptions {
        date: ReportDate::after_fiscal_year(year),
        incomplete: true,
    };
    merge(plan, year, &outcome, &opts)
}
