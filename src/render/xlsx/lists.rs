//! The three list sheets: 一覧 (one row per reporting unit), 指標 (every numeric target with
//! its 達成率) and 提出状況.

use rust_xlsxwriter::{ConditionalFormatFormula, Format, XlsxError};

use super::{join_bureaus, join_lines, Sheet, Writer, DEFAULT_ROW_PT};
use crate::excel::{cell_name, row_height, text_lines};
use crate::report::{Entry, UnitReport, UnitStatus};
use crate::wording::labels::fill;

impl Writer<'_> {
    fn grade_cell(&self, unit: &UnitReport) -> String {
        match &unit.grade {
            Some(g) => self
                .xl
                .grade_cell(&g.symbol, g.reason.as_deref().unwrap_or_default()),
            None => String::new(),
        }
    }

    /// Each bureau's text, prefixed 【局名】 when the unit has several bureaus; bureaus that
    /// sent nothing are named with 未提出 when `missing` says so.
    pub(super) fn per_bureau(
        &self,
        unit: &UnitReport,
        text: impl Fn(&Entry) -> &str,
        missing: bool,
    ) -> String {
        if unit.bureaus.len() <= 1 && unit.entries.len() <= 1 {
            return unit.entries.first().map(&text).unwrap_or("").to_string();
        }
        let missing_word = self.labels.not_submitted.clone();
        let prefix = |b: &str| self.xl.bureau_prefix(b);
        let mut parts = Vec::new();
        for b in &unit.bureaus {
            if let Some(e) = unit.entries.iter().find(|e| &e.bureau == b) {
                if !text(e).is_empty() {
                    parts.push(format!("{}{}", prefix(b.as_str()), text(e)));
                }
            } else if missing && unit.missing_bureaus.contains(b) {
                parts.push(format!("{}{missing_word}", prefix(b.as_str())));
            }
        }
        for e in unit
            .entries
            .iter()
            .filter(|e| !unit.bureaus.contains(&e.bureau))
        {
            if !text(e).is_empty() {
                parts.push(format!("{}{}", prefix(e.bureau.as_str()), text(e)));
            }
        }
        parts.join("\n")
    }

    fn status_text(&self, unit: &UnitReport) -> String {
        let mut lines = Vec::new();
        match unit.status {
            UnitStatus::Reported => {}
            UnitStatus::Missing => lines.push(self.labels.not_submitted.clone()),
            UnitStatus::CompletedEarlier => lines.push(self.xl.xlsx_status_completed.text()),
            UnitStatus::PartlyReported => lines.push(self.xl.status_partly(&join_bureaus(
                unit.missing_bureaus.iter().map(|b| b.as_str()),
            ))),
        }
        if let Some(d) = self.disagreement(unit) {
            lines.push(d);
        }
        if let Some(change) = self.report.change(&unit.id) {
            lines.push(self.labels.previous_grade(change));
        }
        lines.join("\n")
    }

    pub(super) fn disagreement(&self, unit: &UnitReport) -> Option<String> {
        let d = unit.grade.as_ref()?.disagreement.as_ref()?;
        let detail = d
            .iter()
            .map(|(b, g)| {
                fill(
                    &self.labels.disagreement_entry,
                    &[("bureau", b.as_str()), ("grade", g)],
                )
            })
            .collect::<Vec<_>>()
            .join(&self.labels.list_separator);
        Some(fill(&self.labels.disagreement, &[("grades", &detail)]))
    }

    pub(super) fn write_list(&mut self, sh: &mut Sheet) -> Result<(), XlsxError> {
        let columns: [(String, f64); 10] = [
            (self.xl.xlsx_col_no.text(), 7.0),
            (self.xl.xlsx_col_section.text(), 9.0),
            (self.labels.item_label.clone(), 22.0),
            (self.xl.xlsx_col_initiative.text(), 22.0),
            (self.xl.xlsx_col_bureaus.text(), 11.0),
            (self.xl.xlsx_col_grade.text(), 8.0),
            (self.result_label(), 46.0),
            (self.xl.xlsx_col_effect.text(), 13.0),
            (self.labels.issues.clone(), 36.0),
            (self.xl.xlsx_col_status.text(), 18.0),
        ];
        let header = self.s.header.clone();
        let mut header_lines = 1;
        for (c, (name, width)) in columns.iter().enumerate() {
            sh.ws.set_column_width(c as u16, *width)?;
            self.put(sh, 0, c as u16, name, &header, "見出し")?;
            header_lines = header_lines.max(text_lines(name, *width));
        }
        sh.ws
            .set_row_height(0, row_height(header_lines).max(20.0))?;
        let (cell, center) = (self.s.cell.clone(), self.s.cell_center.clone());
        let yen = self.s.yen.clone();
        let mut row = 1u32;
        let report = self.report;
        for (item, unit) in report.units() {
            // The plan's own numbering of where the item sits: １(1)⑤ア.
            let section = item.item.section.printed();
            let initiative = if unit.initiative.is_some() {
                unit.title.clone()
            } else {
                String::new()
            };
            let bureaus = join_lines(unit.bureaus.iter().map(|b| b.as_str()));
            let result = self.per_bureau(unit, |e| e.result.as_str(), true);
            let issues = self.per_bureau(unit, |e| e.issues.as_str(), false);
            let texts: [(u16, String, &Format); 9] = [
                (0, item.item.id.to_string(), &center),
                (1, section, &center),
                (2, item.item.title.clone(), &cell),
                (3, initiative, &cell),
                (4, bureaus, &cell),
                (5, self.grade_cell(unit), &center),
                (6, result, &cell),
                (8, issues, &cell),
                (9, self.status_text(unit), &cell),
            ];
            let mut lines = 1;
            for (c, text, f) in &texts {
                let what = columns[*c as usize].0.clone();
                self.put(sh, row, *c, text, f, &what)?;
                lines = lines.max(text_lines(text, columns[*c as usize].1));
            }
            Self::put_number(sh, row, 7, unit.effect_thousand_yen, &yen)?;
            sh.ws.set_row_height(row, row_height(lines))?;
            row += 1;
        }
        Self::end_rows(sh, row)?;
        let last_col = columns.len() as u16 - 1;
        sh.ws.autofilter(0, 0, row.saturating_sub(1), last_col)?;
        sh.ws.set_freeze_panes(1, 0)?;
        sh.ws.set_repeat_rows(0, 0)?;
        self.page_setup(sh, true);
        sh.ws.set_print_fit_to_pages(1, 0);
        Ok(())
    }

    // ---- 指標 ----------------------------------------------------------------------------

    pub(super) fn write_indicators(&mut self, sh: &mut Sheet) -> Result<(), XlsxError> {
        let columns: [(String, f64); 13] = [
            (self.xl.xlsx_col_no.text(), 7.0),
            (self.labels.item_label.clone(), 22.0),
            (self.xl.xlsx_col_initiative.text(), 22.0),
            (self.xl.xlsx_col_bureaus.text(), 11.0),
            (self.xl.xlsx_col_grade.text(), 7.0),
            (self.xl.xlsx_col_indicator.text(), 28.0),
            (self.xl.xlsx_col_unit.text(), 8.0),
            (self.xl.xlsx_col_baseline.text(), 11.0),
            (self.xl.xlsx_col_target.text(), 11.0),
            (self.xl.xlsx_col_target_period.text(), 14.0),
            (self.xl.actual_column(&self.year()), 11.0),
            (self.xl.xlsx_col_achievement.text(), 9.0),
            (self.xl.xlsx_col_flag.text(), 30.0),
        ];
        let last_col = columns.len() as u16 - 1;
        let note = self.xl.xlsx_indicator_note.text();
        let total_width: f64 = columns.iter().map(|c| c.1).sum();
        self.put_merged(sh, 0, (0, last_col), &note, &self.s.note.clone(), "注記")?;
        sh.ws.set_row_height(
            0,
            row_height(text_lines(&note, total_width)).max(DEFAULT_ROW_PT),
        )?;
        let header = self.s.header.clone();
        let mut header_lines = 1;
        for (c, (name, width)) in columns.iter().enumerate() {
            sh.ws.set_column_width(c as u16, *width)?;
            self.put(sh, 1, c as u16, name, &header, "見出し")?;
            header_lines = header_lines.max(text_lines(name, *width));
        }
        sh.ws
            .set_row_height(1, row_height(header_lines).max(20.0))?;
        let (cell, center, flag) = (
            self.s.cell.clone(),
            self.s.cell_center.clone(),
            self.s.flag.clone(),
        );
        let flag_text = self.xl.xlsx_flag_behind.text();
        let report = self.report;
        let first = 2u32;
        let mut row = first;
        for (item, unit) in report.units() {
            for ind in &unit.indicators {
                let initiative = if unit.initiative.is_some() {
                    unit.title.clone()
                } else {
                    String::new()
                };
                let bureaus = join_lines(unit.bureaus.iter().map(|b| b.as_str()));
                let texts: [(u16, String, &Format); 8] = [
                    (0, item.item.id.to_string(), &center),
                    (1, item.item.title.clone(), &cell),
                    (2, initiative, &cell),
                    (3, bureaus, &cell),
                    (4, self.grade_cell(unit), &center),
                    (5, ind.name.clone(), &cell),
                    (6, ind.unit.clone(), &center),
                    (9, ind.target_period.clone().unwrap_or_default(), &cell),
                ];
                let mut lines = 1;
                for (c, text, f) in &texts {
                    let what = columns[*c as usize].0.clone();
                    self.put(sh, row, *c, text, f, &what)?;
                    lines = lines.max(text_lines(text, columns[*c as usize].1));
                }
                for (c, v) in [(7u16, ind.baseline), (8, ind.target), (10, ind.actual)] {
                    let f = match v {
                        Some(x) if x.fract() != 0.0 => &self.s.number_frac,
                        _ => &self.s.number_int,
                    };
                    Self::put_number(sh, row, c, v, f)?;
                }
                Self::put_number(sh, row, 11, ind.achievement, &self.s.rate)?;
                if ind.suggests_behind {
                    self.put(sh, row, 12, &flag_text, &flag, "確認")?;
                    lines = lines.max(text_lines(&flag_text, columns[12].1));
                } else {
                    sh.ws.write_blank(row, 12, &cell)?;
                }
                sh.ws.set_row_height(row, row_height(lines))?;
                row += 1;
            }
        }
        Self::end_rows(sh, row)?;
        let last_row = row.saturating_sub(1).max(first);
        if row > first {
            let rate_cell = cell_name(first, 11);
            let rule = ConditionalFormatFormula::new()
                .set_rule(format!("=AND(ISNUMBER({rate_cell}),{rate_cell}<1)").as_str())
                .set_format(&self.s.behind);
            sh.ws
                .add_conditional_format(first, 11, last_row, 11, &rule)?;
        }
        sh.ws.autofilter(1, 0, last_row, last_col)?;
        sh.ws.set_freeze_panes(2, 0)?;
        sh.ws.set_repeat_rows(1, 1)?;
        self.page_setup(sh, true);
        sh.ws.set_print_fit_to_pages(1, 0);
        Ok(())
    }

    // ---- 提出状況 ------------------------------------------------------------------------

    pub(super) fn write_submissions(&mut self, sh: &mut Sheet) -> Result<(), XlsxError> {
        let l = &self.labels;
        let mut names: Vec<String> = [
            &l.submission_bureau,
            &l.submission_file,
            &l.submission_expected,
            &l.submission_answered,
        ]
        .map(String::clone)
        .to_vec();
        let mut diag: Vec<String> = self
            .xl
            .xlsx_submission_diagnostic_columns
            .text()
            .split(',')
            .map(|s| s.trim().to_string())
            .collect();
        diag.resize(2, String::new());
        names.extend(diag);
        let widths = [18.0, 40.0, 9.0, 9.0, 9.0, 9.0];
        let heading = self.labels.submission_heading.clone();
        self.heading(sh, 0, &heading, 5)?;
        let header = self.s.header.clone();
        for (c, (name, w)) in names.iter().zip(widths).enumerate() {
            sh.ws.set_column_width(c as u16, w)?;
            self.put(sh, 1, c as u16, name, &header, "見出し")?;
        }
        sh.ws.set_row_height(1, 20)?;
        let cell = self.s.cell.clone();
        let flag = self.s.flag.clone();
        let missing = self.labels.not_submitted.clone();
        let mut row = 2u32;
        let mut totals = [0usize; 4];
        let bureaus = self.report.bureaus.clone();
        for b in &bureaus {
            self.put(sh, row, 0, b.bureau.as_str(), &cell, "所管局")?;
            match &b.file {
                Some(f) => self.put(sh, row, 1, f, &cell, "ファイル")?,
                None => self.put(sh, row, 1, &missing, &flag, "ファイル")?,
            }
            let counts = [b.expected, b.answered, b.errors, b.warnings];
            for (k, v) in counts.iter().enumerate() {
                totals[k] += v;
                let alert = match k {
                    1 => b.answered < b.expected,
                    2 => b.errors > 0,
                    _ => false,
                };
                let f = if alert {
                    &self.s.alert_count
                } else {
                    &self.s.count
                };
                sh.ws
                    .write_number_with_format(row, 2 + k as u16, *v as f64, f)?;
            }
            let lines = text_lines(b.file.as_deref().unwrap_or(""), widths[1])
                .max(text_lines(b.bureau.as_str(), widths[0]));
            if lines > 1 {
                sh.ws.set_row_height(row, row_height(lines))?;
            }
            row += 1;
        }
        let total = self.xl.xlsx_total_row.text();
        self.put(sh, row, 0, &total, &self.s.total_row.clone(), "所管局")?;
        sh.ws.write_blank(row, 1, &self.s.total_row)?;
        for (k, v) in totals.iter().enumerate() {
            sh.ws
                .write_number_with_format(row, 2 + k as u16, *v as f64, &self.s.count_bold)?;
        }
        sh.ws.set_freeze_panes(2, 0)?;
        sh.ws.set_repeat_rows(1, 1)?;
        self.page_setup(sh, false);
        sh.ws.set_print_fit_to_pages(1, 0);
        Ok(())
    }
}
