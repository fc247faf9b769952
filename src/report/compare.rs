//! Year over year: last year's grades beside this year's. The previous year comes from its
//! published `report.json` or from its submissions folder (merged again with the master); the
//! types it fills are part of the report model.

use std::collections::BTreeMap;

use serde_json::Value;

use super::model::{Comparison, PreviousYear, Report, Trend, UnitChange, UnitStatus};
use crate::plan::{FiscalYear, Settings};

impl PreviousYear {
    pub fn from_report(r: &Report) -> PreviousYear {
        let mut p = PreviousYear {
            year: Some(r.meta.year),
            ..Default::default()
        };
        for item in &r.items {
            if let Some(g) = &item.grade {
                p.item_grades.insert(item.item.id.to_string(), g.clone());
            }
            for u in &item.units {
                let id = u.id.to_string();
                if let Some(g) = &u.grade {
                    p.unit_grades.insert(id.clone(), g.symbol.clone());
                }
                let done = u.status == UnitStatus::CompletedEarlier
                    || u.grade.as_ref().is_some_and(|g| {
                        r.scale.iter().any(|s| s.symbol == g.symbol && s.completes)
                    });
                if done {
                    p.completed.push(id);
                }
                p.effect_thousand_yen += u.effect_thousand_yen.unwrap_or(0.0);
            }
        }
        p
    }

    /// Reads a `report.json` written by `build`. Only the fields the comparison needs are
    /// read, so reports from older versions of the tool still work.
    pub fn from_json(v: &Value) -> Result<PreviousYear, String> {
        let items = v["items"]
            .as_array()
            .ok_or("report.json に items がありません。shinchoku build が書いた report.json を指定してください")?;
        let scale: Vec<(String, bool)> = v["scale"]
            .as_array()
            .map(|s| {
                s.iter()
                    .map(|g| {
                        (
                            g["symbol"].as_str().unwrap_or("").to_string(),
                            g["completes"].as_bool().unwrap_or(false),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut p = PreviousYear {
            year: v["meta"]["year"]
                .as_u64()
                .and_then(|y| FiscalYear::new(y as u16)),
            ..Default::default()
        };
        for item in items {
            let item_id = item["item"]["id"].as_str().unwrap_or("").to_string();
            if let Some(g) = item["grade"].as_str() {
                p.item_grades.insert(item_id, g.to_string());
            }
            for u in item["units"].as_array().into_iter().flatten() {
                let Some(id) = u["id"].as_str() else { continue };
                let symbol = u["grade"]["symbol"].as_str();
                if let Some(g) = symbol {
                    p.unit_grades.insert(id.to_string(), g.to_string());
                }
                let completes = symbol.is_some_and(|g| scale.iter().any(|(s, c)| s == g && *c));
                if u["status"] == "completed_earlier" || completes {
                    p.completed.push(id.to_string());
                }
                p.effect_thousand_yen += u["effect_thousand_yen"].as_f64().unwrap_or(0.0);
            }
        }
        Ok(p)
    }
}

pub fn compare(report: &Report, previous: PreviousYear, settings: &Settings) -> Comparison {
    let level = |s: &str| settings.grade(s).map(|g| g.level);
    let mut units = BTreeMap::new();
    let mut newly_completed = Vec::new();
    let mut effect = 0.0;
    for item in &report.items {
        for u in &item.units {
            let id = u.id.to_string();
            effect += u.effect_thousand_yen.unwrap_or(0.0);
            let before = previous.unit_grades.get(&id).cloned();
            let now = u.grade.as_ref().map(|g| g.symbol.clone());
            let trend = match (
                before.as_deref().and_then(level),
                now.as_deref().and_then(level),
            ) {
                (Some(a), Some(b)) if b > a => Trend::Up,
                (Some(a), Some(b)) if b < a => Trend::Down,
                (Some(_), Some(_)) => Trend::Same,
                _ => Trend::New,
            };
            let completes_now = now
                .as_deref()
                .and_then(|s| settings.grade(s))
                .is_some_and(|g| g.completes);
            if completes_now && !previous.completed.contains(&id) {
                newly_completed.push(id.clone());
            }
            units.insert(
                id,
                UnitChange {
                    previous: before,
                    trend,
                },
            );
        }
    }
    let graded = previous.item_grades.len();
    let on_target = previous
        .item_grades
        .values()
        .filter(|g| settings.grade(g).is_some_and(|g| g.on_target))
        .count();
    Comparison {
        on_target_share_before: (graded > 0).then(|| on_target as f64 / graded as f64),
        effect_change_thousand_yen: effect - previous.effect_thousand_yen,
        previous,
        units,
        newly_completed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{FiscalYear, ReportDate, Settings};
    use crate::report::merge::{merge, MergeOptions};
    use crate::report::UnitGrade;
    use crate::workbook::check::CheckOutcome;

    /// The bundled plan merged (with no submissions), every open unit then graded ○.
    fn sample_report() -> Report {
        let plan = crate::plan::load_bundled().unwrap();
        let year = FiscalYear::new(2021).unwrap();
        let outcome = CheckOutcome {
            submissions: Vec::new(),
            diagnostics: Vec::new(),
            files: Vec::new(),
        };
        let opts = MergeOptions {
            date: ReportDate::after_fiscal_year(year),
            incomplete: true,
        };
        let mut r = merge(&plan, year, &outcome, &opts);
        for item in &mut r.items {
            for u in &mut item.units {
                if u.grade.is_none() {
                    u.grade = Some(UnitGrade {
                        symbol: "○".into(),
                        reason: None,
                        on_target: true,
                        disagreement: None,
                    });
                    u.effect_thousand_yen = Some(10.0);
                }
            }
        }
        r
    }

    fn with_grade(mut r: Report, item: usize, symbol: &str) -> Report {
        let g = r.items[item].units[0].grade.as_mut().unwrap();
        g.symbol = symbol.to_string();
        r
    }

    #[test]
    fn trends_follow_the_scale() {
        let settings = Settings::default();
        let last = with_grade(sample_report(), 0, "△");
        let now = with_grade(sample_report(), 0, "○");
        let c = compare(&now, PreviousYear::from_report(&last), &settings);
        let first = now.items[0].units[0].id.to_string();
        assert_eq!(c.units[&first].trend, Trend::Up);
        assert_eq!(c.units[&first].previous.as_deref(), Some("△"));
        let back = compare(&last, PreviousYear::from_report(&now), &settings);
        assert_eq!(back.units[&first].trend, Trend::Down);
        let same = compare(&now, PreviousYear::from_report(&now), &settings);
        assert!(same
            .units
            .values()
            .all(|u| u.trend == Trend::Same || u.trend == Trend::New));
        assert_eq!(same.effect_change_thousand_yen, 0.0);
        assert!(same.newly_completed.is_empty());
    }

    #[test]
    fn a_unit_without_last_years_grade_is_new() {
        let settings = Settings::default();
        let now = sample_report();
        let c = compare(&now, PreviousYear::default(), &settings);
        assert!(c
            .units
            .values()
            .all(|u| u.trend == Trend::New && u.previous.is_none()));
        assert_eq!(c.on_target_share_before, None);
    }

    #[test]
    fn completion_and_money_are_counted_against_last_year() {
        let settings = Settings::default();
        let last = sample_report();
        let mut now = with_grade(sample_report(), 1, "完了");
        now.items[1].units[0].effect_thousand_yen = Some(1_000.0);
        let c = compare(&now, PreviousYear::from_report(&last), &settings);
        assert_eq!(c.newly_completed, [now.items[1].units[0].id.to_string()]);
        let before: f64 = last
            .units()
            .filter_map(|(_, u)| u.effect_thousand_yen)
            .sum();
        let after: f64 = now.units().filter_map(|(_, u)| u.effect_thousand_yen).sum();
        assert_eq!(c.effect_change_thousand_yen, after - before);
    }

    #[test]
    fn last_years_report_json_says_what_its_model_said() {
        let mut r = sample_report();
        r.meta.year = FiscalYear::new(2020).unwrap();
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(
            PreviousYear::from_json(&json).unwrap(),
            PreviousYear::from_report(&r)
        );
        assert!(PreviousYear::from_json(&serde_json::json!({"items": 3})).is_err());
    }
}
