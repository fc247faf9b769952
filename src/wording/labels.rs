//! The labels and sentences the renderers print, read from the wording templates
//! (templates/wording.toml). Report-wide values are already in them; values that change from
//! place to place stay as `{name}` placeholders, which `fill` replaces where they are printed.
//! An unknown placeholder is left as typed, so a typo shows in the output instead of
//! silently vanishing.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    // Cover and running header.
    /// `{year}`: 令和3年度.
    pub cover_subtitle: String,
    /// Added to the titles of a one-bureau report (`--by-bureau`). `{bureau}`.
    pub bureau_suffix: String,
    /// Running header on every page but the cover. `{plan}`, `{year}`.
    pub running_header: String,
    /// `{page}` (this page, 1-based), `{total}` (pages in the document).
    pub page_number: String,
    /// Document title in the PDF's properties. `{plan}`, `{year}`.
    pub document_title: String,
    /// Document subject in the PDF's properties. `{year}`.
    pub subject: String,

    // Headings as the plan numbers them.
    /// `{number}`: １, (1), ①, ア; `{title}`.
    pub heading: String,
    /// The small heading repeated at the top of a page that continues a subsection.
    /// `{number}`: １(1)①; `{title}`.
    pub running_subsection: String,

    // An item's heading band and boxes.
    /// `{id}`: 12, 24-2.
    pub item_number: String,
    pub item_label: String,
    pub initiatives_heading: String,
    /// The bureaus after an initiative's title. `{bureaus}`.
    pub initiative_bureaus: String,
    /// Between bureau names.
    pub bureau_separator: String,
    pub content: String,
    pub goal: String,
    pub schedule: String,
    /// `{year}`. A '\n' breaks the label where it reads best.
    pub result: String,
    pub grade: String,
    pub indicators: String,
    pub effect: String,
    pub issues: String,
    /// A label repeated on the next page of a split box. `{label}`.
    pub continued: String,
    /// Names the bureau above its part when several bureaus report on one unit. `{bureau}`.
    pub bureau_entry: String,
    pub not_submitted: String,
    /// A bureau answered but left the field empty.
    pub no_entry: String,
    /// Printed where there is no value (効果額 not given, no grade).
    pub no_value: String,
    pub completed_stamp: String,
    /// The 取組実績 of a unit completed in an earlier year.
    pub completed_earlier: String,
    /// After the grade label of a unit completed in an earlier year.
    pub completed_earlier_grade: String,
    /// The tag printed beside a grade that carries a reason. `{symbol}`, `{tag}`: △コロナ.
    pub reason_tag: String,
    /// The reason's meaning after its tag. `{label}`.
    pub reason_note: String,
    /// When bureaus graded one unit differently. `{grades}`: the list below, joined.
    pub disagreement: String,
    /// One bureau's grade in the disagreement note. `{bureau}`, `{grade}`.
    pub disagreement_entry: String,
    pub list_separator: String,
    pub indicator_name: String,
    pub indicator_target: String,
    pub indicator_actual: String,
    pub indicator_achievement: String,
    /// `{value}`, `{unit}`.
    pub indicator_value: String,
    /// A target with the period it is set for. `{value}`, `{period}`.
    pub indicator_target_period: String,
    /// `{value}`: 98.5.
    pub percent: String,
    /// `{amount}`: 12,345.
    pub thousand_yen: String,

    // Summary page.
    pub summary_heading: String,
    /// `{total}`, `{on_target}`, `{share}` (percent, one decimal).
    pub on_target_sentence: String,
    pub incomplete_note: String,
    pub grade_table_heading: String,
    pub grade_table_area: String,
    pub grade_table_total: String,
    pub ungraded: String,
    pub count_total: String,
    pub chart_heading: String,
    /// The caption above a pillar's bar. `{number}`, `{title}`, `{items}`.
    pub chart_caption: String,
    /// A grade in the chart's legend. `{symbol}`, `{label}`.
    pub legend_entry: String,
    /// The chart in words, for screen readers (the PDF's alternate text). `{items}`,
    /// `{grades}` (each grade's symbol and count, e.g. ◎10、○64), `{pillars}` (one
    /// `chart_alt_pillar` per pillar).
    pub chart_alt: String,
    /// `{number}`, `{title}`, `{items}`, `{grades}`.
    pub chart_alt_pillar: String,
    /// `{tag}`, `{label}`, `{count}`.
    pub reason_count: String,
    pub effect_heading: String,
    /// `{amount}` (with 千円 already), `{units}`.
    pub effect_total: String,
    pub top_effects_heading: String,
    pub top_effects_number: String,
    pub top_effects_unit: String,
    /// An initiative named with its item. `{item}`, `{initiative}`.
    pub unit_title: String,
    pub top_effects_bureaus: String,
    pub top_effects_amount: String,
    pub no_effects: String,
    pub submission_heading: String,
    pub submission_bureau: String,
    pub submission_file: String,
    pub submission_expected: String,
    pub submission_answered: String,
    pub submission_state: String,
    pub submitted: String,
    pub partly_answered: String,

    // 実施項目一覧.
    pub list_heading: String,
    pub list_page_column: String,
    /// Leader between an entry and its page number.
    pub list_leader: String,

    // Year over year (build --previous).
    /// `{previous}`: 令和2年度; `{before}`, `{now}`: shares in percent; `{effect_change}`;
    /// `{completed}`: units newly completed.
    pub comparison_sentence: String,
    /// A unit's grade last year and where it moved. `{previous}`, `{arrow}`: ↑ ↓ →.
    pub previous_grade: String,
    /// After an achievement rate below 100％.
    pub indicator_behind: String,

    // HTML page.
    pub skip_link: String,
    pub contents_heading: String,
}

impl Default for Labels {
    /// The labels of the embedded wording (templates/wording.toml).
    fn default() -> Self {
        static EMBEDDED: std::sync::OnceLock<Labels> = std::sync::OnceLock::new();
        EMBEDDED
            .get_or_init(|| super::Wording::embedded().labels())
            .clone()
    }
}

impl Labels {
    /// The year-over-year sentence of the summary, the same in every output.
    /// `share_now` is this year's on-target share in percent.
    pub fn comparison(&self, c: &crate::report::compare::Comparison, share_now: f64) -> String {
        fill(
            &self.comparison_sentence,
            &[
                (
                    "previous",
                    &c.previous.year.map(|y| y.wareki()).unwrap_or_default(),
                ),
                (
                    "before",
                    &c.on_target_share_before
                        .map(crate::plan::format::percent_number)
                        .unwrap_or_else(|| self.no_value.clone()),
                ),
                ("now", &crate::plan::format::one_decimal(share_now)),
                (
                    "effect_change",
                    &crate::plan::format::signed_yen_thousands(c.effect_change_thousand_yen),
                ),
                ("completed", &c.newly_completed.len().to_string()),
            ],
        )
    }

    /// A unit's grade last year and the way it moved: 前年度 ○ ↑.
    pub fn previous_grade(&self, change: &crate::report::compare::UnitChange) -> String {
        fill(
            &self.previous_grade,
            &[
                (
                    "previous",
                    change.previous.as_deref().unwrap_or(&self.no_value),
                ),
                ("arrow", change.trend.arrow()),
            ],
        )
    }
}

/// Replaces each `{name}` in `template` with its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let known = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (close, *v))
        });
        match known {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        assert_eq!(
            fill("{year}の取組実績", &[("year", "令和3年度")]),
            "令和3年度の取組実績"
        );
        assert_eq!(fill("{nope} {a}", &[("a", "x")]), "{nope} x");
        assert_eq!(fill("{ {a}}", &[("a", "x")]), "{ x}");
        assert_eq!(fill("no braces", &[]), "no braces");
    }

    #[test]
    fn embedded_labels_keep_their_placeholders() {
        let l = Labels::default();
        assert_eq!(l.result, "{year}の\n取組実績");
        assert_eq!(l.content, "取組内容");
        assert_eq!(l.page_number, "- {page} -");
    }
}
