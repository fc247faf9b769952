//! The workbook sent to each bureau: a 記入要領 sheet telling staff what to write, the 入力
//! sheet with one row per reporting unit, and the very hidden metadata sheet the reader uses
//! to recognise the workbook. Everything about where things go comes from `layout`, so the
//! reader finds what this writes.
//!
//! The same writer also produces filled-in workbooks (the bundled sample submissions), so the
//! samples go through exactly the cells, formats and validations a bureau would meet.

use std::fmt;

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};

use super::schema::{
    self, cell_name, indicator_label, indicator_label_col, indicator_value_col, locked_values,
    meta, units_for_bureau, Col, FIRST_DATA_ROW, GUIDE_SHEET, HEADER_ROW, INPUT_SHEET, LOCKED_COLS,
    META_SHEET, NOTE_ROW, TITLE_ROW,
};
use crate::excel::{base_format, cell_format, row_height, text_lines, utf16_len};
use crate::plan::format;
use crate::plan::{FiscalYear, Plan, ReportDate, ReportingUnit};

/// What a bureau types into a unit's row. The sample generator builds these; the empty
/// template has none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filled {
    /// 取組実績: sentences, possibly several lines.
    pub result: String,
    /// 評価: one of the scale's symbols.
    pub grade: String,
    /// 理由区分: one of the reason tags, if any.
    pub reason: Option<String>,
    /// 効果額 in thousand yen.
    pub effect: Option<u64>,
    /// 課題・今後の取組.
    pub issues: String,
    /// One actual value per indicator of the unit, in the plan's order.
    pub actuals: Vec<Option<f64>>,
}

/// Supplies the entries of a filled-in workbook, unit by unit.
pub type FillFn<'a> = &'a dyn Fn(&ReportingUnit) -> Option<Filled>;

/// Why a workbook could not be written. The messages are for office staff.
#[derive(Debug)]
pub enum TemplateError {
    /// The bureau is not in the master's list of bureaus.
    UnknownBureau { bureau: String },
    /// The bureau owns no unit that is still asked about.
    NoUnits { bureau: String },
    /// A text does not fit in one Excel cell (32,767 characters).
    TextTooLong {
        cell: String,
        what: String,
        chars: usize,
    },
    /// rust_xlsxwriter refused something we did not foresee.
    Excel(XlsxError),
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::UnknownBureau { bureau } => {
                write!(f, "所管局「{bureau}」はマスターにありません")
            }
            TemplateError::NoUnits { bureau } => write!(
                f,
                "{bureau}が所管する実施項目のうち、今回照会するもの（完了していないもの）がありません"
            ),
            TemplateError::TextTooLong { cell, what, chars } => write!(
                f,
                "{cell}（{what}）の文章が{chars}文字あり、Excelの1つのセルに入る\
                 32,767文字を超えています。文章を短くしてください"
            ),
            TemplateError::Excel(e) => write!(f, "Excelファイルを作れませんでした（{e}）"),
        }
    }
}

impl std::error::Error for TemplateError {}

impl From<XlsxError> for TemplateError {
    fn from(e: XlsxError) -> Self {
        TemplateError::Excel(e)
    }
}

/// Excel's limit for the text of one cell, in UTF-16 code units.
const EXCEL_MAX_CHARS: usize = 32_767;
/// Excel's limits for the texts of a data validation.
const VALIDATION_TITLE_MAX: usize = 32;
const VALIDATION_MESSAGE_MAX: usize = 255;
const VALIDATION_LIST_MAX: usize = 255;

const INPUT_FILL: u32 = 0xFFF2CC; // light yellow: "write here"
const MASTER_FILL: u32 = 0xF2F2F2; // light grey: the plan's own text, locked
const UNUSED_FILL: u32 = 0xBFBFBF; // darker grey: nothing to write for this unit
const HEADER_FILL: u32 = 0xDDEBF7;

/// Width of the indicator columns, in Excel character units.
const INDICATOR_LABEL_WIDTH: f64 = 24.0;
const INDICATOR_VALUE_WIDTH: f64 = 11.0;

/// The headers above an indicator's two columns (k is 0-based).
pub fn indicator_headers(k: usize, year: FiscalYear) -> (String, String) {
    (
        format!("数値目標{}", k + 1),
        format!("{}の実績値{}", year.wareki(), k + 1),
    )
}

/// The most indicators any of the units has: how many column pairs the 入力 sheet needs.
pub fn indicator_pairs(units: &[ReportingUnit]) -> usize {
    units
        .iter()
        .map(|u| u.text().indicators.len())
        .max()
        .unwrap_or(0)
}

/// The document's creation time: 1 April of the fiscal year the workbook asks about. Never
/// the clock, so the same master and year give the same bytes.
pub fn creation_datetime(year: FiscalYear) -> ExcelDateTime {
    ExcelDateTime::from_ymd(year.start_year(), 4, 1)
        .or_else(|_| ExcelDateTime::from_ymd(2000, 4, 1))
        .expect("a valid date")
}

/// Writes the workbook of one bureau for one year and returns the .xlsx bytes. With `fill`,
/// the input cells hold what it returns for each unit.
pub fn write_template(
    plan: &Plan,
    bureau: &str,
    year: FiscalYear,
    fill: Option<FillFn>,
) -> Result<Vec<u8>, TemplateError> {
    write_template_dated(plan, bureau, year, fill, None)
}

/// `write_template` with the document's creation date given (`--date`, SOURCE_DATE_EPOCH);
/// None for 1 April of the fiscal year.
pub fn write_template_dated(
    plan: &Plan,
    bureau: &str,
    year: FiscalYear,
    fill: Option<FillFn>,
    created: Option<ReportDate>,
) -> Result<Vec<u8>, TemplateError> {
    let created = created
        .and_then(|d| ExcelDateTime::from_ymd(d.year(), d.month(), d.day()).ok())
        .unwrap_or_else(|| creation_datetime(year));
    if !plan.bureaus.iter().any(|b| b.as_str() == bureau) {
        return Err(TemplateError::UnknownBureau {
            bureau: bureau.to_string(),
        });
    }
    let units = units_for_bureau(plan, bureau);
    if units.is_empty() {
        return Err(TemplateError::NoUnits {
            bureau: bureau.to_string(),
        });
    }
    let pairs = indicator_pairs(&units);
    let styles = Styles::new();

    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} 実施状況調査（{bureau}）", year.wareki()))
            .set_subject(plan.meta.name.clone())
            .set_author("shinchoku")
            .set_company(plan.meta.organisation.clone())
            .set_creation_datetime(&created),
    );

    let guide = workbook.add_worksheet();
    guide.set_name(GUIDE_SHEET)?;
    let grade_rows = write_guide(guide, plan, bureau, year, units.len(), pairs, &styles)?;
    guide.set_active(true);

    let input = workbook.add_worksheet();
    input.set_name(INPUT_SHEET)?;
    write_input(
        input, plan, bureau, year, &units, pairs, grade_rows, fill, &styles,
    )?;

    let meta_sheet = workbook.add_worksheet();
    meta_sheet.set_name(META_SHEET)?;
    write_meta(meta_sheet, plan, bureau, year, &units)?;
    meta_sheet.set_very_hidden(true);

    Ok(workbook.save_to_buffer()?)
}

struct Styles {
    title: Format,
    subtitle: Format,
    note: Format,
    header: Format,
    master: Format,
    master_center: Format,
    unused: Format,
    input_text: Format,
    input_grade: Format,
    input_effect: Format,
    input_number: Format,
    guide_heading: Format,
    guide_text: Format,
    guide_number: Format,
    guide_cell: Format,
    guide_cell_center: Format,
    guide_table_header: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = base_format();
        let cell = cell_format();
        let master = cell.clone().set_background_color(Color::RGB(MASTER_FILL));
        let input = cell
            .clone()
            .set_background_color(Color::RGB(INPUT_FILL))
            .set_unlocked();
        Styles {
            title: base.clone().set_bold().set_font_size(14),
            subtitle: base.clone().set_font_size(11),
            note: base
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_font_color(Color::RGB(0xC00000)),
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(HEADER_FILL)),
            master_center: master.clone().set_align(FormatAlign::Center),
            master,
            unused: cell.clone().set_background_color(Color::RGB(UNUSED_FILL)),
            input_grade: input
                .clone()
                .set_align(FormatAlign::Center)
                .set_font_size(12),
            input_effect: input.clone().set_num_format("#,##0"),
            input_number: input.clone().set_num_format("General"),
            input_text: input,
            guide_heading: base
                .clone()
                .set_bold()
                .set_font_size(11)
                .set_border_bottom(FormatBorder::Thin),
            guide_text: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            guide_number: base.clone().set_align(FormatAlign::Top),
            guide_cell_center: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_font_size(11),
            guide_table_header: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(HEADER_FILL)),
            guide_cell: cell,
        }
    }
}

/// Column letters of a column index: 7 → "H".
fn col_letter(col: u16) -> String {
    cell_name(0, col).trim_end_matches('1').to_string()
}

/// The first candidate within `max` UTF-16 units, or the last one cut to fit.
fn fit(candidates: &[String], max: usize) -> String {
    for c in candidates {
        if utf16_len(c) <= max {
            return c.clone();
        }
    }
    let last = candidates.last().cloned().unwrap_or_default();
    let mut out = String::new();
    for ch in last.chars() {
        if utf16_len(&out) + ch.len_utf16() + 1 > max {
            out.push('…');
            break;
        }
        out.push(ch);
    }
    out
}

fn message(candidates: &[String]) -> String {
    fit(candidates, VALIDATION_MESSAGE_MAX)
}

fn validation_title(s: &str) -> String {
    fit(&[s.to_string()], VALIDATION_TITLE_MAX)
}

/// A drop-down list: inline when Excel allows it (at most 255 characters, no commas, which
/// separate inline entries), else a reference to the same values listed on the 記入要領 sheet.
fn list_validation(values: &[&str], rows_on_guide: Option<(u32, u32)>) -> Option<DataValidation> {
    let joined = values.join(",");
    let inline_ok = utf16_len(&joined) <= VALIDATION_LIST_MAX
        && !values.iter().any(|v| v.contains(',') || v.contains('"'));
    if inline_ok {
        if let Ok(v) = DataValidation::new().allow_list_strings(values) {
            return Some(v);
        }
    }
    let (first, last) = rows_on_guide?;
    Some(
        DataValidation::new().allow_list_formula(Formula::new(format!(
            "='{GUIDE_SHEET}'!$B${}:$B${}",
            first + 1,
            last + 1
        ))),
    )
}

/// Where the guide lists the grade symbols and the reason tags (0-based rows, column B),
/// for drop-downs too long to hold inline.
#[derive(Debug, Clone, Copy, Default)]
struct GuideRows {
    grades: Option<(u32, u32)>,
    reasons: Option<(u32, u32)>,
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

fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::new()
    };
    ws.protect_with_options(&options);
}

const GUIDE_WIDTHS: [f64; 4] = [4.0, 13.0, 40.0, 51.0];

#[allow(clippy::too_many_arguments)]
fn write_guide(
    ws: &mut Worksheet,
    plan: &Plan,
    bureau: &str,
    year: FiscalYear,
    unit_count: usize,
    pairs: usize,
    s: &Styles,
) -> Result<GuideRows, TemplateError> {
    let settings = &plan.settings;
    for (c, w) in GUIDE_WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let text_width: f64 = GUIDE_WIDTHS[1..].iter().sum();
    let mut row = 0u32;

    ws.write_string_with_format(
        row,
        0,
        format!(
            "{} 行財政改革推進プラン実施状況調査 記入要領",
            year.wareki()
        ),
        &s.title,
    )?;
    ws.set_row_height(row, 24)?;
    row += 1;
    ws.write_string_with_format(
        row,
        0,
        format!("所管局：{bureau}　　照会する実施項目：{unit_count}件"),
        &s.subtitle,
    )?;
    ws.set_row_height(row, 18)?;
    row += 2;

    let col = |c: Col| col_letter(c.index());
    let paragraph = |ws: &mut Worksheet, row: &mut u32, n: Option<usize>, text: &str| {
        if let Some(n) = n {
            ws.write_string_with_format(*row, 0, format!("{n}."), &s.guide_number)?;
        }
        ws.merge_range(*row, 1, *row, 3, text, &s.guide_text)?;
        ws.set_row_height(*row, row_height(text_lines(text, text_width)))?;
        *row += 1;
        Ok::<(), TemplateError>(())
    };

    ws.write_string_with_format(row, 0, "■ 記入のしかた", &s.guide_heading)?;
    for c in 1..=3 {
        ws.write_blank(row, c, &s.guide_heading)?;
    }
    ws.set_row_height(row, 18)?;
    row += 1;
    let mut steps = vec![
        format!(
            "「{INPUT_SHEET}」シートに、貴局が所管する実施項目が1行に1件ずつ並んでいます（「主な取組み」がある項目は、主な取組みごとに1行です）。\
             薄い黄色のセルに入力してください。灰色のセル（{}列〜{}列）はプランの記載で、変更できません。",
            col(Col::No),
            col(Col::Schedule)
        ),
        format!(
            "{}列「{}」：その年度に実施した内容を、文章で記入してください（例：「{}は、〇〇を実施した。」）。\
             セルの中で改行するときは Alt＋Enter を押します。",
            col(Col::Result),
            Col::Result.header(year),
            year.wareki()
        ),
        format!(
            "{}列「{}」：セルを選ぶと出る▼の一覧から選んでください（下の「評価の区分」）。",
            col(Col::Grade),
            Col::Grade.header(year)
        ),
    ];
    if settings.reasons.is_empty() {
        steps.push(format!(
            "{}列「{}」：今回は使いません（理由区分の設定がありません）。",
            col(Col::Reason),
            Col::Reason.header(year)
        ));
    } else {
        steps.push(format!(
            "{}列「{}」：評価の主な理由が下の「理由区分」にあたるときだけ、一覧から選んでください。あたらなければ空欄のままにしてください。",
            col(Col::Reason),
            Col::Reason.header(year)
        ));
    }
    steps.push(format!(
        "{}列「{}」：その年度の財政効果額を、千円単位の整数で記入してください（例：123万4千円 → 1234）。\
         「円」「千円」などの単位は付けません。効果額がなければ空欄のままにしてください。",
        col(Col::Effect),
        Col::Effect.header(year)
    ));
    steps.push(format!(
        "{}列「{}」：残っている課題と、今後の取組みを文章で記入してください。",
        col(Col::Issues),
        Col::Issues.header(year)
    ));
    if pairs > 0 {
        steps.push(format!(
            "{}列から右：数値目標のある項目は、「実績値」のセルに{}の実績を数値だけで記入してください（単位は付けません）。\
             左隣のセルに、指標・単位・目標値を表示しています。灰色のセルは、その項目に数値目標がないため記入不要です。",
            col_letter(indicator_label_col(0)),
            year.wareki()
        ));
    }
    steps.push(
        "行・列の挿入や削除、シート名の変更はしないでください（集計に使います）。列の幅と行の高さは変えてかまいません。"
            .to_string(),
    );
    steps.push(
        "複数の局で所管する項目は、それぞれの局の調査票に同じ行があります。貴局の取組みについて記入してください。"
            .to_string(),
    );
    for (n, text) in steps.iter().enumerate() {
        paragraph(ws, &mut row, Some(n + 1), text)?;
    }
    row += 1;

    let mut rows = GuideRows::default();
    ws.write_string_with_format(row, 0, "■ 評価の区分", &s.guide_heading)?;
    for c in 1..=3 {
        ws.write_blank(row, c, &s.guide_heading)?;
    }
    ws.set_row_height(row, 18)?;
    row += 1;
    ws.write_string_with_format(row, 1, "評価", &s.guide_table_header)?;
    ws.write_string_with_format(row, 2, "意味", &s.guide_table_header)?;
    ws.write_string_with_format(row, 3, "集計上の扱い", &s.guide_table_header)?;
    row += 1;
    let first = row;
    for g in &settings.grades {
        let treatment = treatment(g.on_target, g.completes);
        put_guide_cell(ws, row, 1, &g.symbol, &s.guide_cell_center)?;
        put_guide_cell(ws, row, 2, &g.label, &s.guide_cell)?;
        put_guide_cell(ws, row, 3, &treatment, &s.guide_cell)?;
        let lines = text_lines(&g.label, GUIDE_WIDTHS[2])
            .max(text_lines(&treatment, GUIDE_WIDTHS[3]))
            .max(text_lines(&g.symbol, GUIDE_WIDTHS[1]));
        ws.set_row_height(row, row_height(lines).max(18.0))?;
        row += 1;
    }
    if row > first {
        rows.grades = Some((first, row - 1));
    }
    row += 1;

    if !settings.reasons.is_empty() {
        ws.write_string_with_format(row, 0, "■ 理由区分", &s.guide_heading)?;
        for c in 1..=3 {
            ws.write_blank(row, c, &s.guide_heading)?;
        }
        ws.set_row_height(row, 18)?;
        row += 1;
        paragraph(
            ws,
            &mut row,
            None,
            "評価の主な理由が次にあたるときに選びます。報告書では評価の後に付けて表示し（例：△コロナ）、集計では別に数えます。",
        )?;
        ws.write_string_with_format(row, 1, "理由区分", &s.guide_table_header)?;
        ws.merge_range(row, 2, row, 3, "意味", &s.guide_table_header)?;
        row += 1;
        let first = row;
        for r in &settings.reasons {
            put_guide_cell(ws, row, 1, &r.tag, &s.guide_cell_center)?;
            ws.merge_range(row, 2, row, 3, &r.label, &s.guide_cell)?;
            let lines = text_lines(&r.label, GUIDE_WIDTHS[2] + GUIDE_WIDTHS[3])
                .max(text_lines(&r.tag, GUIDE_WIDTHS[1]));
            ws.set_row_height(row, row_height(lines).max(18.0))?;
            row += 1;
        }
        rows.reasons = Some((first, row - 1));
        row += 1;
    }

    ws.write_string_with_format(row, 0, "■ 提出", &s.guide_heading)?;
    for c in 1..=3 {
        ws.write_blank(row, c, &s.guide_heading)?;
    }
    ws.set_row_height(row, 18)?;
    row += 1;
    let deadline = non_empty_or(
        &settings.deadline,
        "行財政改革課からの依頼文をご確認ください",
    );
    let contact = non_empty_or(&settings.contact, "行財政改革課");
    for (label, value) in [
        ("提出期限", deadline),
        (
            "提出方法",
            "このファイルに入力して保存し、ファイル名を変えずに提出してください。",
        ),
        ("問い合わせ先", contact),
    ] {
        ws.write_string_with_format(row, 1, label, &s.guide_number)?;
        ws.merge_range(row, 2, row, 3, value, &s.guide_text)?;
        let lines = text_lines(value, GUIDE_WIDTHS[2] + GUIDE_WIDTHS[3]);
        ws.set_row_height(row, row_height(lines))?;
        row += 1;
    }

    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.6, 0.6, 0.75, 0.75, 0.3, 0.3);
    protect(ws);
    Ok(rows)
}

fn treatment(on_target: bool, completes: bool) -> String {
    let mut t = if on_target {
        "「目標どおり又は目標を上回る」に数えます".to_string()
    } else {
        "遅れのあるものとして数えます".to_string()
    };
    if completes {
        t.push_str("（翌年度からは照会しません）");
    }
    t
}

fn non_empty_or<'a>(s: &'a str, default: &'a str) -> &'a str {
    if s.trim().is_empty() {
        default
    } else {
        s
    }
}

fn put_guide_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<(), TemplateError> {
    if utf16_len(text) > EXCEL_MAX_CHARS {
        return Err(TemplateError::TextTooLong {
            cell: format!("{GUIDE_SHEET}!{}", cell_name(row, col)),
            what: "記入要領".into(),
            chars: text.chars().count(),
        });
    }
    ws.write_string_with_format(row, col, text, format)?;
    Ok(())
}

const INPUT_COLS: [Col; 5] = [
    Col::Result,
    Col::Grade,
    Col::Reason,
    Col::Effect,
    Col::Issues,
];

#[allow(clippy::too_many_arguments)]
fn write_input(
    ws: &mut Worksheet,
    plan: &Plan,
    bureau: &str,
    year: FiscalYear,
    units: &[ReportingUnit],
    pairs: usize,
    guide: GuideRows,
    fill: Option<FillFn>,
    s: &Styles,
) -> Result<(), TemplateError> {
    let settings = &plan.settings;
    let last_col = if pairs == 0 {
        Col::Issues.index()
    } else {
        indicator_value_col(pairs - 1)
    };
    let mut widths: Vec<f64> = LOCKED_COLS
        .iter()
        .chain(INPUT_COLS.iter())
        .map(|c| c.width())
        .collect();
    for _ in 0..pairs {
        widths.push(INDICATOR_LABEL_WIDTH);
        widths.push(INDICATOR_VALUE_WIDTH);
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }

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
    let mut header_lines = 1;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, h, &s.header)?;
        header_lines = header_lines.max(text_lines(h, widths[c]));
    }
    ws.set_row_height(HEADER_ROW, row_height(header_lines).max(30.0))?;

    let symbols: Vec<&str> = settings.grades.iter().map(|g| g.symbol.as_str()).collect();
    let tags: Vec<&str> = settings.reasons.iter().map(|r| r.tag.as_str()).collect();

    for (i, unit) in units.iter().enumerate() {
        let row = FIRST_DATA_ROW + i as u32;
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
        if tags.is_empty() {
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
            let target = ind
                .effective_target(year)
                .map(|t| {
                    format!(
                        "目標は {}{}（{}）です。",
                        format::plain(t.value),
                        ind.unit,
                        t.period
                    )
                })
                .unwrap_or_default();
            let v = DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
                .set_input_title(validation_title(&format!("実績値{}", k + 1)))?
                .set_input_message(message(&[
                    format!(
                        "{}の{}の実績を、単位（{}）を付けずに数値だけで入力してください。{target}",
                        ind.name,
                        year.wareki(),
                        ind.unit
                    ),
                    format!(
                        "実績を、単位（{}）を付けずに数値だけで入力してください。",
                        ind.unit
                    ),
                ]))?
                .set_error_title(validation_title("実績値は数値で入力してください"))?
                .set_error_message(message(&[format!(
                    "実績値は数値だけで入力してください（例：12.5）。単位（{}）や文字は入れられません。",
                    ind.unit
                )]))?
                .set_error_style(DataValidationErrorStyle::Stop);
            ws.add_data_validation(row, value_col, row, value_col, &v)?;
        }
        ws.set_row_height(row, row_height(lines))?;
    }

    let first = FIRST_DATA_ROW;
    let last = FIRST_DATA_ROW + units.len() as u32 - 1;
    let column_rule = |ws: &mut Worksheet, col: Col, v: &DataValidation| {
        ws.add_data_validation(first, col.index(), last, col.index(), v)
            .map(|_| ())
    };

    let grade_lines: Vec<String> = settings
        .grades
        .iter()
        .map(|g| format!("{}　{}", g.symbol, g.label))
        .collect();
    if let Some(v) = list_validation(&symbols, guide.grades) {
        let v = v
            .set_input_title(validation_title("評価"))?
            .set_input_message(message(&[
                format!("▼の一覧から選んでください。\n{}", grade_lines.join("\n")),
                format!("▼の一覧（{}）から選んでください。", settings.symbols_list()),
                "▼の一覧から選んでください。区分は「記入要領」シートにあります。".to_string(),
            ]))?
            .set_error_title(validation_title("一覧にない評価です"))?
            .set_error_message(message(&[
                format!(
                    "評価は一覧（{}）から選んでください。区分の意味は「記入要領」シートにあります。",
                    settings.symbols_list()
                ),
                "評価は一覧から選んでください。区分は「記入要領」シートにあります。".to_string(),
            ]))?
            .set_error_style(DataValidationErrorStyle::Stop);
        column_rule(ws, Col::Grade, &v)?;
    }
    if !tags.is_empty() {
        if let Some(v) = list_validation(&tags, guide.reasons) {
            let reason_lines: Vec<String> = settings
                .reasons
                .iter()
                .map(|r| format!("{}：{}", r.tag, r.label))
                .collect();
            let v = v
                .set_input_title(validation_title("理由区分（任意）"))?
                .set_input_message(message(&[
                    format!(
                        "評価の主な理由が次にあたるときだけ選んでください。\n{}",
                        reason_lines.join("\n")
                    ),
                    "評価の主な理由が「記入要領」シートの理由区分にあたるときだけ選んでください。"
                        .to_string(),
                ]))?
                .set_error_title(validation_title("一覧にない理由区分です"))?
                .set_error_message(message(&[
                    format!(
                        "理由区分は一覧（{}）から選ぶか、空欄にしてください。",
                        tags.join("・")
                    ),
                    "理由区分は一覧から選ぶか、空欄にしてください。".to_string(),
                ]))?
                .set_error_style(DataValidationErrorStyle::Stop);
            column_rule(ws, Col::Reason, &v)?;
        }
    }
    let max_effect = settings
        .max_effect_thousand_yen
        .clamp(0.0, i32::MAX as f64)
        .floor() as i32;
    let v = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(0, max_effect))
        .set_input_title(validation_title("効果額（千円）"))?
        .set_input_message(message(&[
            "千円単位の整数で入力してください（例：123万4千円 → 1234）。効果額がなければ空欄のままにしてください。"
                .to_string(),
        ]))?
        .set_error_title(validation_title("効果額は千円単位の整数です"))?
        .set_error_message(message(&[format!(
            "効果額は千円単位の整数（0〜{}）で入力してください。例：123万4千円 → 1234。単位や小数は入れられません。",
            format::thousands(f64::from(max_effect))
        )]))?
        .set_error_style(DataValidationErrorStyle::Stop);
    column_rule(ws, Col::Effect, &v)?;

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

/// `&` starts a code in Excel's page headers; a literal one is written `&&`. Excel also
/// caps the header at 255 characters.
fn header_text(s: &str) -> String {
    fit(&[s.replace('&', "&&")], 200)
}

fn write_meta(
    ws: &mut Worksheet,
    plan: &Plan,
    bureau: &str,
    year: FiscalYear,
    units: &[ReportingUnit],
) -> Result<(), TemplateError> {
    let pairs = [
        (meta::FORMAT_VERSION, schema::FORMAT_VERSION.to_string()),
        (meta::FISCAL_YEAR, year.start_year().to_string()),
        (meta::BUREAU, bureau.to_string()),
        (meta::MASTER_FINGERPRINT, plan.fingerprint()),
        (
            meta::GENERATOR,
            format!("shinchoku {}", env!("CARGO_PKG_VERSION")),
        ),
    ];
    for (row, (key, value)) in pairs.iter().enumerate() {
        ws.write_string(row as u32, 0, *key)?;
        ws.write_string(row as u32, 1, value)?;
    }
    for (i, unit) in units.iter().enumerate() {
        let row = meta::FIRST_UNIT_ROW + i as u32;
        let input_row = FIRST_DATA_ROW + i as u32 + 1;
        let values = [
            meta::UNIT_TAG.to_string(),
            input_row.to_string(),
            unit.id().to_string(),
            unit.fingerprint(),
            unit.text().indicators.len().to_string(),
        ];
        for (col, v) in values.iter().enumerate() {
            ws.write_string(row, col as u16, v)?;
        }
    }
    protect(ws);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::load_bundled;

    fn r3() -> FiscalYear {
        FiscalYear::new(2021).unwrap()
    }

    #[test]
    fn kanji_take_two_places() {
        // A 36-unit column holds 36 places: 18 kanji on a line.
        assert_eq!(text_lines(&"あ".repeat(18), 36.0), 1);
        assert_eq!(text_lines(&"あ".repeat(19), 36.0), 2);
        assert_eq!(text_lines("a\nb\n", 36.0), 3);
        assert_eq!(text_lines("", 10.0), 1);
        assert!(row_height(10_000) <= crate::excel::MAX_ROW_HEIGHT_PT);
    }

    #[test]
    fn long_messages_fall_back_then_cut() {
        let long = "あ".repeat(300);
        assert_eq!(fit(&[long.clone(), "短い".into()], 255), "短い");
        let cut = fit(&[long], 255);
        assert!(utf16_len(&cut) <= 255 && cut.ends_with('…'));
    }

    #[test]
    fn long_grade_lists_point_at_the_guide() {
        let many: Vec<String> = (0..60).map(|i| format!("評価{i}")).collect();
        let refs: Vec<&str> = many.iter().map(|s| s.as_str()).collect();
        assert!(list_validation(&refs, None).is_none());
        assert!(list_validation(&refs, Some((10, 69))).is_some());
        assert!(list_validation(&["◎", "○"], None).is_some());
        assert!(list_validation(&["A,B"], None).is_none());
    }

    #[test]
    fn a_text_too_long_for_a_cell_is_an_error_not_a_panic() {
        let mut plan = load_bundled().unwrap();
        let item = plan
            .items
            .iter_mut()
            .find(|i| i.initiatives.is_empty() && !i.completed && i.bureaus[0].as_str() == "財政局")
            .unwrap();
        item.text.content = Some("長".repeat(40_000));
        let e = write_template(&plan, "財政局", r3(), None).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("32,767文字を超えて"), "{msg}");
        assert!(msg.contains("取組内容"), "{msg}");
    }

    #[test]
    fn many_grades_still_make_a_workbook() {
        let mut plan = load_bundled().unwrap();
        let g = plan.settings.grades[0].clone();
        plan.settings.grades = (0..80)
            .map(|i| crate::plan::Grade {
                symbol: format!("評価区分{i}"),
                label: "とても長い説明".repeat(5),
                ..g.clone()
            })
            .collect();
        plan.settings.reasons.clear();
        let bytes = write_template(&plan, "財政局", r3(), None).unwrap();
        assert!(bytes.starts_with(b"PK"));
    }

    #[test]
    fn unknown_and_finished_bureaus_are_refused() {
        let plan = load_bundled().unwrap();
        let e = write_template(&plan, "宇宙局", r3(), None).unwrap_err();
        assert!(e.to_string().contains("マスターにありません"));
        let e = write_template(&plan, "議会事務局", r3(), None).unwrap_err();
        assert!(matches!(e, TemplateError::NoUnits { .. }), "{e}");
    }
}
