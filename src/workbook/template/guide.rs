//! The 記入要領 sheet: how to fill in the 入力 sheet, column by column, the grade scale and
//! reason tags (which the drop-downs refer to when too long to hold inline), and where to send
//! the file.

use rust_xlsxwriter::{Format, Worksheet};

use super::validation::protect;
use super::{Book, TemplateError, EXCEL_MAX_CHARS};
use crate::excel::{cell_name, row_height, text_lines, utf16_len};
use crate::workbook::schema::{indicator_label_col, Col, GUIDE_SHEET, INPUT_SHEET};

const GUIDE_WIDTHS: [f64; 4] = [4.0, 13.0, 40.0, 51.0];

/// Where the guide lists the grade symbols and the reason tags (0-based rows, column B),
/// for drop-downs too long to hold inline.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct GuideRows {
    pub(super) grades: Option<(u32, u32)>,
    pub(super) reasons: Option<(u32, u32)>,
}

/// Column letters of a column index: 7 → "H".
fn col_letter(col: u16) -> String {
    cell_name(0, col).trim_end_matches('1').to_string()
}

impl Book<'_> {
    pub(super) fn write_guide(&self, ws: &mut Worksheet) -> Result<GuideRows, TemplateError> {
        let (plan, bureau, year, s) = (self.plan, self.bureau, self.year, &self.s);
        let unit_count = self.units.len();
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
        let steps = self.steps();
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

    /// The numbered steps of 記入のしかた, one per column to fill in.
    fn steps(&self) -> Vec<String> {
        let (year, pairs) = (self.year, self.pairs);
        let settings = &self.plan.settings;
        let col = |c: Col| col_letter(c.index());
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
        steps
    }
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
