//! One sheet per pillar, laid out like the plan for printing.

use rust_xlsxwriter::{Format, XlsxError};

use super::paging::{page_breaks, printable_height, Block};
use super::{join_bureaus, Sheet, Writer};
use crate::excel::{
    half_width_places, line_capacity, row_height, text_lines, FONT_SIZE, LINE_HEIGHT_PT,
    MAX_ROW_HEIGHT_PT, ROW_PADDING_PT,
};
use crate::plan::format;
use crate::plan::{circled, find_group, find_section, find_subsection};
use crate::plan::{ScheduleEntry, SectionRef, UnitText};
use crate::report::{ItemReport, UnitReport, UnitStatus};
use crate::wording::labels::fill;
use crate::wording::sheet::{Band, IndicatorLine};

/// The most lines one row can show.
const MAX_ROW_LINES: u32 = ((MAX_ROW_HEIGHT_PT - ROW_PADDING_PT) / LINE_HEIGHT_PT) as u32;

/// Widths of the pillar sheets' label and text columns. Together they fit A4 portrait
/// unscaled (with room to spare: LibreOffice measures columns a little wider than Excel), so
/// the page-break estimate, which assumes no scaling, holds. The sheets are also set to fit
/// the page width with no limit on height, which keeps manual page breaks in force.
const PLAN_LABEL_WIDTH: f64 = 20.0;
const PLAN_TEXT_WIDTH: f64 = 70.0;

/// Splits a text into pieces that each fit one row (at most `MAX_ROW_LINES` lines), at line
/// breaks where possible, inside a line when one line alone is longer.
fn row_chunks(text: &str, width: f64) -> Vec<String> {
    let capacity = line_capacity(width);
    let max_places = capacity * MAX_ROW_LINES;
    let mut chunks = Vec::new();
    let mut current = String::new();
    let mut current_lines = 0u32;
    for line in text.split('\n') {
        let mut pieces: Vec<String> = Vec::new();
        let places: u32 = line.chars().map(half_width_places).sum();
        if places <= max_places {
            pieces.push(line.to_string());
        } else {
            let mut piece = String::new();
            let mut used = 0;
            for c in line.chars() {
                let p = half_width_places(c);
                if used + p > max_places {
                    pieces.push(std::mem::take(&mut piece));
                    used = 0;
                }
                piece.push(c);
                used += p;
            }
            pieces.push(piece);
        }
        for piece in pieces {
            let lines = text_lines(&piece, PLAN_TEXT_WIDTH.min(width.max(1.0)));
            if current_lines > 0 && current_lines + lines > MAX_ROW_LINES {
                chunks.push(std::mem::take(&mut current));
                current_lines = 0;
            }
            if current_lines > 0 {
                current.push('\n');
            }
            current.push_str(&piece);
            current_lines += lines;
        }
    }
    chunks.push(current);
    chunks
}

impl Writer<'_> {
    pub(super) fn write_pillar(&mut self, sh: &mut Sheet, pillar: u8) -> Result<(), XlsxError> {
        sh.ws.set_column_width(0, PLAN_LABEL_WIDTH)?;
        sh.ws.set_column_width(1, PLAN_TEXT_WIDTH)?;
        let mut rows = PlanRows {
            row: 0,
            heights: Vec::new(),
        };
        let title = self.pillar_label(pillar, &self.pillar_title(pillar));
        let f = self.s.plan_pillar.clone();
        self.put_merged(sh, 0, (0, 1), &title, &f, "見出し")?;
        let width = PLAN_LABEL_WIDTH + PLAN_TEXT_WIDTH;
        rows.set(
            sh,
            row_height(text_lines(&title, width * 10.0 / 14.0)).max(24.0),
        )?;

        // Runs of rows to keep on one page: an item with the headings before it (the pillar's
        // title stays with its first item), and each later unit of the item.
        let mut blocks = vec![Block { row: 0, item: true }];
        let mut last_section: Option<u8> = None;
        let mut last_subsection: Option<Option<u8>> = None;
        let mut last_group: Option<Option<String>> = None;
        let report = self.report;
        for item in report
            .items
            .iter()
            .filter(|i| i.item.section.pillar == pillar)
        {
            let r = &item.item.section;
            if rows.row > 1 {
                blocks.push(Block {
                    row: rows.row,
                    item: true,
                });
            }
            if last_section != Some(r.section) {
                last_section = Some(r.section);
                last_subsection = None;
                last_group = None;
                let title = self.section_title(r);
                let text = self.section_label(r.section, &title);
                self.plan_heading(sh, &mut rows, &text, self.s.plan_section.clone(), 12.0)?;
            }
            if last_subsection != Some(r.subsection) {
                last_subsection = Some(r.subsection);
                last_group = None;
                if let Some(n) = r.subsection {
                    let title = self.subsection_title(r);
                    let text = self.xl.subsection_heading(&circled(n).to_string(), &title);
                    self.plan_heading(sh, &mut rows, &text, self.s.plan_subsection.clone(), 11.0)?;
                }
            }
            if last_group.as_ref() != Some(&r.group) {
                last_group = Some(r.group.clone());
                if let Some(label) = &r.group {
                    let title = self.group_title(r);
                    let text = self.xl.group_heading(label, &title);
                    self.plan_heading(sh, &mut rows, &text, self.s.plan_subsection.clone(), 11.0)?;
                }
            }
            self.write_item(sh, &mut rows, &mut blocks, item)?;
            // A blank row between items.
            rows.set(sh, 8.0)?;
        }
        Self::end_rows(sh, rows.row)?;
        let breaks = page_breaks(&rows.heights, &blocks, printable_height());
        if !breaks.is_empty() {
            sh.ws.set_page_breaks(&breaks)?;
        }
        self.page_setup(sh, false);
        sh.ws.set_print_fit_to_pages(1, 0);
        Ok(())
    }

    fn section_title(&self, r: &SectionRef) -> String {
        find_section(&self.report.pillars, r)
            .map(|s| s.title.clone())
            .unwrap_or_default()
    }

    fn subsection_title(&self, r: &SectionRef) -> String {
        find_subsection(&self.report.pillars, r)
            .map(|s| s.title.clone())
            .unwrap_or_default()
    }

    fn group_title(&self, r: &SectionRef) -> String {
        find_group(&self.report.pillars, r)
            .map(|g| g.title.clone())
            .unwrap_or_default()
    }

    fn plan_heading(
        &mut self,
        sh: &mut Sheet,
        rows: &mut PlanRows,
        text: &str,
        format: Format,
        size: f64,
    ) -> Result<(), XlsxError> {
        let width = (PLAN_LABEL_WIDTH + PLAN_TEXT_WIDTH) * FONT_SIZE / size;
        self.put_merged(sh, rows.row, (0, 1), text, &format, "見出し")?;
        let lines = text_lines(text, width);
        rows.set(sh, (lines as f64 * size * 1.2 + 8.0).max(20.0))
    }

    fn write_item(
        &mut self,
        sh: &mut Sheet,
        rows: &mut PlanRows,
        blocks: &mut Vec<Block>,
        item: &ItemReport,
    ) -> Result<(), XlsxError> {
        let it = &item.item;
        let band = self.xl.item_band(
            &it.id.to_string(),
            &Band {
                title: &it.title,
                bureaus: &join_bureaus(it.all_bureaus().into_iter().map(|b| b.as_str())),
                completed: it.completed,
            },
        );
        let f = self.s.band_item.clone();
        self.put_merged(sh, rows.row, (0, 1), &band, &f, "実施項目")?;
        let width = (PLAN_LABEL_WIDTH + PLAN_TEXT_WIDTH) * FONT_SIZE / 11.0;
        rows.set(sh, (text_lines(&band, width) as f64 * 13.5 + 8.0).max(22.0))?;
        if let Some(lead) = it.lead.as_deref().filter(|l| !l.trim().is_empty()) {
            let f = self.s.plain_wrap.clone();
            for chunk in row_chunks(lead, PLAN_LABEL_WIDTH + PLAN_TEXT_WIDTH) {
                self.put_merged(sh, rows.row, (0, 1), &chunk, &f, "実施項目")?;
                let lines = text_lines(&chunk, PLAN_LABEL_WIDTH + PLAN_TEXT_WIDTH);
                rows.set(sh, row_height(lines))?;
            }
        }
        if !it.initiatives.is_empty() {
            if !it.text.is_empty() {
                self.plan_text_rows(sh, rows, &it.text)?;
            }
            let heading = self.labels.initiatives_heading.clone();
            let f = self.s.plan_subsection.clone();
            self.put_merged(sh, rows.row, (0, 1), &heading, &f, "見出し")?;
            rows.set(sh, 20.0)?;
        }
        for (k, unit) in item.units.iter().enumerate() {
            if k > 0 {
                blocks.push(Block {
                    row: rows.row,
                    item: false,
                });
            }
            let text: &UnitText = match unit.initiative.and_then(|i| it.initiatives.get(i)) {
                Some(init) => {
                    let band = self.xl.initiative_band(&Band {
                        title: &init.title,
                        bureaus: &join_bureaus(unit.bureaus.iter().map(|b| b.as_str())),
                        completed: init.completed,
                    });
                    let f = self.s.band_initiative.clone();
                    self.put_merged(sh, rows.row, (0, 1), &band, &f, "主な取組み")?;
                    let lines = text_lines(&band, PLAN_LABEL_WIDTH + PLAN_TEXT_WIDTH);
                    rows.set(sh, row_height(lines).max(18.0))?;
                    &init.text
                }
                None => &it.text,
            };
            self.plan_text_rows(sh, rows, text)?;
            self.plan_year_rows(sh, rows, unit)?;
        }
        Ok(())
    }

    /// 取組内容 / 目標 / スケジュール: the plan's own text.
    fn plan_text_rows(
        &mut self,
        sh: &mut Sheet,
        rows: &mut PlanRows,
        text: &UnitText,
    ) -> Result<(), XlsxError> {
        if let Some(c) = text.content.as_deref() {
            self.labelled(sh, rows, &self.labels.content.clone(), c)?;
        }
        if let Some(g) = text.goal.as_deref() {
            self.labelled(sh, rows, &self.labels.goal.clone(), g)?;
        }
        if !text.schedule.is_empty() {
            let lines = text
                .schedule
                .iter()
                .map(schedule_line)
                .collect::<Vec<_>>()
                .join("\n");
            self.labelled(sh, rows, &self.labels.schedule.clone(), &lines)?;
        }
        Ok(())
    }

    /// The year's rows: 取組実績, 指標, 評価, 効果額, 課題・今後の取組.
    fn plan_year_rows(
        &mut self,
        sh: &mut Sheet,
        rows: &mut PlanRows,
        unit: &UnitReport,
    ) -> Result<(), XlsxError> {
        let result_label = self.result_label();
        if unit.status == UnitStatus::CompletedEarlier {
            let done = self.xl.xlsx_status_completed.text();
            self.labelled(sh, rows, &result_label, &done)?;
            let grade = self.grade_text(unit);
            return self.labelled(sh, rows, &self.labels.grade.clone(), &grade);
        }
        let result = if unit.status == UnitStatus::Missing {
            self.labels.not_submitted.clone()
        } else {
            self.per_bureau(unit, |e| e.result.as_str(), true)
        };
        self.labelled(sh, rows, &result_label, &result)?;
        if !unit.indicators.is_empty() {
            let lines = unit
                .indicators
                .iter()
                .map(|ind| {
                    let target = match (ind.target, &ind.target_period) {
                        (Some(t), Some(p)) => format!("{}（{p}）", format::thousands(t)),
                        (Some(t), None) => format::thousands(t),
                        _ => "―".to_string(),
                    };
                    let actual = ind.actual.map(format::thousands);
                    let achievement = ind.achievement.map(format::percent);
                    self.xl.indicator_text(&IndicatorLine {
                        name: &ind.name,
                        unit: &ind.unit,
                        target: &target,
                        actual: actual.as_deref().unwrap_or("―"),
                        achievement: achievement.as_deref().unwrap_or("―"),
                    })
                })
                .collect::<Vec<_>>()
                .join("\n");
            self.labelled(sh, rows, &self.labels.indicators.clone(), &lines)?;
        }
        let grade = self.grade_text(unit);
        self.labelled(sh, rows, &self.labels.grade.clone(), &grade)?;

        // 効果額 is a number with a 千円 format, so it can still be summed.
        let label = self.labels.effect.clone();
        let f = self.s.label.clone();
        self.put(sh, rows.row, 0, &label, &f, "見出し")?;
        match unit.effect_thousand_yen.filter(|v| v.is_finite()) {
            Some(v) => {
                sh.ws
                    .write_number_with_format(rows.row, 1, v, &self.s.body_yen)?;
            }
            None => {
                let body = self.s.body.clone();
                self.put(sh, rows.row, 1, "―", &body, &label)?;
            }
        }
        rows.set(sh, row_height(text_lines(&label, PLAN_LABEL_WIDTH)))?;

        let issues = self.per_bureau(unit, |e| e.issues.as_str(), false);
        self.labelled(sh, rows, &self.labels.issues.clone(), &issues)
    }

    fn grade_text(&self, unit: &UnitReport) -> String {
        let Some(g) = &unit.grade else {
            return "―".to_string();
        };
        let label = self
            .report
            .grade(&g.symbol)
            .map(|s| s.label.clone())
            .unwrap_or_default();
        let reason_label = g
            .reason
            .as_deref()
            .and_then(|r| self.report.reasons.iter().find(|t| t.tag == r))
            .map(|t| t.label.clone())
            .unwrap_or_default();
        let mut text = self.xl.grade_text(
            &g.symbol,
            g.reason.as_deref().unwrap_or_default(),
            &label,
            &reason_label,
        );
        if let Some(d) = self.disagreement(unit) {
            text.push('\n');
            text.push_str(&d);
        }
        text
    }

    /// A label cell and its text, over as many rows as the text needs (a row shows at most
    /// 409 points); continuation rows are labelled （続き）.
    fn labelled(
        &mut self,
        sh: &mut Sheet,
        rows: &mut PlanRows,
        label: &str,
        text: &str,
    ) -> Result<(), XlsxError> {
        let (label_f, body_f) = (self.s.label.clone(), self.s.body.clone());
        for (k, chunk) in row_chunks(text, PLAN_TEXT_WIDTH).iter().enumerate() {
            let l = if k == 0 {
                label.to_string()
            } else {
                fill(&self.labels.continued, &[("label", label)])
            };
            self.put(sh, rows.row, 0, &l, &label_f, "見出し")?;
            self.put(sh, rows.row, 1, chunk, &body_f, label)?;
            let lines = text_lines(chunk, PLAN_TEXT_WIDTH).max(text_lines(&l, PLAN_LABEL_WIDTH));
            rows.set(sh, row_height(lines))?;
        }
        Ok(())
    }
}

/// Rows written so far on a pillar sheet, with their heights for the page breaks.
struct PlanRows {
    row: u32,
    heights: Vec<f64>,
}

impl PlanRows {
    /// Sets the current row's height and moves to the next row.
    fn set(&mut self, sh: &mut Sheet, height: f64) -> Result<(), XlsxError> {
        let h = height.min(MAX_ROW_HEIGHT_PT);
        sh.ws.set_row_height(self.row, h)?;
        self.heights.push(h);
        self.row += 1;
        Ok(())
    }
}

fn schedule_line(e: &ScheduleEntry) -> String {
    match &e.period {
        Some(p) => format!("{}　{}", p.label, e.text),
        None => e.text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::paging::MARGIN_SIDE_IN;
    use super::*;

    #[test]
    fn long_text_is_split_into_rows_that_fit() {
        let para = "あ".repeat(10_000);
        let chunks = row_chunks(&format!("短い行\n{para}\n終わり"), PLAN_TEXT_WIDTH);
        assert!(chunks.len() > 1);
        for c in &chunks {
            assert!(
                text_lines(c, PLAN_TEXT_WIDTH) <= MAX_ROW_LINES,
                "{}",
                c.len()
            );
        }
        let joined: String = chunks.concat();
        assert_eq!(joined.replace('\n', ""), format!("短い行{para}終わり"));
        assert_eq!(row_chunks("", PLAN_TEXT_WIDTH), vec![String::new()]);
    }

    #[test]
    fn plan_sheets_fit_a4_portrait_unscaled() {
        // Pixels of a column: the default font's 7-pixel digit per unit plus margins.
        let px = |w: f64| (w * 7.0 + 5.0).round();
        let width_pt = (px(PLAN_LABEL_WIDTH) + px(PLAN_TEXT_WIDTH)) * 0.75;
        assert!(
            width_pt <= 595.0 - 2.0 * MARGIN_SIDE_IN * 72.0,
            "{width_pt}"
        );
    }
}
