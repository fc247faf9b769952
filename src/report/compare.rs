//! Year over year: last year's grades beside this year's. The previous year comes from its
//! published `report.json` or from its submissions folder (merged again with the master).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::model::{Report, UnitStatus};
use crate::plan::{FiscalYear, Settings};

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
