//! The report body: the plan's headings and, per item, its heading band, lead paragraph and
//! boxes, each box followed by the year's rows (取組実績, 評価, 指標, 効果額, 課題・今後の取組).
//!
//! In the structure tree the plan's headings are H1 (pillar) to H3 (subsection), then the
//! group; an item's band is the next level (№N and its title), its initiatives heading and
//! each initiative's title the ones below (H6 at most). Each box is a `Table` whose label
//! cells are row headers (`TH`), the schedule a list (`L`/`LI` with the period as `Lbl`),
//! the indicators a table inside the cell. An initiative's box is in `initiative.rs`.

use super::flow::{Block, Blocks, Cell, RepeatHead, Row, Slice};
use super::style::{Font, Style};
use super::text::{Inline, Kit};
use crate::plan::format;
use crate::plan::{circled, Initiative, Item, UnitId, UnitText};
use crate::render::pdf::ir::{Color, HeaderScope, NodeId, Op, Role, Stroke, Structure, Tag};
use crate::report::{ItemReport, Report, UnitReport, UnitStatus};
use crate::wording::labels::{fill, Labels};

/// A bookmark to be: where a heading or item lands is known only after pagination.
pub(crate) struct OutlineEntry {
    /// 0 pillar, 1 section, 2 subsection, 3 group, 4 item.
    pub level: u8,
    pub title: String,
    /// Index into `report.items` for an item's entry.
    pub item: Option<usize>,
}

/// The body's blocks, made item by item as the paginator asks for them: the 100× plan's
/// body is thousands of pages, and holding all of it typeset was most of a build's memory.
pub(crate) struct Body<'b, 'a, 'k> {
    builder: &'b mut Builder<'a, 'k>,
    /// The next item to make blocks of.
    next_item: usize,
    state: BodyState,
}

/// What the body remembers from one item to the next.
#[derive(Default)]
pub(crate) struct BodyState {
    at: Position,
    context: Option<usize>,
    /// Blocks made and not yet handed over, in reverse order.
    blocks: Vec<Block>,
    /// The small subsection headings repeated at the top of continuing pages.
    contexts: Vec<Vec<Slice>>,
    /// In document order; a block's `anchor` indexes it.
    pub outline: Vec<OutlineEntry>,
}

impl<'b, 'a, 'k> Body<'b, 'a, 'k> {
    pub fn new(builder: &'b mut Builder<'a, 'k>) -> Self {
        Body {
            builder,
            next_item: 0,
            state: BodyState::default(),
        }
    }

    /// The headings and items, once every block is handed over.
    pub fn into_outline(self) -> Vec<OutlineEntry> {
        self.state.outline
    }
}

impl Blocks for Body<'_, '_, '_> {
    fn next_block(&mut self) -> Option<Block> {
        while self.state.blocks.is_empty() {
            if self.next_item >= self.builder.report.items.len() {
                return None;
            }
            let index = self.next_item;
            self.next_item += 1;
            self.builder.item_blocks(&mut self.state, index);
            self.state.blocks.reverse();
        }
        self.state.blocks.pop()
    }

    fn context(&self, index: usize) -> Option<&[Slice]> {
        self.state.contexts.get(index).map(Vec::as_slice)
    }

    fn tree(&self) -> &Structure {
        self.builder.tree
    }
}

pub(crate) struct Builder<'a, 'k> {
    pub report: &'a Report,
    pub style: &'a Style,
    pub labels: &'a Labels,
    pub kit: &'a mut Kit<'k>,
    pub tree: &'a mut Structure,
    /// Where the elements being laid out go in the structure tree.
    pub parent: NodeId,
    /// The width the current box leaves to its side column (0 for a box without one).
    pub beside: f32,
    /// The width of the initiative boxes' 所管局 column, the same in every box of the report.
    pub bureau_column: Option<f32>,
}

/// Where the previous item sat, to print a heading whenever the next one moves on.
#[derive(Default, Clone, PartialEq)]
struct Position {
    pillar: Option<u8>,
    section: Option<u8>,
    subsection: Option<u8>,
    group: Option<String>,
}

/// A pillar's number as the plan prints it: １, ２ … (full-width digits).
pub(crate) fn pillar_number(n: u8) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
        .collect()
}

pub(crate) fn section_number(n: u8) -> String {
    format!("({n})")
}

pub(crate) fn subsection_number(n: u8) -> String {
    let c = circled(n);
    if c == '?' {
        format!("({n})")
    } else {
        c.to_string()
    }
}

impl Builder<'_, '_> {
    fn width(&self) -> f32 {
        self.style.body_area().w
    }

    /// The blocks of the report's `index`th item into `body.blocks`, with the headings
    /// that come before it.
    fn item_blocks(&mut self, body: &mut BodyState, index: usize) {
        let report = self.report;
        let Some(ir) = report.items.get(index) else {
            return;
        };
        let (mut at, mut context) = (std::mem::take(&mut body.at), body.context);
        {
            self.kit.set_owner(None, "");
            let r = &ir.item.section;
            let group = r.group.clone().or_else(|| ir.item.group.clone());
            let pillar = report.pillars.iter().find(|p| p.number == r.pillar);
            let section = pillar.and_then(|p| p.sections.iter().find(|s| s.number == r.section));
            let subsection = section.and_then(|s| {
                r.subsection
                    .and_then(|n| s.subsections.iter().find(|ss| ss.number == n))
            });
            // Heading levels follow the item's own hierarchy, so that none is skipped.
            let section_level = 2;
            let subsection_level = section_level + u8::from(r.subsection.is_some());
            let group_level = subsection_level + 1;
            let item_level = subsection_level + 1 + u8::from(group.is_some());
            if at.pillar != Some(r.pillar) {
                at = Position {
                    pillar: Some(r.pillar),
                    ..Position::default()
                };
                context = None;
                let title = pillar.map_or("", |p| p.title.as_str());
                let text = fill(
                    &self.labels.heading,
                    &[("number", &pillar_number(r.pillar)), ("title", title)],
                );
                let block = Block {
                    break_before: true,
                    ..self.heading(&text, 1, self.style.pillar, Some(self.style.heading_rule))
                };
                self.push_heading(body, block, 0, text);
            }
            if at.section != Some(r.section) {
                at.section = Some(r.section);
                at.subsection = None;
                at.group = None;
                let title = section.map_or("", |s| s.title.as_str());
                let number = section_number(r.section);
                let text = fill(
                    &self.labels.heading,
                    &[("number", &number), ("title", title)],
                );
                let block = Block {
                    space_before: 14.0,
                    ..self.heading(&text, section_level, self.style.section, None)
                };
                self.push_heading(body, block, 1, text);
                let printed = format!("{}{}", pillar_number(r.pillar), number);
                context = Some(self.context(body, &printed, title));
            }
            if r.subsection.is_some() && at.subsection != r.subsection {
                at.subsection = r.subsection;
                at.group = None;
                let n = r.subsection.unwrap_or(0);
                let title = subsection.map_or("", |s| s.title.as_str());
                let number = subsection_number(n);
                let text = fill(
                    &self.labels.heading,
                    &[("number", &number), ("title", title)],
                );
                let block = Block {
                    space_before: 12.0,
                    ..self.subsection_heading(&text, subsection_level)
                };
                self.push_heading(body, block, 2, text);
                let printed = format!(
                    "{}{}{}",
                    pillar_number(r.pillar),
                    section_number(r.section),
                    number
                );
                context = Some(self.context(body, &printed, title));
            }
            if group.is_some() && at.group != group {
                at.group = group.clone();
                let label = group.as_deref().unwrap_or("");
                let title = subsection
                    .and_then(|s| s.groups.iter().find(|g| g.label == label))
                    .map_or("", |g| g.title.as_str());
                let text = fill(&self.labels.heading, &[("number", label), ("title", title)]);
                let block = Block {
                    space_before: 10.0,
                    context,
                    ..self.heading(&text, group_level, self.style.group, None)
                };
                self.push_heading(body, block, 3, text);
            }
            let number = fill(&self.labels.item_number, &[("id", &ir.item.id.to_string())]);
            let item_title = fill(
                &self.labels.heading,
                &[("number", &number), ("title", &ir.item.title)],
            );
            body.outline.push(OutlineEntry {
                level: 4,
                title: item_title,
                item: Some(index),
            });
            let anchor = body.outline.len() - 1;
            let start = body.blocks.len();
            self.item(&mut body.blocks, ir, anchor, item_level);
            for b in &mut body.blocks[start..] {
                b.context = context;
            }
        }
        body.at = at;
        body.context = context;
    }

    fn push_heading(&mut self, body: &mut BodyState, mut block: Block, level: u8, title: String) {
        body.outline.push(OutlineEntry {
            level,
            title,
            item: None,
        });
        block.anchor = Some(body.outline.len() - 1);
        body.blocks.push(block);
    }

    fn context(&mut self, body: &mut BodyState, number: &str, title: &str) -> usize {
        let text = fill(
            &self.labels.running_subsection,
            &[("number", number), ("title", title)],
        );
        let font = self.style.running;
        let mut lines = self.kit.para(&text, self.width(), font);
        lines.push(Slice::blank(4.0));
        body.contexts.push(lines);
        body.contexts.len() - 1
    }

    /// A new element as the last child of the current parent.
    pub fn element(&mut self, role: Role) -> NodeId {
        self.tree.child(self.parent, role)
    }

    /// A heading element; levels past H6 stay H6.
    pub fn heading_node(&mut self, level: u8) -> NodeId {
        self.element(Role::H(level.clamp(1, 6)))
    }

    /// A heading kept with what follows, optionally underlined.
    pub fn heading(&mut self, text: &str, level: u8, font: Font, rule: Option<Stroke>) -> Block {
        let node = self.heading_node(level);
        let w = self.width();
        let mut lines = self.kit.para(text, w, font);
        if let Some(stroke) = rule {
            lines.push(Slice {
                h: 6.0,
                ops: vec![Op::Line {
                    x1: 0.0,
                    y1: 2.0,
                    x2: w,
                    y2: 2.0,
                    stroke,
                }],
                ..Slice::default()
            });
        }
        heading_block(w, lines, node)
    }

    fn subsection_heading(&mut self, text: &str, level: u8) -> Block {
        let node = self.heading_node(level);
        let w = self.width();
        let font = self.style.subsection;
        let bar = 4.0;
        let mut lines = self.kit.para(text, w - 2.0 * bar, font);
        for line in &mut lines {
            for op in &mut line.ops {
                if let Op::Text { x, .. } = op {
                    *x += 2.0 * bar;
                }
            }
        }
        let h: f32 = lines.iter().map(|s| s.h).sum();
        if let Some(first) = lines.first_mut() {
            first.ops.push(Op::Rect {
                x: 0.0,
                y: 2.0,
                w: bar,
                h: h - 4.0,
                fill: Some(self.style.accent),
                stroke: None,
            });
        }
        heading_block(w, lines, node)
    }

    fn item(&mut self, blocks: &mut Vec<Block>, ir: &ItemReport, anchor: usize, level: u8) {
        let item = &ir.item;
        let style = self.style;
        let w = self.width();
        let whole = ir.units.iter().find(|u| u.initiative.is_none());
        self.kit.set_owner(
            Some(UnitId {
                item: item.id,
                initiative: None,
            }),
            &item.title,
        );
        blocks.push(Block {
            space_before: style.item_gap,
            keep_with_next: true,
            anchor: Some(anchor),
            ..Block::of_rows(vec![self.band(
                item,
                whole.is_some_and(|u| self.completed(u)),
                level,
            )])
        });
        if let Some(lead) = &item.lead {
            let lines = self.kit.para(lead, w, style.body);
            let p = self.element(Role::P);
            blocks.push(Block {
                space_before: style.gap / 2.0,
                ..Block::of_rows(vec![Row::plain(w, lines).tagged(p)])
            });
        }
        if let Some(unit) = whole {
            let table = self.element(Role::Table);
            blocks.push(Block {
                space_before: style.gap / 2.0,
                ..Block::of_rows(self.unit_rows(unit, &item.text, table))
            });
        }
        let mut initiatives = ir
            .units
            .iter()
            .filter(|u| u.initiative.is_some())
            .peekable();
        if initiatives.peek().is_some() {
            let heading = self.heading(
                &self.labels.initiatives_heading.clone(),
                level + 1,
                style.initiative_title,
                None,
            );
            blocks.push(Block {
                space_before: style.gap,
                ..heading
            });
        }
        let empty = UnitText::default();
        for unit in initiatives {
            let initiative: Option<&Initiative> =
                unit.initiative.and_then(|i| item.initiatives.get(i));
            self.kit.set_owner(Some(unit.id.clone()), &unit.title);
            let text = initiative.map_or(&empty, |i| &i.text);
            blocks.push(Block {
                space_before: style.gap,
                ..self.initiative_box(unit, text, level + 2)
            });
        }
    }

    pub(super) fn completed(&self, unit: &UnitReport) -> bool {
        unit.status == UnitStatus::CompletedEarlier
            || unit
                .grade
                .as_ref()
                .and_then(|g| self.report.grade(&g.symbol))
                .is_some_and(|g| g.completes)
    }

    /// [№N │ 実施項目 │ title │ bureaus (│ 完了)]
    fn band(&mut self, item: &Item, completed: bool, level: u8) -> Row {
        let heading = self.heading_node(level);
        let names = self.element(Role::P);
        let s = self.style;
        let w = self.width();
        let pad = s.cell_pad_x;
        let number_w = 46.0;
        let label_w = 56.0;
        let bureaus_w = 118.0;
        let stamp = completed.then(|| self.stamp());
        let stamp_w = stamp.as_ref().map_or(0.0, |(_, w)| w + 2.0 * pad);
        let title_x = number_w + label_w;
        let title_w = w - title_x - bureaus_w - stamp_w;
        let number = fill(&self.labels.item_number, &[("id", &item.id.to_string())]);
        let mut cells = vec![
            Cell::new(
                0.0,
                number_w,
                self.kit.para(&number, number_w - 2.0 * pad, s.band_title),
            )
            .filled(s.band_number_fill)
            .tagged(heading),
            Cell::new(
                number_w,
                label_w,
                self.kit.para(
                    &self.labels.item_label.clone(),
                    label_w - 2.0 * pad,
                    s.band_small,
                ),
            )
            .filled(s.label_fill),
            Cell::new(
                title_x,
                title_w,
                self.kit
                    .para(&item.title, title_w - 2.0 * pad, s.band_title),
            )
            .tagged(heading),
        ];
        let bureaus = item_bureaus(item);
        let sep = self.labels.bureau_separator.clone();
        cells.push(
            Cell::new(
                title_x + title_w,
                bureaus_w,
                self.kit
                    .names(&bureaus, &sep, bureaus_w - 2.0 * pad, s.band_small),
            )
            .tagged(names),
        );
        if let Some((slice, _)) = stamp {
            cells.push(Cell::new(w - stamp_w, stamp_w, vec![slice]).tagged(names));
        }
        Row {
            cells,
            pad_x: pad,
            pad_y: 4.0,
            border: Some(s.rule),
            keep: true,
            keep_with_next: true,
            link: None,
        }
    }

    /// The red 完了 mark and its width.
    pub(super) fn stamp(&mut self) -> (Slice, f32) {
        let font = self.style.initiative_title.with_color(self.style.stamp);
        let stroke = Stroke {
            color: self.style.stamp,
            width: 1.2,
        };
        let text = self.labels.completed_stamp.clone();
        let slices = self.kit.inline(
            vec![Inline::Badge {
                text,
                font,
                fill: None,
                stroke: Some(stroke),
            }],
            f32::MAX,
        );
        let slice = slices.into_iter().next().unwrap_or_default();
        let w = slice
            .ops
            .iter()
            .find_map(|op| match op {
                Op::Rect { w, .. } => Some(*w),
                _ => None,
            })
            .unwrap_or(0.0);
        (slice, w)
    }

    /// The width of the box being laid out: the body's, less its side column if it has one.
    pub(super) fn box_width(&self) -> f32 {
        self.width() - self.beside
    }

    /// The inner width of a box's text column.
    pub(super) fn text_width(&self) -> f32 {
        self.box_width() - self.style.label_width - 2.0 * self.style.cell_pad_x
    }

    /// A box row: label on the left, content on the right; in the tree a row of `table`,
    /// the label its header and `cell` (the element `content` is tagged with) its data.
    fn labelled(&mut self, table: NodeId, label: &str, content: Vec<Slice>, cell: NodeId) -> Row {
        let tr = self.tree.child(table, Role::TR);
        let th = self.tree.child(tr, Role::TH(HeaderScope::Row));
        self.tree.attach(tr, cell);
        let s = self.style;
        let inner = s.label_width - 2.0 * s.cell_pad_x;
        let first = self.kit.para(label, inner, s.label);
        let continued = fill(&self.labels.continued, &[("label", label)]);
        let again = self.kit.para(&continued, inner, s.label);
        Row {
            cells: vec![
                Cell::new(0.0, s.label_width, first)
                    .filled(s.label_fill)
                    .label(again)
                    .tagged(th),
                Cell::new(s.label_width, self.box_width() - s.label_width, content).tagged(cell),
            ],
            pad_x: s.cell_pad_x,
            pad_y: s.cell_pad_y,
            border: Some(s.rule),
            keep: false,
            keep_with_next: false,
            link: None,
        }
    }

    /// A box's rows, each a row of `table` in the tree.
    pub(super) fn unit_rows(
        &mut self,
        unit: &UnitReport,
        text: &UnitText,
        table: NodeId,
    ) -> Vec<Row> {
        let s = self.style;
        let tw = self.text_width();
        let mut rows = Vec::new();
        if let Some(content) = &text.content {
            let lines = self.kit.para(content, tw, s.body);
            let td = self.tree.node(Role::TD);
            rows.push(self.labelled(table, &self.labels.content.clone(), lines, td));
        }
        if let Some(goal) = &text.goal {
            let lines = self.kit.para(goal, tw, s.body);
            let td = self.tree.node(Role::TD);
            rows.push(self.labelled(table, &self.labels.goal.clone(), lines, td));
        }
        if !text.schedule.is_empty() {
            let td = self.tree.node(Role::TD);
            let lines = self.schedule(text, td);
            rows.push(self.labelled(table, &self.labels.schedule.clone(), lines, td));
        }
        let year = self.report.meta.year.wareki();
        let result_label = fill(&self.labels.result, &[("year", &year)]);
        let results = self.results(unit);
        let td = self.tree.node(Role::TD);
        rows.push(self.labelled(table, &result_label, results, td));
        let grade = self.grade(unit);
        let td = self.tree.node(Role::TD);
        rows.push(self.labelled(table, &self.labels.grade.clone(), grade, td));
        if matches!(
            unit.status,
            UnitStatus::CompletedEarlier | UnitStatus::Missing
        ) {
            return rows;
        }
        if !unit.indicators.is_empty() {
            let td = self.tree.node(Role::TD);
            let (lines, head) = self.indicators(unit, td);
            let repeat = RepeatHead::of(&lines, head, lines.len());
            let mut row = self.labelled(table, &self.labels.indicators.clone(), lines, td);
            if let Some(cell) = row.cells.last_mut() {
                cell.head = Some(repeat);
            }
            rows.push(row);
        }
        let effect = self.effect(unit);
        let td = self.tree.node(Role::TD);
        rows.push(self.labelled(table, &self.labels.effect.clone(), effect, td));
        let issues = self.per_bureau(unit, |e| &e.issues, false);
        let td = self.tree.node(Role::TD);
        rows.push(self.labelled(table, &self.labels.issues.clone(), issues, td));
        rows
    }

    /// Dated entries hang after a column of period labels; undated ones are paragraphs. In
    /// the tree, dated entries are list items of a list in `cell`: the period their label,
    /// the text their body.
    fn schedule(&mut self, text: &UnitText, cell: NodeId) -> Vec<Slice> {
        let s = self.style;
        let tw = self.text_width();
        let em = s.body.size;
        let year = self.report.meta.year;
        let widest = text
            .schedule
            .iter()
            .filter_map(|e| e.period.as_ref())
            .map(|p| self.kit.width(&p.label, s.body.bold()))
            .fold(0.0, f32::max);
        let hang = (widest + em).min(tw * 0.45);
        let mut out = Vec::new();
        let mut list: Option<NodeId> = None;
        for entry in &text.schedule {
            let Some(period) = &entry.period else {
                list = None;
                let p = self.tree.child(cell, Role::P);
                let mut lines = self.kit.para(&entry.text, tw, s.body);
                for l in &mut lines {
                    l.tag = Some(Tag::Node(p));
                }
                out.extend(lines);
                continue;
            };
            let l = *list.get_or_insert_with(|| self.tree.child(cell, Role::L));
            let item = self.tree.child(l, Role::LI);
            let lbl = self.tree.child(item, Role::Lbl);
            let body = self.tree.child(item, Role::LBody);
            // This year's entries stand out, in the accent colour.
            let label_font = if period.covers(year) {
                s.body.bold().with_color(s.accent)
            } else {
                s.body
            };
            let labels = self
                .kit
                .lines(&period.label, hang - em, hang - em, label_font);
            let lines = self
                .kit
                .set_lines(&entry.text, tw - hang, tw - hang, s.body, true);
            let n = labels.len().max(lines.len());
            let mut labels = labels.into_iter();
            let mut lines = lines.into_iter();
            for _ in 0..n {
                let mut slice = Slice::blank(s.body.leading);
                slice.tag = Some(Tag::Node(lbl));
                if let Some(l) = labels.next().filter(|l| !l.is_empty()) {
                    slice.ops.push(Op::Tag(Tag::Node(lbl)));
                    slice.ops.push(super::text::text_op(
                        l,
                        0.0,
                        label_font.baseline(),
                        label_font,
                    ));
                }
                if let Some(l) = lines.next().filter(|l| !l.text.is_empty()) {
                    slice.ops.push(Op::Tag(Tag::Node(body)));
                    slice
                        .ops
                        .push(super::text::line_op(l, hang, s.body.baseline(), s.body));
                }
                out.push(slice);
            }
        }
        out
    }

    fn results(&mut self, unit: &UnitReport) -> Vec<Slice> {
        let tw = self.text_width();
        let body = self.style.body;
        match unit.status {
            UnitStatus::CompletedEarlier => {
                self.kit
                    .para(&self.labels.completed_earlier.clone(), tw, body)
            }
            UnitStatus::Missing if unit.entries.is_empty() => {
                self.kit.para(&self.labels.not_submitted.clone(), tw, body)
            }
            _ => self.per_bureau(unit, |e| &e.result, true),
        }
    }

    /// One paragraph per bureau, each named when several bureaus own the unit; a bureau
    /// that did not answer is listed as 未提出 (when `missing` is asked for).
    fn per_bureau(
        &mut self,
        unit: &UnitReport,
        field: impl Fn(&crate::report::Entry) -> &String,
        missing: bool,
    ) -> Vec<Slice> {
        let tw = self.text_width();
        let body = self.style.body;
        let named = unit.bureaus.len() > 1 || unit.entries.len() > 1;
        let mut out: Vec<Slice> = Vec::new();
        let mut any = false;
        let others = unit
            .entries
            .iter()
            .filter(|e| !unit.bureaus.contains(&e.bureau))
            .map(|e| &e.bureau);
        let order: Vec<&crate::plan::Bureau> = unit.bureaus.iter().chain(others).collect();
        for bureau in order {
            let entry = unit.entries.iter().find(|e| &e.bureau == bureau);
            let text = match entry {
                Some(e) if field(e).trim().is_empty() => {
                    if !missing {
                        continue;
                    }
                    self.labels.no_entry.clone()
                }
                Some(e) => field(e).clone(),
                None if missing && unit.missing_bureaus.contains(bureau) => {
                    self.labels.not_submitted.clone()
                }
                None => continue,
            };
            if named {
                if any {
                    out.push(Slice::blank(4.0));
                }
                let name = fill(&self.labels.bureau_entry, &[("bureau", bureau.as_str())]);
                let font = body.bold().with_color(self.style.accent);
                let mut head = self.kit.para(&name, tw, font);
                if let Some(last) = head.last_mut() {
                    last.keep_next = 1;
                }
                out.extend(head);
            }
            out.extend(self.kit.para(&text, tw, body));
            any = true;
        }
        if !any {
            out = self.kit.para(&self.labels.no_value.clone(), tw, body);
        }
        out
    }

    fn grade(&mut self, unit: &UnitReport) -> Vec<Slice> {
        let s = self.style;
        let tw = self.text_width();
        let scale = &self.report.scale;
        let badge = |symbol: &str, index: Option<usize>| Inline::Badge {
            text: symbol.to_string(),
            font: s.body.bold().with_color(Color::WHITE),
            fill: Some(index.map_or(s.ungraded_fill, |i| s.grade_color(scale, i))),
            stroke: None,
        };
        let Some(g) = &unit.grade else {
            if unit.status == UnitStatus::CompletedEarlier {
                if let Some(i) = scale.iter().position(|g| g.completes) {
                    let label =
                        format!("{}{}", scale[i].label, self.labels.completed_earlier_grade);
                    return self.kit.inline(
                        vec![
                            badge(&scale[i].symbol, Some(i)),
                            Inline::Space(6.0),
                            Inline::Text(label, s.body),
                        ],
                        tw,
                    );
                }
            }
            let text = if unit.status == UnitStatus::Missing {
                self.labels.not_submitted.clone()
            } else {
                self.labels.no_value.clone()
            };
            return self.kit.para(&text, tw, s.body);
        };
        let index = scale.iter().position(|x| x.symbol == g.symbol);
        let mut pieces = vec![badge(&g.symbol, index)];
        if let Some(i) = index {
            pieces.push(Inline::Space(6.0));
            pieces.push(Inline::Text(scale[i].label.clone(), s.body));
        }
        if let Some(tag) = &g.reason {
            let tag_text = fill(
                &self.labels.reason_tag,
                &[("symbol", &g.symbol), ("tag", tag)],
            );
            pieces.push(Inline::Space(12.0));
            pieces.push(Inline::Badge {
                text: tag_text,
                font: s.small.bold().with_color(s.stamp),
                fill: Some(Color::rgb(255, 240, 235)),
                stroke: Some(Stroke {
                    color: s.stamp,
                    width: 0.8,
                }),
            });
            if let Some(r) = self.report.reasons.iter().find(|r| &r.tag == tag) {
                pieces.push(Inline::Space(4.0));
                pieces.push(Inline::Text(
                    fill(&self.labels.reason_note, &[("label", &r.label)]),
                    s.small,
                ));
            }
        }
        let mut out = self.kit.inline(pieces, tw);
        if let Some(list) = &g.disagreement {
            let entries: Vec<String> = list
                .iter()
                .map(|(b, grade)| {
                    fill(
                        &self.labels.disagreement_entry,
                        &[("bureau", b.as_str()), ("grade", grade)],
                    )
                })
                .collect();
            let note = fill(
                &self.labels.disagreement,
                &[("grades", &entries.join(&self.labels.list_separator))],
            );
            out.extend(self.kit.para(&note, tw, s.small));
        }
        if let Some(change) = self.report.change(&unit.id) {
            let text = self.labels.previous_grade(change);
            out.extend(self.kit.para(&text, tw, s.small));
        }
        if let Some(h) = self.report.unit_history(&unit.id) {
            out.extend(self.kit.para(&self.labels.history_unit(h), tw, s.small));
            for line in self.labels.history_indicator_lines(h, &unit.indicators) {
                out.extend(self.kit.para(&line, tw, s.small));
            }
        }
        out
    }

    fn effect(&mut self, unit: &UnitReport) -> Vec<Slice> {
        let tw = self.text_width();
        let body = self.style.body;
        let amount = |v: f64| {
            fill(
                &self.labels.thousand_yen,
                &[("amount", &format::thousands(v))],
            )
        };
        let Some(total) = unit.effect_thousand_yen.filter(|v| v.is_finite()) else {
            return self.kit.para(&self.labels.no_value.clone(), tw, body);
        };
        let mut out = self.kit.para(&amount(total), tw, body);
        let parts: Vec<String> = unit
            .entries
            .iter()
            .filter_map(|e| {
                let v = e.effect_thousand_yen.filter(|v| v.is_finite())?;
                Some(format!(
                    "{}{}",
                    fill(&self.labels.bureau_entry, &[("bureau", e.bureau.as_str())]),
                    amount(v)
                ))
            })
            .collect();
        if parts.len() > 1 {
            let text = parts.join(&self.labels.list_separator);
            out.extend(self.kit.para(&text, tw, self.style.small));
        }
        out
    }
}

/// The bureaus printed for an item: its own, else those of its initiatives.
pub(crate) fn item_bureaus(item: &Item) -> Vec<&str> {
    if item.bureaus.is_empty() {
        item.all_bureaus().into_iter().map(|b| b.as_str()).collect()
    } else {
        item.bureaus.iter().map(|b| b.as_str()).collect()
    }
}

fn heading_block(w: f32, lines: Vec<Slice>, node: NodeId) -> Block {
    Block {
        keep_with_next: true,
        ..Block::of_rows(vec![Row {
            keep: true,
            ..Row::plain(w, lines).tagged(node)
        }])
    }
}
