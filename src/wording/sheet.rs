//! The spreadsheet's own wording (report.xlsx): the `xlsx_*` keys of templates/wording.toml
//! and the cover lines, one typed field per key, so that a misspelt key does not compile and a
//! key missing from wording.toml fails `Wording::sheet_labels` (tested on the embedded file).
//! The labels the spreadsheet shares with the PDF and the HTML page come from `Labels`.
//!
//! Unlike `Labels`, these are kept as templates and rendered where they are printed, with the
//! real values: some branch on a value (`{{#if completed}}`), which a text rendered once with
//! `{name}` placeholders cannot do, and an office's override may use helpers on the values.

use std::sync::OnceLock;

use handlebars::Handlebars;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// One wording template: its key (for the message when it cannot be rendered) and its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template(String, String);

impl Template {
    /// Rendered with `values`. Never fails the report: a value the template does not get
    /// renders empty, and a template that cannot be rendered prints ［key: error］.
    pub fn render<T: Serialize>(&self, values: &T) -> String {
        static REGISTRY: OnceLock<Handlebars<'static>> = OnceLock::new();
        let Template(key, source) = self;
        REGISTRY
            .get_or_init(super::text_registry)
            .render_template(source, values)
            .unwrap_or_else(|e| format!("［{key}: {e}］"))
    }

    /// Rendered with no values: a label.
    pub fn text(&self) -> String {
        self.render(&json!({}))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetLabels {
    // The 集計's title lines.
    cover_title: Template,
    cover_organisation: Template,
    cover_date: Template,
    /// Shown under the title and in the running header of a one-bureau file.
    xlsx_scope_note: Template,

    // Sheet names: Excel allows at most 31 characters and none of []:*?/\ (they are replaced).
    pub xlsx_sheet_summary: Template,
    pub xlsx_sheet_list: Template,
    pub xlsx_sheet_indicators: Template,
    pub xlsx_sheet_submissions: Template,
    xlsx_sheet_pillar: Template,
    /// The plan period's sheet (build --history).
    pub xlsx_sheet_history: Template,

    // Headings and bands of the pillar sheets.
    xlsx_pillar_heading: Template,
    xlsx_section_heading: Template,
    xlsx_subsection_heading: Template,
    xlsx_group_heading: Template,
    xlsx_item_band: Template,
    xlsx_initiative_band: Template,
    xlsx_grade_cell: Template,
    xlsx_grade_text: Template,
    xlsx_indicator_text: Template,
    xlsx_bureau_prefix: Template,

    // Column headers and row labels.
    pub xlsx_total_row: Template,
    pub xlsx_col_no: Template,
    pub xlsx_col_section: Template,
    pub xlsx_col_initiative: Template,
    pub xlsx_col_bureaus: Template,
    pub xlsx_col_grade: Template,
    pub xlsx_col_effect: Template,
    pub xlsx_col_status: Template,
    pub xlsx_col_ungraded: Template,
    pub xlsx_col_items: Template,
    pub xlsx_col_on_target: Template,
    pub xlsx_col_on_target_share: Template,
    pub xlsx_col_indicator: Template,
    pub xlsx_col_unit: Template,
    pub xlsx_col_baseline: Template,
    pub xlsx_col_target: Template,
    pub xlsx_col_target_period: Template,
    xlsx_col_actual: Template,
    pub xlsx_col_achievement: Template,
    pub xlsx_col_flag: Template,
    /// The 提出状況 sheet's last two headers (errors, warnings), separated by a comma.
    pub xlsx_submission_diagnostic_columns: Template,

    // Notes.
    pub xlsx_status_completed: Template,
    xlsx_status_partly: Template,
    pub xlsx_flag_behind: Template,
    pub xlsx_indicator_note: Template,
    pub xlsx_effect_pillar_heading: Template,
    pub xlsx_effect_bureau_heading: Template,
    xlsx_cut_warning: Template,

    // The 推移 sheet (build --history).
    pub xlsx_history_effect_heading: Template,
    pub xlsx_history_amount_unit: Template,
    pub xlsx_history_year_estimate: Template,
    pub xlsx_history_plan_estimate: Template,
    pub xlsx_history_estimate_share: Template,
}

/// The pieces of an item's or initiative's heading band on a pillar sheet.
pub struct Band<'a> {
    pub title: &'a str,
    /// Joined already: 総務局・財政局.
    pub bureaus: &'a str,
    pub completed: bool,
}

/// An indicator on a pillar sheet, its values printed already (― for none).
pub struct IndicatorLine<'a> {
    pub name: &'a str,
    pub unit: &'a str,
    pub target: &'a str,
    pub actual: &'a str,
    pub achievement: &'a str,
}

impl SheetLabels {
    pub fn cover_title(&self, plan: &str) -> String {
        self.cover_title.render(&json!({ "plan": plan }))
    }

    pub fn cover_organisation(&self, organisation: &str) -> String {
        self.cover_organisation
            .render(&json!({ "organisation": organisation }))
    }

    /// `date`: printed already, 令和4年6月1日.
    pub fn cover_date(&self, date: &str) -> String {
        self.cover_date.render(&json!({ "date": date }))
    }

    pub fn scope_note(&self, bureau: &str) -> String {
        self.xlsx_scope_note.render(&json!({ "bureau": bureau }))
    }

    pub fn pillar_sheet(&self, number: u8, title: &str) -> String {
        self.xlsx_sheet_pillar
            .render(&json!({ "no": number, "title": title }))
    }

    /// `number`: the pillar's number in full-width digits, as the plan prints it.
    pub fn pillar_heading(&self, number: &str, title: &str) -> String {
        self.xlsx_pillar_heading
            .render(&json!({ "no": number, "title": title }))
    }

    pub fn section_heading(&self, number: u8, title: &str) -> String {
        self.xlsx_section_heading
            .render(&json!({ "no": number, "title": title }))
    }

    /// `number`: ①.
    pub fn subsection_heading(&self, number: &str, title: &str) -> String {
        self.xlsx_subsection_heading
            .render(&json!({ "no": number, "title": title }))
    }

    /// `label`: the group's letter, ア.
    pub fn group_heading(&self, label: &str, title: &str) -> String {
        self.xlsx_group_heading
            .render(&json!({ "label": label, "title": title }))
    }

    /// `id`: 12, 24-2.
    pub fn item_band(&self, id: &str, band: &Band) -> String {
        self.xlsx_item_band.render(&json!({
            "id": id,
            "title": band.title,
            "bureaus": band.bureaus,
            "completed": band.completed,
        }))
    }

    pub fn initiative_band(&self, band: &Band) -> String {
        self.xlsx_initiative_band.render(&json!({
            "title": band.title,
            "bureaus": band.bureaus,
            "completed": band.completed,
        }))
    }

    /// A grade in a list cell: its symbol and reason tag, △コロナ.
    pub fn grade_cell(&self, symbol: &str, reason: &str) -> String {
        self.xlsx_grade_cell
            .render(&json!({ "symbol": symbol, "reason": reason }))
    }

    /// A grade on a pillar sheet, with its meaning and the reason's.
    pub fn grade_text(
        &self,
        symbol: &str,
        reason: &str,
        label: &str,
        reason_label: &str,
    ) -> String {
        self.xlsx_grade_text.render(&json!({
            "symbol": symbol,
            "reason": reason,
            "label": label,
            "reason_label": reason_label,
        }))
    }

    pub fn indicator_text(&self, i: &IndicatorLine) -> String {
        self.xlsx_indicator_text.render(&json!({
            "name": i.name,
            "unit": i.unit,
            "target": i.target,
            "actual": i.actual,
            "achievement": i.achievement,
        }))
    }

    /// Names the bureau before its part of a shared unit's text.
    pub fn bureau_prefix(&self, bureau: &str) -> String {
        self.xlsx_bureau_prefix.render(&json!({ "bureau": bureau }))
    }

    /// The 指標 sheet's header over this year's actual values. `year`: 令和3年度.
    pub fn actual_column(&self, year: &str) -> String {
        self.xlsx_col_actual.render(&json!({ "year": year }))
    }

    /// `bureaus`: those that sent nothing, joined already.
    pub fn status_partly(&self, bureaus: &str) -> String {
        self.xlsx_status_partly
            .render(&json!({ "bureaus": bureaus }))
    }

    /// The warning for a text cut to fit a cell. `cell`: 一覧!G12; `what`: what the text is.
    pub fn cut_warning(&self, cell: &str, what: &str) -> String {
        self.xlsx_cut_warning
            .render(&json!({ "cell": cell, "what": what }))
    }
}

#[cfg(test)]
mod tests {
    use crate::wording::Wording;

    #[test]
    fn the_sheet_labels_render_like_the_wording() {
        let w = Wording::embedded();
        let l = w.sheet_labels();
        assert_eq!(l.xlsx_sheet_summary.text(), w.label("xlsx_sheet_summary"));
        for completed in [true, false] {
            let band = super::Band {
                title: "取組",
                bureaus: "総務局・財政局",
                completed,
            };
            let values = serde_json::json!({
                "title": "取組", "bureaus": "総務局・財政局", "completed": completed,
            });
            assert_eq!(
                l.initiative_band(&band),
                w.text("xlsx_initiative_band", &values)
            );
        }
        assert_eq!(l.actual_column("令和3年度"), "令和3年度の実績");
        assert_eq!(l.grade_text("△", "", "やや遅れ", ""), "△　やや遅れ");
    }

    #[test]
    fn every_spreadsheet_key_has_its_field() {
        let w = Wording::embedded();
        let fields = serde_json::to_value(w.sheet_labels()).unwrap();
        for key in w.keys().iter().filter(|k| k.starts_with("xlsx_")) {
            assert!(fields.get(key).is_some(), "{key}");
        }
    }

    #[test]
    fn a_template_that_cannot_render_names_its_key() {
        let t = super::Template("xlsx_col_actual".into(), "{{wareki}}".into());
        assert!(t.text().starts_with("［xlsx_col_actual: "), "{}", t.text());
    }
}
