//! Every word the PDF report prints that is not the plan's or a bureau's own text. Kept in one
//! place so the office can reword the report (a later step fills this from templates) and so
//! the wording stays consistent between pages.
//!
//! Templates use `{name}` placeholders; `fill` replaces them. An unknown placeholder is left as
//! typed, so a typo shows in the output instead of silently vanishing.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
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
    /// `{total}`, `{on_target}`, `{percent}` (one decimal).
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
}

impl Default for Labels {
    fn default() -> Self {
        let s = |v: &str| v.to_string();
        Labels {
            cover_subtitle: s("{year}　実施状況報告"),
            bureau_suffix: s("（{bureau}）"),
            running_header: s("{plan}　{year}　実施状況報告"),
            page_number: s("- {page} -"),
            document_title: s("{plan}　{year}　実施状況報告"),
            subject: s("{year}　実施状況報告"),
            heading: s("{number}　{title}"),
            running_subsection: s("{number}　{title}"),
            item_number: s("№{id}"),
            item_label: s("実施項目"),
            initiatives_heading: s("【主な取組み】"),
            initiative_bureaus: s("（{bureaus}）"),
            bureau_separator: s("・"),
            content: s("取組内容"),
            goal: s("目　　標"),
            schedule: s("スケジュール"),
            result: s("{year}の\n取組実績"),
            grade: s("評　　価"),
            indicators: s("指　　標"),
            effect: s("効 果 額"),
            issues: s("課題・今後の取組"),
            continued: s("{label}（続き）"),
            bureau_entry: s("【{bureau}】"),
            not_submitted: s("未提出"),
            no_entry: s("（記載なし）"),
            no_value: s("―"),
            completed_stamp: s("完了"),
            completed_earlier: s("前年度までに取組みを完了しています。"),
            completed_earlier_grade: s("（前年度までに完了）"),
            reason_tag: s("{symbol}{tag}"),
            reason_note: s("（{label}）"),
            disagreement: s("※所管局により評価が異なります（{grades}）。低い方の評価を掲載しています。"),
            disagreement_entry: s("{bureau}{grade}"),
            list_separator: s("、"),
            indicator_name: s("指標"),
            indicator_target: s("目標"),
            indicator_actual: s("実績"),
            indicator_achievement: s("達成率"),
            indicator_value: s("{value}{unit}"),
            indicator_target_period: s("{value}（{period}）"),
            percent: s("{value}％"),
            thousand_yen: s("{amount}千円"),
            summary_heading: s("実施状況の概要"),
            on_target_sentence: s(
                "全{total}項目中、{on_target}項目（{percent}％）が目標どおり又は目標を上回る進捗となりました。",
            ),
            incomplete_note: s("※報告が未提出の所管局があるまま作成しています。未提出の取組みは「未提出」と表示しています。"),
            grade_table_heading: s("評価の内訳（実施項目ごと）"),
            grade_table_area: s("区分"),
            grade_table_total: s("合計"),
            ungraded: s("未評価"),
            count_total: s("計"),
            chart_heading: s("柱ごとの評価"),
            chart_caption: s("{number}　{title}（{items}項目）"),
            legend_entry: s("{symbol}　{label}"),
            reason_count: s("理由区分「{tag}」（{label}）の付いた評価：{count}件"),
            effect_heading: s("効果額"),
            effect_total: s("効果額の合計は{amount}です（{units}件の取組み）。"),
            top_effects_heading: s("効果額の大きい取組み"),
            top_effects_number: s("№"),
            top_effects_unit: s("実施項目・取組み"),
            unit_title: s("{item}：{initiative}"),
            top_effects_bureaus: s("所管局"),
            top_effects_amount: s("効果額（千円）"),
            no_effects: s("効果額の報告はありません。"),
            submission_heading: s("所管局の提出状況"),
            submission_bureau: s("所管局"),
            submission_file: s("提出ファイル"),
            submission_expected: s("対象"),
            submission_answered: s("回答"),
            submission_state: s("状況"),
            submitted: s("提出済み"),
            partly_answered: s("一部未回答"),
            list_heading: s("実施項目一覧"),
            list_page_column: s("（掲載ページ）"),
            list_leader: s("…"),
        }
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
    fn labels_read_from_partial_toml_keep_the_defaults() {
        let l: Labels = toml::from_str("item_label = \"事業\"").unwrap();
        assert_eq!(l.item_label, "事業");
        assert_eq!(l.content, Labels::default().content);
    }
}
