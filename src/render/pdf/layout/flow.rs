//! Pagination: blocks of table rows flowed down pages.
//!
//! Everything in the report body is a `Block` of `Row`s; a row is a set of side-by-side
//! `Cell`s; a cell holds `Slice`s, pieces of fixed height (one line of text, one row of a
//! small table) drawn relative to their top-left corner. A row that does not fit splits
//! between slices, never inside one, so nothing is clipped and nothing runs past the bottom
//! margin. Label cells (取組内容 …) are not split but printed again on every page the row
//! reaches, as their `continued` text (取組内容（続き）).
//!
//! A block may have a `Side`: cells standing beside all of its rows (the 所管局 column of an
//! initiative box), drawn from the block's top to its bottom on each page it reaches. A
//! table inside a cell (the indicators) may name its head row, which is printed again
//! above the table's part on each later page.
//!
//! For the tagged PDF, a cell's slices are the content of the cell's structure element
//! (`Cell::tag`, or a slice's own `tag`); their rectangles and lines, the cells' backgrounds
//! and borders, repeated table heads, repeated side columns and the `continued` labels are
//! artifacts.
//!
//! Headings are blocks marked `keep_with_next`: they move to the next page unless the
//! following block's first two lines fit below them. Work is linear in the number of
//! slices: each is measured once, placed once, and its ops moved, not copied.

use std::collections::VecDeque;

use super::style::Area;
use crate::render::pdf::ir::{Color, NodeId, Op, Page, PageSink, Stroke, Structure, Tag};

/// Room for rounding in float comparisons of heights.
const EPS: f32 = 0.01;

/// How many lines of what follows a heading must share its page.
const LINES_AFTER_HEADING: usize = 2;

#[derive(Debug, Clone, Default)]
pub(crate) struct Slice {
    pub h: f32,
    /// Relative to the slice's top-left corner.
    pub ops: Vec<Op>,
    /// How many of the following slices of the cell must stay on this slice's page (a
    /// bureau's name above its text).
    pub keep_next: u8,
    /// Whose content the slice is, when not its cell's.
    pub tag: Option<Tag>,
    /// Its rectangles and lines are content (a chart's bars), not decoration.
    pub graphics: bool,
}

impl Slice {
    pub fn blank(h: f32) -> Slice {
        Slice {
            h,
            ..Slice::default()
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Cell {
    /// Relative to the left of the body.
    pub x: f32,
    pub w: f32,
    pub fill: Option<Color>,
    pub slices: Vec<Slice>,
    /// Makes this a label cell: printed whole on every page of a split row, as `slices` on
    /// the first and as these afterwards.
    pub continued: Option<Vec<Slice>>,
    /// The structure element the cell's slices belong to.
    pub tag: Tag,
    /// The head row of a table the cell holds, printed again on the pages it continues on.
    pub head: Option<RepeatHead>,
}

/// A table's head row inside a cell: a part of the cell that starts within the table's body
/// on a later page shows these first. They are copies, all artifacts, since the tree holds
/// the head where it first appeared.
#[derive(Debug, Clone, Default)]
pub(crate) struct RepeatHead {
    pub slices: Vec<Slice>,
    /// The cell's slices from `from` (the first after the head) up to `until` (the first
    /// after the table) are the table's body.
    pub from: usize,
    pub until: usize,
}

impl RepeatHead {
    /// The head as artifacts, for the table of `slices[..until]` whose head is the first
    /// `from` slices.
    pub fn of(slices: &[Slice], from: usize, until: usize) -> RepeatHead {
        let mut copies: Vec<Slice> = slices[..from.min(slices.len())].to_vec();
        for s in &mut copies {
            s.tag = Some(Tag::Artifact);
            for op in &mut s.ops {
                if let Op::Tag(t) = op {
                    *t = Tag::Artifact;
                }
            }
        }
        RepeatHead {
            slices: copies,
            from,
            until,
        }
    }

    fn height(&self) -> f32 {
        self.slices.iter().map(|s| s.h).sum()
    }
}

impl Cell {
    pub fn new(x: f32, w: f32, slices: Vec<Slice>) -> Cell {
        Cell {
            x,
            w,
            slices,
            ..Cell::default()
        }
    }

    pub fn filled(mut self, fill: Color) -> Cell {
        self.fill = Some(fill);
        self
    }

    pub fn label(mut self, continued: Vec<Slice>) -> Cell {
        self.continued = Some(continued);
        self
    }

    pub fn tagged(mut self, node: NodeId) -> Cell {
        self.tag = Tag::Node(node);
        self
    }

    fn is_label(&self) -> bool {
        self.continued.is_some()
    }

    /// The repeated head above a later part that starts at slice `start`, if it has one.
    fn head_at(&self, start: usize, parts: usize) -> Option<&RepeatHead> {
        self.head
            .as_ref()
            .filter(|h| parts > 0 && h.from > 0 && (h.from..h.until).contains(&start))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LinkTarget {
    pub page: usize,
    pub y: f32,
    /// The `Link` element its annotation belongs to.
    pub tag: Tag,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    pub cells: Vec<Cell>,
    pub pad_x: f32,
    pub pad_y: f32,
    /// Drawn around every cell.
    pub border: Option<Stroke>,
    /// Never split, unless taller than a whole page.
    pub keep: bool,
    /// Never last on a page: the next row's first lines come with it.
    pub keep_with_next: bool,
    /// The whole row becomes a link.
    pub link: Option<LinkTarget>,
}

impl Row {
    /// A row of one borderless cell spanning `w`.
    pub fn plain(w: f32, slices: Vec<Slice>) -> Row {
        Row {
            cells: vec![Cell::new(0.0, w, slices)],
            ..Row::default()
        }
    }

    /// Every cell's content belongs to `node`.
    pub fn tagged(mut self, node: NodeId) -> Row {
        for c in &mut self.cells {
            c.tag = Tag::Node(node);
        }
        self
    }

    /// The row printed again at the top of a continuing page: all of it an artifact, since
    /// the tree holds it where it first appeared.
    fn repeated(&self) -> Row {
        let mut row = self.clone();
        for c in &mut row.cells {
            c.tag = Tag::Artifact;
            for s in &mut c.slices {
                s.tag = Some(Tag::Artifact);
                for op in &mut s.ops {
                    if let Op::Tag(t) = op {
                        *t = Tag::Artifact;
                    }
                }
            }
        }
        row.link = None;
        row
    }

    pub fn full_height(&self) -> f32 {
        let content = self
            .cells
            .iter()
            .map(|c| c.slices.iter().map(|s| s.h).sum::<f32>())
            .fold(0.0, f32::max);
        content + 2.0 * self.pad_y
    }

    /// Height of the row's first part when it holds `lines` slices of each cell (fewer if
    /// the cell has fewer, more if a slice must keep company), and how many that is.
    fn lead_height(&self, lines: usize) -> (f32, usize) {
        let mut content: f32 = 0.0;
        let mut taken = 0;
        for cell in &self.cells {
            if cell.is_label() {
                content = content.max(cell.slices.iter().map(|s| s.h).sum());
                continue;
            }
            let n = cell.slices.len();
            let mut e = lines.min(n);
            while e < n && (0..e).any(|j| j + cell.slices[j].keep_next as usize >= e) {
                e += 1;
            }
            taken = taken.max(e);
            content = content.max(cell.slices[..e].iter().map(|s| s.h).sum());
        }
        (content + 2.0 * self.pad_y, taken)
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    pub rows: Vec<Row>,
    /// Printed above the rows and again at the top of every page the block continues on.
    pub header: Option<Row>,
    /// Dropped at the top of a page.
    pub space_before: f32,
    pub keep_with_next: bool,
    pub break_before: bool,
    /// The small heading to repeat when a page starts inside or with this block.
    pub context: Option<usize>,
    /// Records where the block lands (items for the 一覧, headings for bookmarks).
    pub anchor: Option<usize>,
    /// Printed instead of `header` on the pages the block continues on (a title with
    /// （続き）); all artifacts. Without it the header itself is repeated.
    pub header_again: Option<Row>,
    /// Cells beside every row, right of them.
    pub side: Option<Side>,
}

/// Cells standing beside all of a block's rows, from the block's top to its bottom on every
/// page it reaches. On the first page they are content, placed in reading order after the
/// block's header; on later pages artifacts. A page's part of the block shorter than the
/// side's content has its last row stretched to hold it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Side {
    /// Relative to the left of the body, like the rows' cells.
    pub cells: Vec<Cell>,
    pub pad_x: f32,
    pub pad_y: f32,
    pub border: Option<Stroke>,
}

impl Side {
    fn height(&self) -> f32 {
        let content = self
            .cells
            .iter()
            .map(|c| c.slices.iter().map(|s| s.h).sum::<f32>())
            .fold(0.0, f32::max);
        content + 2.0 * self.pad_y
    }
}

impl Block {
    pub fn of_rows(rows: Vec<Row>) -> Block {
        Block {
            rows,
            ..Block::default()
        }
    }

    fn full_height(&self) -> f32 {
        let rows = self.header.as_ref().map_or(0.0, Row::full_height)
            + self.rows.iter().map(Row::full_height).sum::<f32>();
        rows.max(self.side_height())
    }

    /// The least of the block that may end a page: its header and leading keep rows, then
    /// `lines` lines, and at least its side column; and how many lines it fell short by, for
    /// the next block to make up.
    fn lead_height(&self, lines: usize) -> (f32, usize) {
        let mut h = self.header.as_ref().map_or(0.0, Row::full_height);
        let short = rows_lead_height(&self.rows, lines, &mut h);
        (h.max(self.side_height()), short)
    }

    fn side_height(&self) -> f32 {
        self.side.as_ref().map_or(0.0, Side::height)
    }
}

/// Adds to `h` the height of the rows' first `lines` lines (with any keep rows on the way);
/// returns how many lines the rows did not have.
fn rows_lead_height(rows: &[Row], mut lines: usize, h: &mut f32) -> usize {
    for row in rows {
        if row.keep {
            *h += row.full_height();
            if row.keep_with_next {
                continue;
            }
            return 0;
        }
        let (rh, taken) = row.lead_height(lines);
        *h += rh;
        lines = lines.saturating_sub(taken.max(1));
        if lines == 0 {
            return 0;
        }
    }
    lines
}

/// Where something landed: 0-based page index within the run, and y.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placed {
    pub page: usize,
    pub y: f32,
}

/// Where a paginator's blocks come from: the body makes them item by item as they are
/// placed, so that only the blocks waiting for a page are held at once.
pub(crate) trait Blocks {
    fn next_block(&mut self) -> Option<Block>;
    /// The lines a block's `context` names, repeated at the top of continuing pages.
    fn context(&self, index: usize) -> Option<&[Slice]>;
    /// The structure tree as far as the blocks given so far have built it.
    fn tree(&self) -> &Structure;
}

/// Blocks made beforehand (the front matter, tests).
pub(crate) struct Listed<'t> {
    pub blocks: std::vec::IntoIter<Block>,
    pub tree: &'t Structure,
}

impl Blocks for Listed<'_> {
    fn next_block(&mut self) -> Option<Block> {
        self.blocks.next()
    }
    fn context(&self, _: usize) -> Option<&[Slice]> {
        None
    }
    fn tree(&self) -> &Structure {
        self.tree
    }
}

/// Where the paginated blocks went: the slot the sink gave each page, and where each anchor
/// landed (page index from the first page of this run).
pub(crate) struct Paginated {
    pub slots: Vec<usize>,
    pub anchors: Vec<Option<Placed>>,
}

/// Flows blocks made beforehand onto pages kept in memory.
pub(crate) fn paginate(area: Area, blocks: Vec<Block>) -> (Vec<Page>, Vec<Option<Placed>>) {
    let tree = Structure::default();
    let mut pages: Vec<Page> = Vec::new();
    let mut source = Listed {
        blocks: blocks.into_iter(),
        tree: &tree,
    };
    let done = Paginator::new(area, &mut source, &mut pages).run();
    debug_assert_eq!(done.slots, (0..pages.len()).collect::<Vec<_>>());
    (pages, done.anchors)
}

struct Progress {
    next: Vec<usize>,
    parts: usize,
}

struct Fit {
    ends: Vec<usize>,
    h: f32,
}

pub(crate) struct Paginator<'s> {
    area: Area,
    source: &'s mut dyn Blocks,
    sink: &'s mut dyn PageSink,
    /// The page being filled; each is handed to the sink once the next one starts.
    page: Option<Page>,
    /// Pages started so far.
    count: usize,
    slots: Vec<usize>,
    y: f32,
    /// Nothing but the repeated heading placed on the current page yet.
    fresh: bool,
    anchors: Vec<Option<Placed>>,
    /// The side column of the block being placed.
    side: Option<OpenSide>,
}

/// A block's side column while the block is placed: where its part on this page began.
struct OpenSide {
    side: Side,
    /// The top of the block's part on this page, once something of it is drawn here.
    top: Option<f32>,
    /// Where in the page's ops the side goes on the first page: after the block's header,
    /// so that the tree and the page read title, side, rows in the same order.
    at: usize,
    /// The page's part is the block's first: the side is content, not an artifact.
    first: bool,
    /// The cell rectangles of the last row part drawn on this page (indices into its ops),
    /// stretched when the side is taller than the part.
    last_rects: Vec<usize>,
}

impl<'s> Paginator<'s> {
    pub fn new(
        area: Area,
        source: &'s mut dyn Blocks,
        sink: &'s mut dyn PageSink,
    ) -> Paginator<'s> {
        Paginator {
            area,
            source,
            sink,
            page: None,
            count: 0,
            slots: Vec::new(),
            y: area.y,
            fresh: true,
            anchors: Vec::new(),
            side: None,
        }
    }

    /// Flows the blocks onto as many pages as they need. A block is placed once the
    /// blocks it must keep company with (a heading's next block, the next lines of a short
    /// block) have come, since where it may start depends on them.
    pub fn run(mut self) -> Paginated {
        let mut waiting: VecDeque<Block> = VecDeque::new();
        loop {
            if waiting.is_empty() {
                match self.source.next_block() {
                    Some(b) => waiting.push_back(b),
                    None => break,
                }
            }
            while waiting.back().is_some_and(needs_next) {
                let Some(b) = self.source.next_block() else {
                    break;
                };
                let last = b.break_before;
                waiting.push_back(b);
                if last {
                    break;
                }
            }
            let need = chain_needs(waiting.make_contiguous())[0];
            let Some(block) = waiting.pop_front() else {
                break;
            };
            let no_room = self.y + block.space_before + need > self.bottom() + EPS;
            if self.count == 0 || (!self.fresh && (block.break_before || no_room)) {
                self.new_page(block.context);
            }
            if !self.fresh {
                self.y += block.space_before;
            }
            self.place_block(block);
        }
        self.close_side();
        if let Some(last) = self.page.take() {
            self.hand_over(last);
        }
        Paginated {
            slots: self.slots,
            anchors: self.anchors,
        }
    }

    fn hand_over(&mut self, page: Page) {
        let slot = self.sink.page(&page, self.source.tree());
        self.slots.push(slot);
    }

    fn bottom(&self) -> f32 {
        self.area.bottom()
    }

    fn new_page(&mut self, context: Option<usize>) {
        self.close_side();
        if let Some(done) = self.page.take() {
            self.hand_over(done);
        }
        let mut page = Page::default();
        self.count += 1;
        self.y = self.area.y;
        self.fresh = true;
        if let Some(lines) = context.and_then(|i| self.source.context(i)) {
            let (x, mut y) = (self.area.x, self.y);
            for s in lines {
                page.ops
                    .extend(s.ops.iter().map(|op| shifted(op.clone(), x, y)));
                y += s.h;
            }
            self.y = y;
        }
        self.page = Some(page);
    }

    fn place_block(&mut self, block: Block) {
        let Block {
            rows,
            header,
            header_again,
            context,
            anchor,
            side,
            ..
        } = block;
        let mut anchor = anchor;
        self.side = side.map(|side| OpenSide {
            side,
            top: None,
            at: 0,
            first: true,
            last_rects: Vec::new(),
        });
        let again = header_again.or_else(|| header.as_ref().map(Row::repeated));
        if let Some(h) = header {
            self.place_row(h, None, context, &mut anchor);
        }
        let len = self.page.as_ref().map_or(0, |p| p.ops.len());
        if let Some(open) = self.side.as_mut().filter(|o| o.top.is_some()) {
            open.at = len;
        }
        let mut rows = rows.into_iter().peekable();
        while let Some(row) = rows.next() {
            if row.keep_with_next && !self.fresh {
                let mut need = row.full_height();
                if let Some(next) = rows.peek() {
                    rows_lead_height(std::slice::from_ref(next), LINES_AFTER_HEADING, &mut need);
                }
                if self.y + need > self.bottom() + EPS {
                    self.continue_on_new_page(again.as_ref(), context, &mut anchor);
                }
            }
            self.place_row(row, again.as_ref(), context, &mut anchor);
        }
        self.close_side();
        self.side = None;
    }

    /// Draws the open side column beside the block's part on the current page, stretching
    /// the part's last row when the side needs more room.
    fn close_side(&mut self) {
        let bottom = self.bottom();
        let (x0, y) = (self.area.x, self.y);
        let Some(open) = self.side.as_mut() else {
            return;
        };
        let Some(top) = open.top.take() else {
            return;
        };
        let Some(page) = self.page.as_mut() else {
            return;
        };
        let side = &open.side;
        let extra = (top + side.height() - y).min(bottom - y).max(0.0);
        for &i in &open.last_rects {
            if let Some(Op::Rect { h, .. }) = page.ops.get_mut(i) {
                *h += extra;
            }
        }
        let h = y + extra - top;
        let mut ops = vec![Op::Tag(Tag::Artifact)];
        for cell in &side.cells {
            if cell.fill.is_some() || side.border.is_some() {
                ops.push(Op::Rect {
                    x: x0 + cell.x,
                    y: top,
                    w: cell.w,
                    h,
                    fill: cell.fill,
                    stroke: side.border,
                });
            }
        }
        for cell in &side.cells {
            let x = x0 + cell.x + side.pad_x;
            let mut sy = top + side.pad_y;
            for s in &cell.slices {
                // Beyond the first page the side is a copy: what would not fit is left out.
                if !open.first && sy + s.h > top + h + EPS {
                    break;
                }
                let (tag, graphics) = if open.first {
                    (s.tag.unwrap_or(cell.tag), s.graphics)
                } else {
                    (Tag::Artifact, false)
                };
                let slice_ops = s.ops.iter().cloned().map(|op| match op {
                    Op::Tag(_) if !open.first => Op::Tag(Tag::Artifact),
                    op => op,
                });
                emit_into(&mut ops, tag, graphics, slice_ops, x, sy);
                sy += s.h;
            }
        }
        // The page goes on as an artifact, as it was before the side was put in.
        ops.push(Op::Tag(Tag::Artifact));
        if open.first {
            let at = open.at.min(page.ops.len());
            page.ops.splice(at..at, ops);
        } else {
            page.ops.extend(ops);
        }
        open.first = false;
        open.last_rects.clear();
        self.y = y + extra;
    }

    fn place_row(
        &mut self,
        mut row: Row,
        header: Option<&Row>,
        context: Option<usize>,
        anchor: &mut Option<usize>,
    ) {
        if row.keep && !self.fresh && self.y + row.full_height() > self.bottom() + EPS {
            self.continue_on_new_page(header, context, anchor);
        }
        let mut progress = Progress {
            next: vec![0; row.cells.len()],
            parts: 0,
        };
        loop {
            let avail = self.bottom() - self.y;
            let fit = match self.fit(&row, &progress, avail, false) {
                Some(fit) => fit,
                None if !self.fresh => {
                    self.continue_on_new_page(header, context, anchor);
                    continue;
                }
                None => self.fit(&row, &progress, avail, true).unwrap_or(Fit {
                    ends: progress.next.clone(),
                    h: 0.0,
                }),
            };
            if let Some(a) = anchor.take() {
                if self.anchors.len() <= a {
                    self.anchors.resize(a + 1, None);
                }
                self.anchors[a] = Some(Placed {
                    page: self.count - 1,
                    y: self.y,
                });
            }
            self.draw_part(&mut row, &progress, &fit);
            progress.next = fit.ends;
            progress.parts += 1;
            let done = row
                .cells
                .iter()
                .zip(&progress.next)
                .all(|(c, &n)| c.is_label() || n >= c.slices.len());
            if done {
                return;
            }
            self.continue_on_new_page(header, context, anchor);
        }
    }

    fn continue_on_new_page(
        &mut self,
        header: Option<&Row>,
        context: Option<usize>,
        anchor: &mut Option<usize>,
    ) {
        self.new_page(context);
        // A head taking much of the page is not repeated: it would leave too little room.
        if let Some(h) = header.filter(|h| h.full_height() <= self.area.h / 3.0) {
            self.place_row(h.repeated(), None, context, anchor);
            // Repeated heads do not count as content: what follows them is placed here
            // even when it does not fit, or it would wait for a better page forever.
            self.fresh = true;
        }
    }

    /// The next part of a row that fits in `avail`. Without `force`, None when not even one
    /// slice fits; with it, at least one slice is taken (only used at the top of a page,
    /// where waiting for more room would never end).
    fn fit(&self, row: &Row, progress: &Progress, avail: f32, force: bool) -> Option<Fit> {
        let inner = avail - 2.0 * row.pad_y + EPS;
        let mut content: f32 = 0.0;
        let mut label: f32 = 0.0;
        let mut flow_left = false;
        let mut progressed = false;
        let mut ends = Vec::with_capacity(row.cells.len());
        for (cell, &start) in row.cells.iter().zip(&progress.next) {
            if let Some(continued) = &cell.continued {
                let lines = if progress.parts == 0 {
                    &cell.slices
                } else {
                    continued
                };
                label = label.max(lines.iter().map(|s| s.h).sum());
                ends.push(start);
                continue;
            }
            let slices = &cell.slices;
            let n = slices.len();
            flow_left |= start < n;
            let mut e = start;
            let mut acc = cell
                .head_at(start, progress.parts)
                .map_or(0.0, RepeatHead::height);
            while e < n && acc + slices[e].h <= inner {
                acc += slices[e].h;
                e += 1;
            }
            if !force && e < n {
                let kept = back_off(slices, start, e);
                if kept < e {
                    acc -= slices[kept..e].iter().map(|s| s.h).sum::<f32>();
                    e = kept;
                }
            }
            if force && e == start && start < n {
                acc += slices[start].h;
                e = start + 1;
            }
            progressed |= e > start;
            content = content.max(acc);
            ends.push(e);
        }
        if !force && (label > inner || (flow_left && !progressed)) {
            return None;
        }
        Some(Fit {
            ends,
            h: content.max(label) + 2.0 * row.pad_y,
        })
    }

    fn draw_part(&mut self, row: &mut Row, progress: &Progress, fit: &Fit) {
        let (x0, y0) = (self.area.x, self.y);
        let page = self.page.as_mut().expect("a page is open");
        page.ops.push(Op::Tag(Tag::Artifact));
        if let Some(open) = self.side.as_mut() {
            if open.top.is_none() {
                open.top = Some(y0);
                open.at = page.ops.len();
            }
            open.last_rects.clear();
        }
        for cell in &row.cells {
            if cell.fill.is_some() || row.border.is_some() {
                if let Some(open) = self.side.as_mut() {
                    open.last_rects.push(page.ops.len());
                }
                page.ops.push(Op::Rect {
                    x: x0 + cell.x,
                    y: y0,
                    w: cell.w,
                    h: fit.h,
                    fill: cell.fill,
                    stroke: row.border,
                });
            }
        }
        for (ci, cell) in row.cells.iter_mut().enumerate() {
            let x = x0 + cell.x + row.pad_x;
            let mut y = y0 + row.pad_y;
            let range = progress.next[ci]..fit.ends[ci];
            let slices: &mut [Slice] = match &cell.continued {
                Some(_) if progress.parts == 0 => &mut cell.slices,
                Some(continued) => {
                    page.ops.push(Op::Tag(Tag::Artifact));
                    for s in continued {
                        page.ops
                            .extend(s.ops.iter().map(|op| shifted(op.clone(), x, y)));
                        y += s.h;
                    }
                    continue;
                }
                None => {
                    if let Some(head) = cell.head_at(range.start, progress.parts) {
                        for s in &head.slices {
                            let ops = s.ops.clone();
                            emit(page, Tag::Artifact, false, ops, x, y);
                            y += s.h;
                        }
                    }
                    &mut cell.slices[range]
                }
            };
            for s in slices {
                let ops = std::mem::take(&mut s.ops);
                emit(page, s.tag.unwrap_or(cell.tag), s.graphics, ops, x, y);
                y += s.h;
            }
        }
        if let Some(link) = row.link {
            page.ops.push(Op::Tag(link.tag));
            let w = row.cells.iter().map(|c| c.x + c.w).fold(0.0, f32::max);
            page.ops.push(Op::Link {
                x: x0,
                y: y0,
                w,
                h: fit.h,
                page: link.page,
                target_y: link.y,
            });
        }
        self.y += fit.h;
        self.fresh = false;
    }
}

/// Moves a slice's ops onto the page under `tag`, its rectangles and lines as artifacts
/// unless they are `graphics`.
fn emit(page: &mut Page, tag: Tag, graphics: bool, ops: Vec<Op>, x: f32, y: f32) {
    emit_into(&mut page.ops, tag, graphics, ops, x, y);
}

fn emit_into(
    out: &mut Vec<Op>,
    tag: Tag,
    graphics: bool,
    ops: impl IntoIterator<Item = Op>,
    x: f32,
    y: f32,
) {
    out.push(Op::Tag(tag));
    let mut current = tag;
    for op in ops {
        match op {
            Op::Tag(t) => {
                current = t;
                out.push(op);
            }
            Op::Rect { .. } | Op::Line { .. } if !graphics && current != Tag::Artifact => {
                out.push(Op::Tag(Tag::Artifact));
                out.push(shifted(op, x, y));
                out.push(Op::Tag(current));
            }
            op => out.push(shifted(op, x, y)),
        }
    }
}

/// Where a page may break in a cell, at or before `e`: never right after a slice that must
/// keep company with the ones after it.
fn back_off(slices: &[Slice], start: usize, mut e: usize) -> usize {
    loop {
        let bad = (start..e)
            .rev()
            .take(u8::MAX as usize + 1)
            .find(|&j| j + slices[j].keep_next as usize >= e);
        match bad {
            Some(j) => e = j,
            None => return e,
        }
    }
}

/// Whether the room a block needs at the bottom of a page depends on the block after it
/// (see `chain_needs`).
fn needs_next(b: &Block) -> bool {
    b.keep_with_next || b.lead_height(LINES_AFTER_HEADING).1 > 0
}

/// For each block, the room it needs at the bottom of a page to start there: its first two
/// lines (continuing into the next block when it has fewer), or for a heading, itself and
/// what it keeps with.
fn chain_needs(blocks: &[Block]) -> Vec<f32> {
    // needs[i][l - 1]: the room block i needs to show l lines.
    let mut needs = vec![[0.0f32; LINES_AFTER_HEADING]; blocks.len()];
    for i in (0..blocks.len()).rev() {
        let b = &blocks[i];
        let next = blocks.get(i + 1).filter(|n| !n.break_before);
        for lines in 1..=LINES_AFTER_HEADING {
            needs[i][lines - 1] = match next {
                Some(n) if b.keep_with_next => {
                    b.full_height() + n.space_before + needs[i + 1][LINES_AFTER_HEADING - 1]
                }
                _ => {
                    let (h, short) = b.lead_height(lines);
                    match next {
                        Some(n) if short > 0 => h + n.space_before + needs[i + 1][short - 1],
                        _ => h,
                    }
                }
            };
        }
    }
    needs
        .into_iter()
        .map(|n| n[LINES_AFTER_HEADING - 1])
        .collect()
}

pub(crate) fn shifted(op: Op, dx: f32, dy: f32) -> Op {
    match op {
        Op::Text {
            x,
            y,
            size,
            style,
            color,
            text,
            spacing,
        } => Op::Text {
            x: x + dx,
            y: y + dy,
            size,
            style,
            color,
            text,
            spacing,
        },
        Op::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => Op::Rect {
            x: x + dx,
            y: y + dy,
            w,
            h,
            fill,
            stroke,
        },
        Op::Line {
            x1,
            y1,
            x2,
            y2,
            stroke,
        } => Op::Line {
            x1: x1 + dx,
            y1: y1 + dy,
            x2: x2 + dx,
            y2: y2 + dy,
            stroke,
        },
        Op::Link {
            x,
            y,
            w,
            h,
            page,
            target_y,
        } => Op::Link {
            x: x + dx,
            y: y + dy,
            w,
            h,
            page,
            target_y,
        },
        Op::Tag(t) => Op::Tag(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Out {
        pages: Vec<Page>,
    }

    fn paginate_test(area: Area, blocks: Vec<Block>) -> Out {
        Out {
            pages: paginate(area, blocks).0,
        }
    }
    use crate::render::pdf::ir::{FontStyle, Op};

    fn line(n: usize) -> Slice {
        Slice {
            h: 10.0,
            ops: vec![Op::Text {
                x: 0.0,
                y: 8.0,
                size: 10.0,
                style: FontStyle::Regular,
                color: Color::BLACK,
                text: format!("L{n}"),
                spacing: Vec::new(),
            }],
            ..Slice::default()
        }
    }

    fn area(h: f32) -> Area {
        Area {
            x: 0.0,
            y: 0.0,
            w: 100.0,
            h,
        }
    }

    fn texts(p: &Page) -> Vec<String> {
        p.ops
            .iter()
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_long_cell_splits_between_lines_and_repeats_its_label() {
        let row = Row {
            cells: vec![
                Cell::new(0.0, 20.0, vec![line(100)]).label(vec![line(101)]),
                Cell::new(20.0, 80.0, (0..25).map(line).collect()),
            ],
            ..Row::default()
        };
        let out = paginate_test(area(100.0), vec![Block::of_rows(vec![row])]);
        assert_eq!(out.pages.len(), 3);
        assert_eq!(texts(&out.pages[0])[0], "L100");
        assert_eq!(texts(&out.pages[1])[0], "L101");
        let body: Vec<String> = out
            .pages
            .iter()
            .flat_map(texts)
            .filter(|t| t != "L100" && t != "L101")
            .collect();
        let want: Vec<String> = (0..25).map(|n| format!("L{n}")).collect();
        assert_eq!(body, want);
    }

    #[test]
    fn a_heading_moves_to_the_next_page_with_its_first_lines() {
        let filler = Block::of_rows(vec![Row::plain(100.0, (0..8).map(line).collect())]);
        let heading = Block {
            keep_with_next: true,
            ..Block::of_rows(vec![Row {
                keep: true,
                ..Row::plain(100.0, vec![line(50)])
            }])
        };
        let text = Block::of_rows(vec![Row::plain(100.0, (60..65).map(line).collect())]);
        let out = paginate_test(area(100.0), vec![filler, heading, text]);
        // 8 lines + the heading would fit, but not the heading and two lines.
        assert_eq!(texts(&out.pages[0]).len(), 8);
        assert_eq!(texts(&out.pages[1])[0], "L50");
    }

    #[test]
    fn a_slice_that_keeps_company_is_never_last() {
        let mut slices: Vec<Slice> = (0..12).map(line).collect();
        slices[9].keep_next = 1;
        let out = paginate_test(
            area(100.0),
            vec![Block::of_rows(vec![Row::plain(100.0, slices)])],
        );
        assert_eq!(texts(&out.pages[0]).len(), 9);
        assert_eq!(texts(&out.pages[1])[0], "L9");
    }

    #[test]
    fn a_table_head_repeats_on_every_page_and_never_loops() {
        let head = Row {
            keep: true,
            ..Row::plain(100.0, vec![line(900)])
        };
        let rows = (0..25).map(|n| Row {
            keep: true,
            ..Row::plain(100.0, vec![line(n)])
        });
        let block = Block {
            header: Some(head),
            ..Block::of_rows(rows.collect())
        };
        let out = paginate_test(area(100.0), vec![block]);
        assert_eq!(out.pages.len(), 3);
        for p in &out.pages {
            assert_eq!(texts(p)[0], "L900");
        }
        // A head nearly as tall as the page: every page still takes a row.
        let tall_head = Row {
            keep: true,
            ..Row::plain(100.0, vec![Slice::blank(95.0)])
        };
        let block = Block {
            header: Some(tall_head),
            ..Block::of_rows((0..3).map(|n| Row::plain(100.0, vec![line(n)])).collect())
        };
        let out = paginate_test(area(100.0), vec![block]);
        assert_eq!(out.pages.len(), 2);
        assert_eq!(
            texts(&out.pages[1]).len(),
            3,
            "all rows, the head not repeated"
        );
    }

    #[test]
    fn a_slice_taller_than_a_page_still_makes_progress() {
        let tall = Slice::blank(500.0);
        let out = paginate_test(
            area(100.0),
            vec![Block::of_rows(vec![Row::plain(
                100.0,
                vec![line(0), tall, line(1)],
            )])],
        );
        assert_eq!(out.pages.len(), 3);
    }

    fn tags_before(p: &Page, needle: &str) -> Tag {
        let mut tag = Tag::Artifact;
        for op in &p.ops {
            match op {
                Op::Tag(t) => tag = *t,
                Op::Text { text, .. } if text == needle => return tag,
                _ => {}
            }
        }
        panic!("{needle} is not on the page");
    }

    fn text_index(p: &Page, needle: &str) -> usize {
        p.ops
            .iter()
            .position(|op| matches!(op, Op::Text { text, .. } if text == needle))
            .unwrap_or_else(|| panic!("{needle} is not on the page"))
    }

    fn side(node: NodeId) -> Side {
        Side {
            cells: vec![Cell::new(80.0, 20.0, vec![line(700), line(701), line(702)]).tagged(node)],
            border: Some(Stroke {
                color: Color::BLACK,
                width: 0.5,
            }),
            ..Side::default()
        }
    }

    #[test]
    fn a_side_column_stands_beside_every_page_of_its_block() {
        let (title, body, column) = (NodeId(1), NodeId(2), NodeId(3));
        let block = Block {
            header: Some(Row {
                keep: true,
                ..Row::plain(80.0, vec![line(900)]).tagged(title)
            }),
            header_again: Some(Row::plain(80.0, vec![line(901)])),
            side: Some(side(column)),
            ..Block::of_rows(vec![
                Row::plain(80.0, (0..15).map(line).collect()).tagged(body)
            ])
        };
        let out = paginate_test(area(100.0), vec![block]);
        assert_eq!(out.pages.len(), 2);
        let (first, second) = (&out.pages[0], &out.pages[1]);
        // First page: title, then the column as content, then the rows, in the page's order.
        assert_eq!(tags_before(first, "L700"), Tag::Node(column));
        assert!(text_index(first, "L900") < text_index(first, "L700"));
        assert!(text_index(first, "L702") < text_index(first, "L0"));
        assert_eq!(tags_before(first, "L0"), Tag::Node(body));
        // Next page: the title's continued form and the column again, both artifacts.
        assert_eq!(texts(second)[0], "L901");
        assert_eq!(tags_before(second, "L901"), Tag::Artifact);
        assert_eq!(tags_before(second, "L700"), Tag::Artifact);
        assert_eq!(tags_before(second, "L14"), Tag::Node(body));
        // The column's frame reaches the bottom of the block on each page.
        let frame = |p: &Page| {
            p.ops
                .iter()
                .find_map(|op| match op {
                    Op::Rect { x, y, h, .. } if *x == 80.0 => Some(y + h),
                    _ => None,
                })
                .unwrap()
        };
        assert_eq!(frame(first), 100.0);
        assert_eq!(frame(second), 10.0 * 7.0, "the title again and six lines");
    }

    #[test]
    fn a_part_shorter_than_its_side_column_is_stretched_to_hold_it() {
        let block = Block {
            side: Some(side(NodeId(3))),
            ..Block::of_rows(vec![Row {
                border: Some(Stroke {
                    color: Color::BLACK,
                    width: 0.5,
                }),
                ..Row::plain(80.0, vec![line(0)])
            }])
        };
        let after = Block::of_rows(vec![Row::plain(100.0, vec![line(50)])]);
        let out = paginate_test(area(100.0), vec![block, after]);
        let page = &out.pages[0];
        let row_frame = page
            .ops
            .iter()
            .find_map(|op| match op {
                Op::Rect { x, h, .. } if *x == 0.0 => Some(*h),
                _ => None,
            })
            .unwrap();
        assert_eq!(row_frame, 30.0, "the row grew to the column's three lines");
        let after_y = page
            .ops
            .iter()
            .find_map(|op| match op {
                Op::Text { text, y, .. } if text == "L50" => Some(*y),
                _ => None,
            })
            .unwrap();
        assert_eq!(after_y, 38.0, "what follows starts below the column");
    }

    #[test]
    fn a_table_head_in_a_cell_is_printed_again_where_the_table_continues() {
        let mut slices: Vec<Slice> = (0..25).map(line).collect();
        slices[1].keep_next = 1;
        let mut cell = Cell::new(20.0, 80.0, slices).tagged(NodeId(5));
        cell.head = Some(RepeatHead::of(&cell.slices, 2, 25));
        let row = Row {
            cells: vec![
                Cell::new(0.0, 20.0, vec![line(100)]).label(vec![line(101)]),
                cell,
            ],
            ..Row::default()
        };
        let out = paginate_test(area(100.0), vec![Block::of_rows(vec![row])]);
        assert_eq!(out.pages.len(), 3);
        for p in &out.pages[1..] {
            let t = texts(p);
            assert_eq!(&t[..3], ["L101", "L0", "L1"], "label, then the head again");
            assert_eq!(tags_before(p, "L0"), Tag::Artifact);
            assert_eq!(tags_before(p, &t[3]), Tag::Node(NodeId(5)));
        }
        // Every line of the table's body once, in order.
        let body: Vec<String> = out
            .pages
            .iter()
            .flat_map(texts)
            .filter(|t| !["L100", "L101", "L0", "L1"].contains(&t.as_str()))
            .collect();
        let want: Vec<String> = (2..25).map(|n| format!("L{n}")).collect();
        assert_eq!(body, want);
    }
}
