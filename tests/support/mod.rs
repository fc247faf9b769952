//! Shared by the layout tests and benchmark: a simple typesetter and a report built from the
//! bundled plan with synthetic, deterministic bureau entries.
#![allow(dead_code)]

use std::cell::Cell;

use shinchoku::plan::{Bureau, FiscalYear, Plan, ReportingUnit};
use shinchoku::render::pdf::ir::{FontStyle, Typesetter};
use shinchoku::report::{
    BureauEntry, BureauStatus, IndicatorResult, ItemReport, Report, ReportMeta, SourceRef,
    UnitGrade, UnitReport, UnitStatus,
};

/// Every CJK character 1 em, ASCII and half-width katakana ½ em, lines broken after any
/// character. Emoji and private-use characters have no glyph. Counts its work, so tests can
/// check that layout stays linear.
#[derive(Default)]
pub struct Mono {
    pub breaks: Cell<usize>,
}

impl Typesetter for Mono {
    fn advance(&self, c: char, _style: FontStyle, size: f32) -> f32 {
        if c.is_ascii() || ('\u{FF61}'..='\u{FF9F}').contains(&c) {
            size * 0.5
        } else {
            size
        }
    }

    fn has_glyph(&self, c: char, _style: FontStyle) -> bool {
        let n = c as u32;
        !(n >= 0x1F000 || (0xE000..=0xF8FF).contains(&n) || c.is_control())
    }

    fn break_lines(
        &self,
        paragraph: &str,
        first_width: f32,
        rest_width: f32,
        size: f32,
        style: FontStyle,
    ) -> Vec<String> {
        self.breaks.set(self.breaks.get() + 1);
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut w = 0.0;
        for c in paragraph.chars() {
            let a = self.advance(c, style, size);
            let limit = if lines.is_empty() {
                first_width
            } else {
                rest_width
            };
            if !line.is_empty() && w + a > limit {
                lines.push(std::mem::take(&mut line));
                w = 0.0;
            }
            line.push(c);
            w += a;
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }
}

pub fn year() -> FiscalYear {
    "R3".parse().unwrap()
}

pub fn plan() -> Plan {
    shinchoku::plan::load_bundled().expect("the bundled plan loads")
}

/// What one bureau wrote, made up from the unit's own text so it reads plausibly.
pub fn entry(unit: &ReportingUnit, bureau: &Bureau, n: usize, grade: &str) -> BureauEntry {
    let title = unit.title();
    let result = if n % 5 == 0 {
        format!("　令和3年度は、{title}について計画どおり取り組んだ。\n　関係課と連携し、進捗を四半期ごとに確認した。")
    } else {
        format!("　令和3年度は、{title}に取り組んだ。")
    };
    BureauEntry {
        bureau: bureau.clone(),
        result,
        grade: Some(grade.to_string()),
        reason: (grade == "△" && n % 2 == 0).then(|| "コロナ".to_string()),
        effect_thousand_yen: (n % 4 == 0).then_some((n as f64 * 1234.0) % 98765.0 + 100.0),
        issues: if n % 3 == 0 {
            String::new()
        } else {
            "　引き続き着実に取り組む。".to_string()
        },
        actuals: unit
            .text()
            .indicators
            .iter()
            .map(|_| Some(95.0 + (n % 7) as f64))
            .collect(),
        source: SourceRef {
            file: format!("{bureau}.xlsx"),
            sheet: "入力".into(),
            row: 4 + n as u32,
        },
    }
}

const GRADES: [&str; 8] = ["○", "○", "◎", "△", "○", "×", "完了", "○"];

/// The report for the bundled plan with every owning bureau answering (a few units left
/// unanswered, one graded differently by two bureaus).
pub fn report() -> Report {
    report_for(&plan())
}

pub fn report_for(plan: &Plan) -> Report {
    let year = year();
    let scale = plan.settings.grades.clone();
    let mut n = 0;
    let mut items = Vec::new();
    for item in &plan.items {
        let mut units = Vec::new();
        for unit in item.units() {
            n += 1;
            let bureaus = unit.bureaus().to_vec();
            let missing = n % 37 == 0;
            let entries: Vec<BureauEntry> = if missing {
                Vec::new()
            } else {
                bureaus
                    .iter()
                    .enumerate()
                    .map(|(k, b)| {
                        // The second bureau of a shared unit sometimes sees it one step lower.
                        let g = if k == 1 && n % 3 == 0 {
                            "△"
                        } else {
                            GRADES[n % GRADES.len()]
                        };
                        entry(&unit, b, n, g)
                    })
                    .collect()
            };
            units.push(unit_report(plan, &unit, entries, year));
        }
        let grade = lowest(plan, &units);
        items.push(ItemReport {
            item: item.clone(),
            units,
            grade,
        });
    }
    let bureaus = plan
        .reporting_bureaus()
        .into_iter()
        .map(|b| {
            let expected = plan.units().filter(|u| u.owned_by(b.as_str())).count();
            BureauStatus {
                bureau: b.clone(),
                file: Some(format!("{b}.xlsx")),
                expected,
                answered: expected,
                errors: 0,
                warnings: 0,
            }
        })
        .collect();
    Report {
        meta: ReportMeta {
            plan_name: plan.meta.name.clone(),
            organisation: plan.meta.organisation.clone(),
            year,
            date: "令和4年6月1日".into(),
            incomplete: false,
        },
        scale,
        reasons: plan.settings.reasons.clone(),
        pillars: plan.pillars.clone(),
        items,
        bureaus,
        comparison: None,
    }
}

/// A unit's report from the entries its bureaus gave, merged the way the report model
/// describes: the lowest grade wins and the disagreement is noted.
pub fn unit_report(
    plan: &Plan,
    unit: &ReportingUnit,
    entries: Vec<BureauEntry>,
    year: FiscalYear,
) -> UnitReport {
    let bureaus = unit.bureaus().to_vec();
    let missing_bureaus: Vec<Bureau> = bureaus
        .iter()
        .filter(|b| !entries.iter().any(|e| &e.bureau == *b))
        .cloned()
        .collect();
    let status = if entries.is_empty() {
        UnitStatus::Missing
    } else if missing_bureaus.is_empty() {
        UnitStatus::Reported
    } else {
        UnitStatus::PartlyReported
    };
    let graded: Vec<(&BureauEntry, &shinchoku::plan::Grade)> = entries
        .iter()
        .filter_map(|e| Some((e, plan.settings.grade(e.grade.as_deref()?)?)))
        .collect();
    let grade = graded.iter().min_by_key(|(_, g)| g.level).map(|(e, g)| {
        let differs = graded.iter().any(|(_, o)| o.symbol != g.symbol);
        UnitGrade {
            symbol: g.symbol.clone(),
            reason: e.reason.clone(),
            on_target: g.on_target,
            disagreement: differs.then(|| {
                graded
                    .iter()
                    .map(|(e, g)| (e.bureau.clone(), g.symbol.clone()))
                    .collect()
            }),
        }
    });
    let indicators = unit
        .text()
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let target = ind.effective_target(year);
            let actual = entries
                .first()
                .and_then(|e| e.actuals.get(i).copied().flatten());
            IndicatorResult {
                name: ind.name.clone(),
                unit: ind.unit.clone(),
                better: ind.better,
                target: target.map(|t| t.value),
                target_period: target.map(|t| t.period.clone()),
                baseline: ind.baseline.as_ref().map(|b| b.value),
                actual,
                achievement: match (actual, target) {
                    (Some(a), Some(t)) => {
                        shinchoku::report::merge::achievement(ind.better, t.value, a)
                    }
                    _ => None,
                },
                suggests_behind: false,
                decimals: ind.decimals(),
            }
        })
        .collect();
    let effects: Vec<f64> = entries
        .iter()
        .filter_map(|e| e.effect_thousand_yen)
        .collect();
    UnitReport {
        id: unit.id(),
        initiative: unit.initiative,
        title: unit.title().to_string(),
        bureaus,
        status,
        missing_bureaus,
        grade,
        indicators,
        effect_thousand_yen: (!effects.is_empty()).then(|| effects.iter().sum()),
        entries,
    }
}

pub fn lowest(plan: &Plan, units: &[UnitReport]) -> Option<String> {
    let mut lowest: Option<&shinchoku::plan::Grade> = None;
    for u in units {
        let g = plan.settings.grade(&u.grade.as_ref()?.symbol)?;
        if lowest.is_none_or(|l| g.level < l.level) {
            lowest = Some(g);
        }
    }
    lowest.map(|g| g.symbol.clone())
}

/// The report `times` times over: copy k of item №n is №(n + 1000k), kept in plan order.
pub fn scaled(base: &Report, times: u32) -> Report {
    let mut r = base.clone();
    for k in 1..times {
        for item in &base.items {
            let mut copy = item.clone();
            copy.item.id.number += 1000 * k;
            for u in &mut copy.units {
                u.id = shinchoku::plan::UnitId {
                    item: copy.item.id,
                    initiative: u.id.initiative,
                };
            }
            r.items.push(copy);
        }
    }
    r.items.sort_by_key(|i| {
        (
            i.item.section.pillar,
            i.item.section.section,
            i.item.section.subsection,
        )
    });
    r
}
