//! The page display list: what the PDF layout produces and the PDF writer serialises.
//! Layout decides where everything goes; the writer only encodes it (as typst separates
//! layout from export). Coordinates are points (1/72 inch) from the page's top-left corner,
//! y growing downwards; the writer converts to PDF's bottom-left origin.

/// A4 portrait, in points.
pub const A4_WIDTH: f32 = 595.276;
pub const A4_HEIGHT: f32 = 841.89;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontStyle {
    Regular,
    Bold,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Color {
    pub const BLACK: Color = Color { r: 0, g: 0, b: 0 };
    pub const WHITE: Color = Color {
        r: 255,
        g: 255,
        b: 255,
    };
    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub color: Color,
    pub width: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// One line of text; `y` is the baseline. The text must not contain '\n'.
    Text {
        x: f32,
        y: f32,
        size: f32,
        style: FontStyle,
        color: Color,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        stroke: Stroke,
    },
    /// A clickable area that jumps to a place in the document (実施項目一覧 → item).
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        page: usize,
        target_y: f32,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub ops: Vec<Op>,
}

/// A PDF outline entry (しおり): pillar → section → item.
#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark {
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    pub y: f32,
    pub children: Vec<Bookmark>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DocInfo {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// BCP 47, "ja".
    pub language: String,
    /// Seconds since the Unix epoch; from the input or SOURCE_DATE_EPOCH, never the clock.
    pub created: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub pages: Vec<Page>,
    pub bookmarks: Vec<Bookmark>,
    pub info: DocInfo,
}

/// What layout needs to know about text: widths and where lines may break. Implemented by
/// the bundled fonts; tests may use a simpler one.
pub trait Typesetter {
    /// Advance width of a character, in points, at `size` points.
    fn advance(&self, c: char, style: FontStyle, size: f32) -> f32;

    /// Width of a run of text, in points.
    fn width(&self, text: &str, style: FontStyle, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c, style, size)).sum()
    }

    /// Whether a bundled font can draw the character.
    fn has_glyph(&self, c: char, style: FontStyle) -> bool;

    /// Breaks one paragraph (no '\n') into lines that fit: the first line in `first_width`,
    /// the others in `rest_width`, following Japanese line-breaking rules (JIS X 4051 basics).
    fn break_lines(
        &self,
        paragraph: &str,
        first_width: f32,
        rest_width: f32,
        size: f32,
        style: FontStyle,
    ) -> Vec<String>;
}
