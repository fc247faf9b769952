//! The 入力 sheet: one row per reporting unit, the plan's own text locked in grey on the
//! left, the cells to write in yellow on the right, then one column pair per indicator.

use rust_xlsxwriter::{Format, Worksheet};

use super::guide::GuideRows;
use super::validation::{actual_validation, fit, protect};
use super::{indicator_headers, Book, Filled, TemplateError, EXCEL_MAX_CHARS};
use crate::excel::{cell_name, row_height, text_lines, utf16_len};
use crate::plan::ReportingUnit;
use crate::workbook::last_year::{LastYear, LastYearFor};
use crate::workbook::schema::{
    indicator_label, indicator_label_col, indicator_value_col, locked_values, Col, ReferenceCol,
    FIRST_DATA_ROW, HEADER_ROW, INPUT_SHEET, LOCKED_COLS, NOTE_ROW, TITLE_ROW,
};

/// Width of the indicator columns, in Excel character units.
const INDICATOR_LABEL_WIDTH: f64 = 24.0;
const INDICATOR_VALUE_WIDTH: f64 = 11.0;

const INPUT_COLS: [Col; 5] = [
    Col::Result,
    Col::Grade,
    Col::Reason,
    Col::Effect,
    Col::Issues,
];

impl Book<'_> {
    pub(super) fn write_input(
        &self,
        ws: &mut Worksheet,
        guide: GuideRows,
    ) -> Result<(), TemplateError> {
        let pairs = self.pairs;
        let last_col = match (self.last_year, pairs) {
            (Some(_), _) => ReferenceCol::Effect.index(pairs),
            (None, 0) => Col::Issues.index(),
            (None, _) => indicator_value_col(pairs - 1),
        };
        let widths = self.input_columns(ws)?;
        let title = self.input_heading(ws, &widths)?;
        for (i, unit) in self.units.iter().enumerate() {
            self.unit_row(ws, FIRST_DATA_ROW + i as u32, unit)?;
        }
        let last = FIRST_DATA_ROW + self.units.len() as u32 - 1;
        self.column_validations(ws, (FIRST_DATA_ROW, last), guide)?;

        ws.set_freeze_panes(FIRST_DATA_ROW, Col::Initiative.index())?;
        ws.set_landscape();
        ws.set_paper_size(9); // A4
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
        ws.set_print_area(TITLE_ROW, 0, last, last_col)?;
        ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
        ws.set_header(format!("&L{}&R&P / &N", header_text(&title)));
        protect(ws);
        Ok(())
    }

    /// Sets the column widths and returns them.
    fn input_columns(&self, ws: &mut Worksheet) -> Result<Vec<f64>, TemplateError> {
        let pairs = self.pairs;
        let mut widths: Vec<f64> = LOCKED_COLS
            .iter()
            .chain(INPUT_COLS.iter())
            .map(|c| c.width())
            .collect();
        for _ in 0..pairs {
            widths.push(INDICATOR_LABEL_WIDTH);
            widths.push(INDICATOR_VALUE_WIDTH);
        }
        if self.last_year.is_some() {
            widths.extend(ReferenceCol::ALL.map(ReferenceCol::width));
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }

        Ok(widths)
    }

    /// The title, the note and the column headers. Returns the title.
    fn input_heading(&self, ws: &mut Worksheet, widths: &[f64]) -> Result<String, TemplateError> {
        let (bureau, year, pairs, s) = (self.bureau, self.year, self.pairs, &self.s);
        let title = format!(
            "{} 行財政改革推進プラン実施状況調査（{bureau}）",
            year.wareki()
        );
        ws.write_string_with_format(TITLE_ROW, 0, &title, &s.title)?;
        ws.set_row_height(TITLE_ROW, 24)?;
        let note = "色付きのセルに入力してください。灰色のセルはプランの記載のため変更できません。\
                評価・理由区分はセルを選ぶと出る▼の一覧から選び、効果額は千円単位の整数、実績値は数値だけで入力してください。\
                詳しくは「記入要領」シートをご覧ください。";
        ws.merge_range(NOTE_ROW, 0, NOTE_ROW, Col::Issues.index(), note, &s.note)?;
        let note_width: f64 = widths[..=Col::Issues.index() as usize].iter().sum();
        ws.set_row_height(NOTE_ROW, row_height(text_lines(note, note_width)))?;

        let mut headers: Vec<String> = LOCKED_COLS
            .iter()
            .chain(INPUT_COLS.iter())
            .map(|c| c.header(year))
            .collect();
        for k in 0..pairs {
            let (label, value) = indicator_headers(k, year);
            headers.push(label);
            headers.push(value);
        }
        if let Some(last) = self.last_year {
            headers.extend(ReferenceCol::ALL.map(|c| c.header(last.year)));
        }
        let mut header_lines = 1;
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(HEADER_ROW, c as u16, h, &s.header)?;
            header_lines = header_lines.max(text_lines(h, widths[c]));
        }
        ws.set_row_height(HEADER_ROW, row_height(header_lines).max(30.0))?;

        Ok(title)
    }

    /// One unit's row: the plan's text, the input cells (filled for a sample), and the
    /// unit's indicators.
    fn unit_row(
        &self,
        ws: &mut Worksheet,
        row: u32,
        unit: &ReportingUnit,
    ) -> Result<(), TemplateError> {
        let (year, pairs, s, fill) = (self.year, self.pairs, &self.s, self.fill);
        let no_reasons = self.plan.settings.reasons.is_empty();
        let id = unit.id();
        let mut lines = 1;
        for (col, text) in LOCKED_COLS.iter().zip(locked_values(unit, year)) {
            let format = if *col == Col::No {
                &s.master_center
            } else {
                &s.master
            };
            let what = format!("№{id} の{}", col.header(year));
            put_text(ws, row, col.index(), &text, &what, format)?;
            lines = lines.max(text_lines(&text, col.width()));
        }

        let filled = fill.and_then(|f| f(unit));
        let f = filled.as_ref();
        let text_of = |pick: fn(&Filled) -> &str| f.map(pick).unwrap_or("");
        for (col, text) in [
            (Col::Result, text_of(|f| f.result.as_str())),
            (Col::Issues, text_of(|f| f.issues.as_str())),
        ] {
            let what = format!("№{id} の{}", col.header(year));
            put_text(ws, row, col.index(), text, &what, &s.input_text)?;
            lines = lines.max(text_lines(text, col.width()));
        }
        let grade = text_of(|f| f.grade.as_str());
        put_text(
            ws,
            row,
            Col::Grade.index(),
            grade,
            &format!("№{id} の評価"),
            &s.input_grade,
        )?;
        if no_reasons {
            ws.write_blank(row, Col::Reason.index(), &s.unused)?;
        } else {
            let reason = f.and_then(|f| f.reason.as_deref()).unwrap_or("");
            put_text(
                ws,
                row,
                Col::Reason.index(),
                reason,
                &format!("№{id} の理由区分"),
                &s.input_text,
            )?;
        }
        match f.and_then(|f| f.effect) {
            Some(v) => {
                ws.write_number_with_format(row, Col::Effect.index(), v as f64, &s.input_effect)?
            }
            None => ws.write_blank(row, Col::Effect.index(), &s.input_effect)?,
        };

        let indicators = &unit.text().indicators;
        for k in 0..pairs {
            let (label_col, value_col) = (indicator_label_col(k), indicator_value_col(k));
            let Some(ind) = indicators.get(k) else {
                ws.write_blank(row, label_col, &s.unused)?;
                ws.write_blank(row, value_col, &s.unused)?;
                continue;
            };
            let label = indicator_label(ind, year);
            put_text(
                ws,
                row,
                label_col,
                &label,
                &format!("№{id} の数値目標"),
                &s.master,
            )?;
            lines = lines.max(text_lines(&label, INDICATOR_LABEL_WIDTH));
            match f.and_then(|f| f.actuals.get(k).copied().flatten()) {
                Some(v) => ws.write_number_with_format(row, value_col, v, &s.input_number)?,
                None => ws.write_blank(row, value_col, &s.input_number)?,
            };
            let v = actual_validation(ind, k, year)?;
            ws.add_data_validation(row, value_col, row, value_col, &v)?;
        }
        if let Some(last) = self.last_year {
            lines = lines.max(self.reference_cells(ws, row, unit, last)?);
        }
        ws.set_row_height(row, row_height(lines))?;
        Ok(())
    }

    /// Last year's grade, 取組実績 (verbatim) and 効果額 for this bureau, locked. Returns the
    /// lines the 取組実績 takes.
    fn reference_cells(
        &self,
        ws: &mut Worksheet,
        row: u32,
        unit: &ReportingUnit,
        last: &LastYear,
    ) -> Result<u32, TemplateError> {
        let (pairs, s) = (self.pairs, &self.s);
        let col = |c: ReferenceCol| c.index(pairs);
        let id = unit.id();
        let (grade, result, effect) = match last.get(&id, self.bureau) {
            LastYearFor::Answered(a) => (
                a.grade.clone().unwrap_or_default(),
                a.result.clone(),
                a.effect_thousand_yen,
            ),
            LastYearFor::NoAnswer => (
                String::new(),
                format!("（{}の回答はありません）", last.year.wareki()),
                None,
            ),
            LastYearFor::NotInForce => (
                String::new(),
                format!("（{}は対象外でした）", last.year.wareki()),
                None,
            ),
        };
        let what = |c: ReferenceCol| format!("№{id} の{}", c.header(last.year));
        let grade_col = ReferenceCol::Grade;
        put_text(
            ws,
            row,
            col(grade_col),
            &grade,
            &what(grade_col),
            &s.master_center,
        )?;
        let result_col = ReferenceCol::Result;
        put_text(
            ws,
            row,
            col(result_col),
            &result,
            &what(result_col),
            &s.master,
        )?;
        match effect {
            Some(v) => {
                ws.write_number_with_format(row, col(ReferenceCol::Effect), v, &s.master_effect)?
            }
            None => ws.write_blank(row, col(ReferenceCol::Effect), &s.master)?,
        };
        Ok(text_lines(&result, ReferenceCol::Result.width()))
    }
}

/// Writes text that may be long: checks Excel's limit first, so the user learns which
/// cell and which text, instead of a bare library error.
fn put_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    what: &str,
    format: &Format,
) -> Result<(), TemplateError> {
    let len = utf16_len(text);
    if len > EXCEL_MAX_CHARS {
        return Err(TemplateError::TextTooLong {
            cell: format!("{INPUT_SHEET}!{}", cell_name(row, col)),
            what: what.to_string(),
            chars: text.chars().count(),
        });
    }
    // write_string, never write: a text starting with = + - @ stays text, not a formula.
    ws.write_string_with_format(row, col, text, format)?;
    Ok(())
}

/// `&` starts a code in Excel's page headers; a literal one is written `&&`. Excel also
/// caps the header at 255 characters.
fn header_text(s: &str) -> String {
    fit(&[s.replace('&', "&&")], 200)
}
