//! What the two kinds of Excel file we write share — the bureau workbooks
//! (`workbook::template`) and the spreadsheet report (`render::xlsx`): the font, the base
//! cell formats, how tall a row must be for its wrapped text, cell names and document dates.

use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, FormatBorder};

/// A font every Windows 10/11 PC has, designed for legibility (UD), and monospaced: a
/// kanji is exactly two Latin letters wide, which makes the row heights below predictable.
pub const FONT: &str = "BIZ UDゴシック";
pub const FONT_SIZE: f64 = 10.0;
/// Shift_JIS charset, so that Excel picks the font for Japanese text.
pub const FONT_CHARSET: u8 = 128;
pub const BORDER_COLOR: u32 = 0x808080;

/// Points per line of 10 pt BIZ UDゴシック: its line spacing is one em, and Excel adds a
/// pixel or two. (LibreOffice sets lines closer, about 9.7 pt, so rows there look a little
/// roomy; too low a guess would hide text in Excel, which is worse.)
pub const LINE_HEIGHT_PT: f64 = 11.0;
pub const ROW_PADDING_PT: f64 = 5.0;
/// Excel's limit for a row's height.
pub const MAX_ROW_HEIGHT_PT: f64 = 409.0;

/// The font every cell is written in.
pub fn base_format() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(FONT_SIZE)
        .set_font_charset(FONT_CHARSET)
}

/// A bordered, wrapped, top-aligned text cell.
pub fn cell_format() -> Format {
    base_format()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(BORDER_COLOR))
}

/// Length in UTF-16 units, the unit of Excel's limits (32,767 per cell, 255 per header).
pub fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Half-width places a character takes in a monospaced Japanese font.
pub fn half_width_places(c: char) -> u32 {
    match c as u32 {
        0..=0x036F | 0xFF61..=0xFF9F => 1,
        _ => 2,
    }
}

/// How many half-width places a line of a column `width` units wide holds: 7 pixels per
/// unit of the default font, minus the cell's margins, one place kept spare because Japanese
/// line breaking moves a character rather than start a line with 。 or 、.
pub fn line_capacity(width: f64) -> u32 {
    let half_px = FONT_SIZE * 96.0 / 72.0 / 2.0;
    (((width * 7.0 - 1.0) / half_px).floor() as u32)
        .saturating_sub(1)
        .max(2)
}

/// Excel grows a row for wrapped text only when a person edits it; text written by a
/// program keeps the default height. So estimate the lines the text wraps to.
pub fn text_lines(text: &str, width: f64) -> u32 {
    let capacity = line_capacity(width);
    text.split('\n')
        .map(|line| {
            let places: u32 = line.chars().map(half_width_places).sum();
            places.div_ceil(capacity).max(1)
        })
        .sum()
}

/// The height, in points, of a row showing `lines` lines.
pub fn row_height(lines: u32) -> f64 {
    (lines.max(1) as f64 * LINE_HEIGHT_PT + ROW_PADDING_PT).min(MAX_ROW_HEIGHT_PT)
}

/// Excel's name of a cell: (11, 7) → "H12".
pub fn cell_name(row: u32, col: u16) -> String {
    let mut letters = String::new();
    let mut c = col as u32 + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.insert(0, (b'A' + r as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// A document's creation date in its properties. The callers decide the day (the report's
/// date, or 1 April of the fiscal year), never the clock, so the same inputs give the same
/// bytes; a day Excel cannot hold falls back to 2000-04-01.
pub fn document_datetime(year: u16, month: u8, day: u8) -> ExcelDateTime {
    ExcelDateTime::from_ymd(year, month, day)
        .or_else(|_| ExcelDateTime::from_ymd(2000, 4, 1))
        .expect("a valid date")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kanji_take_two_places_and_rows_grow_with_lines() {
        assert_eq!(half_width_places('a'), 1);
        assert_eq!(half_width_places('ｱ'), 1);
        assert_eq!(half_width_places('漢'), 2);
        assert_eq!(text_lines("一\n二", 40.0), 2);
        assert!(text_lines(&"漢".repeat(200), 20.0) > 5);
        assert_eq!(row_height(1), 16.0);
        assert_eq!(row_height(1000), MAX_ROW_HEIGHT_PT);
    }

    #[test]
    fn kanji_take_two_places() {
        // A 36-unit column holds 36 places: 18 kanji on a line.
        assert_eq!(text_lines(&"あ".repeat(18), 36.0), 1);
        assert_eq!(text_lines(&"あ".repeat(19), 36.0), 2);
        assert_eq!(text_lines("a\nb\n", 36.0), 3);
        assert_eq!(text_lines("", 10.0), 1);
        assert!(row_height(10_000) <= MAX_ROW_HEIGHT_PT);
    }

    #[test]
    fn cell_names_are_excels() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(11, 7), "H12");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(9, 27), "AB10");
    }
}
