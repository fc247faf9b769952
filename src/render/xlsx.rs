//! `report.xlsx`: the report as a workbook for the office to sort, filter and re-use — 集計
//! (grade counts, 効果額 and native charts), 一覧 (one row per reporting unit), 指標 (every
//! numeric target with its 達成率), 提出状況, and one sheet per pillar laid out like the plan
//! for printing. Numbers are stored as numbers with number formats, so they can be summed;
//! every text is stored as text, so a 取組実績 that starts with `=` never becomes a formula.

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    Chart, ChartFont, ChartFormat, ChartLegendPosition, ChartSolidFill, ChartType, Color,
    ConditionalFormatFormula, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};
use serde_json::{json, Value};

use super::{RenderContext, RenderError, Rendered, Renderer, Sink};
use crate::excel::{
    base_format, cell_format, half_width_places, line_capacity, row_height, text_lines, utf16_len,
    BORDER_COLOR, FONT, FONT_CHARSET, FONT_SIZE, LINE_HEIGHT_PT, MAX_ROW_HEIGHT_PT, ROW_PADDING_PT,
};
use crate::plan::format;
use crate::plan::{circled, ScheduleEntry, SectionRef, UnitText};
use crate::plan::{find_group, find_section, find_subsection};
use crate::report::summary::{summarize, Summary, Tally};
use crate::report::{BureauStatus, Entry, ItemReport, Report, UnitReport, UnitStatus};
use crate::wording::Wording;
use crate::workbook::schema::cell_name;
use crate::workbook::template::creation_datetime;

pub struct XlsxRenderer;

impl Renderer for XlsxRenderer {
    fn file_name(&self) -> &'static str {
        "report.xlsx"
    }

    fn render(&self, ctx: &RenderContext, out: &mut dyn Sink) -> Result<Rendered, RenderError> {
        let report = ctx.report;
        let mut writer = Writer {
            report,
            bureau_order: &report.bureaus,
            wording: ctx.wording,
            labels: ctx.wording.labels(),
            scope: report.meta.bureau.as_ref().map(|b| b.as_str()),
            summary: summarize(report),
            s: Styles::new(),
            warnings: Vec::new(),
        };
        let mut wb = writer.workbook().map_err(RenderError::Xlsx)?;
        wb.save_to_writer(out).map_err(RenderError::Xlsx)?;
        Ok(Rendered {
            pages: None,
            warnings: writer.warnings,
        })
    }
}

const HEADER_FILL: u32 = 0xDDEBF7;
const BAND_FILL: u32 = 0xD9E1F2;
const INITIATIVE_FILL: u32 = 0xEDF1F9;
const LABEL_FILL: u32 = 0xF2F2F2;
const PILLAR_FILL: u32 = 0xF2F2F2;
const BEHIND_FILL: u32 = 0xFFC7CE;
const BEHIND_FONT: u32 = 0x9C0006;
const ALERT_FONT: u32 = 0xC00000;

/// One colour per grade in the chart, best first; repeated when a scale has more grades.
const GRADE_COLORS: [u32; 8] = [
    0x2E75B6, 0x70AD47, 0xFFC000, 0xC00000, 0x7F7F7F, 0x7030A0, 0x00B0F0, 0x833C0B,
];

/// Excel's limit for the text of one cell, in UTF-16 code units.
const EXCEL_MAX_CHARS: usize = 32_767;
/// Excel's limit for a page header or footer.
const HEADER_MAX_CHARS: usize = 255;
/// Excel honours at most this many manual page breaks on a sheet.
const MAX_PAGE_BREAKS: usize = 1023;

/// The most lines one row can show.
const MAX_ROW_LINES: u32 = ((MAX_ROW_HEIGHT_PT - ROW_PADDING_PT) / LINE_HEIGHT_PT) as u32;
/// The default row height of the workbook (Calibri 11).
const DEFAULT_ROW_PT: f64 = 15.0;

/// A4 in points, and the margins of the printed sheets (inches).
const A4_HEIGHT_PT: f64 = 842.0;
const MARGIN_SIDE_IN: f64 = 0.5;
const MARGIN_TOP_IN: f64 = 0.75;
const MARGIN_BOTTOM_IN: f64 = 0.75;
const MARGIN_HEADER_IN: f64 = 0.3;

/// The 集計's columns: row labels, then counts (and amounts over two columns).
const SUMMARY_LABEL_WIDTH: f64 = 56.0;
const SUMMARY_NUMBER_WIDTH: f64 = 10.0;
const AMOUNT_COLS: (u16, u16) = (1, 2);
const TOP_BUREAU_COLS: (u16, u16) = (3, 6);

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

/// A sheet name Excel accepts: the characters it refuses replaced by their full-width
/// forms, at most 31 characters, unique in the workbook (Excel compares without case).
fn sheet_name(raw: &str, fallback: &str, used: &mut Vec<String>) -> String {
    let clean = |s: &str| -> String {
        let s: String = s
            .chars()
            .map(|c| match c {
                '[' => '［',
                ']' => '］',
                ':' => '：',
                '*' => '＊',
                '?' => '？',
                '/' => '／',
                '\\' => '＼',
                c if c.is_control() => ' ',
                c => c,
            })
            .collect();
        s.trim().trim_matches('\'').trim().to_string()
    };
    let cut = |s: &str, max: usize| -> String {
        let mut out = String::new();
        let mut len = 0;
        for c in s.chars() {
            if len + c.len_utf16() > max {
                break;
            }
            len += c.len_utf16();
            out.push(c);
        }
        clean(&out)
    };
    let mut base = cut(&clean(raw), 31);
    if base.is_empty() || base.eq_ignore_ascii_case("history") {
        base = cut(&clean(fallback), 31);
    }
    let taken =
        |name: &str, used: &[String]| used.iter().any(|u| u.to_lowercase() == name.to_lowercase());
    let mut name = base.clone();
    let mut n = 2;
    while taken(&name, used) {
        let suffix = format!("({n})");
        name = format!("{}{suffix}", cut(&base, 31 - suffix.len()));
        n += 1;
    }
    used.push(name.clone());
    name
}

/// Text for a page header or footer: `&` doubled (Excel reads `&P` as a code), cut to fit.
fn header_text(s: &str, room: usize) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in s.chars() {
        let n = if c == '&' { 2 } else { c.len_utf16() };
        if len + n > room {
            break;
        }
        len += n;
        if c == '&' {
            out.push_str("&&");
        } else {
            out.push(c);
        }
    }
    out
}

/// Header text in a font size: `&8` then the text, with a space between when the text
/// starts with a digit, which Excel would read as more of the size.
fn sized(points: u8, text: &str) -> String {
    let gap = if text.starts_with(|c: char| c.is_ascii_digit()) {
        " "
    } else {
        ""
    };
    format!("&{points}{gap}{text}")
}

/// The document date: the report's date. Never the clock.
fn document_date(report: &Report) -> ExcelDateTime {
    let d = report.meta.date;
    ExcelDateTime::from_ymd(d.year(), d.month(), d.day())
        .unwrap_or_else(|_| creation_datetime(report.meta.year))
}

struct Styles {
    title: Format,
    subtitle: Format,
    heading: Format,
    text: Format,
    note: Format,
    header: Format,
    header_small: Format,
    cell: Format,
    cell_center: Format,
    count: Format,
    count_bold: Format,
    share: Format,
    share_bold: Format,
    yen: Format,
    yen_bold: Format,
    number_int: Format,
    number_frac: Format,
    rate: Format,
    flag: Format,
    alert_count: Format,
    pillar_row: Format,
    section_row: Format,
    total_row: Format,
    plan_pillar: Format,
    plan_section: Format,
    plan_subsection: Format,
    band_item: Format,
    band_initiative: Format,
    plain_wrap: Format,
    label: Format,
    body: Format,
    body_yen: Format,
    behind: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = base_format();
        let cell = cell_format();
        let number = base
            .clone()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(BORDER_COLOR));
        let header = cell
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(HEADER_FILL));
        let total = cell.clone().set_bold().set_border_top(FormatBorder::Double);
        let band = cell
            .clone()
            .set_bold()
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            title: base.clone().set_bold().set_font_size(14),
            subtitle: base.clone().set_font_size(11),
            heading: base
                .clone()
                .set_bold()
                .set_font_size(12)
                .set_border_bottom(FormatBorder::Thin),
            text: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            note: base
                .clone()
                .set_font_size(9)
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_font_color(Color::RGB(0x595959)),
            header_small: cell
                .clone()
                .set_font_size(8)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(HEADER_FILL)),
            header,
            cell_center: cell.clone().set_align(FormatAlign::Center),
            count: number.clone().set_num_format("#,##0"),
            count_bold: number
                .clone()
                .set_num_format("#,##0")
                .set_bold()
                .set_border_top(FormatBorder::Double),
            share: number.clone().set_num_format("0.0%"),
            share_bold: number
                .clone()
                .set_num_format("0.0%")
                .set_bold()
                .set_border_top(FormatBorder::Double),
            yen: number.clone().set_num_format("#,##0"),
            yen_bold: number
                .clone()
                .set_num_format("#,##0")
                .set_bold()
                .set_border_top(FormatBorder::Double),
            number_int: number.clone().set_num_format("#,##0"),
            number_frac: number.clone().set_num_format("#,##0.0##"),
            rate: number.clone().set_num_format("0.0%"),
            flag: cell.clone().set_font_color(Color::RGB(ALERT_FONT)),
            alert_count: number
                .clone()
                .set_num_format("#,##0")
                .set_bold()
                .set_font_color(Color::RGB(ALERT_FONT)),
            pillar_row: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(PILLAR_FILL)),
            section_row: cell.clone().set_indent(1),
            total_row: total,
            plan_pillar: base
                .clone()
                .set_bold()
                .set_font_size(14)
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            plan_section: base
                .clone()
                .set_bold()
                .set_font_size(12)
                .set_text_wrap()
                .set_align(FormatAlign::Bottom),
            plan_subsection: base
                .clone()
                .set_bold()
                .set_font_size(11)
                .set_text_wrap()
                .set_align(FormatAlign::Bottom),
            band_item: band
                .clone()
                .set_font_size(11)
                .set_background_color(Color::RGB(BAND_FILL)),
            band_initiative: band.set_background_color(Color::RGB(INITIATIVE_FILL)),
            plain_wrap: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            label: cell
                .clone()
                .set_background_color(Color::RGB(LABEL_FILL))
                .set_align(FormatAlign::Center),
            body: cell.clone(),
            body_yen: number
                .clone()
                .set_num_format("#,##0\"千円\"")
                .set_align(FormatAlign::Left),
            behind: Format::new()
                .set_background_color(Color::RGB(BEHIND_FILL))
                .set_font_color(Color::RGB(BEHIND_FONT)),
            cell,
        }
    }
}

struct Writer<'a> {
    report: &'a Report,
    /// The report's bureaus: the order the 効果額 table lists bureaus in.
    bureau_order: &'a [BureauStatus],
    wording: &'a Wording,
    /// The wording's labels, rendered once.
    labels: crate::wording::labels::Labels,
    scope: Option<&'a str>,
    summary: Summary,
    s: Styles,
    warnings: Vec<String>,
}

/// The sheet being written and its name, for cell references in warnings and charts.
struct Sheet<'w> {
    ws: &'w mut Worksheet,
    name: String,
}

impl Writer<'_> {
    fn label(&self, key: &str) -> String {
        self.wording.label(key)
    }

    fn text(&self, key: &str, v: &Value) -> String {
        self.wording.text(key, v)
    }

    fn year_json(&self) -> Value {
        json!({ "year": self.report.meta.year.wareki() })
    }

    /// Writes a text as text (never as a formula), cut to what one cell holds, with a
    /// warning naming the cell when it had to be cut.
    fn put(
        &mut self,
        sh: &mut Sheet,
        row: u32,
        col: u16,
        text: &str,
        format: &Format,
        what: &str,
    ) -> Result<(), XlsxError> {
        if utf16_len(text) <= EXCEL_MAX_CHARS {
            sh.ws.write_string_with_format(row, col, text, format)?;
            return Ok(());
        }
        let mut cut = String::new();
        let mut len = 0;
        for c in text.chars() {
            // One place for the …
            if len + c.len_utf16() + 1 > EXCEL_MAX_CHARS {
                break;
            }
            len += c.len_utf16();
            cut.push(c);
        }
        cut.push('…');
        sh.ws.write_string_with_format(row, col, &cut, format)?;
        let warning = self.text(
            "xlsx_cut_warning",
            &json!({ "cell": format!("{}!{}", sh.name, cell_name(row, col)), "what": what }),
        );
        self.warnings.push(warning);
        Ok(())
    }

    /// Writes a merged range of text, or a single cell when the range is one cell (Excel
    /// refuses to merge one cell).
    fn put_merged(
        &mut self,
        sh: &mut Sheet,
        row: u32,
        (first_col, last_col): (u16, u16),
        text: &str,
        format: &Format,
        what: &str,
    ) -> Result<(), XlsxError> {
        if first_col == last_col {
            return self.put(sh, row, first_col, text, format, what);
        }
        sh.ws
            .merge_range(row, first_col, row, last_col, "", format)?;
        self.put(sh, row, first_col, text, format, what)
    }

    fn put_number(
        sh: &mut Sheet,
        row: u32,
        col: u16,
        value: Option<f64>,
        format: &Format,
    ) -> Result<(), XlsxError> {
        match value.filter(|v| v.is_finite()) {
            Some(v) => sh.ws.write_number_with_format(row, col, v, format)?,
            None => sh.ws.write_blank(row, col, format)?,
        };
        Ok(())
    }

    fn page_setup(&self, sh: &mut Sheet, landscape: bool) {
        sh.ws.set_paper_size(9);
        if landscape {
            sh.ws.set_landscape();
        } else {
            sh.ws.set_portrait();
        }
        sh.ws.set_margins(
            MARGIN_SIDE_IN,
            MARGIN_SIDE_IN,
            MARGIN_TOP_IN,
            MARGIN_BOTTOM_IN,
            MARGIN_HEADER_IN,
            MARGIN_HEADER_IN,
        );
        let m = &self.report.meta;
        let running = self.text(
            "running_header",
            &json!({ "plan": m.plan_name, "year": m.year.wareki() }),
        );
        let running = match self.scope {
            Some(b) => format!(
                "{running}{}",
                self.text("xlsx_scope_note", &json!({ "bureau": b }))
            ),
            None => running,
        };
        sh.ws.set_header(format!(
            "&L{}",
            sized(8, &header_text(&running, HEADER_MAX_CHARS - 8))
        ));
        // The page number template gets Excel's own code for "this page".
        let footer = self.text("page_number", &json!({ "page": "\u{0}", "total": "\u{1}" }));
        let footer = header_text(&footer, HEADER_MAX_CHARS - 16)
            .replace('\u{0}', "&P")
            .replace('\u{1}', "&N");
        sh.ws.set_footer(format!("&C{}", sized(9, &footer)));
    }

    fn workbook(&mut self) -> Result<Workbook, XlsxError> {
        let mut wb = Workbook::new();
        let m = &self.report.meta;
        let title = self.text(
            "running_header",
            &json!({ "plan": m.plan_name, "year": m.year.wareki() }),
        );
        wb.set_properties(
            &DocProperties::new()
                .set_title(title)
                .set_subject(m.plan_name.clone())
                .set_author(m.organisation.clone())
                .set_company(m.organisation.clone())
                .set_creation_datetime(&document_date(self.report)),
        );

        let mut used = Vec::new();
        let names = [
            sheet_name(&self.label("xlsx_sheet_summary"), "集計", &mut used),
            sheet_name(&self.label("xlsx_sheet_list"), "一覧", &mut used),
            sheet_name(&self.label("xlsx_sheet_indicators"), "指標", &mut used),
            sheet_name(&self.label("xlsx_sheet_submissions"), "提出状況", &mut used),
        ];
        let pillars = self.pillar_numbers();
        let pillar_names: Vec<String> = pillars
            .iter()
            .map(|&n| {
                let title = self.pillar_title(n);
                sheet_name(
                    &self.text("xlsx_sheet_pillar", &json!({ "no": n, "title": title })),
                    &n.to_string(),
                    &mut used,
                )
            })
            .collect();

        let [summary, list, indicators, submissions] = names;
        let ws = wb.add_worksheet();
        ws.set_name(&summary)?;
        self.write_summary(&mut Sheet { ws, name: summary })?;
        let ws = wb.add_worksheet();
        ws.set_name(&list)?;
        self.write_list(&mut Sheet { ws, name: list })?;
        let ws = wb.add_worksheet();
        ws.set_name(&indicators)?;
        self.write_indicators(&mut Sheet {
            ws,
            name: indicators,
        })?;
        let ws = wb.add_worksheet();
        ws.set_name(&submissions)?;
        self.write_submissions(&mut Sheet {
            ws,
            name: submissions,
        })?;
        for (n, name) in pillars.iter().zip(pillar_names) {
            let ws = wb.add_worksheet();
            ws.set_name(&name)?;
            self.write_pillar(&mut Sheet { ws, name }, *n)?;
        }
        Ok(wb)
    }

    /// The pillars that get a sheet: those with items (one bureau's file may have none in
    /// some pillar), in the plan's order, then any pillar an item names that the plan does
    /// not.
    fn pillar_numbers(&self) -> Vec<u8> {
        let has_items = |n: u8| self.report.items.iter().any(|i| i.item.section.pillar == n);
        let mut out: Vec<u8> = self
            .report
            .pillars
            .iter()
            .map(|p| p.number)
            .filter(|&n| has_items(n))
            .collect();
        for i in &self.report.items {
            if !out.contains(&i.item.section.pillar) {
                out.push(i.item.section.pillar);
            }
        }
        out
    }

    fn pillar_title(&self, n: u8) -> String {
        self.report
            .pillars
            .iter()
            .find(|p| p.number == n)
            .map(|p| p.title.clone())
            .unwrap_or_default()
    }

    fn pillar_label(&self, number: u8, title: &str) -> String {
        self.text(
            "xlsx_pillar_heading",
            &json!({ "no": format::full_width(number as u32), "title": title }),
        )
    }

    fn section_label(&self, number: u8, title: &str) -> String {
        self.text(
            "xlsx_section_heading",
            &json!({ "no": number, "title": title }),
        )
    }

    // ---- 集計 ----------------------------------------------------------------------------

    fn write_summary(&mut self, sh: &mut Sheet) -> Result<(), XlsxError> {
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
        let title = self.text("cover_title", &json!({ "plan": m.plan_name }));
        self.put(sh, row, 0, &title, &self.s.title.clone(), "表題")?;
        sh.ws.set_row_height(row, 22)?;
        row += 1;
        let mut subtitle = self.text("cover_subtitle", &json!({ "year": year }));
        if let Some(b) = self.scope {
            subtitle.push_str(&self.text("xlsx_scope_note", &json!({ "bureau": b })));
        }
        self.put(sh, row, 0, &subtitle, &self.s.subtitle.clone(), "表題")?;
        sh.ws.set_row_height(row, 18)?;
        row += 1;
        let org = self.text(
            "cover_organisation",
            &json!({ "organisation": m.organisation }),
        );
        let date = self.text("cover_date", &json!({ "date": m.date.wareki() }));
        let line = [org, date]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("　");
        self.put(sh, row, 0, &line, &self.s.subtitle.clone(), "表題")?;
        row += 2;

        let heading = self.text("summary_heading", &json!({ "year": year }));
        self.heading(sh, row, &heading, last_col)?;
        row += 1;
        let total = &self.summary.total;
        let share = if total.items == 0 {
            0.0
        } else {
            total.on_target as f64 / total.items as f64
        };
        let sentence = self.text(
            "on_target_sentence",
            &json!({
                "total": total.items,
                "on_target": total.on_target,
                "share": format::percent_number(share),
            }),
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
                self.text(
                    "reason_count",
                    &json!({ "tag": r.tag, "label": r.label, "count": r.units }),
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
        let heading = self.label("grade_table_heading");
        self.heading(sh, row, &heading, cols.last())?;
        row += 1;
        let section_col = self.label("xlsx_col_section");
        let (header, header_small) = (self.s.header.clone(), self.s.header_small.clone());
        sh.ws.merge_range(row, 0, row + 1, 0, "", &header)?;
        self.put(sh, row, 0, &section_col, &header, "見出し")?;
        for (i, g) in self.report.scale.iter().enumerate() {
            let c = cols.first_grade + i as u16;
            self.put(sh, row, c, &g.symbol, &header, "見出し")?;
            self.put(sh, row + 1, c, &g.label, &header_small, "見出し")?;
        }
        let mut extra = vec![
            (cols.items, self.label("xlsx_col_items")),
            (cols.on_target, self.label("xlsx_col_on_target")),
            (cols.share, self.label("xlsx_col_on_target_share")),
        ];
        if let Some(c) = cols.ungraded {
            extra.insert(0, (c, self.label("xlsx_col_ungraded")));
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
        let total_label = self.label("xlsx_total_row");
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
        let heading = self.label("chart_heading");
        self.heading(sh, row, &heading, cols.last())?;
        let heading_row = row;
        row += 1;
        let header_row = row;
        let header = self.s.header.clone();
        self.put(
            sh,
            row,
            0,
            &self.label("xlsx_col_section"),
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
        let heading = self.label("effect_heading");
        self.heading(sh, row, &heading, cols.last())?;
        row += 1;
        let sentence = self.text(
            "effect_total",
            &json!({
                "amount": format::yen_thousands(self.summary.effect.total_thousand_yen),
                "units": self.summary.effect.units,
            }),
        );
        self.paragraph(sh, row, &sentence, cols.last())?;
        row += 2;
        let header = self.s.header.clone();
        let effect_col = self.label("xlsx_col_effect");

        // Per pillar (computed here: the summary gives the total only).
        let sub = self.label("xlsx_effect_pillar_heading");
        self.put(sh, row, 0, &sub, &self.s.subtitle.clone(), "見出し")?;
        row += 1;
        self.put(
            sh,
            row,
            0,
            &self.label("xlsx_col_section"),
            &header,
            "見出し",
        )?;
        self.put_merged(sh, row, AMOUNT_COLS, &effect_col, &header, "見出し")?;
        sh.ws.set_row_height(row, 20)?;
        row += 1;
        let mut total = 0.0;
        for p in self.summary.pillars.clone() {
            let sum = self.effect_of_pillar(p.number);
            total += sum;
            let label = self.pillar_label(p.number, &p.title);
            self.label_cell(sh, row, &label)?;
            self.amount(sh, row, sum, false)?;
            row += 1;
        }
        self.put(
            sh,
            row,
            0,
            &self.label("xlsx_total_row"),
            &self.s.total_row.clone(),
            "区分",
        )?;
        self.amount(sh, row, total, true)?;
        row += 1;

        if !self.summary.effect.top.is_empty() {
            row += 1;
            let sub = self.label("top_effects_heading");
            self.put(sh, row, 0, &sub, &self.s.subtitle.clone(), "見出し")?;
            row += 1;
            self.put(sh, row, 0, &self.label("item_label"), &header, "見出し")?;
            self.put_merged(sh, row, AMOUNT_COLS, &effect_col, &header, "見出し")?;
            let bureaus_col = self.label("xlsx_col_bureaus");
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
        let by_bureau = self.effect_by_bureau();
        let header = self.s.header.clone();
        let sub = self.label("xlsx_effect_bureau_heading");
        self.put(sh, row, 0, &sub, &self.s.subtitle.clone(), "見出し")?;
        let sub_row = row;
        row += 1;
        let table_top = row;
        self.put(
            sh,
            row,
            0,
            &self.label("xlsx_col_bureaus"),
            &header,
            "見出し",
        )?;
        let effect_col = self.label("xlsx_col_effect");
        self.put_merged(sh, row, AMOUNT_COLS, &effect_col, &header, "見出し")?;
        sh.ws.set_row_height(row, 20)?;
        row += 1;
        let first = row;
        for (b, v) in &by_bureau {
            self.label_cell(sh, row, b)?;
            self.amount(sh, row, *v, false)?;
            row += 1;
        }
        let last = row.saturating_sub(1);
        self.put(
            sh,
            row,
            0,
            &self.label("xlsx_total_row"),
            &self.s.total_row.clone(),
            "所管局",
        )?;
        self.amount(sh, row, by_bureau.iter().map(|(_, v)| v).sum(), true)?;
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

    fn heading(
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

    fn effect_of_pillar(&self, pillar: u8) -> f64 {
        self.report
            .units()
            .filter(|(i, _)| i.item.section.pillar == pillar)
            .filter_map(|(_, u)| u.effect_thousand_yen.filter(|v| v.is_finite()))
            .sum()
    }

    /// 効果額 per bureau, from each bureau's own entries (a shared unit's amount goes to
    /// the bureaus that reported it), in the plan's order of bureaus. Bureaus that reported
    /// no 効果額 are left out.
    fn effect_by_bureau(&self) -> Vec<(String, f64)> {
        let mut sums: BTreeMap<String, f64> = BTreeMap::new();
        for (_, u) in self.report.units() {
            for e in &u.entries {
                if let Some(v) = e.effect_thousand_yen.filter(|v| v.is_finite()) {
                    *sums.entry(e.bureau.as_str().to_string()).or_default() += v;
                }
            }
        }
        let mut out = Vec::new();
        for b in self.bureau_order {
            if let Some(v) = sums.remove(b.bureau.as_str()) {
                out.push((b.bureau.as_str().to_string(), v));
            }
        }
        out.extend(sums);
        out
    }

    // ---- 一覧 ----------------------------------------------------------------------------

    fn grade_cell(&self, unit: &UnitReport) -> String {
        match &unit.grade {
            Some(g) => self.text(
                "xlsx_grade_cell",
                &json!({ "symbol": g.symbol, "reason": g.reason.clone().unwrap_or_default() }),
            ),
            None => String::new(),
        }
    }

    /// Each bureau's text, prefixed 【局名】 when the unit has several bureaus; bureaus that
    /// sent nothing are named with 未提出 when `missing` says so.
    fn per_bureau(
        &self,
        unit: &UnitReport,
        text: impl Fn(&Entry) -> &str,
        missing: bool,
    ) -> String {
        if unit.bureaus.len() <= 1 && unit.entries.len() <= 1 {
            return unit.entries.first().map(&text).unwrap_or("").to_string();
        }
        let missing_word = self.label("not_submitted");
        let prefix = |b: &str| self.text("xlsx_bureau_prefix", &json!({ "bureau": b }));
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
            UnitStatus::Missing => lines.push(self.label("not_submitted")),
            UnitStatus::CompletedEarlier => lines.push(self.label("xlsx_status_completed")),
            UnitStatus::PartlyReported => lines.push(self.text(
                "xlsx_status_partly",
                &json!({ "bureaus": join_bureaus(unit.missing_bureaus.iter().map(|b| b.as_str())) }),
            )),
        }
        if let Some(d) = self.disagreement(unit) {
            lines.push(d);
        }
        if let Some(change) = self.report.change(&unit.id) {
            lines.push(self.labels.previous_grade(change));
        }
        lines.join("\n")
    }

    fn disagreement(&self, unit: &UnitReport) -> Option<String> {
        let d = unit.grade.as_ref()?.disagreement.as_ref()?;
        let detail = d
            .iter()
            .map(|(b, g)| self.text("disagreement_entry", &json!({ "bureau": b, "grade": g })))
            .collect::<Vec<_>>()
            .join(&self.label("list_separator"));
        Some(self.text("disagreement", &json!({ "grades": detail })))
    }

    fn write_list(&mut self, sh: &mut Sheet) -> Result<(), XlsxError> {
        let year = self.year_json();
        let columns: [(String, f64); 10] = [
            (self.label("xlsx_col_no"), 7.0),
            (self.label("xlsx_col_section"), 9.0),
            (self.label("item_label"), 22.0),
            (self.label("xlsx_col_initiative"), 22.0),
            (self.label("xlsx_col_bureaus"), 11.0),
            (self.label("xlsx_col_grade"), 8.0),
            (self.text("result", &year).replace('\n', ""), 46.0),
            (self.label("xlsx_col_effect"), 13.0),
            (self.label("issues"), 36.0),
            (self.label("xlsx_col_status"), 18.0),
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
        let last_col = columns.len() as u16 - 1;
        sh.ws.autofilter(0, 0, row.saturating_sub(1), last_col)?;
        sh.ws.set_freeze_panes(1, 0)?;
        sh.ws.set_repeat_rows(0, 0)?;
        self.page_setup(sh, true);
        sh.ws.set_print_fit_to_pages(1, 0);
        Ok(())
    }

    // ---- 指標 ----------------------------------------------------------------------------

    fn write_indicators(&mut self, sh: &mut Sheet) -> Result<(), XlsxError> {
        let year = self.year_json();
        let columns: [(String, f64); 13] = [
            (self.label("xlsx_col_no"), 7.0),
            (self.label("item_label"), 22.0),
            (self.label("xlsx_col_initiative"), 22.0),
            (self.label("xlsx_col_bureaus"), 11.0),
            (self.label("xlsx_col_grade"), 7.0),
            (self.label("xlsx_col_indicator"), 28.0),
            (self.label("xlsx_col_unit"), 8.0),
            (self.label("xlsx_col_baseline"), 11.0),
            (self.label("xlsx_col_target"), 11.0),
            (self.label("xlsx_col_target_period"), 14.0),
            (self.text("xlsx_col_actual", &year), 11.0),
            (self.label("xlsx_col_achievement"), 9.0),
            (self.label("xlsx_col_flag"), 30.0),
        ];
        let last_col = columns.len() as u16 - 1;
        let note = self.label("xlsx_indicator_note");
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
        let flag_text = self.label("xlsx_flag_behind");
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

    fn write_submissions(&mut self, sh: &mut Sheet) -> Result<(), XlsxError> {
        let mut names: Vec<String> = [
            "submission_bureau",
            "submission_file",
            "submission_expected",
            "submission_answered",
        ]
        .iter()
        .map(|k| self.label(k))
        .collect();
        names.resize(4, String::new());
        let mut diag: Vec<String> = self
            .label("xlsx_submission_diagnostic_columns")
            .split(',')
            .map(|s| s.trim().to_string())
            .collect();
        diag.resize(2, String::new());
        names.extend(diag);
        let widths = [18.0, 40.0, 9.0, 9.0, 9.0, 9.0];
        let heading = self.label("submission_heading");
        self.heading(sh, 0, &heading, 5)?;
        let header = self.s.header.clone();
        for (c, (name, w)) in names.iter().zip(widths).enumerate() {
            sh.ws.set_column_width(c as u16, w)?;
            self.put(sh, 1, c as u16, name, &header, "見出し")?;
        }
        sh.ws.set_row_height(1, 20)?;
        let cell = self.s.cell.clone();
        let flag = self.s.flag.clone();
        let missing = self.label("not_submitted");
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
        let total = self.label("xlsx_total_row");
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

    // ---- One sheet per pillar, laid out like the plan ------------------------------------

    fn write_pillar(&mut self, sh: &mut Sheet, pillar: u8) -> Result<(), XlsxError> {
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
                    let text = self.text(
                        "xlsx_subsection_heading",
                        &json!({ "no": circled(n).to_string(), "title": title }),
                    );
                    self.plan_heading(sh, &mut rows, &text, self.s.plan_subsection.clone(), 11.0)?;
                }
            }
            if last_group.as_ref() != Some(&r.group) {
                last_group = Some(r.group.clone());
                if let Some(label) = &r.group {
                    let title = self.group_title(r);
                    let text = self.text(
                        "xlsx_group_heading",
                        &json!({ "label": label, "title": title }),
                    );
                    self.plan_heading(sh, &mut rows, &text, self.s.plan_subsection.clone(), 11.0)?;
                }
            }
            self.write_item(sh, &mut rows, &mut blocks, item)?;
            // A blank row between items.
            rows.set(sh, 8.0)?;
        }
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
        let band = self.text(
            "xlsx_item_band",
            &json!({
                "id": it.id.to_string(),
                "title": it.title,
                "bureaus": join_bureaus(it.all_bureaus().into_iter().map(|b| b.as_str())),
                "completed": it.completed,
            }),
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
            let heading = self.label("initiatives_heading");
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
                    let band = self.text(
                        "xlsx_initiative_band",
                        &json!({
                            "title": init.title,
                            "bureaus": join_bureaus(unit.bureaus.iter().map(|b| b.as_str())),
                            "completed": init.completed,
                        }),
                    );
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
            self.labelled(sh, rows, &self.label("content"), c)?;
        }
        if let Some(g) = text.goal.as_deref() {
            self.labelled(sh, rows, &self.label("goal"), g)?;
        }
        if !text.schedule.is_empty() {
            let lines = text
                .schedule
                .iter()
                .map(schedule_line)
                .collect::<Vec<_>>()
                .join("\n");
            self.labelled(sh, rows, &self.label("schedule"), &lines)?;
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
        let result_label = self.text("result", &self.year_json()).replace('\n', "");
        if unit.status == UnitStatus::CompletedEarlier {
            let done = self.label("xlsx_status_completed");
            self.labelled(sh, rows, &result_label, &done)?;
            let grade = self.grade_text(unit);
            return self.labelled(sh, rows, &self.label("grade"), &grade);
        }
        let result = if unit.status == UnitStatus::Missing {
            self.label("not_submitted")
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
                    self.text(
                        "xlsx_indicator_text",
                        &json!({
                            "name": ind.name,
                            "unit": ind.unit,
                            "target": target,
                            "actual": ind.actual.map(format::thousands).unwrap_or_else(|| "―".into()),
                            "achievement": ind.achievement.map(format::percent).unwrap_or_else(|| "―".into()),
                        }),
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            self.labelled(sh, rows, &self.label("indicators"), &lines)?;
        }
        let grade = self.grade_text(unit);
        self.labelled(sh, rows, &self.label("grade"), &grade)?;

        // 効果額 is a number with a 千円 format, so it can still be summed.
        let label = self.label("effect");
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
        self.labelled(sh, rows, &self.label("issues"), &issues)
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
        let mut text = self.text(
            "xlsx_grade_text",
            &json!({
                "symbol": g.symbol,
                "reason": g.reason.clone().unwrap_or_default(),
                "label": label,
                "reason_label": reason_label,
            }),
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
                self.text("continued", &json!({ "label": label }))
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

/// The height of an A4 portrait page's printable area, in points.
fn printable_height() -> f64 {
    A4_HEIGHT_PT - (MARGIN_TOP_IN + MARGIN_BOTTOM_IN) * 72.0
}

/// The first row of a run of rows to keep on one page: an item (with the headings before
/// it) when `item`, else one of the item's later units.
#[derive(Debug, Clone, Copy)]
struct Block {
    row: u32,
    item: bool,
}

/// Manual page breaks (rows that start a page): an item that does not fit on what is left of
/// the page starts a new one (so a long item starts at the top), and within an item, a unit
/// that does not fit starts a new page. A unit longer than a page is broken by Excel itself.
fn page_breaks(heights: &[f64], blocks: &[Block], page: f64) -> Vec<u32> {
    let end = heights.len();
    let at = |row: u32| (row as usize).min(end);
    // Where each block's item ends: the next item's first row.
    let mut item_end = vec![end; blocks.len()];
    let mut next_item = end;
    for (i, b) in blocks.iter().enumerate().rev() {
        item_end[i] = next_item;
        if b.item {
            next_item = at(b.row);
        }
    }
    let mut breaks = Vec::new();
    let mut used = 0.0;
    for (i, b) in blocks.iter().enumerate() {
        let start = at(b.row);
        let next = blocks.get(i + 1).map_or(end, |n| at(n.row));
        let height: f64 = heights[start..next.max(start)].iter().sum();
        let needed = if b.item {
            heights[start..item_end[i].max(start)].iter().sum()
        } else {
            height
        };
        if start > 0 && used > 0.0 && used + needed > page {
            if breaks.len() < MAX_PAGE_BREAKS {
                breaks.push(start as u32);
            }
            used = 0.0;
        }
        // Excel breaks a long block by itself; what is left of its last page counts on.
        used = (used + height) % page;
    }
    breaks
}

fn schedule_line(e: &ScheduleEntry) -> String {
    match &e.period {
        Some(p) => format!("{}　{}", p.label, e.text),
        None => e.text.clone(),
    }
}

fn join_bureaus<'a>(bureaus: impl Iterator<Item = &'a str>) -> String {
    bureaus.collect::<Vec<_>>().join("・")
}

fn join_lines<'a>(bureaus: impl Iterator<Item = &'a str>) -> String {
    bureaus.collect::<Vec<_>>().join("\n")
}

fn chart_font(size: u32, bold: bool) -> ChartFont {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = Vec::new();
        assert_eq!(sheet_name("集計", "x", &mut used), "集計");
        assert_eq!(sheet_name("集計", "x", &mut used), "集計(2)");
        assert_eq!(
            sheet_name("a/b[c]:d*e?f\\g", "x", &mut used),
            "a／b［c］：d＊e？f＼g"
        );
        assert_eq!(sheet_name("'quoted'", "x", &mut used), "quoted");
        assert_eq!(sheet_name("  ", "予備", &mut used), "予備");
        assert_eq!(sheet_name("History", "予備", &mut used), "予備(2)");
        let long = "１ 「ポスト復興ステージ」を支える行財政運営のための長い長い柱の名前です";
        let a = sheet_name(long, "x", &mut used);
        let b = sheet_name(long, "x", &mut used);
        assert!(utf16_len(&a) <= 31 && utf16_len(&b) <= 31, "{a} {b}");
        assert_ne!(a, b);
        assert!(b.ends_with("(2)"));
        assert_eq!(sheet_name("SHEET", "x", &mut used), "SHEET");
        assert_eq!(sheet_name("sheet", "x", &mut used), "sheet(2)");
    }

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
    fn items_start_a_page_when_they_do_not_fit() {
        let item = |row| Block { row, item: true };
        let unit = |row| Block { row, item: false };
        // Title + item A (320), item B (300): B does not fit after A, so it starts page 2.
        let heights = [20.0, 300.0, 300.0, 50.0];
        assert!(page_breaks(&heights, &[item(0), item(2), item(3)], 700.0).is_empty());
        assert_eq!(
            page_breaks(&heights, &[item(0), item(2), item(3)], 600.0),
            vec![2]
        );
        // An item longer than a page starts a page; its units break where they do not fit.
        let heights = [100.0, 300.0, 300.0, 300.0, 100.0];
        let blocks = [item(0), item(1), unit(2), unit(3), item(4)];
        assert_eq!(page_breaks(&heights, &blocks, 700.0), vec![1, 3]);
        // A unit longer than a page: what is left of its last page counts on.
        let heights = [100.0, 900.0, 100.0];
        assert_eq!(
            page_breaks(&heights, &[item(0), unit(1), item(2)], 700.0),
            vec![1]
        );
        assert!(page_breaks(&[], &[item(0)], 700.0).is_empty());
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

    #[test]
    fn headers_escape_ampersands_and_fit() {
        assert_eq!(header_text("A&B", 10), "A&&B");
        assert_eq!(sized(8, "仙台市"), "&8仙台市");
        assert_eq!(sized(8, "2021年度"), "&8 2021年度");
        assert_eq!(utf16_len(&header_text(&"あ".repeat(300), 200)), 200);
    }
}
