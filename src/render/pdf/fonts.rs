//! The bundled fonts (BIZ UDGothic, SIL OFL 1.1; see fonts/OFL.txt), embedded in the binary so
//! the report looks the same on every machine.

use super::ir::FontStyle;

pub const REGULAR: &[u8] = include_bytes!("../../../fonts/BIZUDGothic-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../../../fonts/BIZUDGothic-Bold.ttf");

/// The font file for a style.
pub fn font_bytes(style: FontStyle) -> &'static [u8] {
    match style {
        FontStyle::Regular => REGULAR,
        FontStyle::Bold => BOLD,
    }
}

/// Drawn in place of a character no bundled font has (〓, the geta mark Japanese typesetting
/// uses for a missing glyph), so that nothing vanishes silently.
pub const SUBSTITUTE: char = '〓';
