//! Shared by the layout tests and benchmark: a simple typesetter and a report built from the
//! bundled plan with synthetic, deterministic bureau entries, merged by the real merge.
#![allow(dead_code)]

use std::cell::Cell;

use shinchoku::plan::{Bureau, FiscalYear, Plan, ReportingUnit};
use shinchoku::render::pdf::ir::{FontStyle, Typesetter};
use shinchoku::report::merge::{merge, MergeOptions};
use shinchoku::report::Report;
use shinchoku::workbook::check::CheckOutcome;
use shinchoku::workbook::reader::{Answer, Submission, WorkbookMeta};
use shinchoku::workbook::{BureauEntry, SourceRef};

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
    report_from(plan, |n, unit, k, b| {
        if n % 37 == 0 {
            return None;
        }
        // The second bureau of a shared unit sometimes sees it one step lower.
        let g = if k == 1 && n % 3 == 0 {
            "△"
        } else {
            GRADES[n % GRADES.len()]
        };
        Some(entry(unit, b, n, g))
    })
}

/// The report the real merge makes when each owning bureau of each unit answers what
/// `answer(n, unit, k, bureau)` says: the n-th unit of the plan (from 1), its k-th bureau.
pub fn report_from(
    plan: &Plan,
    answer: impl Fn(usize, &ReportingUnit, usize, &Bureau) -> Option<BureauEntry>,
) -> Report {
    let year = year();
    let mut submissions: Vec<Submission> = plan
        .reporting_bureaus(year)
        .into_iter()
        .map(|b| Submission {
            file: format!("{b}.xlsx"),
            meta: WorkbookMeta {
                format_version: shinchoku::workbook::schema::FORMAT_VERSION,
                year,
                bureau: b.to_string(),
                master_fingerprint: String::new(),
                units: Vec::new(),
            },
            answers: Vec::new(),
        })
        .collect();
    for (n, unit) in plan.units().enumerate() {
        if unit.completed() {
            continue;
        }
        for (k, b) in unit.bureaus().iter().enumerate() {
            let Some(entry) = answer(n + 1, &unit, k, b) else {
                continue;
            };
            if let Some(s) = submissions.iter_mut().find(|s| s.meta.bureau == b.as_str()) {
                s.answers.push(Answer {
                    unit: unit.id(),
                    entry,
                });
            }
        }
    }
    let outcome = CheckOutcome {
        submissions,
        diagnostics: Vec::new(),
        files: Vec::new(),
    };
    merge(
        plan,
        year,
        &outcome,
        &MergeOptions {
            date: "2022-06-01".parse().unwrap(),
            incomplete: false,
        },
    )
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
