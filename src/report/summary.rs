//! The report's figures at a glance: grades counted per pillar and section, the share of
//! items on target, 効果額 totals and the largest contributors. Computed here once so the PDF,
//! spreadsheet and HTML print the same numbers.

use std::collections::BTreeMap;

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
    /// Sum of the pillar's units' 効果額, in thousand yen.
    pub effect_thousand_yen: f64,
    /// The pillar's units that reported a 効果額.
    pub effect_units: usize,
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
    /// Per bureau, from each bureau's own entries: a shared unit's amount goes to the bureaus
    /// that reported it, so these need not add up to the total. Bureaus in the report's order
    /// (any other after them, by name); bureaus that reported no 効果額 are left out.
    pub by_bureau: Vec<BureauEffect>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BureauEffect {
    pub bureau: Bureau,
    pub thousand_yen: f64,
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
            effect_thousand_yen: 0.0,
            effect_units: 0,
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
                    effect_thousand_yen: 0.0,
                    effect_units: 0,
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
        for unit in &item.units {
            if let Some(v) = unit.effect_thousand_yen.filter(|v| v.is_finite()) {
                pillar.effect_thousand_yen += v;
                pillar.effect_units += 1;
            }
        }
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
        None if unit.status == UnitStatus::CompletedEarlier => report.scale.completing(),
        None => None,
    }
}

/// The item's grade: the one the report gives it, else the lowest of its units' grades when
/// every unit has one.
pub fn item_grade<'r>(report: &'r Report, item: &ItemReport) -> Option<&'r Grade> {
    if let Some(symbol) = &item.grade {
        return report.grade(symbol);
    }
    let grades: Option<Vec<&Grade>> = item.units.iter().map(|u| unit_grade(report, u)).collect();
    let grades = grades?;
    let lowest = report.scale.lowest(grades.iter().map(|g| &g.symbol))?;
    report.grade(lowest)
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

/// An amount that can be summed: a reader may hand on an infinite or NaN value it could not
/// make sense of.
fn finite_effect(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite())
}

fn effects(report: &Report) -> EffectSummary {
    let mut summary = EffectSummary::default();
    let mut contributors: Vec<(&ItemReport, &UnitReport, f64)> = Vec::new();
    for (item, unit) in report.units() {
        let Some(v) = finite_effect(unit.effect_thousand_yen) else {
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
    summary.by_bureau = effect_by_bureau(report);
    summary
}

fn effect_by_bureau(report: &Report) -> Vec<BureauEffect> {
    let mut sums: BTreeMap<&str, f64> = BTreeMap::new();
    for (_, u) in report.units() {
        for e in &u.entries {
            if let Some(v) = finite_effect(e.effect_thousand_yen) {
                *sums.entry(e.bureau.as_str()).or_default() += v;
            }
        }
    }
    let effect = |bureau: &str, thousand_yen| BureauEffect {
        bureau: Bureau(bureau.to_string()),
        thousand_yen,
    };
    let mut out = Vec::new();
    for b in &report.bureaus {
        if let Some(v) = sums.remove(b.bureau.as_str()) {
            out.push(effect(b.bureau.as_str(), v));
        }
    }
    out.extend(sums.into_iter().map(|(b, v)| effect(b, v)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{
        FiscalYear, Item, Pillar, ReasonTag, Section, SectionRef, Settings, UnitText,
    };
    use crate::report::{BureauStatus, Entry, EntrySource, ReportMeta, UnitGrade};

    fn unit(item: &str, initiative: Option<u16>, grade: Option<&str>) -> UnitReport {
        UnitReport {
            id: UnitId {
                item: item.parse().unwrap(),
                initiative,
            },
            initiative: initiative.map(|i| i as usize - 1),
            title: format!("取組{item}"),
            bureaus: vec![Bureau("財政局".into())],
            status: if grade.is_some() {
                UnitStatus::Reported
            } else {
                UnitStatus::Missing
            },
            entries: Vec::new(),
            missing_bureaus: Vec::new(),
            grade: grade.map(|g| UnitGrade {
                symbol: g.into(),
                reason: None,
                on_target: false,
                disagreement: None,
            }),
            indicators: Vec::new(),
            effect_thousand_yen: None,
        }
    }

    fn item(id: &str, section: &str, units: Vec<UnitReport>) -> ItemReport {
        ItemReport {
            item: Item {
                id: id.parse().unwrap(),
                title: format!("項目{id}"),
                section: section.parse::<SectionRef>().unwrap(),
                group: None,
                bureaus: vec![Bureau("財政局".into())],
                lead: None,
                completed: false,
                in_force: Default::default(),
                text: UnitText::default(),
                initiatives: Vec::new(),
            },
            units,
            grade: None,
        }
    }

    fn report(items: Vec<ItemReport>) -> Report {
        let settings = Settings::default();
        let section = |n, t: &str| Section {
            number: n,
            title: t.into(),
            subsections: Vec::new(),
        };
        Report {
            meta: ReportMeta {
                plan_name: "プラン".into(),
                organisation: "市".into(),
                year: FiscalYear::new(2021).unwrap(),
                date: "2022-06-01".parse().unwrap(),
                incomplete: false,
                bureau: None,
            },
            scale: settings.grades,
            reasons: vec![ReasonTag {
                tag: "コロナ".into(),
                label: "新型コロナウイルス感染症の影響".into(),
            }],
            pillars: vec![Pillar {
                number: 1,
                title: "柱".into(),
                sections: vec![section(1, "施策一"), section(2, "施策二")],
            }],
            items,
            bureaus: Vec::<BureauStatus>::new(),
            comparison: None,
            history: None,
        }
    }

    #[test]
    fn items_count_with_their_lowest_unit_grade() {
        let r = report(vec![
            item(
                "1",
                "1-1",
                vec![unit("1", Some(1), Some("◎")), unit("1", Some(2), Some("△"))],
            ),
            item("2", "1-1", vec![unit("2", None, Some("○"))]),
            item("3", "1-2", vec![unit("3", None, Some("完了"))]),
            item("4", "1-2", vec![unit("4", None, None)]),
        ]);
        let s = summarize(&r);
        assert_eq!(s.scale, ["◎", "○", "△", "×", "完了"]);
        // №1 is △ (its lower unit), №2 ○, №3 完了, №4 not graded.
        assert_eq!(s.total.by_grade, [0, 1, 1, 0, 1]);
        assert_eq!(s.total.ungraded, 1);
        assert_eq!(s.total.items, 4);
        // ○ and 完了 count as on target.
        assert_eq!(s.total.on_target, 2);
        assert!((s.on_target_percent - 50.0).abs() < 1e-9);
        let sections: Vec<(u8, usize)> = s.pillars[0]
            .sections
            .iter()
            .map(|x| (x.number, x.tally.items))
            .collect();
        assert_eq!(sections, [(1, 2), (2, 2)]);
        assert_eq!(s.units.missing, 1);
        assert_eq!(s.units.total, 5);
    }

    #[test]
    fn the_reports_own_item_grade_wins() {
        let mut i = item("1", "1-1", vec![unit("1", None, Some("◎"))]);
        i.grade = Some("×".into());
        let s = summarize(&report(vec![i]));
        assert_eq!(s.total.by_grade, [0, 0, 0, 1, 0]);
    }

    #[test]
    fn a_unit_completed_earlier_counts_as_complete() {
        let mut u = unit("1", None, None);
        u.status = UnitStatus::CompletedEarlier;
        let s = summarize(&report(vec![item("1", "1-1", vec![u])]));
        assert_eq!(s.total.by_grade, [0, 0, 0, 0, 1]);
        assert_eq!(s.units.completed_earlier, 1);
    }

    #[test]
    fn an_empty_report_has_no_share() {
        let s = summarize(&report(Vec::new()));
        assert_eq!(s.total.items, 0);
        assert_eq!(s.on_target_percent, 0.0);
        assert!(s.effect.top.is_empty());
    }

    #[test]
    fn items_outside_the_hierarchy_are_still_counted() {
        let s = summarize(&report(vec![item(
            "9",
            "4-1",
            vec![unit("9", None, Some("○"))],
        )]));
        assert_eq!(s.total.items, 1);
        let p = s.pillars.iter().find(|p| p.number == 4).unwrap();
        assert_eq!(p.tally.items, 1);
        assert_eq!(p.sections[0].tally.items, 1);
    }

    #[test]
    fn effects_total_and_the_five_largest() {
        let amounts = [300.0, 100.0, 900.0, 0.0, 500.0, 700.0, 100.0, 200.0];
        let items = amounts
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let id = (i + 1).to_string();
                let mut u = unit(&id, None, Some("○"));
                u.effect_thousand_yen = Some(v);
                item(&id, "1-1", vec![u])
            })
            .collect();
        let mut r = report(items);
        r.items[1].units[0].grade.as_mut().unwrap().reason = Some("コロナ".into());
        let s = summarize(&r);
        assert_eq!(s.effect.total_thousand_yen, 2800.0);
        assert_eq!(s.effect.units, 8);
        let top: Vec<(String, f64)> = s
            .effect
            .top
            .iter()
            .map(|c| (c.item.to_string(), c.thousand_yen))
            .collect();
        assert_eq!(
            top,
            [
                ("3".into(), 900.0),
                ("6".into(), 700.0),
                ("5".into(), 500.0),
                ("1".into(), 300.0),
                ("8".into(), 200.0)
            ]
        );
        assert_eq!(s.reasons[0].units, 1);
        assert_eq!(s.pillars[0].effect_thousand_yen, 2800.0);
        assert_eq!(s.pillars[0].effect_units, 8);
        // It serialises for the HTML and spreadsheet renderers.
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains("\"on_target_percent\""));
    }

    #[test]
    fn effects_per_pillar_and_per_bureau_in_the_reports_order() {
        let entry = |bureau: &str, v: Option<f64>| Entry {
            bureau: Bureau(bureau.into()),
            result: String::new(),
            grade: None,
            reason: None,
            effect_thousand_yen: v,
            issues: String::new(),
            actuals: Vec::new(),
            source: EntrySource {
                file: String::new(),
                sheet: String::new(),
                row: 1,
            },
        };
        let mut shared = unit("1", None, Some("○"));
        shared.effect_thousand_yen = Some(300.0);
        shared.bureaus = vec![Bureau("総務局".into()), Bureau("財政局".into())];
        shared.entries = vec![entry("総務局", Some(100.0)), entry("財政局", Some(200.0))];
        let mut other = unit("2", None, Some("○"));
        other.effect_thousand_yen = Some(f64::NAN);
        other.entries = vec![
            entry("財政局", Some(f64::INFINITY)),
            entry("環境局", Some(50.0)),
        ];
        let mut r = report(vec![
            item("1", "1-1", vec![shared]),
            item("2", "2-1", vec![other]),
        ]);
        r.bureaus = ["財政局", "総務局"]
            .iter()
            .map(|b| BureauStatus {
                bureau: Bureau(b.to_string()),
                file: None,
                expected: 1,
                answered: 1,
                errors: 0,
                warnings: 0,
            })
            .collect();
        let s = summarize(&r);
        let pillars: Vec<(u8, f64)> = s
            .pillars
            .iter()
            .map(|p| (p.number, p.effect_thousand_yen))
            .collect();
        assert_eq!(pillars, [(1, 300.0), (2, 0.0)]);
        assert_eq!(s.effect.total_thousand_yen, 300.0);
        let by_bureau: Vec<(&str, f64)> = s
            .effect
            .by_bureau
            .iter()
            .map(|b| (b.bureau.as_str(), b.thousand_yen))
            .collect();
        // The report's order first, then a bureau it does not list; 財政局's infinite
        // amount is not counted.
        assert_eq!(
            by_bureau,
            [("財政局", 200.0), ("総務局", 100.0), ("環境局", 50.0)]
        );
        // A one-bureau report lists its own bureau first.
        let part: Vec<String> = summarize(&r.for_bureau(&Bureau("総務局".into())))
            .effect
            .by_bureau
            .iter()
            .map(|b| b.bureau.as_str().to_string())
            .collect();
        assert_eq!(part, ["総務局", "財政局"]);
    }
}
