//! The office's settings that travel with the plan: the evaluation scale (評価), the reason
//! tags a grade may carry (△コロナ), what the bureau workbooks say about deadline and contact,
//! and the font files that draw what the bundled font cannot.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

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
    /// Font files for the characters the bundled font lacks (𠮷 …), tried in order, as
    /// written: absolute, or relative to settings.toml; `file.ttc#1` is the second font of a
    /// collection. The loader resolves them into `fallback_font_files`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fallback_fonts: Vec<Spanned<String>>,
    #[serde(skip)]
    pub fallback_font_files: Vec<FontFile>,
}

/// A font file listed under `fallback_fonts`: where to read it, and where it was listed,
/// for messages. Reading it is the pipeline's job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontFile {
    /// As written in settings.toml.
    pub written: String,
    pub path: PathBuf,
    /// Which font of a collection (.ttc, .otc): the number after `#`; 0 otherwise.
    pub index: u32,
    /// settings.toml as the office named it, and the line of the entry.
    pub settings: String,
    pub line: Option<usize>,
}

impl FontFile {
    /// Reads an entry of `fallback_fonts`: a path, relative ones taken from `folder` (that of
    /// settings.toml), with `#N` after a collection's name for its font N (from 0). Only a
    /// collection's name takes `#`, so a file named `a#1.ttf` is still read as written.
    pub fn locate(written: &str, folder: &Path) -> Result<(PathBuf, u32), String> {
        let trimmed = written.trim();
        if trimmed.is_empty() {
            return Err(
                "fallback_fonts に空の項目があります。フォントファイルの場所を書くか、項目を消してください"
                    .into(),
            );
        }
        let (file, index) = match trimmed.rsplit_once('#') {
            Some((file, n))
                if is_collection(file)
                    && !n.is_empty()
                    && n.bytes().all(|b| b.is_ascii_digit()) =>
            {
                let index = n.parse::<u32>().map_err(|_| {
                    format!("「{written}」の # の後の番号 {n} が大きすぎます。フォント集の何番目のフォントか（0から）を書いてください")
                })?;
                (file, index)
            }
            _ => (trimmed, 0),
        };
        let path = Path::new(file);
        let path = if path.is_absolute() {
            path.to_path_buf()
        } else {
            folder.join(path)
        };
        Ok((path, index))
    }
}

fn is_collection(file: &str) -> bool {
    let lower = file.to_ascii_lowercase();
    lower.ends_with(".ttc") || lower.ends_with(".otc")
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
            fallback_fonts: Vec::new(),
            fallback_font_files: Vec::new(),
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
    fn a_font_path_is_taken_from_the_settings_folder_and_a_collection_takes_an_index() {
        let folder = Path::new("/office/plan");
        let at = |w: &str| FontFile::locate(w, folder);
        assert_eq!(
            at("fonts/ipamjm.ttf"),
            Ok((PathBuf::from("/office/plan/fonts/ipamjm.ttf"), 0))
        );
        assert_eq!(
            at("/usr/share/fonts/ipamjm.ttf"),
            Ok((PathBuf::from("/usr/share/fonts/ipamjm.ttf"), 0))
        );
        assert_eq!(
            at("msmincho.TTC#1"),
            Ok((PathBuf::from("/office/plan/msmincho.TTC"), 1))
        );
        // `#` belongs to the name unless a collection's number follows it.
        assert_eq!(
            at("a#1.ttf"),
            Ok((PathBuf::from("/office/plan/a#1.ttf"), 0))
        );
        assert_eq!(
            at("b.ttf#1"),
            Ok((PathBuf::from("/office/plan/b.ttf#1"), 0))
        );
        assert_eq!(
            at("c.ttc#x"),
            Ok((PathBuf::from("/office/plan/c.ttc#x"), 0))
        );
        assert!(at("  ").unwrap_err().contains("空"));
        assert!(at("d.ttc#99999999999")
            .unwrap_err()
            .contains("大きすぎます"));
    }

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
