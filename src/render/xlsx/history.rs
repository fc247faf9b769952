//! 推移 (build --history): one row per unit with its grade in each year of the plan period so
//! far, then the 効果額 of each year, its running total and the plan's estimate, drawn as a
//! native chart (a column per year's 効果額, a line for the running total).

use std::collections::HashMap;

use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLegendPosition, ChartLine, ChartMarker, ChartMarkerType,
    ChartSolidFill, ChartType, Color, Format, FormatAlign, XlsxError,
};

use super::styles::GRADE_COLORS;
use super::summary::chart_font;
use super::{join_lines, Sheet, Writer};
use crate::excel::{row_height, text_lines};
use crate::report::{History, UnitHistory, YearState};

/// The unit columns (№, 実施項目, 主な取組み, 所管局: まちづくり政策局 on one line), then one
/// column per fiscal year.
const UNIT_WIDTHS: [f64; 4] = [7.0, 30.0, 30.0, 16.0];
const FIRST_YEAR_COL: u16 = 4;
/// Wide enough for 123,456,789千円 and for △（改定）.
const YEAR_WIDTH: f64 = 15.0;
/// The row labels of the 効果額 table span the unit columns.
const LABEL_COLS: (u16, u16) = (0, FIRST_YEAR_COL - 1);
/// The running total's line, set apart from the columns' colour.
const CUMULATIVE_COLOR: u32 = 0xED7D31;
const CHART_WIDTH_PX: u32 = 760;
const CHART_HEIGHT_PX: u32 = 360;

impl Writer<'_> {
    pub(super) fn write_history(&mut self, sh: &mut Sheet, h: &History) -> Result<(), XlsxError> {
        let years: Vec<String> = h.years.iter().map(|y| y.wareki()).collect();
        let last_col = FIRST_YEAR_COL + (years.len().max(1) as u16 - 1);
        let names = [
            self.xl.xlsx_col_no.text(),
            self.labels.item_label.clone(),
            self.xl.xlsx_col_initiative.text(),
            self.xl.xlsx_col_bureaus.text(),
        ];
        let columns: Vec<(String, f64)> = names
            .into_iter()
            .zip(UNIT_WIDTHS)
            .chain(years.iter().map(|y| (y.clone(), YEAR_WIDTH)))
            .collect();
        let header = self.s.header.clone();
        let mut header_lines = 1;
        for (c, (name, width)) in columns.iter().enumerate() {
            sh.ws.set_column_width(c as u16, *width)?;
            self.put(sh, 0, c as u16, name, &header, "見出し")?;
            header_lines = header_lines.max(text_lines(name, *width));
        }
        sh.ws
            .set_row_height(0, row_height(header_lines).max(20.0))?;

        let (cell, center, muted) = (
            self.s.cell.clone(),
            self.s.cell_center.clone(),
            self.s.muted.clone(),
        );
        let records: HashMap<String, &UnitHistory> =
            h.units.iter().map(|u| (u.id.to_string(), u)).collect();
        let report = self.report;
        let mut row = 1u32;
        // This year's units, so that one bureau's file lists only its own.
        for (item, unit) in report.units() {
            let initiative = if unit.initiative.is_some() {
                unit.title.clone()
            } else {
                String::new()
            };
            let texts: [(String, &Format); 4] = [
                (item.item.id.to_string(), &center),
                (item.item.title.clone(), &cell),
                (initiative, &cell),
                (join_lines(unit.bureaus.iter().map(|b| b.as_str())), &cell),
            ];
            let mut lines = 1;
            for (c, (text, f)) in texts.iter().enumerate() {
                let what = columns[c].0.clone();
                self.put(sh, row, c as u16, text, f, &what)?;
                lines = lines.max(text_lines(text, columns[c].1));
            }
            let record = records.get(&unit.id.to_string());
            for (k, year) in h.years.iter().enumerate() {
                let col = FIRST_YEAR_COL + k as u16;
                let uy = record.and_then(|r| r.years.iter().find(|y| y.year == *year));
                match uy {
                    Some(uy) => {
                        let f = match uy.state {
                            YearState::Reported => &center,
                            YearState::NotInForce | YearState::NoReport => &muted,
                        };
                        let text = self.labels.history_cell(uy);
                        self.put(sh, row, col, &text, f, &columns[col as usize].0)?;
                        lines = lines.max(text_lines(&text, YEAR_WIDTH));
                    }
                    None => {
                        sh.ws.write_blank(row, col, &center)?;
                    }
                }
            }
            sh.ws.set_row_height(row, row_height(lines))?;
            row += 1;
        }
        sh.ws.autofilter(0, 0, row.saturating_sub(1), last_col)?;
        sh.ws.set_freeze_panes(1, 0)?;
        sh.ws.set_repeat_rows(0, 0)?;

        // The 効果額 and its chart on a page of their own.
        let figures_row = row + 1;
        self.history_figures(sh, h, figures_row, last_col)?;
        self.page_setup(sh, true);
        sh.ws.set_print_fit_to_pages(1, 0);
        sh.ws.set_page_breaks(&[figures_row])?;
        Ok(())
    }

    /// The 効果額 per year, the running total, the plan's estimate when settings.toml gives
    /// it, the share graded on target; then the chart drawn from those cells.
    fn history_figures(
        &mut self,
        sh: &mut Sheet,
        h: &History,
        mut row: u32,
        last_col: u16,
    ) -> Result<(), XlsxError> {
        let heading = self.xl.xlsx_history_effect_heading.text();
        self.heading(sh, row, &heading, last_col)?;
        let unit_note = self.xl.xlsx_history_amount_unit.text();
        let note_format = self
            .s
            .heading
            .clone()
            .unset_bold()
            .set_font_size(9)
            .set_align(FormatAlign::Right)
            .set_align(FormatAlign::Bottom);
        self.put(sh, row, last_col, &unit_note, &note_format, "単位")?;
        let (title_row, unit_cell) = (row, (row, last_col));
        row += 1;

        let header = self.s.header.clone();
        let year_label = self.labels.history_year_column.clone();
        self.put_merged(sh, row, LABEL_COLS, &year_label, &header, "見出し")?;
        for (k, year) in h.years.iter().enumerate() {
            let col = FIRST_YEAR_COL + k as u16;
            self.put(sh, row, col, &year.wareki(), &header, "見出し")?;
        }
        sh.ws.set_row_height(row, 20)?;
        let header_row = row;
        row += 1;

        let yen = self.s.yen_unit.clone();
        let share = self.s.share.clone();
        // A year without a report is a gap, not a 効果額 of zero.
        let missing = |y| h.missing_years.contains(y);
        let effect: Vec<Option<f64>> = h
            .figures
            .iter()
            .map(|f| (!missing(&f.year)).then_some(f.effect_thousand_yen))
            .collect();
        let cumulative: Vec<Option<f64>> = h
            .figures
            .iter()
            .map(|f| Some(f.cumulative_thousand_yen))
            .collect();
        let effect_row = row;
        let label = self.labels.history_effect_column.clone();
        self.figure_row(sh, row, &label, &effect, &yen)?;
        row += 1;
        let cumulative_row = row;
        let label = self.labels.history_cumulative_column.clone();
        self.figure_row(sh, row, &label, &cumulative, &yen)?;
        row += 1;
        if h.figures.iter().any(|f| f.estimate_thousand_yen.is_some()) {
            let values: Vec<Option<f64>> =
                h.figures.iter().map(|f| f.estimate_thousand_yen).collect();
            let label = self.xl.xlsx_history_year_estimate.text();
            self.figure_row(sh, row, &label, &values, &yen)?;
            row += 1;
        }
        if let Some(estimate) = h.estimate_thousand_yen.filter(|e| *e > 0.0) {
            let label = self.xl.xlsx_history_plan_estimate.text();
            self.figure_label(sh, row, &label)?;
            // One amount for the whole period, across the year columns.
            if last_col > FIRST_YEAR_COL {
                sh.ws
                    .merge_range(row, FIRST_YEAR_COL, row, last_col, "", &yen)?;
            }
            Self::put_number(sh, row, FIRST_YEAR_COL, Some(estimate), &yen)?;
            row += 1;
            let values: Vec<Option<f64>> = h
                .figures
                .iter()
                .map(|f| Some(f.cumulative_thousand_yen / estimate))
                .collect();
            let label = self.xl.xlsx_history_estimate_share.text();
            self.figure_row(sh, row, &label, &values, &share)?;
            row += 1;
        }
        let values: Vec<Option<f64>> = h.figures.iter().map(|f| f.on_target_share).collect();
        let label = self.labels.history_share_column.clone();
        self.figure_row(sh, row, &label, &values, &share)?;
        row += 1;

        if h.figures.is_empty() {
            return Ok(());
        }
        let name = sh.name.as_str();
        let first_col = FIRST_YEAR_COL;
        let categories = (name, header_row, first_col, header_row, last_col);
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_name((name, effect_row, LABEL_COLS.0))
            .set_categories(categories)
            .set_values((name, effect_row, first_col, effect_row, last_col))
            .set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(GRADE_COLORS[0]))),
            )
            .set_gap(80);
        let mut line = Chart::new(ChartType::Line);
        line.add_series()
            .set_name((name, cumulative_row, LABEL_COLS.0))
            .set_categories(categories)
            .set_values((name, cumulative_row, first_col, cumulative_row, last_col))
            .set_format(
                ChartFormat::new().set_line(
                    ChartLine::new()
                        .set_color(Color::RGB(CUMULATIVE_COLOR))
                        .set_width(2.25),
                ),
            )
            .set_marker(
                ChartMarker::new()
                    .set_type(ChartMarkerType::Circle)
                    .set_size(7)
                    .set_format(ChartFormat::new().set_solid_fill(
                        ChartSolidFill::new().set_color(Color::RGB(CUMULATIVE_COLOR)),
                    )),
            );
        chart.combine(&line);
        // Titles and names refer to cells, so no wording is ever read as a range.
        chart
            .title()
            .set_name((name, title_row, 0))
            .set_font(&chart_font(12, true));
        chart
            .x_axis()
            .set_name((name, header_row, LABEL_COLS.0))
            .set_name_font(&chart_font(9, false))
            .set_font(&chart_font(9, false));
        // Japanese set upright down the axis.
        let mut upright = chart_font(9, false);
        upright.set_rotation(271);
        chart
            .y_axis()
            .set_name((name, unit_cell.0, unit_cell.1))
            .set_name_font(&upright)
            .set_num_format("#,##0")
            .set_font(&chart_font(9, false));
        chart
            .legend()
            .set_position(ChartLegendPosition::Bottom)
            .set_font(&chart_font(9, false));
        chart.set_width(CHART_WIDTH_PX).set_height(CHART_HEIGHT_PX);
        chart.set_alt_text(&heading);
        sh.ws.insert_chart(row + 1, 1, &chart)?;
        Ok(())
    }

    /// A row label of the 効果額 table, across the unit columns.
    fn figure_label(&mut self, sh: &mut Sheet, row: u32, label: &str) -> Result<(), XlsxError> {
        let f = self.s.pillar_row.clone();
        self.put_merged(sh, row, LABEL_COLS, label, &f, "区分")
    }

    /// A row of the 効果額 table: its label, then one number per year (blank for none).
    fn figure_row(
        &mut self,
        sh: &mut Sheet,
        row: u32,
        label: &str,
        values: &[Option<f64>],
        format: &Format,
    ) -> Result<(), XlsxError> {
        self.figure_label(sh, row, label)?;
        for (k, v) in values.iter().enumerate() {
            Self::put_number(sh, row, FIRST_YEAR_COL + k as u16, *v, format)?;
        }
        Ok(())
    }
}
