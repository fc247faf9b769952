//! The PDF report's layout: the merged report as pages of the display list (`ir`).
//!
//! The body (the plan's headings, each item's band and boxes with the year's results) is
//! laid out first, because the front matter's 実施項目一覧 prints the page every item landed
//! on. The front matter (cover, summary, 一覧) is then laid out until its page count is
//! stable (twice in practice), the body's page numbers shifted behind it, and every page but
//! the cover given the running header and its number.
//!
//! The structure tree for the tagged PDF is built along: a `Sect` each for the cover, the
//! front matter and the body under the `Document` root, so that the body, laid out first,
//! still reads last. The running header and page numbers are artifacts.

mod body;
mod flow;
mod front;
mod indicator_table;
mod initiative;
pub mod style;
mod text;

pub use crate::wording::labels::Labels;
pub use style::{Area, Font, Style};
pub use text::LayoutWarning;

use crate::wording::labels::fill;
use body::{Body, Builder};
use flow::{paginate, Paginator, Placed};
use text::{text_op, Kit};

use crate::render::pdf::ir::{
    Bookmark, Color, DocInfo, Document, Op, Page, PageSink, Role, Structure, Tag, Typesetter,
};
use crate::report::summary::summarize;
use crate::report::Report;

#[derive(Debug, Clone, Default)]
pub struct LayoutOptions {
    pub labels: Labels,
    pub style: Style,
}

/// The laid-out report and what the office should be told about it.
#[derive(Debug, Clone)]
pub struct Laid {
    pub document: Document,
    pub warnings: Vec<LayoutWarning>,
}

/// What is known of the report once every page went to the sink: the pages' order (the
/// sink's slots), and what is not a page.
#[derive(Debug)]
pub struct LaidOut {
    /// The slot of each page in document order.
    pub order: Vec<usize>,
    pub bookmarks: Vec<Bookmark>,
    pub info: DocInfo,
    pub structure: Structure,
    pub warnings: Vec<LayoutWarning>,
}

/// How often the front matter is laid out at most while its length settles. The 一覧's
/// page column has a fixed width, so the second pass always agrees with the first.
const FRONT_PASSES: usize = 4;

/// Lays the report out into pages kept in memory, in document order.
pub fn layout_report(report: &Report, ts: &dyn Typesetter, opts: &LayoutOptions) -> Laid {
    let mut pages: Vec<Page> = Vec::new();
    let out = layout_report_into(report, ts, opts, &mut pages);
    let mut slots: Vec<Option<Page>> = pages.into_iter().map(Some).collect();
    let pages = out
        .order
        .iter()
        .filter_map(|s| slots.get_mut(*s).and_then(Option::take))
        .collect();
    Laid {
        document: Document {
            pages,
            bookmarks: out.bookmarks,
            info: out.info,
            structure: out.structure,
        },
        warnings: out.warnings,
    }
}

/// Lays the report out, handing each page to `sink` as soon as it is finished: the body's
/// pages first, as they are laid out; then the cover and the front matter; then the
/// running header and page number of every page but the cover, once the count is known.
pub fn layout_report_into(
    report: &Report,
    ts: &dyn Typesetter,
    opts: &LayoutOptions,
    sink: &mut dyn PageSink,
) -> LaidOut {
    let bureau = report.meta.bureau.as_ref().map(|b| b.as_str());
    let style = &opts.style;
    let labels = &opts.labels;
    let area = style.body_area();
    let mut kit = Kit::new(ts);
    let mut tree = Structure::default();
    let cover_sect = tree.child(Structure::ROOT, Role::Sect);
    let front_sect = tree.child(Structure::ROOT, Role::Sect);
    let body_sect = tree.child(Structure::ROOT, Role::Sect);
    let mut b = Builder {
        report,
        style,
        labels,
        kit: &mut kit,
        tree: &mut tree,
        parent: body_sect,
        beside: 0.0,
        bureau_column: None,
    };

    let mut source = Body::new(&mut b);
    let body = Paginator::new(area, &mut source, sink).run();
    let outline = source.into_outline();

    b.parent = cover_sect;
    let cover = b.cover(bureau);
    let summary = summarize(report);
    let mut front_len = 0;
    let mut front = None;
    b.parent = front_sect;
    let before_front = b.tree.len();
    for _ in 0..FRONT_PASSES {
        b.tree.truncate(before_front);
        let offset = 1 + front_len;
        let page_of = |i: usize| {
            body.anchors.get(i).copied().flatten().map(|p| Placed {
                page: p.page + offset,
                y: p.y,
            })
        };
        let mut blocks = b.summary(&summary);
        blocks.extend(b.list(&outline, &page_of));
        let laid = paginate(area, blocks);
        let settled = laid.0.len() == front_len;
        front_len = laid.0.len();
        front = Some(laid);
        if settled {
            break;
        }
    }
    let (front_pages, front_anchors) = front.expect("at least one pass");

    let year = report.meta.year.wareki();
    let mut title = fill(
        &labels.running_header,
        &[("plan", &report.meta.plan_name), ("year", &year)],
    );
    if let Some(bureau) = bureau {
        title.push_str(&fill(&labels.bureau_suffix, &[("bureau", bureau)]));
    }
    b.kit.set_owner(None, "");
    let header = running_header(&mut b, &title);

    let mut bookmarks = Vec::new();
    let front_titles = [&labels.summary_heading, &labels.list_heading];
    for (anchor, t) in front_anchors.iter().zip(front_titles) {
        if let Some(p) = anchor {
            bookmarks.push((0, mark(t, 1 + p.page, p.y)));
        }
    }
    for (entry, anchor) in outline.iter().zip(&body.anchors) {
        if let Some(p) = anchor {
            bookmarks.push((entry.level, mark(&entry.title, 1 + front_len + p.page, p.y)));
        }
    }

    let total = 1 + front_pages.len() + body.slots.len();
    let mut order = Vec::with_capacity(total);
    order.push(sink.page(&cover, b.tree));
    for page in &front_pages {
        order.push(sink.page(page, b.tree));
    }
    order.extend(&body.slots);
    let total_text = total.to_string();
    let mut ops = Vec::new();
    for (i, slot) in order.iter().enumerate().skip(1) {
        ops.clear();
        ops.push(Op::Tag(Tag::Artifact));
        ops.extend(header.iter().cloned());
        let number = fill(
            &labels.page_number,
            &[("page", &(i + 1).to_string()), ("total", &total_text)],
        );
        ops.push(page_number(&mut b, number));
        sink.add(*slot, &ops, b.tree);
    }

    let mut subject = fill(&labels.subject, &[("year", &year)]);
    let mut document_title = fill(
        &labels.document_title,
        &[("plan", &report.meta.plan_name), ("year", &year)],
    );
    if let Some(bureau) = bureau {
        let suffix = fill(&labels.bureau_suffix, &[("bureau", bureau)]);
        subject.push_str(&suffix);
        document_title.push_str(&suffix);
    }
    let info = DocInfo {
        title: document_title,
        author: report.meta.organisation.clone(),
        subject,
        language: "ja".to_string(),
        created: report.meta.date.unix_seconds(),
    };
    LaidOut {
        order,
        bookmarks: nest(bookmarks),
        info,
        structure: tree,
        warnings: kit.into_warnings(),
    }
}

fn running_header(b: &mut Builder, title: &str) -> Vec<Op> {
    let s = b.style;
    let frame = s.frame();
    let font = s.running;
    let mut ops = Vec::new();
    let mut y = frame.y;
    // Two lines at most fit above the rule; a longer title is the office's own wording.
    let lines = b.kit.lines(title, frame.w, frame.w, font);
    for line in lines.into_iter().take(2) {
        let x = frame.right() - b.kit.width(&line, font);
        ops.push(text_op(line, x.max(frame.x), y + font.baseline(), font));
        y += font.leading;
    }
    let rule_y = frame.y + s.header_height - 6.0;
    ops.push(Op::Line {
        x1: frame.x,
        y1: rule_y,
        x2: frame.right(),
        y2: rule_y,
        stroke: s.rule,
    });
    ops
}

fn page_number(b: &mut Builder, number: String) -> Op {
    let s = b.style;
    let frame = s.frame();
    let font = s.running.with_color(Color::BLACK);
    let w = b.kit.width(&number, font);
    let y = frame.bottom() - font.leading + font.baseline();
    text_op(number, frame.x + ((frame.w - w) / 2.0).max(0.0), y, font)
}

fn mark(title: &str, page: usize, y: f32) -> Bookmark {
    Bookmark {
        title: title.to_string(),
        page,
        y,
        children: Vec::new(),
    }
}

/// Flat (level, bookmark) pairs in document order into a tree: each entry goes under the
/// nearest earlier entry of a smaller level.
fn nest(flat: Vec<(u8, Bookmark)>) -> Vec<Bookmark> {
    let mut roots: Vec<Bookmark> = Vec::new();
    let mut stack: Vec<(u8, Bookmark)> = Vec::new();
    fn close(stack: &mut Vec<(u8, Bookmark)>, roots: &mut Vec<Bookmark>) {
        if let Some((_, done)) = stack.pop() {
            match stack.last_mut() {
                Some((_, parent)) => parent.children.push(done),
                None => roots.push(done),
            }
        }
    }
    for (level, mark) in flat {
        while stack.last().is_some_and(|(l, _)| *l >= level) {
            close(&mut stack, &mut roots);
        }
        stack.push((level, mark));
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bookmarks_nest_by_level() {
        let flat = vec![
            (0, mark("１", 3, 0.0)),
            (1, mark("(1)", 3, 10.0)),
            (4, mark("№1", 3, 20.0)),
            (1, mark("(2)", 5, 0.0)),
            (0, mark("２", 7, 0.0)),
        ];
        let tree = nest(flat);
        assert_eq!(tree.len(), 2);
        assert_eq!(tree[0].children.len(), 2);
        assert_eq!(tree[0].children[0].children[0].title, "№1");
        assert!(tree[1].children.is_empty());
    }
}
