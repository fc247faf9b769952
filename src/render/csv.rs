//! `report.csv`: the year's results as open data (the national 統一ルール: one datum per cell,
//! no merged cells, a header row). One row per reporting unit per owning bureau, in plan
//! order, with that bureau's own entry: 評価, 取組実績, 効果額, 課題 and each indicator's
//! 目標値, 実績値 and 達成率.
//!
//! The file is UTF-8 with a byte-order mark (Excel reads it as Shift_JIS without one), records
//! end with CRLF (RFC 4180), text cells are always quoted and keep their line breaks, numbers
//! are written bare, without separators or units.
//!
//! Formula-like text: Excel and LibreOffice run a cell that starts with `=`, `+`, `-` or `@`
//! (or a tab or carriage return) as a formula even when it is quoted, so a bureau's "- 実施"
//! bullet would open as `#NAME?`. Such a text cell is written with one leading apostrophe
//! (`'- 実施`), the spreadsheet's own "this is text" marker. To make that reversible, text
//! that already starts with apostrophes followed by one of those characters gets one more.
//! A program reading the file removes one apostrophe from a text cell matching `^'+[=+\-@\t\r]`;
//! report.json keeps every text raw.

use super::{RenderContext, RenderError, Rendered, Renderer, Sink};
use crate::plan::format;
use crate::report::summary::unit_grade;
use crate::report::{Entry, ItemReport, Report, UnitReport, UnitStatus};
use crate::wording::labels::{fill, Labels};

pub struct CsvRenderer;

impl Renderer for CsvRenderer {
    fn file_name(&self) -> &'static str {
        "report.csv"
    }

    fn render(&self, ctx: &RenderContext, out: &mut dyn Sink) -> Result<Rendered, RenderError> {
        out.write_all(to_csv(ctx.report, &ctx.wording.labels()).as_bytes())?;
        out.flush()?;
        Ok(Rendered::default())
    }
}

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a text cell is written with an extra leading apostrophe.
pub fn needs_text_marker(text: &str) -> bool {
    text.trim_start_matches('\'')
        .starts_with(|c| FORMULA_START.contains(&c))
}

/// One text cell: marked when formula-like, always quoted, inner quotes doubled.
fn text(out: &mut String, s: &str) {
    out.push('"');
    if needs_text_marker(s) {
        out.push('\'');
    }
    out.push_str(&s.replace('"', "\"\""));
    out.push('"');
}

/// One number cell: bare, without separators or unit (12, 12.5, -3), empty when absent.
fn number(out: &mut String, v: Option<f64>) {
    if let Some(v) = v.filter(|v| v.is_finite()) {
        out.push_str(&format::plain(v));
    }
}

enum Cell<'a> {
    Text(&'a str),
    Number(Option<f64>),
    /// A ratio written in per cent with the report's one decimal: 0.985 → 98.5.
    Percent(Option<f64>),
}

fn row(out: &mut String, cells: &[Cell]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match c {
            Cell::Text(s) => text(out, s),
            Cell::Number(v) => number(out, *v),
            Cell::Percent(r) => {
                if let Some(r) = r.filter(|r| r.is_finite()) {
                    out.push_str(&format::percent_number(r));
                }
            }
        }
    }
    out.push_str("\r\n");
}

/// The header: the fixed columns, then five per indicator, as many as the unit with the most.
fn header(l: &Labels, indicators: usize) -> Vec<String> {
    let mut h: Vec<String> = [
        &l.csv_year,
        &l.csv_year_wareki,
        &l.csv_number,
        &l.csv_item,
        &l.csv_initiative,
        &l.csv_bureau,
        &l.csv_grade,
        &l.csv_reason,
        &l.csv_result,
        &l.csv_effect,
        &l.csv_issues,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for k in 1..=indicators {
        let n = k.to_string();
        for t in [
            &l.csv_indicator_name,
            &l.csv_indicator_unit,
            &l.csv_indicator_target,
            &l.csv_indicator_actual,
            &l.csv_indicator_achievement,
        ] {
            h.push(fill(t, &[("n", &n)]));
        }
    }
    h
}

/// The CSV of a report. A one-bureau report (`Report::for_bureau`) gets that bureau's rows.
pub fn to_csv(report: &Report, l: &Labels) -> String {
    let bureau = report.meta.bureau.as_ref().map(|b| b.as_str());
    let units: Vec<(&ItemReport, &UnitReport)> = report.units().collect();
    let indicators = units
        .iter()
        .map(|(_, u)| u.indicators.len())
        .max()
        .unwrap_or(0);
    let mut out = String::from("\u{FEFF}");
    let h = header(l, indicators);
    row(
        &mut out,
        &h.iter().map(|s| Cell::Text(s)).collect::<Vec<_>>(),
    );
    let year = report.meta.year;
    let wareki = year.wareki();
    for (item, u) in units {
        let id = item.item.id.to_string();
        let initiative = if u.initiative.is_some() {
            u.title.as_str()
        } else {
            ""
        };
        for b in &u.bureaus {
            if bureau.is_some_and(|x| x != b.as_str()) {
                continue;
            }
            let entry: Option<&Entry> = u.entries.iter().find(|e| &e.bureau == b);
            // A unit completed in an earlier year has no entry; it counts with the
            // completing grade, as the summary counts it.
            let grade = match entry {
                Some(e) => e.grade.clone().unwrap_or_default(),
                None if u.status == UnitStatus::CompletedEarlier => unit_grade(report, u)
                    .map(|g| g.symbol.clone())
                    .unwrap_or_default(),
                None => String::new(),
            };
            let mut cells = vec![
                Cell::Number(Some(year.start_year() as f64)),
                Cell::Text(&wareki),
                Cell::Text(&id),
                Cell::Text(&item.item.title),
                Cell::Text(initiative),
                Cell::Text(b.as_str()),
                Cell::Text(&grade),
                Cell::Text(entry.and_then(|e| e.reason.as_deref()).unwrap_or("")),
                Cell::Text(entry.map(|e| e.result.as_str()).unwrap_or("")),
                Cell::Number(entry.and_then(|e| e.effect_thousand_yen)),
                Cell::Text(entry.map(|e| e.issues.as_str()).unwrap_or("")),
            ];
            for k in 0..indicators {
                match u.indicators.get(k) {
                    Some(i) => {
                        let actual = entry.and_then(|e| e.actuals.get(k).copied().flatten());
                        // 達成率 in percent with the report's one decimal.
                        let rate = match (i.target, actual) {
                            (Some(t), Some(a)) => i.better.achievement(t, a),
                            _ => None,
                        };
                        cells.push(Cell::Text(&i.name));
                        cells.push(Cell::Text(&i.unit));
                        cells.push(Cell::Number(i.target));
                        cells.push(Cell::Number(actual));
                        cells.push(Cell::Percent(rate));
                    }
                    None => {
                        cells.extend([
                            Cell::Text(""),
                            Cell::Text(""),
                            Cell::Number(None),
                            Cell::Number(None),
                            Cell::Percent(None),
                        ]);
                    }
                }
            }
            row(&mut out, &cells);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(s: &str) -> String {
        let mut o = String::new();
        text(&mut o, s);
        o
    }

    #[test]
    fn formula_like_text_gets_one_apostrophe_and_stays_reversible() {
        assert_eq!(cell("- 実施"), "\"'- 実施\"");
        assert_eq!(cell("=SUM(A1)"), "\"'=SUM(A1)\"");
        assert_eq!(cell("+1"), "\"'+1\"");
        assert_eq!(cell("@here"), "\"'@here\"");
        assert_eq!(cell("\tx"), "\"'\tx\"");
        // Already starting with an apostrophe before a formula character: one more.
        assert_eq!(cell("'=x"), "\"''=x\"");
        // Other text is left alone, apostrophes included.
        assert_eq!(cell("'abc"), "\"'abc\"");
        assert_eq!(cell("実施 - 1"), "\"実施 - 1\"");
        assert_eq!(cell(""), "\"\"");
    }

    #[test]
    fn quotes_are_doubled_and_line_breaks_kept() {
        assert_eq!(cell("a\"b\nc,d"), "\"a\"\"b\nc,d\"");
    }

    #[test]
    fn numbers_are_bare() {
        let n = |v| {
            let mut o = String::new();
            number(&mut o, v);
            o
        };
        assert_eq!(n(Some(14465.0)), "14465");
        assert_eq!(n(Some(12.5)), "12.5");
        assert_eq!(n(Some(-3.0)), "-3");
        assert_eq!(n(None), "");
        assert_eq!(n(Some(f64::NAN)), "");
    }
}
