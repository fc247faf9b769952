//! Printing: page set-up, running header and footer, and where the pillar sheets break.

use super::{Sheet, Writer};
use crate::wording::labels::fill;

/// Excel's limit for a page header or footer.
const HEADER_MAX_CHARS: usize = 255;
/// Excel honours at most this many manual page breaks on a sheet.
const MAX_PAGE_BREAKS: usize = 1023;

/// A4 in points, and the margins of the printed sheets (inches).
const A4_HEIGHT_PT: f64 = 842.0;
pub(super) const MARGIN_SIDE_IN: f64 = 0.5;
const MARGIN_TOP_IN: f64 = 0.75;
const MARGIN_BOTTOM_IN: f64 = 0.75;
const MARGIN_HEADER_IN: f64 = 0.3;

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

impl Writer<'_> {
    pub(super) fn page_setup(&self, sh: &mut Sheet, landscape: bool) {
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
        let running = fill(
            &self.labels.running_header,
            &[("plan", &m.plan_name), ("year", &m.year.wareki())],
        );
        let running = match self.scope {
            Some(b) => format!("{running}{}", self.xl.scope_note(b)),
            None => running,
        };
        sh.ws.set_header(format!(
            "&L{}",
            sized(8, &header_text(&running, HEADER_MAX_CHARS - 8))
        ));
        // The page number template gets Excel's own code for "this page".
        let footer = fill(
            &self.labels.page_number,
            &[("page", "\u{0}"), ("total", "\u{1}")],
        );
        let footer = header_text(&footer, HEADER_MAX_CHARS - 16)
            .replace('\u{0}', "&P")
            .replace('\u{1}', "&N");
        sh.ws.set_footer(format!("&C{}", sized(9, &footer)));
    }
}

/// The height of an A4 portrait page's printable area, in points.
pub(super) fn printable_height() -> f64 {
    A4_HEIGHT_PT - (MARGIN_TOP_IN + MARGIN_BOTTOM_IN) * 72.0
}

/// The first row of a run of rows to keep on one page: an item (with the headings before
/// it) when `item`, else one of the item's later units.
#[derive(Debug, Clone, Copy)]
pub(super) struct Block {
    pub(super) row: u32,
    pub(super) item: bool,
}

/// Manual page breaks (rows that start a page): an item that does not fit on what is left of
/// the page starts a new one (so a long item starts at the top), and within an item, a unit
/// that does not fit starts a new page. A unit longer than a page is broken by Excel itself.
pub(super) fn page_breaks(heights: &[f64], blocks: &[Block], page: f64) -> Vec<u32> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::excel::utf16_len;

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
    fn headers_escape_ampersands_and_fit() {
        assert_eq!(header_text("A&B", 10), "A&&B");
        assert_eq!(sized(8, "仙台市"), "&8仙台市");
        assert_eq!(sized(8, "2021年度"), "&8 2021年度");
        assert_eq!(utf16_len(&header_text(&"あ".repeat(300), 200)), 200);
    }
}
