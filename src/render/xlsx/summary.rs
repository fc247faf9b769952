//! 集計: the grade counts, 効果額 and their native charts.

use rust_xlsxwriter::{
    Chart, ChartFont, ChartFormat, ChartLegendPosition, ChartSolidFill, ChartType, Color, XlsxError,
};

use super::styles::{GRADE_COLORS, PILLAR_FILL};
use super::{join_bureaus, Sheet, Writer, DEFAULT_ROW_PT};
use crate::excel::{row_height, text_lines, FONT, FONT_CHARSET, FONT_SIZE, ROW_PADDING_PT};
use crate::plan::format;
use crate::report::summary::Tally;
use crate::wording::labels::fill;

/// The 集計's columns: row labels, then counts (and amounts over two columns).
const SUMMARY_LABEL_WIDTH: f64 = 56.0;
const SUMMARY_NUMBER_WIDTH: f64 = 10.0;
const AMOUNT_COLS: (u16, u16) = (1, 2);
const TOP_BUREAU_COLS: (u16, u16) = (3, 6);

impl Writer<'_> {
    pub(super) fn write_summary(&mut self, sh: &mut Sheet) -> Result<(), XlsxError> {
        let cols = SummaryCols::new(self.summary.scale.len(), self.summary.total.ungraded > 0);
        sh.ws.set_column_width(0, SUMMARY_LABEL_WIDTH)?;
        for c in 1..=cols.last().max(7) {
            sh.ws.set_column_width(c, SUMMARY_NUMBER_WIDTH)?;
        }
        let mut breaks = Vec::new();
        let row = self.summary_head(sh, &cols)?;
        let row = self.grade_table(sh, row, &cols)?;
        breaks.push(row + 1);
        let row = self.grade_chart(sh, row + 1, &cols)?;
        breaks.push(row + 1);
        let row = self.effect_tables(sh, row + 1, &cols)?;
        breaks.push(row + 1);
        self.effect_by_bureau_table(sh, row + 1)?;

        self.page_setup(sh, true);
        sh.ws.set_print_fit_to_pages(1, 0);
        // Each part on a page of its own, so no table or chart is cut in two.
        sh.ws.set_page_breaks(&breaks)?;
        sh.ws.set_active(true);
        Ok(())
    }

    /// Title, the on-target sentence and the reason-tag counts. Returns the next free row.
    fn summary_head(&mut self, sh: &mut Sheet, cols: &SummaryCols) -> Result<u32, XlsxError> {
        let last_col = cols.last();
        let m = &self.report.meta;
        let year = m.year.wareki();
        let mut row = 0u32;
        let title = self.xl.cover_title(&m.plan_name);
        self.put(sh, row, 0, &title, &self.s.title.clone(), "表題")?;
        sh.ws.set_row_height(row, 22)?;
        row += 1;
        let mut subtitle = fill(&self.labels.cover_subtitle, &[("year", &year)]);
        if let Some(b) = self.scope {
            subtitle.push_str(&self.xl.scope_note(b));
        }
        self.put(sh, row, 0, &subtitle, &self.s.subtitle.clone(), "表題")?;
        sh.ws.set_row_height(row, 18)?;
        row += 1;
        let org = self.xl.cover_organisation(&m.organisation);
        let date = self.xl.cover_date(&m.date.wareki());
        let line = [org, date]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("　");
        self.put(sh, row, 0, &line, &self.s.subtitle.clone(), "表題")?;
        row += 2;

        let heading = fill(&self.labels.summary_heading, &[("year", &year)]);
        self.heading(sh, row, &heading, last_col)?;
        row += 1;
        let total = &self.summary.total;
        let share = if total.items == 0 {
            0.0
        } else {
            total.on_target as f64 / total.items as f64
        };
        let sentence = fill(
            &self.labels.on_target_sentence,
            &[
                ("total", &total.items.to_string()),
                ("on_target", &total.on_target.to_string()),
                ("share", &format::percent_number(share)),
            ],
        );
        self.paragraph(sh, row, &sentence, last_col)?;
        row += 1;
        if let Some(c) = &self.report.comparison {
            let text = self.labels.comparison(c, share * 100.0);
            self.paragraph(sh, row, &text, last_col)?;
            row += 1;
        }
        let reasons: Vec<String> = self
            .summary
            .reasons
            .iter()
            .filter(|r| r.units > 0)
            .map(|r| {
                fill(
                    &self.labels.reason_count,
                    &[
                        ("tag", &r.tag),
                        ("label", &r.label),
                        ("count", &r.units.to_string()),
                    ],
                )
            })
            .collect();
        for r in reasons {
            self.paragraph(sh, row, &r, last_col)?;
            row += 1;
        }
        Ok(row + 1)
    }

    /// 評価の内訳: pillars and their sections (rows) × the scale's grades (columns).
    fn grade_table(
        &mut self,
        sh: &mut Sheet,
        mut row: u32,
        cols: &SummaryCols,
    ) -> Result<u32, XlsxError> {
        let heading = self.labels.grade_table_heading.clone();
        self.heading(sh, row, &heading, cols.last())?;
        row += 1;
        let section_col = self.xl.xlsx_col_section.text();
        let (header, header_small) = (self.s.header.clone(), self.s.header_small.clone());
        sh.ws.merge_range(row, 0, row + 1, 0, "", &header)?;
        self.put(sh, row, 0, &section_col, &header, "見出し")?;
        for (i, g) in self.report.scale.iter().enumerate() {
            let c = cols.first_grade + i as u16;
            self.put(sh, row, c, &g.symbol, &header, "見出し")?;
            self.put(sh, row + 1, c, &g.label, &header_small, "見出し")?;
        }
        let mut extra = vec![
            (cols.items, self.xl.xlsx_col_items.text()),
            (cols.on_target, self.xl.xlsx_col_on_target.text()),
            (cols.share, self.xl.xlsx_col_on_target_share.text()),
        ];
        if let Some(c) = cols.ungraded {
            extra.insert(0, (c, self.xl.xlsx_col_ungraded.text()));
        }
        for (c, label) in &extra {
            sh.ws.merge_range(row, *c, row + 1, *c, "", &header)?;
            self.put(sh, row, *c, label, &header, "見出し")?;
        }
        // The grade labels are set in 8 pt: more of them fit on a line.
        let label_lines = self
            .report
            .scale
            .iter()
            .map(|g| text_lines(&g.label, SUMMARY_NUMBER_WIDTH * FONT_SIZE / 8.0))
            .max()
            .unwrap_or(1);
        sh.ws.set_row_height(row, 20)?;
        sh.ws
            .set_row_height(row + 1, label_lines as f64 * 9.0 + ROW_PADDING_PT)?;
        row += 2;

        let pillars = self.summary.pillars.clone();
        for p in &pillars {
            let label = self.pillar_label(p.number, &p.title);
            self.tally_row(sh, row, &label, &p.tally, cols, RowKind::Pillar)?;
            row += 1;
            for sec in &p.sections {
                let label = self.section_label(sec.number, &sec.title);
                self.tally_row(sh, row, &label, &sec.tally, cols, RowKind::Section)?;
                row += 1;
            }
        }
        let total_label = self.xl.xlsx_total_row.text();
        let total = self.summary.total.clone();
        self.tally_row(sh, row, &total_label, &total, cols, RowKind::Total)?;
        Ok(row + 1)
    }

    /// 柱ごとの評価: a stacked bar per pillar, and the pillar rows it is drawn from.
    fn grade_chart(
        &mut self,
        sh: &mut Sheet,
        mut row: u32,
        cols: &SummaryCols,
    ) -> Result<u32, XlsxError> {
        let n = self.report.scale.len();
        let pillars = self.summary.pillars.clone();
        let heading = self.labels.chart_heading.clone();
        self.heading(sh, row, &heading, cols.last())?;
        let heading_row = row;
        row += 1;
        let header_row = row;
        let header = self.s.header.clone();
        self.put(
            sh,
            row,
            0,
            &self.xl.xlsx_col_section.text(),
            &header,
            "見出し",
        )?;
        for (i, g) in self.report.scale.iter().enumerate() {
            self.put(
                sh,
                row,
                cols.first_grade + i as u16,
                &g.symbol,
                &header,
                "見出し",
            )?;
        }
        row += 1;
        let first = row;
        for p in &pillars {
            let label = self.pillar_label(p.number, &p.title);
            self.label_cell(sh, row, &label)?;
            for (i, count) in p.tally.by_grade.iter().enumerate() {
                let c = cols.first_grade + i as u16;
                sh.ws
                    .write_number_with_format(row, c, *count as f64, &self.s.count)?;
            }
            row += 1;
        }
        if n == 0 || pillars.is_empty() {
            return Ok(row);
        }
        let last = row - 1;
        row += 1;
        let mut chart = Chart::new(ChartType::BarStacked);
        for i in 0..n {
            let c = cols.first_grade + i as u16;
            let color = GRADE_COLORS[i % GRADE_COLORS.len()];
            chart
                .add_series()
                .set_name((sh.name.as_str(), header_row, c))
                .set_categories((sh.name.as_str(), first, 0, last, 0))
                .set_values((sh.name.as_str(), first, c, last, c))
                .set_format(
                    ChartFormat::new()
                        .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(color))),
                )
                .set_gap(60);
        }
        // Titles and names refer to cells, so no wording is ever read as a range.
        chart
            .title()
            .set_name((sh.name.as_str(), heading_row, 0))
            .set_font(&chart_font(12, true));
        // Bars top to bottom in the plan's order, as the table reads.
        chart.y_axis().set_reverse().set_font(&chart_font(9, false));
        chart.x_axis().set_font(&chart_font(9, false));
        chart
            .legend()
            .set_position(ChartLegendPosition::Bottom)
            .set_font(&chart_font(9, false));
        let height = 130 + 50 * pillars.len() as u32;
        chart.set_width(900).set_height(height);
        chart.set_alt_text(&heading);
        sh.ws.insert_chart(row, 0, &chart)?;
        Ok(row + rows_under(height))
    }

    /// 効果額: the sentence, the total per pillar and the largest contributors.
    fn effect_tables(
        &mut self,
        sh: &mut Sheet,
        mut row: u32,
        cols: &SummaryCols,
    ) -> Result<u32, XlsxError> {
        let heading = self.labels.effect_heading.clone();
        self.heading(sh, row, &heading, cols.last())?;
        row += 1;
        let sentence = fill(
            &self.labels.effect_total,
            &[
                (
                    "amount",
                    &format::yen_thousands(self.summary.effect.total_thousand_yen),
                ),
                ("units", &self.summary.effect.units.to_string()),
            ],
        );
        self.paragraph(sh, row, &sentence, cols.last())?;
        row += 2;
        let header = self.s.header.clone();
        let effect_col = self.xl.xlsx_col_effect.text();

        let sub = self.xl.xlsx_effect_pillar_heading.text();
        self.put(sh, row, 0, &sub, &self.s.subtitle.clone(), "見出し")?;
        row += 1;
        self.put(
            sh,
            row,
            0,
            &self.xl.xlsx_col_section.text(),
            &header,
            "見出し",
        )?;
        self.put_merged(sh, row, AMOUNT_COLS, &effect_col, &header, "見出し")?;
        sh.ws.set_row_height(row, 20)?;
        row += 1;
        for p in self.summary.pillars.clone() {
            let label = self.pillar_label(p.number, &p.title);
            self.label_cell(sh, row, &label)?;
            self.amount(sh, row, p.effect_thousand_yen, false)?;
            row += 1;
        }
        self.put(
            sh,
            row,
            0,
            &self.xl.xlsx_total_row.text(),
            &self.s.total_row.clone(),
            "区分",
        )?;
        self.amount(sh, row, self.summary.effect.total_thousand_yen, true)?;
        row += 1;

        if !self.summary.effect.top.is_empty() {
            row += 1;
            let sub = self.labels.top_effects_heading.clone();
            self.put(sh, row, 0, &sub, &self.s.subtitle.clone(), "見出し")?;
            row += 1;
            self.put(
                sh,
                row,
                0,
                &self.labels.item_label.clone(),
                &header,
                "見出し",
            )?;
            self.put_merged(sh, row, AMOUNT_COLS, &effect_col, &header, "見出し")?;
            let bureaus_col = self.xl.xlsx_col_bureaus.text();
            self.put_merged(sh, row, TOP_BUREAU_COLS, &bureaus_col, &header, "見出し")?;
            sh.ws.set_row_height(row, 20)?;
            row += 1;
            for t in self.summary.effect.top.clone() {
                let mut label = format!("№{}　{}", t.item, t.item_title);
                if let Some(i) = &t.initiative {
                    label.push_str(&format!("\n{i}"));
                }
                let bureaus = join_bureaus(t.bureaus.iter().map(|b| b.as_str()));
                let cell = self.s.cell.clone();
                self.put(sh, row, 0, &label, &cell, "実施項目")?;
                self.amount(sh, row, t.thousand_yen, false)?;
                self.put_merged(sh, row, TOP_BUREAU_COLS, &bureaus, &cell, "所管局")?;
                let bureau_width =
                    SUMMARY_NUMBER_WIDTH * (TOP_BUREAU_COLS.1 - TOP_BUREAU_COLS.0 + 1) as f64;
                let lines =
                    text_lines(&label, SUMMARY_LABEL_WIDTH).max(text_lines(&bureaus, bureau_width));
                sh.ws.set_row_height(row, row_height(lines))?;
                row += 1;
            }
        }
        Ok(row)
    }

    /// 効果額 per bureau, with its chart beside the table.
    fn effect_by_bureau_table(&mut self, sh: &mut Sheet, mut row: u32) -> Result<(), XlsxError> {
        let by_bureau = self.summary.effect.by_bureau.clone();
        let header = self.s.header.clone();
        let sub = self.xl.xlsx_effect_bureau_heading.text();
        self.put(sh, row, 0, &sub, &self.s.subtitle.clone(), "見出し")?;
        let sub_row = row;
        row += 1;
        let table_top = row;
        self.put(
            sh,
            row,
            0,
            &self.xl.xlsx_col_bureaus.text(),
            &header,
            "見出し",
        )?;
        let effect_col = self.xl.xlsx_col_effect.text();
        self.put_merged(sh, row, AMOUNT_COLS, &effect_col, &header, "見出し")?;
        sh.ws.set_row_height(row, 20)?;
        row += 1;
        let first = row;
        for b in &by_bureau {
            self.label_cell(sh, row, b.bureau.as_str())?;
            self.amount(sh, row, b.thousand_yen, false)?;
            row += 1;
        }
        let last = row.saturating_sub(1);
        self.put(
            sh,
            row,
            0,
            &self.xl.xlsx_total_row.text(),
            &self.s.total_row.clone(),
            "所管局",
        )?;
        self.amount(
            sh,
            row,
            by_bureau.iter().map(|b| b.thousand_yen).sum(),
            true,
        )?;
        if by_bureau.is_empty() {
            return Ok(());
        }
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_name((sh.name.as_str(), table_top, AMOUNT_COLS.0))
            .set_categories((sh.name.as_str(), first, 0, last, 0))
            .set_values((sh.name.as_str(), first, AMOUNT_COLS.0, last, AMOUNT_COLS.0))
            .set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(GRADE_COLORS[0]))),
            )
            .set_gap(50);
        chart
            .title()
            .set_name((sh.name.as_str(), sub_row, 0))
            .set_font(&chart_font(12, true));
        chart.y_axis().set_reverse().set_font(&chart_font(9, false));
        chart
            .x_axis()
            .set_num_format("#,##0")
            .set_font(&chart_font(9, false));
        chart.legend().set_hidden();
        let height = (90 + 22 * by_bureau.len() as u32).max(240);
        chart.set_width(560).set_height(height);
        chart.set_alt_text(&sub);
        sh.ws.insert_chart(table_top, AMOUNT_COLS.1 + 2, &chart)?;
        Ok(())
    }

    /// A thousand-yen amount over the two amount columns.
    fn amount(&mut self, sh: &mut Sheet, row: u32, v: f64, total: bool) -> Result<(), XlsxError> {
        let f = if total { &self.s.yen_bold } else { &self.s.yen };
        sh.ws
            .merge_range(row, AMOUNT_COLS.0, row, AMOUNT_COLS.1, "", f)?;
        sh.ws.write_number_with_format(row, AMOUNT_COLS.0, v, f)?;
        Ok(())
    }

    /// A row label in the 集計's first column, the row made tall enough for it.
    fn label_cell(&mut self, sh: &mut Sheet, row: u32, label: &str) -> Result<(), XlsxError> {
        let cell = self.s.cell.clone();
        self.put(sh, row, 0, label, &cell, "区分")?;
        let lines = text_lines(label, SUMMARY_LABEL_WIDTH);
        if lines > 1 {
            sh.ws.set_row_height(row, row_height(lines))?;
        }
        Ok(())
    }

    pub(super) fn heading(
        &mut self,
        sh: &mut Sheet,
        row: u32,
        text: &str,
        last_col: u16,
    ) -> Result<(), XlsxError> {
        let f = self.s.heading.clone();
        self.put(sh, row, 0, text, &f, "見出し")?;
        for c in 1..=last_col {
            sh.ws.write_blank(row, c, &f)?;
        }
        sh.ws.set_row_height(row, 20)?;
        Ok(())
    }

    fn paragraph(
        &mut self,
        sh: &mut Sheet,
        row: u32,
        text: &str,
        last_col: u16,
    ) -> Result<(), XlsxError> {
        let f = self.s.text.clone();
        self.put_merged(sh, row, (0, last_col), text, &f, "文")?;
        let width = SUMMARY_LABEL_WIDTH + SUMMARY_NUMBER_WIDTH * last_col as f64;
        sh.ws
            .set_row_height(row, row_height(text_lines(text, width)).max(18.0))?;
        Ok(())
    }

    fn tally_row(
        &mut self,
        sh: &mut Sheet,
        row: u32,
        label: &str,
        t: &Tally,
        cols: &SummaryCols,
        kind: RowKind,
    ) -> Result<(), XlsxError> {
        let (label_f, count_f, share_f) = match kind {
            RowKind::Pillar => (
                self.s.pillar_row.clone(),
                self.s
                    .count
                    .clone()
                    .set_bold()
                    .set_background_color(Color::RGB(PILLAR_FILL)),
                self.s
                    .share
                    .clone()
                    .set_bold()
                    .set_background_color(Color::RGB(PILLAR_FILL)),
            ),
            RowKind::Section => (
                self.s.section_row.clone(),
                self.s.count.clone(),
                self.s.share.clone(),
            ),
            RowKind::Total => (
                self.s.total_row.clone(),
                self.s.count_bold.clone(),
                self.s.share_bold.clone(),
            ),
        };
        self.put(sh, row, 0, label, &label_f, "区分")?;
        for (i, count) in t.by_grade.iter().enumerate() {
            sh.ws.write_number_with_format(
                row,
                cols.first_grade + i as u16,
                *count as f64,
                &count_f,
            )?;
        }
        if let Some(c) = cols.ungraded {
            sh.ws
                .write_number_with_format(row, c, t.ungraded as f64, &count_f)?;
        }
        sh.ws
            .write_number_with_format(row, cols.items, t.items as f64, &count_f)?;
        sh.ws
            .write_number_with_format(row, cols.on_target, t.on_target as f64, &count_f)?;
        let share = (t.items > 0).then(|| t.on_target as f64 / t.items as f64);
        Self::put_number(sh, row, cols.share, share, &share_f)?;
        let lines = text_lines(label, SUMMARY_LABEL_WIDTH);
        if lines > 1 {
            sh.ws.set_row_height(row, row_height(lines))?;
        }
        Ok(())
    }
}

pub(super) fn chart_font(size: u32, bold: bool) -> ChartFont {
    let mut f = ChartFont::new();
    f.set_name(FONT)
        .set_size(size)
        .set_character_set(FONT_CHARSET);
    if bold {
        f.set_bold();
    }
    f
}

/// Where the 集計's grade table puts its columns: the label, one per grade, then the totals.
struct SummaryCols {
    first_grade: u16,
    ungraded: Option<u16>,
    items: u16,
    on_target: u16,
    share: u16,
}

impl SummaryCols {
    fn new(grades: usize, ungraded: bool) -> SummaryCols {
        let first_grade = 1;
        let mut next = first_grade + grades as u16;
        let ungraded = ungraded.then(|| {
            next += 1;
            next - 1
        });
        SummaryCols {
            first_grade,
            ungraded,
            items: next,
            on_target: next + 1,
            share: next + 2,
        }
    }

    fn last(&self) -> u16 {
        self.share
    }
}

/// Rows of the default height a chart `height_px` high covers, and one more to breathe.
fn rows_under(height_px: u32) -> u32 {
    (height_px as f64 * 0.75 / DEFAULT_ROW_PT).ceil() as u32 + 1
}

#[derive(Clone, Copy)]
enum RowKind {
    Pillar,
    Section,
    Total,
}
