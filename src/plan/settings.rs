//! The office's settings that travel with the plan: the evaluation scale (評価), the reason
//! tags a grade may carry (△コロナ), and what the bureau workbooks say about deadline and contact.

use serde::{Deserialize, Serialize};

/// One step of the evaluation scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    /// What a bureau selects and what the report prints: ◎, ○, △, ×, 完了, or S, A, B …
    pub symbol: String,
    /// 目標を上回る成果 …
    pub label: String,
    /// Counts as 目標どおり又は目標を上回る in the summary.
    pub on_target: bool,
    /// Marks the unit as finished: it is not asked again in later years.
    #[serde(default)]
    pub completes: bool,
    /// Higher is better. When several bureaus grade one unit differently, the unit gets the
    /// lowest. Grades with no meaningful order (評価困難) can share a level.
    pub level: i32,
}

/// The evaluation scale in force, in the order the settings list it (best first by
/// convention). It is the one place that knows which of two grades is lower: when bureaus
/// grade a shared unit differently, or units of one item differ, the lower grade stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GradeScale(Vec<Grade>);

impl GradeScale {
    pub fn new(grades: Vec<Grade>) -> GradeScale {
        GradeScale(grades)
    }

    pub fn get(&self, symbol: &str) -> Option<&Grade> {
        self.0.iter().find(|g| g.symbol == symbol)
    }

    /// The grade that marks a unit finished (完了), if the scale has one.
    pub fn completing(&self) -> Option<&Grade> {
        self.0.iter().find(|g| g.completes)
    }

    /// The lowest of the given grades; the first of equally low ones. A symbol that is not on
    /// the scale ranks above every grade, so a known grade always wins over a stray one.
    pub fn lowest<'a, S: AsRef<str> + ?Sized + 'a>(
        &self,
        symbols: impl IntoIterator<Item = &'a S>,
    ) -> Option<&'a S> {
        symbols
            .into_iter()
            .min_by_key(|s| self.get(s.as_ref()).map_or(i32::MAX, |g| g.level))
    }

    /// The symbols joined for messages: ◎・○・△・×・完了.
    pub fn symbols_list(&self) -> String {
        self.0
            .iter()
            .map(|g| g.symbol.as_str())
            .collect::<Vec<_>>()
            .join("・")
    }
}

impl std::ops::Deref for GradeScale {
    type Target = [Grade];

    fn deref(&self) -> &[Grade] {
        &self.0
    }
}

impl std::ops::DerefMut for GradeScale {
    fn deref_mut(&mut self) -> &mut [Grade] {
        &mut self.0
    }
}

impl<'a> IntoIterator for &'a GradeScale {
    type Item = &'a Grade;
    type IntoIter = std::slice::Iter<'a, Grade>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl FromIterator<Grade> for GradeScale {
    fn from_iter<I: IntoIterator<Item = Grade>>(iter: I) -> GradeScale {
        GradeScale(iter.into_iter().collect())
    }
}

/// A short tag a grade may carry to explain it, such as コロナ in △コロナ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonTag {
    pub tag: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub grades: GradeScale,
    #[serde(default)]
    pub reasons: Vec<ReasonTag>,
    /// Printed on the 記入要領 sheet: who to ask.
    #[serde(default)]
    pub contact: String,
    /// Printed on the 記入要領 sheet: when to send the workbook back.
    #[serde(default)]
    pub deadline: String,
    /// 効果額 above this many thousand yen is taken for a typing mistake.
    #[serde(default = "default_max_effect")]
    pub max_effect_thousand_yen: f64,
    /// What the plan expects its reforms to save over the period, in thousand yen: a number,
    /// or a table with `total` and a figure per fiscal year (`2019 = 4000000`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect_estimate_thousand_yen: Option<EffectEstimate>,
}

/// The plan's promise: the 効果額 it expects over its period, and per year if it says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EffectEstimate {
    Total(f64),
    Detailed {
        total: f64,
        #[serde(flatten)]
        by_year: std::collections::BTreeMap<String, f64>,
    },
}

impl EffectEstimate {
    pub fn total(&self) -> f64 {
        match self {
            EffectEstimate::Total(t) | EffectEstimate::Detailed { total: t, .. } => *t,
        }
    }

    /// The estimate for one fiscal year (its calendar year as the key: 2019), if given.
    pub fn for_year(&self, year: u16) -> Option<f64> {
        match self {
            EffectEstimate::Total(_) => None,
            EffectEstimate::Detailed { by_year, .. } => by_year.get(&year.to_string()).copied(),
        }
    }
}

fn default_max_effect() -> f64 {
    // 1,000億円: more than any single reform item of a city saves in a year.
    100_000_000.0
}

impl Default for Settings {
    /// The four-level scale Sendai uses for its own plans, plus 完了.
    fn default() -> Self {
        let g = |symbol: &str, label: &str, on_target, completes, level| Grade {
            symbol: symbol.into(),
            label: label.into(),
            on_target,
            completes,
            level,
        };
        Settings {
            grades: GradeScale::new(vec![
                g("◎", "目標を上回る成果", true, false, 4),
                g("○", "目標どおり進捗", true, false, 3),
                g("△", "一部に遅れ", false, false, 2),
                g("×", "遅れている", false, false, 1),
                g("完了", "取組完了", true, true, 5),
            ]),
            reasons: vec![ReasonTag {
                tag: "コロナ".into(),
                label: "新型コロナウイルス感染症の影響".into(),
            }],
            contact: String::new(),
            deadline: String::new(),
            max_effect_thousand_yen: default_max_effect(),
            effect_estimate_thousand_yen: None,
        }
    }
}

impl Settings {
    pub fn grade(&self, symbol: &str) -> Option<&Grade> {
        self.grades.get(symbol)
    }

    /// The symbols joined for messages: ◎・○・△・×・完了.
    pub fn symbols_list(&self) -> String {
        self.grades.symbols_list()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lower_grade_stands() {
        let scale = Settings::default().grades;
        assert_eq!(scale.lowest(["○", "△", "◎"]), Some("△"));
        assert_eq!(scale.lowest(["完了", "○"]), Some("○"));
        // A stray symbol never beats a grade of the scale.
        assert_eq!(scale.lowest(["？", "◎"]), Some("◎"));
        assert_eq!(scale.lowest(["？"]), Some("？"));
        assert_eq!(scale.lowest(Vec::<&str>::new()), None);
        let owned = vec!["○".to_string(), "×".to_string()];
        assert_eq!(scale.lowest(&owned).map(String::as_str), Some("×"));
    }
}
