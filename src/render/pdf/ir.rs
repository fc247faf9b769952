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
        /// Space added before each character, in points (negative: closer), beyond the
        /// advances of the characters before it: jlreq's 約物の詰め, 和欧間 and justification.
        /// Empty when there is none; else one value per char of `text`.
        spacing: Vec<f32>,
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
    /// A clickable area that jumps to a place in the document (実施項目一覧 → item). Its
    /// annotation belongs to the structure element of the `Tag` in effect (a `Link`).
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        page: usize,
        target_y: f32,
    },
    /// What the ops after it on the page are, until the next `Tag`. A page starts as
    /// `Tag::Artifact`.
    Tag(Tag),
}

/// For tagged PDF: whether drawing is the content of a structure element, which a screen
/// reader reads in the tree's order, or an artifact (running header, page number, rules,
/// backgrounds, a label repeated on a continuing page), which it skips.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Tag {
    #[default]
    Artifact,
    Node(NodeId),
}

/// A structure element: an index into [`Structure::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// Whether a table header cell heads its row or its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderScope {
    Row,
    Column,
}

/// The standard structure types (PDF 1.7, 14.8.4) the report uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Document,
    Sect,
    /// H1–H6.
    H(u8),
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    TR,
    TH(HeaderScope),
    TD,
    TOC,
    TOCI,
    Link,
    Figure,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StructNode {
    pub role: Role,
    /// Read instead of the content (a figure's description).
    pub alt: Option<String>,
    /// In reading order. A node's own content (the ops tagged with it) is read before them.
    pub children: Vec<NodeId>,
    pub parent: Option<NodeId>,
}

/// The structure tree: which element each tagged op belongs to, in reading order. The layout
/// builds it, since only the layout knows what is a heading, a table cell or decoration.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    /// `nodes[0]` is the `Document` root.
    pub nodes: Vec<StructNode>,
}

impl Default for Structure {
    fn default() -> Self {
        Structure {
            nodes: vec![StructNode {
                role: Role::Document,
                alt: None,
                children: Vec::new(),
                parent: None,
            }],
        }
    }
}

impl Structure {
    pub const ROOT: NodeId = NodeId(0);

    /// A new element, not yet in the tree: `attach` places it.
    pub fn node(&mut self, role: Role) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(StructNode {
            role,
            alt: None,
            children: Vec::new(),
            parent: None,
        });
        id
    }

    /// Makes `child` the last child of `parent`. A node already placed stays where it is.
    pub fn attach(&mut self, parent: NodeId, child: NodeId) {
        let (p, c) = (parent.0 as usize, child.0 as usize);
        if p == c || p >= self.nodes.len() || c >= self.nodes.len() {
            return;
        }
        if self.nodes[c].parent.is_some() {
            return;
        }
        self.nodes[c].parent = Some(parent);
        self.nodes[p].children.push(child);
    }

    /// A new element placed as the last child of `parent`.
    pub fn child(&mut self, parent: NodeId, role: Role) -> NodeId {
        let id = self.node(role);
        self.attach(parent, id);
        id
    }

    pub fn set_alt(&mut self, node: NodeId, alt: String) {
        if let Some(n) = self.nodes.get_mut(node.0 as usize) {
            n.alt = Some(alt);
        }
    }

    pub fn get(&self, node: NodeId) -> Option<&StructNode> {
        self.nodes.get(node.0 as usize)
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    /// Drops the nodes from `len` on (a layout pass that is redone), and every reference to
    /// them.
    pub fn truncate(&mut self, len: usize) {
        let len = len.max(1);
        self.nodes.truncate(len);
        for n in &mut self.nodes {
            n.children.retain(|c| (c.0 as usize) < len);
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub ops: Vec<Op>,
}

/// Where the layout hands over its pages as it finishes them: the PDF writer encodes each
/// at once, so that a report of thousands of pages is never held whole. Pages come in the
/// order they are laid out (the body before the front matter that lists its page numbers);
/// the document's order is given at the end, by the slots this returns.
pub trait PageSink {
    /// Takes a finished page; returns its slot. `tree` holds at least every element the
    /// page's content belongs to.
    fn page(&mut self, page: &Page, tree: &Structure) -> usize;

    /// Draws `ops` on the page in `slot` after what it has (the running header and the
    /// page number, known only once the page count is).
    fn add(&mut self, slot: usize, ops: &[Op], tree: &Structure);
}

/// Keeps the pages: for tests, and for the front matter, laid out more than once.
impl PageSink for Vec<Page> {
    fn page(&mut self, page: &Page, _: &Structure) -> usize {
        self.push(page.clone());
        self.len() - 1
    }

    fn add(&mut self, slot: usize, ops: &[Op], _: &Structure) {
        if let Some(page) = self.get_mut(slot) {
            page.ops.extend_from_slice(ops);
        }
    }
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
    pub structure: Structure,
}

/// One line of a paragraph as set: its characters and where they go.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SetLine {
    pub text: String,
    /// As [`Op::Text`]'s `spacing`.
    pub spacing: Vec<f32>,
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

    /// Sets one line, already broken, in `measure` points: jlreq's spacing, and justified
    /// to the measure when `justify` (see [`crate::render::pdf::justify`]).
    fn set_line(
        &self,
        line: &str,
        measure: f32,
        size: f32,
        style: FontStyle,
        justify: bool,
    ) -> SetLine {
        crate::render::pdf::justify::set_line(line, measure, size, justify, |c| {
            self.advance(c, style, size)
        })
    }

    /// Breaks and sets one paragraph (no '\n') as a block of lines: every line but the
    /// last justified when `justify`. A typesetter that knows jlreq's spacing breaks with
    /// it (a line may take one more character by shrinking its punctuation); this default
    /// sets the lines `break_lines` gives.
    fn set_paragraph(
        &self,
        paragraph: &str,
        first_width: f32,
        rest_width: f32,
        size: f32,
        style: FontStyle,
        justify: bool,
    ) -> Vec<SetLine> {
        let lines = self.break_lines(paragraph, first_width, rest_width, size, style);
        let n = lines.len();
        lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let measure = if i == 0 { first_width } else { rest_width };
                self.set_line(line, measure, size, style, justify && i + 1 < n)
            })
            .collect()
    }
}
