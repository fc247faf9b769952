//! Last year's answers, bureau by bureau: what the new workbooks show beside each row
//! (`templates --previous`) and what this year's answers are checked against
//! (`check --previous`). Made from last year's report.json or its workbooks by the build
//! pipeline; this module only knows the answers, not where they came from.

use std::collections::{HashMap, HashSet};

use super::check::CheckOutcome;
use super::reader::unit_label;
use super::schema::{self, indicator_value_col, Col, INPUT_SHEET};
use super::{BureauEntry, Diagnostic};
use crate::plan::{format, FiscalYear, Plan, ReportingUnit, UnitId};

/// What one bureau answered for one unit last year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LastYearAnswer {
    pub grade: Option<String>,
    /// 取組実績, word for word.
    pub result: String,
    pub effect_thousand_yen: Option<f64>,
    /// One per indicator, in the master's order of that year.
    pub actuals: Vec<Option<f64>>,
}

impl From<&BureauEntry> for LastYearAnswer {
    fn from(e: &BureauEntry) -> Self {
        LastYearAnswer {
            grade: e.grade.clone(),
            result: e.result.clone(),
            effect_thousand_yen: e.effect_thousand_yen,
            actuals: e.actuals.clone(),
        }
    }
}

/// Every bureau's answers of one earlier year.
#[derive(Debug, Clone, PartialEq)]
pub struct LastYear {
    pub year: FiscalYear,
    /// The units that year's report held (a unit added since is not among them).
    units: HashSet<UnitId>,
    answers: HashMap<(UnitId, String), LastYearAnswer>,
}

/// What last year says about a unit, for one bureau.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LastYearFor<'a> {
    /// The unit was not part of the plan that year.
    NotInForce,
    /// It was, but this bureau's answer is not on record.
    NoAnswer,
    Answered(&'a LastYearAnswer),
}

impl LastYear {
    pub fn new(year: FiscalYear) -> LastYear {
        LastYear {
            year,
            units: HashSet::new(),
            answers: HashMap::new(),
        }
    }

    /// Records that the unit was part of that year's report.
    pub fn add_unit(&mut self, unit: UnitId) {
        self.units.insert(unit);
    }

    pub fn add_answer(&mut self, unit: UnitId, bureau: &str, answer: LastYearAnswer) {
        self.units.insert(unit.clone());
        self.answers.insert((unit, bureau.to_string()), answer);
    }

    /// Last year's answers as read from that year's checked workbooks.
    pub fn from_outcome(plan: &Plan, year: FiscalYear, outcome: &CheckOutcome) -> LastYear {
        let mut last = LastYear::new(year);
        for u in plan.units_in(year) {
            last.add_unit(u.id());
        }
        for s in &outcome.submissions {
            for a in &s.answers {
                last.add_answer(a.unit.clone(), &s.meta.bureau, (&a.entry).into());
            }
        }
        last
    }

    pub fn get(&self, unit: &UnitId, bureau: &str) -> LastYearFor<'_> {
        if !self.units.contains(unit) {
            return LastYearFor::NotInForce;
        }
        match self.answers.get(&(unit.clone(), bureau.to_string())) {
            Some(a) => LastYearFor::Answered(a),
            None => LastYearFor::NoAnswer,
        }
    }

    /// Warnings on this year's answers that read like last year's, or move far from them.
    /// Each is located to the cell and asks for the reason in 課題・今後の取組; none is an
    /// error, since a bureau may have good reason.
    pub fn check(&self, plan: &Plan, year: FiscalYear, outcome: &CheckOutcome) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for s in &outcome.submissions {
            for a in &s.answers {
                let Some(unit) = plan.unit(&a.unit) else {
                    continue;
                };
                let LastYearFor::Answered(before) = self.get(&a.unit, &s.meta.bureau) else {
                    continue;
                };
                let at = |col: u16, message: String| {
                    Diagnostic::warning(message)
                        .in_file(&s.file)
                        .for_bureau(&s.meta.bureau)
                        .at(INPUT_SHEET, schema::cell_name(a.entry.source.row - 1, col))
                };
                for (col, message) in self.differences(plan, year, &unit, &a.entry, before) {
                    out.push(at(col, message));
                }
            }
        }
        out
    }

    /// (column, message) for each way an answer departs from last year's.
    fn differences(
        &self,
        plan: &Plan,
        year: FiscalYear,
        unit: &ReportingUnit,
        now: &BureauEntry,
        before: &LastYearAnswer,
    ) -> Vec<(u16, String)> {
        let label = unit_label(unit);
        let last = self.year.wareki();
        let ask = "理由を「課題・今後の取組」に書いてください";
        let mut out = Vec::new();
        if !now.result.trim().is_empty() && now.result.trim() == before.result.trim() {
            out.push((
                Col::Result.index(),
                format!(
                    "{label}: 前年度と同じ記載です。今年度の取組を記入してください（{last}の取組実績と一字一句同じです。同じ内容になる場合は、{ask}）"
                ),
            ));
        }
        let scale = &plan.settings.grades;
        if let (Some(g_now), Some(g_before)) = (&now.grade, &before.grade) {
            let level = |s: &str| scale.iter().find(|g| g.symbol == s).map(|g| g.level);
            if let (Some(a), Some(b)) = (level(g_now), level(g_before)) {
                if b - a >= 2 {
                    out.push((
                        Col::Grade.index(),
                        format!(
                            "{label}: 評価が{last}の「{g_before}」から「{g_now}」へ{}段階下がっています。{ask}",
                            b - a
                        ),
                    ));
                }
            }
        }
        if let (Some(e_now), Some(e_before)) = (now.effect_thousand_yen, before.effect_thousand_yen)
        {
            if e_before != 0.0 && (e_now - e_before).abs() > e_before.abs() / 2.0 {
                out.push((
                    Col::Effect.index(),
                    format!(
                        "{label}: 効果額が{last}の{}から{}へ、半分を超えて変わっています（{}）。{ask}",
                        format::yen_thousands(e_before),
                        format::yen_thousands(e_now),
                        format::signed_yen_thousands(e_now - e_before),
                    ),
                ));
            }
        }
        for (k, ind) in unit.text().indicators.iter().enumerate() {
            let (Some(Some(a)), Some(Some(b))) = (now.actuals.get(k), before.actuals.get(k)) else {
                continue;
            };
            let Some(target) = ind.effective_target(year) else {
                continue;
            };
            let (Some(closeness_now), Some(closeness_before)) = (
                ind.better.achievement(target.value, *a),
                ind.better.achievement(target.value, *b),
            ) else {
                continue;
            };
            if closeness_now < 1.0 && closeness_now < closeness_before {
                out.push((
                    indicator_value_col(k),
                    format!(
                        "{label}: {}の実績値が{last}の{}{}から{}{}になり、目標（{}{}）から遠ざかっています。{ask}",
                        ind.name,
                        format::plain(*b),
                        ind.unit,
                        format::plain(*a),
                        ind.unit,
                        format::plain(target.value),
                        ind.unit,
                    ),
                ));
            }
        }
        out
    }
}
