//! The report's figures at a glance: grades counted per pillar and section, the share of
//! items on target, 効果額 totals and the largest contributors. Computed here once so the PDF,
//! spreadsheet and HTML print the same numbers.

use serde::Serialize;

use super::model::{ItemReport, Report, UnitReport, UnitStatus};
use crate::plan::{Bureau, Grade, ItemId, UnitId};

/// How many contributors the summary names.
pub const TOP_EFFECTS: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The symbols counted in `Tally::by_grade`, in the scale's order (best first).
    pub scale: Vec<String>,
    /// Every item of the report.
    pub total: Tally,
    pub pillars: Vec<PillarTally>,
    /// `total.on_target / total.items` in percent; 0 when there are no items.
    pub on_target_percent: f64,
    pub reasons: Vec<ReasonCount>,
    pub units: UnitCounts,
    pub effect: EffectSummary,
}

/// Items counted by their grade (an item's grade is the lowest of its units').
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tally {
    pub items: usize,
    /// One count per grade of the scale.
    pub by_grade: Vec<usize>,
    /// Items with a unit not (yet) graded, or graded with a symbol not on the scale.
    pub ungraded: usize,
    /// Items whose grade counts as 目標どおり又は目標を上回る.
    pub on_target: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PillarTally {
    pub number: u8,
    pub title: String,
    pub tally: Tally,
    pub sections: Vec<SectionTally>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionTally {
    pub number: u8,
    pub title: String,
    pub tally: Tally,
}

/// Units whose grade carries a reason tag (△コロナ).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReasonCount {
    pub tag: String,
    pub label: String,
    pub units: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UnitCounts {
    pub total: usize,
    pub reported: usize,
    pub partly_reported: usize,
    pub missing: usize,
    pub completed_earlier: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EffectSummary {
    pub total_thousand_yen: f64,
    /// Units that reported a 効果額.
    pub units: usize,
    /// The largest, at most `TOP_EFFECTS`, largest first (plan order among equals).
    pub top: Vec<EffectContributor>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EffectContributor {
    pub unit: UnitId,
    pub item: ItemId,
    pub item_title: String,
    /// The initiative's title when the unit is one.
    pub initiative: Option<String>,
    pub bureaus: Vec<Bureau>,
    pub thousand_yen: f64,
}

pub fn summarize(report: &Report) -> Summary {
    let n = report.scale.len();
    let mut total = Tally::new(n);
    let mut pillars: Vec<PillarTally> = report
        .pillars
        .iter()
        .map(|p| PillarTally {
            number: p.number,
            title: p.title.clone(),
            tally: Tally::new(n),
            sections: p
                .sections
                .iter()
                .map(|s| SectionTally {
                    number: s.number,
                    title: s.title.clone(),
                    tally: Tally::new(n),
                })
                .collect(),
        })
        .collect();
    for item in &report.items {
        let grade = item_grade(report, item);
        total.count(report, grade);
        let r = &item.item.section;
        let pi = match pillars.iter().position(|p| p.number == r.pillar) {
            Some(i) => i,
            None => {
                pillars.push(PillarTally {
                    number: r.pillar,
                    title: String::new(),
                    tally: Tally::new(n),
                    sections: Vec::new(),
                });
                pillars.len() - 1
            }
        };
        let pillar = &mut pillars[pi];
        pillar.tally.count(report, grade);
        let si = match pillar.sections.iter().position(|s| s.number == r.section) {
            Some(i) => i,
            None => {
                pillar.sections.push(SectionTally {
                    number: r.section,
                    title: String::new(),
                    tally: Tally::new(n),
                });
                pillar.sections.len() - 1
            }
        };
        pillar.sections[si].tally.count(report, grade);
    }
    let on_target_percent = if total.items == 0 {
        0.0
    } else {
        total.on_target as f64 * 100.0 / total.items as f64
    };
    Summary {
        scale: report.scale.iter().map(|g| g.symbol.clone()).collect(),
        total,
        pillars,
        on_target_percent,
        reasons: reason_counts(report),
        units: unit_counts(report),
        effect: effects(report),
    }
}

impl Tally {
    fn new(grades: usize) -> Tally {
        Tally {
            by_grade: vec![0; grades],
            ..Tally::default()
        }
    }

    fn count(&mut self, report: &Report, grade: Option<&Grade>) {
        self.items += 1;
        match grade.and_then(|g| report.scale.iter().position(|s| s == g)) {
            Some(i) => {
                self.by_grade[i] += 1;
                if report.scale[i].on_target {
                    self.on_target += 1;
                }
            }
            None => self.ungraded += 1,
        }
    }
}

/// The grade a unit counts with: its own, or for a unit completed in an earlier year the
/// scale's completing grade.
pub fn unit_grade<'r>(report: &'r Report, unit: &UnitReport) -> Option<&'r Grade> {
    match &unit.grade {
        Some(g) => report.grade(&g.symbol),
        None if unit.status == UnitStatus::CompletedEarlier => {
            report.scale.iter().find(|g| g.completes)
        }
        None => None,
    }
}

/// The item's grade: the one the report gives it, else the lowest of its units' grades when
/// every unit has one.
pub fn item_grade<'r>(report: &'r Report, item: &ItemReport) -> Option<&'r Grade> {
    if let Some(symbol) = &item.grade {
        return report.grade(symbol);
    }
    let mut lowest: Option<&Grade> = None;
    for unit in &item.units {
        let g = unit_grade(report, unit)?;
        if lowest.is_none_or(|l| g.level < l.level) {
            lowest = Some(g);
        }
    }
    lowest
}

fn reason_counts(report: &Report) -> Vec<ReasonCount> {
    let mut out: Vec<ReasonCount> = report
        .reasons
        .iter()
        .map(|r| ReasonCount {
            tag: r.tag.clone(),
            label: r.label.clone(),
            units: 0,
        })
        .collect();
    for (_, unit) in report.units() {
        let Some(tag) = unit.grade.as_ref().and_then(|g| g.reason.as_deref()) else {
            continue;
        };
        match out.iter_mut().find(|r| r.tag == tag) {
            Some(r) => r.units += 1,
            None => out.push(ReasonCount {
                tag: tag.to_string(),
                label: String::new(),
                units: 1,
            }),
        }
    }
    out
}

fn unit_counts(report: &Report) -> UnitCounts {
    let mut c = UnitCounts::default();
    for (_, unit) in report.units() {
        c.total += 1;
        match unit.status {
            UnitStatus::Reported => c.reported += 1,
            UnitStatus::PartlyReported => c.partly_reported += 1,
            UnitStatus::Missing => c.missing += 1,
            UnitStatus::CompletedEarlier => c.completed_earlier += 1,
        }
    }
    c
}

fn effects(report: &Report) -> EffectSummary {
    let mut summary = EffectSummary::default();
    let mut contributors: Vec<(&ItemReport, &UnitReport, f64)> = Vec::new();
    for (item, unit) in report.units() {
        let Some(v) = unit.effect_thousand_yen.filter(|v| v.is_finite()) else {
            continue;
        };
        summary.total_thousand_yen += v;
        summary.units += 1;
        if v > 0.0 {
            contributors.push((item, unit, v));
        }
    }
    // Stable: equal amounts keep plan order.
    contributors.sort_by(|a, b| b.2.total_cmp(&a.2));
    summary.top = contributors
        .into_iter()
        .take(TOP_EFFECTS)
        .map(|(item, unit, v)| EffectContributor {
            unit: unit.id.clone(),
            item: item.item.id,
            item_title: item.item.title.clone(),
            initiative: unit.initiative.map(|_| unit.title.clone()),
            bureaus: unit.bureaus.clone(),
            thousand_yen: v,
        })
        .collect();
    summary
}

/// 1234567.5 → 1,234,567.5: whole numbers without decimals, at most three decimals.
pub fn group_thousands(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let rounded = (v * 1000.0).round() / 1000.0;
    let s = format!("{:.3}", rounded.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let frac = frac.trim_end_matches('0');
    let mut out = String::with_capacity(s.len() + int.len() / 3 + 1);
    if rounded < 0.0 && (int != "0" || !frac.is_empty()) {
        out.push('-');
    }
    let n = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}
