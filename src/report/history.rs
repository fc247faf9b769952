//! The plan period so far: each unit's record across the years, from the report.json files the
//! office archived (報告書/R1/, 報告書/R2/, …) and this year's report. Earlier reports may come
//! from an older master: units are matched by item number and initiative, a unit missing from
//! a year is 対象外 (never dropped), and one whose plan text differs is marked 改定.

use std::collections::HashMap;

use serde::Deserialize;

use super::model::{
    History, IndicatorYear, Report, UnitHistory, UnitStatus, UnitYear, YearFigures, YearState,
};
use super::summary::summarize;
use crate::plan::{FiscalYear, Plan, UnitId};
use crate::workbook::last_year::{LastYear, LastYearAnswer};

/// One earlier year's report.json, reduced to what the history needs. Unknown fields are
/// ignored, so reports written by older versions of the tool still read.
#[derive(Debug, Clone, Deserialize)]
pub struct ArchivedReport {
    meta: ArchivedMeta,
    #[serde(default)]
    scale: Vec<ArchivedGrade>,
    items: Vec<ArchivedItem>,
}

#[derive(Debug, Clone, Deserialize)]
struct ArchivedMeta {
    year: u16,
}

#[derive(Debug, Clone, Deserialize)]
struct ArchivedGrade {
    symbol: String,
    #[serde(default)]
    on_target: bool,
}

#[derive(Debug, Clone, Deserialize)]
struct ArchivedItem {
    item: serde_json::Value,
    #[serde(default)]
    units: Vec<ArchivedUnit>,
    #[serde(default)]
    grade: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct ArchivedUnit {
    id: String,
    #[serde(default)]
    initiative: Option<usize>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    grade: Option<ArchivedUnitGrade>,
    #[serde(default)]
    entries: Vec<ArchivedEntry>,
    #[serde(default)]
    indicators: Vec<ArchivedIndicator>,
    #[serde(default)]
    effect_thousand_yen: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
struct ArchivedUnitGrade {
    symbol: String,
}

#[derive(Debug, Clone, Deserialize)]
struct ArchivedEntry {
    bureau: String,
    #[serde(default)]
    result: String,
    #[serde(default)]
    grade: Option<String>,
    #[serde(default)]
    effect_thousand_yen: Option<f64>,
    #[serde(default)]
    actuals: Vec<Option<f64>>,
}

#[derive(Debug, Clone, Deserialize)]
struct ArchivedIndicator {
    #[serde(default)]
    name: String,
    #[serde(default)]
    target: Option<f64>,
    #[serde(default)]
    actual: Option<f64>,
}

/// Why an archived report cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveProblem {
    /// Not JSON, or not the shape of a report.json written by `build`.
    NotOurs(String),
    /// A fiscal year that cannot be.
    BadYear(u16),
}

impl ArchivedReport {
    pub fn from_json(text: &str) -> Result<ArchivedReport, ArchiveProblem> {
        let r: ArchivedReport =
            serde_json::from_str(text).map_err(|e| ArchiveProblem::NotOurs(e.to_string()))?;
        r.year().ok_or(ArchiveProblem::BadYear(r.meta.year))?;
        Ok(r)
    }

    pub fn year(&self) -> Option<FiscalYear> {
        FiscalYear::new(self.meta.year)
    }

    /// Every bureau's answers of that year, for the workbooks and checks of the next.
    pub fn last_year(&self) -> Option<LastYear> {
        let mut last = LastYear::new(self.year()?);
        for item in &self.items {
            for u in &item.units {
                let Ok(id) = u.id.parse::<UnitId>() else {
                    continue;
                };
                last.add_unit(id.clone());
                for e in &u.entries {
                    last.add_answer(
                        id.clone(),
                        &e.bureau,
                        LastYearAnswer {
                            grade: e.grade.clone(),
                            result: e.result.clone(),
                            effect_thousand_yen: e.effect_thousand_yen,
                            actuals: e.actuals.clone(),
                        },
                    );
                }
            }
        }
        Some(last)
    }

    fn on_target(&self, symbol: &str) -> bool {
        self.scale.iter().any(|g| g.symbol == symbol && g.on_target)
    }
}

/// The history of `report` over the earlier years `archived` (any order, one per year, all
/// before the report's year). The years shown run from the earliest found to this year;
/// years in between with no report are listed as missing.
pub fn history(plan: &Plan, report: &Report, archived: &[ArchivedReport]) -> History {
    let mut earlier: Vec<(FiscalYear, &ArchivedReport)> = archived
        .iter()
        .filter_map(|a| a.year().map(|y| (y, a)))
        .filter(|(y, _)| *y < report.meta.year)
        .collect();
    earlier.sort_by_key(|(y, _)| *y);
    let first = earlier.first().map(|(y, _)| *y).unwrap_or(report.meta.year);
    let mut years = Vec::new();
    let mut y = first;
    while y < report.meta.year {
        years.push(y);
        y = y.next();
    }
    years.push(report.meta.year);
    let by_year: HashMap<FiscalYear, &ArchivedReport> = earlier.iter().copied().collect();
    let missing_years: Vec<FiscalYear> = years
        .iter()
        .copied()
        .filter(|y| *y != report.meta.year && !by_year.contains_key(y))
        .collect();

    let estimate = plan.settings.effect_estimate_thousand_yen.as_ref();
    let now = summarize(report);
    let mut cumulative = 0.0;
    let figures = years
        .iter()
        .map(|&year| {
            let (items, on_target, effect) = if year == report.meta.year {
                (
                    now.total.items,
                    now.total.on_target,
                    now.effect.total_thousand_yen,
                )
            } else if let Some(a) = by_year.get(&year) {
                year_figures(a)
            } else {
                (0, 0, 0.0)
            };
            cumulative += effect;
            YearFigures {
                year,
                items,
                on_target,
                on_target_share: (items > 0).then(|| on_target as f64 / items as f64),
                effect_thousand_yen: effect,
                cumulative_thousand_yen: cumulative,
                estimate_thousand_yen: estimate.and_then(|e| e.for_year(year.start_year())),
            }
        })
        .collect();

    let mut units = Vec::new();
    let mut behind = Vec::new();
    let index: Vec<HashMap<&str, (&ArchivedItem, &ArchivedUnit)>> = years
        .iter()
        .map(|y| {
            by_year
                .get(y)
                .map(|a| {
                    a.items
                        .iter()
                        .flat_map(|i| i.units.iter().map(move |u| (u.id.as_str(), (i, u))))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    for (_, unit) in report.units() {
        let id = unit.id.to_string();
        let master = plan.unit(&unit.id);
        let mut record = Vec::with_capacity(years.len());
        for (k, &year) in years.iter().enumerate() {
            if year == report.meta.year {
                record.push(UnitYear {
                    year,
                    state: YearState::Reported,
                    grade: unit.grade.as_ref().map(|g| g.symbol.clone()),
                    results: unit
                        .entries
                        .iter()
                        .map(|e| (e.bureau.to_string(), e.result.clone()))
                        .collect(),
                    effect_thousand_yen: unit.effect_thousand_yen,
                    indicators: unit
                        .indicators
                        .iter()
                        .map(|i| IndicatorYear {
                            target: i.target,
                            actual: i.actual,
                        })
                        .collect(),
                    revised: false,
                });
                continue;
            }
            let state = if by_year.contains_key(&year) {
                YearState::NotInForce
            } else {
                YearState::NoReport
            };
            let Some((a_item, a_unit)) = index[k].get(id.as_str()) else {
                record.push(UnitYear {
                    year,
                    state,
                    grade: None,
                    results: Vec::new(),
                    effect_thousand_yen: None,
                    indicators: Vec::new(),
                    revised: false,
                });
                continue;
            };
            let revised = master
                .is_some_and(|m| a_unit.title != m.title() || !same_text(a_item, a_unit, m.text()));
            record.push(UnitYear {
                year,
                state: YearState::Reported,
                grade: a_unit.grade.as_ref().map(|g| g.symbol.clone()),
                results: a_unit
                    .entries
                    .iter()
                    .map(|e| (e.bureau.clone(), e.result.clone()))
                    .collect(),
                effect_thousand_yen: a_unit.effect_thousand_yen,
                indicators: unit
                    .indicators
                    .iter()
                    .map(|now| {
                        let then = a_unit.indicators.iter().find(|i| i.name == now.name);
                        IndicatorYear {
                            target: then.and_then(|i| i.target),
                            actual: then.and_then(|i| i.actual),
                        }
                    })
                    .collect(),
                revised,
            });
        }
        let below = |u: &UnitYear, on_target: &dyn Fn(&str) -> bool| {
            u.state == YearState::Reported && u.grade.as_deref().is_some_and(|g| !on_target(g))
        };
        let n = record.len();
        let this_year_behind = below(&record[n - 1], &|g| {
            report.grade(g).is_some_and(|g| g.on_target)
        });
        let last_year_behind = n >= 2
            && years[n - 2].next() == report.meta.year
            && by_year
                .get(&years[n - 2])
                .is_some_and(|a| below(&record[n - 2], &|g| a.on_target(g)));
        if this_year_behind && last_year_behind && unit.status != UnitStatus::CompletedEarlier {
            behind.push(unit.id.clone());
        }
        units.push(UnitHistory {
            id: unit.id.clone(),
            years: record,
        });
    }
    History {
        years,
        missing_years,
        figures,
        estimate_thousand_yen: estimate.map(|e| e.total()),
        units,
        behind,
    }
}

/// (items, items on target, 効果額) of an archived year, counted as `summarize` counts this
/// year: every item of the report, on target by the grade its report gave it.
fn year_figures(a: &ArchivedReport) -> (usize, usize, f64) {
    let on_target = a
        .items
        .iter()
        .filter_map(|i| i.grade.as_deref())
        .filter(|g| a.on_target(g))
        .count();
    let effect = a
        .items
        .iter()
        .flat_map(|i| &i.units)
        .filter_map(|u| u.effect_thousand_yen)
        .filter(|v| v.is_finite())
        .sum();
    (a.items.len(), on_target, effect)
}

/// Whether the archived unit's 取組内容 and 目標 read as today's master does.
fn same_text(item: &ArchivedItem, unit: &ArchivedUnit, now: &crate::plan::UnitText) -> bool {
    let text = match unit.initiative {
        Some(i) => &item.item["initiatives"][i],
        None => &item.item,
    };
    let field = |k: &str| text[k].as_str().map(str::to_string);
    field("content") == now.content && field("goal") == now.goal
}
