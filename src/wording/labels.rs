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
    /// The label of the column beside an initiative's box, set one character per line.
    pub box_bureaus_label: String,
    /// A bureau in that column, one per line. `{bureaus}`: one bureau's name.
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
    /// A grade's count in a chart's accessible name. `{symbol}`, `{label}`, `{count}`.
    pub chart_grade_value: String,
    /// One bar in a chart's accessible name. `{caption}`, `{values}`.
    pub chart_row: String,
    /// The accessible name of a chart. `{heading}`, `{rows}`.
    pub chart_title: String,
    pub effect_chart_heading: String,
    pub effect_pillar_heading: String,
    /// One bar of the effect chart. `{caption}`, `{amount}` (with 千円).
    pub effect_chart_row: String,
    pub effect_pillar_units: String,
    /// The table of contents' entry for a pillar. `{heading}`, `{items}`.
    pub toc_pillar: String,
    pub filter_heading: String,
    pub filter_bureau: String,
    pub filter_all_bureaus: String,
    pub filter_grade: String,
    pub filter_all_grades: String,
    pub filter_on_target: String,
    pub filter_behind: String,
    pub filter_ungraded: String,
    pub filter_text: String,
    pub filter_reset: String,
    /// The text searched for, as a condition. `{text}`.
    pub filter_text_condition: String,
    /// The result of filtering. `{conditions}`, `{count}`.
    pub filter_count: String,
    /// Without conditions. `{count}`.
    pub filter_all: String,
    /// A scrolling table's name for screen readers. `{caption}`.
    pub scroll_region: String,

    // Open data (report.csv). `{n}`: the indicator's number, 1, 2 …
    pub csv_year: String,
    pub csv_year_wareki: String,
    pub csv_number: String,
    pub csv_item: String,
    pub csv_initiative: String,
    pub csv_bureau: String,
    pub csv_grade: String,
    pub csv_reason: String,
    pub csv_result: String,
    pub csv_effect: String,
    pub csv_issues: String,
    pub csv_indicator_name: String,
    pub csv_indicator_unit: String,
    pub csv_indicator_target: String,
    pub csv_indicator_actual: String,
    pub csv_indicator_achievement: String,

    // The plan period (build --history).
    pub history_heading: String,
    /// The sentence the city publishes. `{total}`, `{on_target}`, `{share}`, `{change}`:
    /// +1.1 / -0.4 / ±0.0 points against the year before.
    pub history_sentence: String,
    /// `{effect}` this year's 効果額, `{cumulative}` the running total, `{first}` the first
    /// year counted.
    pub history_effect: String,
    /// Added when the plan gives an estimate. `{estimate}`, `{rate}` (per cent; `percent` is
    /// a helper's name).
    pub history_estimate: String,
    /// A unit that was not in that year's plan.
    pub history_not_in_force: String,
    /// A year whose report.json was not found.
    pub history_no_report: String,
    /// A unit whose plan text changed since that year.
    pub history_revised: String,
    /// The label of a unit's row of grades by year.
    pub history_row: String,
    pub history_behind_heading: String,
    pub history_behind_none: String,
    pub history_year_column: String,
    pub history_share_column: String,
    pub history_effect_column: String,
    pub history_cumulative_column: String,
    /// A unit's grades year by year. `{years}`: 令和元年度 ○ → 令和2年度 △ → 令和3年度 ○.
    pub history_unit: String,
    /// One year of the period in the summary. `{year}`, `{share}`, `{effect}`, `{cumulative}`.
    pub history_year_line: String,
    /// Between the years of a unit's row of grades: 令和元年度 ○ → 令和2年度 △.
    pub history_separator: String,
    /// One year in a unit's row of grades. `{year}`, `{grade}` (the cell: ○, 対象外 …).
    pub history_year_grade: String,
    /// The chart of the on-target share by year.
    pub history_share_chart_heading: String,
    /// A year's bar in that chart. `{share}` (percent), `{total}`, `{on_target}`.
    pub history_share_value: String,
    /// The chart of 効果額 by year with the running total.
    pub history_effect_chart_heading: String,
    /// A year's bar in that chart. `{effect}`, `{cumulative}` (with 千円).
    pub history_effect_value: String,
    /// The chart's legend: the year's own 効果額, and the years before it.
    pub history_effect_legend_year: String,
    pub history_effect_legend_earlier: String,
    /// The line drawn at the plan's estimate. `{estimate}` (with 千円).
    pub history_estimate_marker: String,
    /// The caption of the table of figures by year.
    pub history_table_heading: String,
    /// The table's column of each year's estimate, when settings.toml gives them by year.
    pub history_estimate_column: String,
    /// The caption of an indicator's table of targets and actuals by year. `{name}`.
    pub history_indicator_caption: String,
    /// In the PDF, an indicator's years on one line. `{name}`, `{years}`.
    pub history_indicator_line: String,
    /// One year of that line. `{year}`, `{actual}`, `{target}`.
    pub history_indicator_year: String,
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
    pub fn comparison(&self, c: &crate::report::Comparison, share_now: f64) -> String {
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
    pub fn previous_grade(&self, change: &crate::report::UnitChange) -> String {
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

impl Labels {
    /// 全105項目中81項目（77.1％）が目標どおり又は目標を上回る進捗となりました（前年度比+4.8ポイント）。
    /// None when the history has no year with items.
    pub fn history_sentence(&self, h: &crate::report::History) -> Option<String> {
        let now = h.figures.last()?;
        let share = now.on_target_share?;
        let before = h
            .figures
            .iter()
            .rev()
            .nth(1)
            .filter(|f| f.year.next() == now.year)
            .and_then(|f| f.on_target_share);
        let change = match before {
            Some(b) => {
                let points = (share - b) * 100.0;
                let p = crate::plan::format::one_decimal(points.abs());
                if p == "0.0" {
                    format!("±{p}")
                } else if points > 0.0 {
                    format!("+{p}")
                } else {
                    format!("-{p}")
                }
            }
            None => self.no_value.clone(),
        };
        Some(fill(
            &self.history_sentence,
            &[
                ("total", &now.items.to_string()),
                ("on_target", &now.on_target.to_string()),
                ("share", &crate::plan::format::percent_number(share)),
                ("change", &change),
            ],
        ))
    }

    /// This year's 効果額 and the running total, against the plan's estimate when it has one.
    pub fn history_effect(&self, h: &crate::report::History) -> Option<String> {
        let (first, now) = (h.figures.first()?, h.figures.last()?);
        let mut s = fill(
            &self.history_effect,
            &[
                (
                    "effect",
                    &crate::plan::format::yen_thousands(now.effect_thousand_yen),
                ),
                (
                    "cumulative",
                    &crate::plan::format::yen_thousands(now.cumulative_thousand_yen),
                ),
                ("first", &first.year.wareki()),
            ],
        );
        if let Some(e) = h.estimate_thousand_yen.filter(|e| *e > 0.0) {
            s.push_str(&fill(
                &self.history_estimate,
                &[
                    ("estimate", &crate::plan::format::yen_thousands(e)),
                    (
                        "rate",
                        &crate::plan::format::percent_number(now.cumulative_thousand_yen / e),
                    ),
                ],
            ));
        }
        Some(s)
    }

    /// A unit's grades year by year, on one line: 推移：令和元年度 ○ → 令和2年度 △ → 令和3年度 ○.
    pub fn history_unit(&self, u: &crate::report::UnitHistory) -> String {
        fill(&self.history_unit, &[("years", &self.history_grades(u))])
    }

    /// One line per year of the period for the summary, gaps (報告なし) included.
    pub fn history_year_lines(&self, h: &crate::report::History) -> Vec<String> {
        h.figures
            .iter()
            .map(|f| {
                let missing = h.missing_years.contains(&f.year);
                let share = match f.on_target_share {
                    Some(s) if !missing => format!("{}％", crate::plan::format::percent_number(s)),
                    _ => self.history_no_report.clone(),
                };
                let effect = if missing {
                    self.history_no_report.clone()
                } else {
                    crate::plan::format::yen_thousands(f.effect_thousand_yen)
                };
                fill(
                    &self.history_year_line,
                    &[
                        ("year", &f.year.wareki()),
                        ("share", &share),
                        ("effect", &effect),
                        (
                            "cumulative",
                            &crate::plan::format::yen_thousands(f.cumulative_thousand_yen),
                        ),
                    ],
                )
            })
            .collect()
    }

    /// A year's bar in the chart of on-target shares: 93.3％（105項目中98項目）, or 報告なし.
    pub fn history_share_text(
        &self,
        h: &crate::report::History,
        f: &crate::report::YearFigures,
    ) -> String {
        if h.missing_years.contains(&f.year) {
            return self.history_no_report.clone();
        }
        match f.on_target_share {
            Some(share) => fill(
                &self.history_share_value,
                &[
                    ("share", &crate::plan::format::percent_number(share)),
                    ("total", &f.items.to_string()),
                    ("on_target", &f.on_target.to_string()),
                ],
            ),
            None => self.no_value.clone(),
        }
    }

    /// A year's bar in the chart of 効果額: 1,234千円（累計 5,678千円）, or 報告なし.
    pub fn history_effect_text(
        &self,
        h: &crate::report::History,
        f: &crate::report::YearFigures,
    ) -> String {
        if h.missing_years.contains(&f.year) {
            return self.history_no_report.clone();
        }
        fill(
            &self.history_effect_value,
            &[
                (
                    "effect",
                    &crate::plan::format::yen_thousands(f.effect_thousand_yen),
                ),
                (
                    "cumulative",
                    &crate::plan::format::yen_thousands(f.cumulative_thousand_yen),
                ),
            ],
        )
    }

    /// Each indicator's actuals by year against that year's target, one line per indicator:
    /// 市税収納率：令和元年度 98.9％（目標 98.8％） → 令和2年度 … . A year the unit was not
    /// reported shows as its grade row does (対象外, 報告なし).
    pub fn history_indicator_lines(
        &self,
        u: &crate::report::UnitHistory,
        indicators: &[crate::report::IndicatorResult],
    ) -> Vec<String> {
        let value = |v: Option<f64>, i: &crate::report::IndicatorResult| match v {
            Some(v) => format!("{}{}", crate::plan::format::fixed(v, i.decimals), i.unit),
            None => self.no_value.clone(),
        };
        indicators
            .iter()
            .enumerate()
            .map(|(k, ind)| {
                let years: Vec<String> = u
                    .years
                    .iter()
                    .map(|y| match (y.state, y.indicators.get(k)) {
                        (crate::report::YearState::Reported, Some(iy)) => fill(
                            &self.history_indicator_year,
                            &[
                                ("year", &y.year.wareki()),
                                ("actual", &value(iy.actual, ind)),
                                ("target", &value(iy.target, ind)),
                            ],
                        ),
                        _ => fill(
                            &self.history_year_grade,
                            &[("year", &y.year.wareki()), ("grade", &self.history_cell(y))],
                        ),
                    })
                    .collect();
                fill(
                    &self.history_indicator_line,
                    &[
                        ("name", &ind.name),
                        ("years", &years.join(&self.history_separator)),
                    ],
                )
            })
            .collect()
    }

    /// What a unit's year shows in a row of grades: the grade, 対象外, 報告なし, or ― .
    pub fn history_cell(&self, y: &crate::report::UnitYear) -> String {
        let mut s = match y.state {
            crate::report::YearState::NotInForce => self.history_not_in_force.clone(),
            crate::report::YearState::NoReport => self.history_no_report.clone(),
            crate::report::YearState::Reported => {
                y.grade.clone().unwrap_or_else(|| self.no_value.clone())
            }
        };
        if y.revised {
            s.push_str(&self.history_revised);
        }
        s
    }

    /// A unit's grades year by year: 令和元年度 ○ → 令和2年度 △ → 令和3年度 ○.
    pub fn history_grades(&self, u: &crate::report::UnitHistory) -> String {
        u.years
            .iter()
            .map(|y| {
                fill(
                    &self.history_year_grade,
                    &[("year", &y.year.wareki()), ("grade", &self.history_cell(y))],
                )
            })
            .collect::<Vec<_>>()
            .join(&self.history_separator)
    }
}

#[cfg(test)]
mod history_tests {
    use super::*;
    use crate::plan::FiscalYear;
    use crate::report::{History, YearFigures};

    fn year(y: u16, items: usize, on_target: usize, effect: f64, cumulative: f64) -> YearFigures {
        YearFigures {
            year: FiscalYear::new(y).unwrap(),
            items,
            on_target,
            on_target_share: (items > 0).then(|| on_target as f64 / items as f64),
            effect_thousand_yen: effect,
            cumulative_thousand_yen: cumulative,
            estimate_thousand_yen: None,
        }
    }

    fn history(figures: Vec<YearFigures>, estimate: Option<f64>) -> History {
        History {
            years: figures.iter().map(|f| f.year).collect(),
            missing_years: Vec::new(),
            figures,
            estimate_thousand_yen: estimate,
            units: Vec::new(),
            behind: Vec::new(),
        }
    }

    #[test]
    fn the_city_sentence_gives_the_change_in_points() {
        let l = Labels::default();
        let h = history(
            vec![
                year(2020, 105, 76, 1000.0, 1000.0),
                year(2021, 105, 81, 500.0, 1500.0),
            ],
            Some(3000.0),
        );
        assert_eq!(
            l.history_sentence(&h).unwrap(),
            "全105項目中81項目（77.1％）が目標どおり又は目標を上回る進捗となりました（前年度比+4.8ポイント）。"
        );
        assert_eq!(
            l.history_effect(&h).unwrap(),
            "効果額は今年度 500千円、令和2年度からの累計 1,500千円（計画期間の見込額 3,000千円 に対し 50.0％）"
        );
        let down = history(
            vec![year(2020, 100, 80, 0.0, 0.0), year(2021, 100, 79, 0.0, 0.0)],
            None,
        );
        assert!(l
            .history_sentence(&down)
            .unwrap()
            .contains("前年度比-1.0ポイント"));
        let alone = history(vec![year(2021, 100, 79, 0.0, 0.0)], None);
        assert!(l
            .history_sentence(&alone)
            .unwrap()
            .contains("前年度比―ポイント"));
    }

    #[test]
    fn an_indicator_reads_year_by_year_against_its_targets() {
        use crate::report::{IndicatorResult, IndicatorYear, UnitHistory, UnitYear, YearState};
        let l = Labels::default();
        let y = |year: u16, state, target, actual| UnitYear {
            year: FiscalYear::new(year).unwrap(),
            state,
            grade: Some("○".into()),
            results: Vec::new(),
            effect_thousand_yen: None,
            indicators: vec![IndicatorYear { target, actual }],
            revised: false,
        };
        let u = UnitHistory {
            id: "12".parse().unwrap(),
            years: vec![
                y(2019, YearState::NotInForce, None, None),
                y(2020, YearState::Reported, Some(98.8), Some(98.9)),
                y(2021, YearState::Reported, Some(99.0), None),
            ],
        };
        let ind = IndicatorResult {
            name: "市税収納率".into(),
            unit: "％".into(),
            better: crate::plan::Better::Higher,
            target: Some(99.0),
            target_period: None,
            baseline: None,
            actual: None,
            achievement: None,
            suggests_behind: false,
            decimals: 1,
        };
        assert_eq!(
            l.history_indicator_lines(&u, &[ind]),
            vec!["市税収納率：令和元年度 対象外 → 令和2年度 98.9％（目標 98.8％） → 令和3年度 ―（目標 99.0％）"]
        );
    }
}
